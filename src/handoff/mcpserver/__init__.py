"""The MCP server: the handoff repo served to AI assistants over the Model Context Protocol.

`handoff mcp [--allow-write] [--repo DIR]` (the click command in `command`) serves the
repo over stdio with the official Python SDK, shipped as the extra
`handoff-records[mcp]`. Only `server` and `resources` import the SDK, and `command`
imports them only when it runs, so the core commands never load it. The rest is plain
library code over the lower wings: `lookup` (a record or cohort by name or slug, input
bounds, `Refused` with the CLI's one line), `views` (records and cohorts as structured
data), `brief` (the CS brief at account-open), `drafts` (a draft's findings, as `handoff
check` gives them), `listing` (accounts with and without a record) and `outputs` (the
tools' output schemas). `server.build_server(root, allow_write)` is the entry point.
"""
