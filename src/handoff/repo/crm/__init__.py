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

from handoff.repo.crm.exports import ExportError, read_lost, read_won, survey, won_from_bytes
from handoff.repo.crm.model import LOST_COLUMNS, LOST_PATH, WON_COLUMNS, WON_PATH, CrmError, LostDeal, WonDeal
from handoff.repo.crm.options import CrmConfig, parse_crm
from handoff.repo.crm.plain import parse_lost, parse_won
from handoff.repo.crm.reader import Export, read_export

__all__ = ["LOST_COLUMNS", "LOST_PATH", "WON_COLUMNS", "WON_PATH", "CrmConfig", "CrmError", "Export", "ExportError",
           "LostDeal", "WonDeal", "parse_crm", "parse_lost", "parse_won", "read_export", "read_lost", "read_won",
           "survey", "won_from_bytes"]
