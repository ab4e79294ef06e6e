"""The repo's inputs: its root, settings, CRM exports, ISO weeks and git history.

`root` finds the repo root like git does; `config` reads `handoff.toml` into
`Settings`; `crm` reads the won and lost exports; `weeks` holds the 90-day
look-back; `history` (with `gitlog` and `blobs`) is the only place that
touches git: one first-parent log pass and one batched blob reader.
"""
