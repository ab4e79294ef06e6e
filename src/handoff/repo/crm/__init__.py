"""CRM exports: the Plan (won deals) and the lost-deal queue, in the contract's v1 columns or the team's own.

`options` reads the `[crm]` table of handoff.toml (`CrmConfig`), `presets` holds the
HubSpot, Salesforce and Pipedrive header tables, `decode` finds the encoding and the
delimiter (refusing rather than guessing), `values` reads dates and amounts,
`reader.read_export` is the one reader every command goes through, `plain` keeps the
v1 entry points (`parse_won`, `parse_lost`'s fast path) and `exports` reads a repo's
files. Exports: `CrmConfig`, `parse_crm`, `CrmError`, `ExportError`, `WonDeal`,
`LostDeal`, `WON_PATH`, `LOST_PATH`, `parse_won`, `parse_lost`, `read_export`,
`read_won`, `read_lost`, `won_from_bytes`, `survey`.
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use: `handoff check` reads handoff.toml (and so `options`) on every
# commit, and needs none of the reader.
_WHERE = {
    "ExportError": "exports", "read_lost": "exports", "read_won": "exports", "survey": "exports",
    "won_from_bytes": "exports", "LOST_COLUMNS": "model", "LOST_PATH": "model", "WON_COLUMNS": "model",
    "WON_PATH": "model", "CrmError": "model", "LostDeal": "model", "WonDeal": "model", "CrmConfig": "options",
    "parse_crm": "options", "parse_lost": "plain", "parse_won": "plain", "Export": "reader", "read_export": "reader",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"handoff.repo.crm.{module}"), name)
