"""The MkDocs plugin `handoff` (entry point `handoff.site.plugin:HandoffPlugin`) and its page builders."""
