"""`open_account`: the CS brief at account-open, missing fields first.

The seed's CS assistant "reads the record at account-open and surfaces missing
fields": the brief opens with what is missing (ask the rep before the kickoff),
then what was promised, the people, the risks, the cohort's pressures and the
check-in due. The same brief is returned as data and as markdown text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from handoff.authoring.checkins import num
from handoff.authoring.new import latest_cohort
from handoff.mcpserver import outputs as out
from handoff.mcpserver.views import cohort_summary
from handoff.record.model import AI_ASSIST, AI_ASSIST_TITLE, FIELDS, SUCCESS_DUE_DAYS, Record
from handoff.record.text import slugify
from handoff.repo.config import ConfigError, load_settings
from handoff.repo.crm import WON_PATH, WonDeal
from handoff.repo.weeks import week_end


def _promise(rec: Record | None) -> dict[str, Any]:
    if rec is None:
        return {}
    data = rec.model_dump(mode="json")
    return {k: data.get(k) for k in ("promised_outcome", "decision_criteria", "objections", "success_metric")}


def _people(rec: Record | None) -> dict[str, Any]:
    if rec is None:
        return {}
    data = rec.model_dump(mode="json")
    return {"champion": data.get("champion"), "skeptic": data.get("skeptic"), "rep": rec.rep,
            "cs_owner": rec.cs_owner}


def build(root: Path, view: out.RecordOut, rec: Record | None, money: str | None) -> out.Brief:
    pressures, source = view.cohort, "field 7"
    if rec is not None and (pressures is None or not pressures.exists):
        # CS still meets the segment's pressures when field 7 is missing: show the newest cohort, and say so.
        newest = cohort_summary(root, latest_cohort(root / "cohorts", rec.segment))
        if newest is not None:
            pressures, source = newest, f"newest {rec.segment} cohort (field 7 names none that exists)"
    brief = out.Brief(
        account=view.account, slug=view.slug, status=view.status, missing=view.missing, promise=_promise(rec),
        people=_people(rec), risks=list(rec.risk_flags or []) if rec is not None else [], pressures=pressures,
        pressures_source=source if pressures is not None else None, checkin=view.checkin, review=view.review,
        brief="")
    brief.brief = text(brief, view, money)
    return brief


def _v(value: Any) -> str:
    return "(placeholder)" if value is None else str(value)


def text(b: out.Brief, view: out.RecordOut, money: str | None) -> str:
    head = f"# {b.account}: account-open brief"
    facts = [f"`{view.path}`, {b.status}"]
    if money:
        facts.append(f"{money} ARR")
    if view.header:
        facts += [f"closed {view.header.get('closed')}", f"rep {view.header.get('rep')}",
                  f"CS owner {view.header.get('cs_owner') or '(none named)'}"]
    lines = [head, "", "; ".join(facts) + ".", ""]
    if b.status == "invalid":
        lines += ["## The record is malformed", "", *(f"- {f.path}:{f.line}: {f.code} {f.message}"
                                                    for f in view.findings if f.severity == "error"), ""]
        return "\n".join(lines)
    lines.append("## Missing (ask the rep first)")
    lines += [f"- {m.title}: {m.why}" for m in b.missing] or ["- nothing: all seven fields and the AI-assist line"]
    if b.review is not None:
        extra = f": {b.review.reason}" if b.review.reason else ""
        lines += ["", f"Review: {b.review.status}" + (f" by {b.review.by}" if b.review.by else "") + extra]
    p = b.promise
    lines += ["", "## The promise", f"- Outcome: {_v(p.get('promised_outcome'))}"]
    for i, c in enumerate(p.get("decision_criteria") or [], 1):
        lines.append(f"- Criterion {i}: {_v(c)}")
    for o in p.get("objections") or []:
        o = o or {}
        lines.append(f"- Objection: {_v(o.get('objection'))} -> answer: {_v(o.get('answer'))}")
    c = b.checkin
    if c is not None and c.metric is not None:
        lines.append(f"- Success metric: {c.metric}, baseline {_v(c.baseline)}, target {_v(c.target)}, due {c.due}")
    lines += ["", "## The people"]
    for role, key, extra in (("Champion", "champion", "stake"), ("Skeptic", "skeptic", "worry")):
        person = b.people.get(key) or {}
        lines.append(f"- {role}: {_v(person.get('name'))} ({_v(person.get('role'))}); "
                     f"{extra}: {_v(person.get(extra))}")
    lines += ["", "## The risks", *[f"- {_v(r)}" for r in b.risks]] if b.risks else ["", "## The risks", "- none"]
    lines += ["", "## The cohort's pressures"]
    if b.pressures_source and b.pressures_source != "field 7":
        lines.append(f"- From the {b.pressures_source}:")
    lines += _pressures(b.pressures)
    lines += ["", "## The check-in"]
    if c is None or c.metric is None:
        lines.append(f"- no success metric yet; due {c.due if c else '?'} by default")
    else:
        when = f"in {c.days_until_due} days" if (c.days_until_due or 0) >= 0 else f"{-(c.days_until_due or 0)} days ago"
        lines.append(f"- {c.due} ({when}), held by {c.owner}: is {c.metric} at {_v(c.target)}?")
        if c.actual is not None:
            lines.append(f"- Measured {num(c.actual)} on {c.actual_date}: {c.result}")
        if c.note:
            lines.append(f"- CS note: {_v(c.note)}")
    return "\n".join(lines) + "\n"


def _pressures(c: out.CohortSummary | None) -> list[str]:
    if c is None:
        return ["- no lost-deal cohort named"]
    if not c.exists:
        return [f"- `{c.id}` has no readable file in cohorts/"]
    reasons = ", ".join(f"{r.reason} ({r.count})" for r in c.top_reasons) or "none recorded"
    try:
        to = f"{week_end(c.week or '')} ({c.week})"
    except ValueError:
        to = str(c.week)
    out_lines = [f"- Cohort {c.id}: {c.lost_count} {c.segment} deals lost in the 90 days to {to}; "
                 f"top reasons: {reasons}"]
    if c.watch:
        out_lines.append(f"- Watch: {c.watch}")
    return out_lines


def without_record(root: Path, deal: WonDeal, money: str, today: dt.date) -> out.Brief:
    """The brief for a won deal that has no record yet: everything is missing, and who owes it."""
    slug = slugify(deal.account)
    why = f"no records/{slug}.md yet"
    missing = [out.Item(number=spec.number, key=", ".join(spec.keys), title=spec.label, filled=False, why=why)
               for spec in FIELDS]
    missing.append(out.Item(number=None, key=AI_ASSIST, title=AI_ASSIST_TITLE, filled=False, why=why))
    due = deal.closed + dt.timedelta(days=SUCCESS_DUE_DAYS)
    owner = deal.cs_owner or deal.rep or "?"
    checkin = out.Checkin(metric=None, due=due.isoformat(), owner=owner, days_until_due=(due - today).days)
    cohort = cohort_summary(root, latest_cohort(root / "cohorts", deal.segment))
    people = {"champion": None, "skeptic": None, "rep": deal.rep or None, "cs_owner": deal.cs_owner or None}
    b = out.Brief(account=deal.account, slug=slug, status="no record", missing=missing, promise={}, people=people,
                  pressures=cohort, pressures_source=f"newest {deal.segment} cohort" if cohort else None,
                  checkin=checkin, brief="")
    facts = f"{_won_path(root)} line {deal.line}; {money} ARR; closed {deal.closed}; rep {deal.rep or '(none)'}; " \
            f"CS owner {deal.cs_owner or '(none named)'}."
    lines = [f"# {deal.account}: account-open brief", "", facts, "", "## Missing (ask the rep first)",
             f"- the whole record: no records/{slug}.md yet; ask {deal.rep or 'the rep'} to write it "
             f"(`handoff new \"{deal.account}\"` starts the draft)", "", "## The cohort's pressures",
             *_pressures(cohort), "", "## The check-in",
             f"- {due} by default (closed + {SUCCESS_DUE_DAYS} days), held by {owner}; no success metric yet"]
    b.brief = "\n".join(lines) + "\n"
    return b


def _won_path(root: Path) -> str:
    """Where the won export lives (`[crm] won`), the contract's default when settings are unreadable."""
    try:
        won: str = load_settings(root).crm.won
    except ConfigError:
        won = WON_PATH
    return won
