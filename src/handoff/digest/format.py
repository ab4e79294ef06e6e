"""The digest printed: `text` (the seed's 2-minute manager scan), `markdown` (the same for a
chat message, a pull request or a CI job summary) and `json` (the contract's keys).

Names come from CRM exports and records: in text they are kept to one line, in
markdown every character markdown or HTML would act on is escaped.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from handoff.digest.model import Digest, MissingAccount, PartialAccount
from handoff.record.model import AI_ASSIST, item_label
from handoff.record.text import md, one_line, plural


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _blanks(d: Digest) -> str:
    """`field 5 (risk flags) and field 7 (lost-deal cohort) blank on 4 records`, grouped by count."""
    order = [str(n) for n in range(1, 8)] + [AI_ASSIST]
    counts = sorted({c for c in d.blank_fields.values() if c}, reverse=True)
    groups = [_and([item_label(int(k) if k.isdigit() else k) for k in order if d.blank_fields.get(k) == c])
              + (f" blank on {plural(c, 'record')}" if i == 0 else f" on {c}") for i, c in enumerate(counts)]
    return ", ".join(groups)


def _window(d: Digest) -> str:
    return f"{d.window_start.isoformat()} to {d.date.isoformat()} ({plural(d.days, 'day')})"


def _source(d: Digest) -> str:
    when = d.commit.committed.strftime("%Y-%m-%d %H:%M %z")
    return f"commit {d.commit.sha[:8]} ({when}), the last on this branch on or before {d.date.isoformat()}"


def plan_line(d: Digest, arrow: str = "->") -> str:
    if not d.planned:
        return f"no deal closed-won in the window {arrow} no handoff record expected"
    return (f"{plural(d.planned, 'deal')} closed-won {arrow} {plural(d.planned, 'handoff record')} expected, "
            "all 7 fields")


def fact_line(d: Digest, arrow: str = "->") -> str:
    if not d.planned:
        return "nothing to check"
    fact = f"{d.present} record{'s' if d.present != 1 else ''} present, {d.missing} missing"
    if d.present:
        fact += f" {arrow} {d.complete} complete, {d.partial} partial"
    blanks = _blanks(d)
    fact += f"; {blanks}" if blanks else ""
    return fact + (f"; {plural(len(d.malformed), 'record')} malformed" if d.malformed else "")


def skipper_line(d: Digest, name: Callable[[str], str]) -> str:
    if d.top_skipper is None:
        return "nobody (every planned deal has a complete record)" if d.planned else "nobody"
    rep, count = d.top_skipper
    return f"{name(rep)} ({count} missing or partial)"


def rejecter_line(d: Digest, name: Callable[[str], str]) -> str:
    if d.top_rejecter is None:
        return "nobody (no rejection committed in the window)"
    cs, count = d.top_rejecter
    return f"{name(cs)} ({plural(count, 'rejection')} in the window)"


def _missing(p: PartialAccount) -> str:
    if p.problem:
        return f"malformed, {p.problem}"
    return "missing " + ", ".join(item_label(m) for m in p.missing_fields)


def _late(m: MissingAccount, name: Callable[[str], str], money: Callable[[float], str]) -> str:
    """`Juniper Health (rep Dana Ruiz, $41,000 ARR, closed 2026-11-21, 2 days ago)`, flagged past the standard."""
    rep = f"rep {name(m.rep)}, " if m.rep else ""
    arr = money(m.arr)
    flag = " [past the time standard]" if m.past_sla else ""
    return f"{name(m.account)} ({rep}{arr} ARR, closed {m.closed.isoformat()}, {plural(m.days_since_close, 'day')} " \
           f"ago) no record{flag}"


def as_text(d: Digest) -> str:
    name = one_line
    lines = [f"Handoff digest for {d.date.isoformat()}: deals closed-won {_window(d)}",
             f"Plan: {plan_line(d)}", f"Fact: {fact_line(d)}"]
    gap = [f"{plural(d.missing, 'account')} with no record" + (": " + ", ".join(map(name, d.missing_accounts))
                                                            if d.missing else "")]
    gap += [f"- {_late(m, name, d.settings.money)}" for m in d.missing_details]
    if d.partial:
        gap.append(f"{plural(d.partial, 'account')} with a partial record, {len(d.partial_high)} above "
                   f"{d.settings.money(d.high_arr)} ARR:")
    lines.append("Gap: " + "\n     ".join(gap))
    for p in d.partial_accounts:
        flag = " [high ARR]" if p.arr > d.high_arr else ""
        rep = f"rep {name(p.rep)}, " if p.rep else ""
        lines.append(f"     - {name(p.account)} ({rep}{d.settings.money(p.arr)} ARR){flag}: {name(_missing(p), 400)}")
    lines += [f"Rep who skipped the record most: {skipper_line(d, name)}",
              f"CS lead with most rejections: {rejecter_line(d, name)}",
              f"From git: {_source(d)}"]
    return "\n".join(lines) + "\n"


def as_markdown(d: Digest) -> str:
    gap = f"{plural(d.missing, 'account')} with no record"
    gap += f" ({', '.join(map(md, d.missing_accounts))})" if d.missing else ""
    if d.partial:
        gap += (f"; {plural(d.partial, 'account')} with a partial record, {len(d.partial_high)} above "
                f"{md(d.settings.money(d.high_arr))} ARR")
    out = [f"### Handoff digest for {d.date.isoformat()}", "",
           f"Deals closed-won {_window(d)}. Read from {_source(d)}.", "",
           f"- **Plan:** {plan_line(d, '→')}",
           f"- **Fact:** {fact_line(d, '→')}",
           f"- **Gap:** {gap}",
           f"- **Rep who skipped the record most:** {skipper_line(d, md)}",
           f"- **CS lead with most rejections:** {rejecter_line(d, md)}"]
    if d.missing_details:
        out += ["", f"| Missing record | Rep | ARR | Closed | Days since close (standard: {d.settings.sla_days}) |",
                "|---|---|--:|---|--:|"]
        for m in d.missing_details:
            late = f"**{m.days_since_close}, past the standard**" if m.past_sla else str(m.days_since_close)
            out.append(f"| {md(m.account)} | {md(m.rep)} | {md(d.settings.money(m.arr))} | {m.closed.isoformat()} "
                       f"| {late} |")
    if d.partial:
        out += ["", "| Partial record | Rep | ARR | Missing |", "|---|---|--:|---|"]
        for p in d.partial_accounts:
            arr = md(d.settings.money(p.arr))
            out.append(f"| {md(p.account)} | {md(p.rep)} | {f'**{arr}**' if p.arr > d.high_arr else arr} "
                       f"| {md(_missing(p))} |")
    return "\n".join(out) + "\n"


def as_json(d: Digest) -> str:
    return json.dumps(d.to_json(), indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Digest], str]] = {"text": as_text, "markdown": as_markdown, "json": as_json}
