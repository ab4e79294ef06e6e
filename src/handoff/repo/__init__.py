"""The repo's inputs: its root, settings, CRM exports, ISO weeks and git history.

`root` finds the repo root like git does; `config` reads `handoff.toml` into
`Settings`; `crm` reads the won and lost exports; `weeks` holds the 90-day
look-back; `history` (with `gitlog` and `blobs`) is the only place that
reads git history: one first-parent log pass and one batched blob reader;
`staged` asks git which files the commit being made deletes (the commit hook).
"""
