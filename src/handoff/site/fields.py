"""The seven fields of a record as HTML, laid out for a CS lead's first read.

Each renderer shows what the record has, even when the field is only partly
filled; the account page puts the "missing" notice above it."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from handoff.check.cohort import week_end
from handoff.record.model import Record
from handoff.site import links
from handoff.site.data import SiteData
from handoff.site.html import join, render
from handoff.site.links import Linker
from handoff.site.parts import a

PLACEHOLDER = Markup('<em class="handoff-placeholder">placeholder</em>')


def num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _t(value: str | None) -> Markup:
    return PLACEHOLDER if value is None else render("{}", value)


def outcome(rec: Record, data: SiteData, linker: Linker) -> Markup:
    if rec.promised_outcome is None:
        return Markup("")
    return render('<blockquote class="handoff-outcome"><p>{}</p></blockquote>', rec.promised_outcome)


def criteria(rec: Record, data: SiteData, linker: Linker) -> Markup:
    items = rec.decision_criteria or []
    if not items:
        return Markup("")
    return render('<ol class="handoff-ranked">\n{}\n</ol>', join((render("<li>{}</li>", _t(c)) for c in items), "\n"))


def objections(rec: Record, data: SiteData, linker: Linker) -> Markup:
    rows = []
    for o in rec.objections or []:
        obj, ans = (o.objection, o.answer) if o is not None else (None, None)
        rows.append(render(
            '<div class="handoff-pair"><div class="handoff-objection"><span class="handoff-label">Objection</span>'
            '<p>{}</p></div><div class="handoff-arrow" aria-hidden="true">&rarr;</div>'
            '<div class="handoff-answer"><span class="handoff-label">Answer that worked</span><p>{}</p></div></div>',
            _t(obj), _t(ans)))
    return render('<div class="handoff-objections">\n{}\n</div>', join(rows, "\n")) if rows else Markup("")


def people(rec: Record, data: SiteData, linker: Linker) -> Markup:
    cards = []
    for role, person, extra_key, extra_label in (
        ("Champion", rec.champion, "stake", "Stake"),
        ("Skeptic", rec.skeptic, "worry", "Worry"),
    ):
        if person is None:
            cards.append(render('<div class="handoff-card handoff-{}"><span class="handoff-label">{}</span>'
                                '<p>{}</p></div>', role.lower(), role, PLACEHOLDER))
            continue
        cards.append(render(
            '<div class="handoff-card handoff-{}"><span class="handoff-label">{}</span>'
            '<p class="handoff-person"><strong>{}</strong><br>{}</p><p><span class="handoff-label">{}</span> {}</p>'
            '</div>',
            role.lower(), role, _t(person.name), _t(person.role), extra_label, _t(getattr(person, extra_key))))
    return render('<div class="handoff-grid2">\n{}\n</div>', join(cards, "\n"))


def risks(rec: Record, data: SiteData, linker: Linker) -> Markup:
    items = rec.risk_flags or []
    if not items:
        return Markup("")
    return render('<ul class="handoff-risks">\n{}\n</ul>', join((render("<li>{}</li>", _t(r)) for r in items), "\n"))


def metric(rec: Record, data: SiteData, linker: Linker) -> Markup:
    sm = rec.success_metric
    if sm is None:
        return Markup("")
    due = rec.success_due
    due_note = "" if sm.due is not None else " (closed + 60 days)"
    stats = join(render('<div class="handoff-stat"><span class="handoff-label">{}</span><strong>{}</strong>'
                        '<small>{}</small></div>', label, value, note)
                 for label, value, note in (("Baseline", num(sm.baseline), ""), ("Target", num(sm.target), ""),
                                            ("Due", due.isoformat() if due else "—", due_note)))
    return render('<div class="handoff-metric"><p class="handoff-metric-name">{}</p><div class="handoff-stats">{}'
                  '</div></div>', _t(sm.metric), stats)


def cohort(rec: Record, data: SiteData, linker: Linker) -> Markup:
    cid = rec.lost_deal_cohort
    if cid is None:
        return Markup("")
    page = data.cohorts.get(cid)
    if page is None:
        return render("<p>Refers to <code>{}</code>, which has no file in <code>cohorts/</code>.</p>", cid)
    link = a(linker.to(links.cohort(cid)), cid)
    c = page.result.cohort
    if c is None:
        return render('<p>Cohort {} (the cohort file is malformed; see its page).</p>', link)
    reasons = ", ".join(f"{r.reason} ({r.count})" for r in c.top_reasons) or "none recorded"
    watch = render("<p><strong>Watch:</strong> {}</p>", c.watch) if c.watch else Markup("")
    return render('<div class="handoff-cohort-summary"><p>Cohort {}: in the 90 days to {} ({}) we lost '
                  '<strong>{}</strong> {} deals like this. Top reasons: {}.</p>{}</div>',
                  link, _week_end(c.week), c.week, c.lost_count, c.segment, reasons, watch)


def _week_end(week: str) -> str:
    try:
        return week_end(week).isoformat()
    except ValueError:
        return week


Renderer = Callable[[Record, SiteData, Linker], Markup]
RENDERERS: dict[int, Renderer] = {1: outcome, 2: criteria, 3: objections, 4: people, 5: risks, 6: metric, 7: cohort}
