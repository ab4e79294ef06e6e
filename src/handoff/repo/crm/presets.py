"""The header tables of the CRM presets: which export header feeds which contract name.

Each name lists the headers it accepts, first found wins (header matching ignores case
and surrounding spaces); a name missing from a table is a column the vendor's standard
export does not carry. The README's header tables are drawn from these and cite the
vendor's export each follows. `[crm.columns]` in handoff.toml overrides any of them.
"""

from __future__ import annotations

from typing import NamedTuple


class Preset(NamedTuple):
    name: str
    source: str  # the vendor's export this table follows
    headers: dict[str, tuple[str, ...]]
    won_stages: tuple[str, ...] = ()
    lost_stages: tuple[str, ...] = ()
    date_format: str = "auto"  # what `handoff init` writes into handoff.toml for this preset


PLAIN = Preset(
    "plain", "handoff's own v1 columns (the contract's `CRM exports`)",
    {name: (name,) for name in ("account", "closed", "arr", "term_months", "segment", "rep", "cs_owner", "stage",
                                "reason", "competitor")},
)

HUBSPOT = Preset(
    "hubspot", "HubSpot: CRM > Deals > Export (all properties, property labels as column names)",
    {
        "account": ("Deal Name",),
        "closed": ("Close Date",),
        "arr": ("Amount",),
        "rep": ("Deal owner",),
        "stage": ("Deal Stage",),
        "reason": ("Closed Lost Reason",),
        "competitor": ("Competitor",),
        "currency": ("Currency",),
    },
    won_stages=("Closed Won",), lost_stages=("Closed Lost",),
)

SALESFORCE = Preset(
    "salesforce", "Salesforce: Reports > Opportunities report, Export > Details Only (CSV)",
    {
        "account": ("Account Name", "Opportunity Name"),
        "closed": ("Close Date",),
        "arr": ("Amount",),
        "rep": ("Opportunity Owner",),
        "stage": ("Stage",),
        "reason": ("Loss Reason",),
        "competitor": ("Main Competitor(s)",),
        "segment": ("Industry",),
        "currency": ("Opportunity Currency", "Amount Currency"),
    },
    won_stages=("Closed Won",), lost_stages=("Closed Lost",), date_format="%m/%d/%Y",
)

PIPEDRIVE = Preset(
    "pipedrive", "Pipedrive: Deals list view > ... > Export filter results (CSV), deal fields",
    {
        "account": ("Deal - Organization", "Deal - Title"),
        "closed": ("Deal - Deal closed on", "Deal - Won time", "Deal - Lost time", "Deal - Expected close date"),
        "arr": ("Deal - Value",),
        "rep": ("Deal - Owner",),
        "stage": ("Deal - Status",),
        "reason": ("Deal - Lost reason",),
        "currency": ("Deal - Currency",),
    },
    won_stages=("Won",), lost_stages=("Lost",),
)

PRESETS = {p.name: p for p in (PLAIN, HUBSPOT, SALESFORCE, PIPEDRIVE)}
