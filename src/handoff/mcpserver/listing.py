"""`list_accounts`: the records of the working tree, and the won deals that have none yet."""

from __future__ import annotations

from pathlib import Path

from handoff.authoring.atomic import WriteRefused
from handoff.authoring.new import load_won
from handoff.mcpserver import outputs as out
from handoff.mcpserver.lookup import all_results
from handoff.mcpserver.views import account_row
from handoff.record.model import AI_ASSIST, FIELDS
from handoff.record.text import slugify

EVERYTHING: list[int | str] = [*(spec.number for spec in FIELDS), AI_ASSIST]


def _matches(row: out.AccountRow, query: str) -> bool:
    q = query.casefold()
    return any(q in (v or "").casefold() for v in (row.account, row.slug, row.rep, row.cs_owner, row.segment))


def list_accounts(root: Path, query: str | None) -> out.AccountList:
    rows = [account_row(r) for r in all_results(root) if r.kind == "record"]
    notes: list[str] = []
    have = {r.slug for r in rows}
    try:
        deals = load_won(root)[0]
    except WriteRefused as e:
        deals = []
        notes.append(f"won deals without a record are not listed: {e.message}")
    for deal in sorted(deals, key=lambda d: d.account.casefold()):
        slug = slugify(deal.account)
        if slug and slug not in have:
            have.add(slug)
            rows.append(out.AccountRow(account=deal.account, slug=slug, status="no record", missing=EVERYTHING,
                                       rep=deal.rep or None,
                                       cs_owner=deal.cs_owner or None, segment=deal.segment, arr=deal.arr,
                                       closed=deal.closed.isoformat()))
    if query is not None:
        rows = [r for r in rows if _matches(r, query)]
    return out.AccountList(accounts=rows, notes=notes)


def referencing(root: Path, cohort_id: str) -> list[str]:
    """Slugs of the records whose field 7 names `cohort_id`."""
    return sorted(Path(r.path).stem for r in all_results(root)
                  if r.kind == "record" and r.record is not None and r.record.lost_deal_cohort == cohort_id)
