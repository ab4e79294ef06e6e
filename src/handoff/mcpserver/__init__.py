"""The MCP server: the handoff repo served to AI assistants over the Model Context Protocol.

`handoff mcp [--allow-write] [--repo DIR]` (the click command in `command`) serves the
repo over stdio with the official Python SDK, shipped as the extra
`handoff-records[mcp]`. Only `server` and `command`'s run path import the SDK; the
rest is plain library code over the lower wings: `lookup` (finding a record or cohort
by name or slug, input bounds, `Refused`), `views` (records and cohorts as structured
data), `brief` (the CS brief at account-open), `drafts` (a draft's findings, as
`handoff check` gives them), `outputs` (the tools' output schemas) and `server`
(`build_server`: tools, resources and the drafting prompt).
"""
