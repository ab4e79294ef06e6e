"""`handoff new`: a draft record from the matching closed-won CRM row, in the seed template's placeholder form.

The header comes from `crm/closed-won.csv`; the seven fields keep the template's
square-bracket placeholders, so `handoff check` accepts the file as a draft and lists
every field as missing until the rep (or the drafting assistant) fills it. Field 7 is
filled when `cohorts/` has a file for the deal's segment: the latest week wins, found
by file name (`<YYYY-Www>-<segment-slug>.md`, the id every cohort file must carry).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from handoff.authoring.atomic import WriteRefused, newline_of, write_text
from handoff.record.bounds import MAX_SLUG_BYTES
from handoff.record.model import FIELD_BY_NUMBER, SUCCESS_DUE_DAYS
from handoff.record.parse import ParseError, parse_text
from handoff.record.text import did_you_mean, is_placeholder, one_line, slugify
from handoff.record.yamlsafe import plain_number
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, load_settings
from handoff.repo.crm.exports import ExportError, read_won
from handoff.repo.crm.model import CrmError, WonDeal

AI_ASSIST_TEMPLATE = "AI-assist note: drafted by [AGENT], reviewed by [REP]."
# The seven fields as the seed's template writes them, one block per field number.
PLACEHOLDERS: dict[int, str] = {
    1: 'promised_outcome: "[1-2 sentences, verbatim from discovery]"\n',
    2: 'decision_criteria:\n  - "[criterion]"\n  - "[criterion]"\n  - "[criterion]"\n',
    3: "objections:\n" + '  - objection: "[TEXT]"\n    answer: "[TEXT]"\n' * 3,
    4: 'champion:\n  name: "[NAME]"\n  role: "[role]"\n  stake: "[why they care]"\n'
       'skeptic:\n  name: "[NAME]"\n  role: "[role]"\n  worry: "[what worries them]"\n',
    5: 'risk_flags:\n  - "[What you\'d say in the hallway]"\n',
    6: 'success_metric:\n  metric: "[One number]"\n  baseline: "[N]"\n  target: "[N]"\n',
    7: 'lost_deal_cohort: "[cohort]"\n',
}
_COHORT_FILE = re.compile(r"^(\d{4}-W\d{2})-(.+)\.md$")


@dataclass(frozen=True)
class Created:
    path: str  # relative to the repo root
    deal: WonDeal
    cohort: str | None
    notes: tuple[str, ...] = ()


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as exactly this text: plain when safe, else double-quoted."""
    if value and value == value.strip() and value.isprintable():
        try:
            if parse_text(f"---\nv: {value}\n---\n").data == {"v": value}:
                return value
        except ParseError:
            pass
    # JSON strings are YAML double-quoted scalars; escape anything unprintable (line separators too).
    return json.dumps(value, ensure_ascii=not value.isprintable())


def find_deal(deals: list[WonDeal], account: str) -> WonDeal | None:
    """The row whose account slug matches; of several (the CRM reader refuses an export with two), the latest."""
    want = slugify(account)
    rows = [d for d in deals if want and slugify(d.account) == want]
    return max(rows, key=lambda d: (d.closed, d.line)) if rows else None


def latest_cohort(folder: Path, segment: str) -> str | None:
    """Id of the newest cohort file of `segment` in `folder`, by file name; None when there is none."""
    want = slugify(segment)
    weeks = [m.group(1) for p in folder.glob("*.md") if (m := _COHORT_FILE.match(p.name)) and m.group(2) == want]
    return f"{max(weeks)}-{want}" if weeks else None


def render(deal: WonDeal, cohort: str | None) -> str:
    """The record text (LF line ends) for `deal`, referencing `cohort` when there is one."""
    due = deal.closed + dt.timedelta(days=SUCCESS_DUE_DAYS)
    header = [
        f"account: {yaml_scalar(deal.account)}",
        f"closed: {deal.closed.isoformat()}",
        f"arr: {plain_number(deal.arr)}",
        f"term_months: {deal.term_months}" if deal.term_months is not None
        else 'term_months: "[N]"  # not in the CRM export: the contract term in months, 1..120',
        f"segment: {yaml_scalar(deal.segment)}" if deal.segment
        else 'segment: "[segment]"  # not in the CRM export: the vertical that picks the lost-deal cohort',
        f"rep: {yaml_scalar(deal.rep or '[REP]')}",
        # A CRM placeholder (`TBD`, `-`) is no CS owner: `check` would refuse it in the record.
        f"cs_owner: {yaml_scalar(deal.cs_owner)}" if deal.cs_owner and not is_placeholder(deal.cs_owner)
        else "# cs_owner: the CS lead taking the account",
        "stage: draft",
    ]
    out = ["---", *header]
    for number, block in PLACEHOLDERS.items():
        spec = FIELD_BY_NUMBER[number]
        out.append(f"# {number}. {spec.title}: {spec.asks}")
        if number == 7 and cohort is not None:
            block = f"lost_deal_cohort: {yaml_scalar(cohort)}\n"
        out.extend(block.rstrip("\n").split("\n"))
        if number == 6:
            out.append(f"  # due: {due.isoformat()}  (closed + {SUCCESS_DUE_DAYS} days unless you set it)")
    out += ["---", "", "[Call notes, links, anything else CS should read.]", "", AI_ASSIST_TEMPLATE, ""]
    return "\n".join(out)


def load_won(root: Path, settings: Settings | None = None) -> tuple[list[WonDeal], str]:
    """The won deals through the one CRM reader, and the export's path; WriteRefused when it cannot."""
    try:
        settings = settings if settings is not None else load_settings(root)
        return read_won(root, settings.crm), settings.crm.won
    except ConfigError as e:
        raise WriteRefused(f"{CONFIG_NAME}:{e.line}: {e.message}") from e
    except (CrmError, ExportError) as e:
        raise WriteRefused(str(e)) from e


def create(root: Path, account: str, force: bool = False, settings: Settings | None = None) -> Created:
    """Write `records/<slug>.md` for `account` (WriteRefused, with nothing written, when it cannot)."""
    deals, won_path = load_won(root, settings)
    deal = find_deal(deals, account)
    if deal is None:
        hint = did_you_mean(account, sorted({d.account for d in deals})) if len(account) <= MAX_SLUG_BYTES else ""
        raise WriteRefused(f"{won_path}: no closed-won row for account `{one_line(account)}`{hint} "
                           "(add the deal to the CRM export, or check the spelling)")
    slug = slugify(deal.account)
    if len(slug.encode()) > MAX_SLUG_BYTES:
        raise WriteRefused(f"{won_path}:{deal.line}: account name too long for a file name: its slug has "
                           f"{len(slug.encode())} characters, at most {MAX_SLUG_BYTES}; shorten it in the CRM")
    shown = f"records/{slug}.md"
    path = root / "records" / f"{slug}.md"
    newline = "\n"
    if force and path.is_file() and not path.is_symlink():
        newline = newline_of(path.read_bytes())
    cohort = latest_cohort(root / "cohorts", deal.segment)
    write_text(path, render(deal, cohort), shown=shown, force=force, newline=newline)
    notes = [] if deal.rep else [f"{won_path}:{deal.line}: the row has no rep; fill `rep` in {shown}"]
    notes += [f"{won_path}:{deal.line}: the export has no {key} column; fill `{key}` in {shown}"
              for key, absent in (("term_months", deal.term_months is None), ("segment", not deal.segment)) if absent]
    return Created(shown, deal, cohort, tuple(notes))
