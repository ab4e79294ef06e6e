"""`cohorts/<id>/`: what similar deals we lost, and the won accounts that should watch for it."""

from __future__ import annotations

from markupsafe import Markup

from handoff.site import links
from handoff.site.data import CohortPage, SiteData
from handoff.site.html import body_block, page, render
from handoff.site.links import Linker
from handoff.site.parts import Cell, a, admonition, findings_list, table
from handoff.site.svg import bar_chart


def _won(cp: CohortPage, data: SiteData, linker: Linker) -> Markup:
    if not cp.won:
        return Markup("<p>No won account refers to this cohort yet.</p>")
    rows: list[list[Cell]] = []
    for slug in cp.won:
        acc = data.accounts[slug]
        r = acc.row
        parsed = r.stage is not None
        rows.append([a(linker.to(links.account(slug)), r.title), r.closed.isoformat() if r.closed else "",
                     data.settings.money(r.arr) if parsed and r.arr is not None else "",
                     r.cs_owner or "—" if parsed else ""])
    return table(["Account", "Closed", "ARR", "CS owner"], rows, "handoff-won")


def _summary(cp: CohortPage) -> Markup:
    body = cp.result.body.strip()
    return body_block(body) if body else Markup("")


def cohort_page(cp: CohortPage, data: SiteData, linker: Linker) -> str:
    c = cp.result.cohort
    blocks: list[str | Markup] = [render("<h1>Cohort {}</h1>", cp.id)]
    problems = list(cp.result.findings)
    if cp.result.status == "invalid":
        blocks.append(admonition("danger", "This cohort file is malformed", findings_list(problems)))
    elif problems:
        blocks.append(admonition("note", "Notes from the checker", findings_list(problems)))
    if c is not None:
        blocks.append(render(
            '<div class="handoff-facts"><div class="handoff-fact"><span class="handoff-label">Lost deals</span>'
            '<span class="handoff-big">{}</span></div><div class="handoff-fact"><span class="handoff-label">Segment'
            '</span><span>{}</span></div><div class="handoff-fact"><span class="handoff-label">Week</span>'
            '<span>{}</span></div></div>', c.lost_count, c.segment, c.week))
        blocks.append(_summary(cp))
        reasons = [(r.reason, r.count) for r in c.top_reasons]
        blocks += ["## Top reasons", render('<figure class="handoff-figure">{}</figure>',
                                            bar_chart(reasons, f"Top reasons we lost {c.segment} deals"))]
        if c.watch:
            blocks.append(admonition("tip", "Watch for", render("<p>{}</p>", c.watch)))
        deals: list[list[Cell]] = [
            [d.account, d.closed.isoformat(), data.settings.money(d.arr) if d.arr is not None else "—", d.reason,
             d.competitor or ""] for d in sorted(c.deals, key=lambda d: (d.closed, d.account), reverse=True)
        ]
        blocks += ["## Lost deals", table(["Account", "Closed", "ARR", "Reason", "Competitor"], deals, "handoff-deals")
                   if deals else Markup("<p>No deals listed.</p>")]
    else:
        blocks.append(_summary(cp))
    blocks += ["## Won accounts that reference it", _won(cp, data, linker)]
    blocks.append(render('<p class="handoff-source">Source: <code>{}</code></p>', cp.result.path))
    return page(f"Cohort {cp.id}", blocks)
