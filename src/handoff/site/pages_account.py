"""`accounts/<slug>/`: one record, as a CS lead reads it the first time."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from handoff.check.findings import Finding
from handoff.record.model import AI_ASSIST, FIELDS, Record
from handoff.site import links
from handoff.site.data import Account, SiteData
from handoff.site.fields import RENDERERS
from handoff.site.html import body_block, join, page, render, with_code
from handoff.site.links import Linker
from handoff.site.parts import a, admonition, findings_list, item_title, review_badge, status_badge, table

# Codes that explain a missing item where the item would be, rather than in the problem list.
_MISSING_CODES = frozenset({"missing-field", "cohort-not-found", "ai-assist"})


def _facts(acc: Account, data: SiteData) -> Markup:
    rec = acc.result.record
    # A rejection's reason is long: it gets its own box right under the header.
    rows: list[tuple[str, object]] = [("Completeness", status_badge(acc.row.status, acc.row.missing)),
                                        ("Review", review_badge(acc.row.review, acc.row.review_by))]
    if rec is not None:
        rows = [
            ("ARR", data.settings.money(rec.arr)), ("Term", f"{rec.term_months} months"),
            ("Closed", rec.closed.isoformat()), ("Segment", rec.segment), ("Rep", rec.rep),
            ("CS owner", rec.cs_owner or "—"), ("Stage", rec.stage), *rows,
        ]
    cells = join((render('<div class="handoff-fact"><span class="handoff-label">{}</span><span>{}</span></div>', k, v)
                  for k, v in rows), "\n")
    return render('<div class="handoff-facts">\n{}\n</div>', cells)


def _why(acc: Account, item: int | str) -> list[str]:
    label = FIELDS[item - 1].label if isinstance(item, int) else ""
    out = []
    for f in acc.result.findings:
        if item == AI_ASSIST and f.code == "ai-assist":
            out.append(f.message)
        elif isinstance(item, int) and f.code == "missing-field" and f.message.startswith(label + " "):
            out.append(f.message.split(": ", 1)[-1])
        elif item == 7 and f.code == "cohort-not-found":
            out.append(f.message)
    return out


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _missing(acc: Account, item: int | str) -> Markup:
    reasons = _why(acc, item) or ["not filled"]
    paragraphs = join(render("<p>{}</p>", with_code(_sentence(r))) for r in reasons)
    return admonition("warning", f"Missing: {item_title(item)}", paragraphs)


def _top(acc: Account, rec: Record | None) -> Iterator[Markup]:
    review = rec.review if rec is not None else None
    if review is not None and review.status == "rejected":
        yield admonition("failure", f"Review: rejected by {review.by or 'CS'}",
                         render("<p>{}</p>", review.reason or "—"))
    problems: list[Finding] = [f for f in acc.result.findings if f.code not in _MISSING_CODES]
    if acc.result.status == "invalid":
        yield admonition("danger", "This record is malformed", findings_list(problems))
    elif problems:
        yield admonition("note", "Notes from the checker", findings_list(problems))
    if acc.result.missing:
        names = ", ".join(item_title(m) for m in acc.result.missing)
        yield admonition("warning", "Partial record", render("<p>Still missing: {}.</p>", names))


def _fields(acc: Account, data: SiteData, linker: Linker) -> Iterator[str | Markup]:
    rec = acc.result.record
    for spec in FIELDS:
        yield f"## {spec.number}. {spec.title.capitalize()}"
        if rec is None:
            yield admonition("danger", "Not shown", Markup("<p>The record could not be read; see above.</p>"))
            continue
        if spec.number in acc.result.missing:
            yield _missing(acc, spec.number)
        yield RENDERERS[spec.number](rec, data, linker)
    yield "## AI-assist line"
    ai = acc.result.ai_assist
    if ai is not None:
        yield render('<p class="handoff-ai">Drafted by <strong>{}</strong>, reviewed by <strong>{}</strong>.</p>',
                     ai.agent, ai.reviewer)
    elif rec is not None:
        yield _missing(acc, AI_ASSIST)


def _history(acc: Account, data: SiteData) -> Markup:
    if data.history_note:
        return render("<p>No change history: {}</p>", data.history_note)
    if not acc.changes.rows:
        return Markup("<p>Not committed yet.</p>")
    rows = [[c.when.strftime("%Y-%m-%d %H:%M %z"), c.author, c.summary, render("<code>{}</code>", c.sha[:8])]
            for c in acc.changes.rows]
    return table(["When", "Who", "Change", "Commit"], rows, "handoff-history")


def account_page(acc: Account, data: SiteData, linker: Linker) -> str:
    rec = acc.result.record
    blocks: list[str | Markup] = [render('<h1>{}</h1>', acc.title), _facts(acc, data), *_top(acc, rec)]
    blocks.extend(_fields(acc, data, linker))
    body = acc.result.body.strip()
    if body:
        blocks += ["## Notes", body_block(body)]
    if rec is not None and rec.lost_deal_cohort in data.cohorts:
        cohort_link = a(linker.to(links.cohort(rec.lost_deal_cohort)), rec.lost_deal_cohort)
        blocks.append(render('<p class="handoff-see">Cohort page: {}</p>', cohort_link))
    blocks += ["## History", _history(acc, data),
               render('<p class="handoff-source">Source: <code>{}</code></p>', acc.result.path)]
    return page(acc.title, blocks)
