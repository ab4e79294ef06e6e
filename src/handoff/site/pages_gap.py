"""`gap/`: Plan -> Fact -> Gap as of the plugin's `date`, every named account linked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from handoff.record.model import AI_ASSIST
from handoff.site import links
from handoff.site.data import SiteData
from handoff.site.fields import num
from handoff.site.html import join, page, render, with_code
from handoff.site.links import Linker
from handoff.site.pages_loops import weekly_links
from handoff.site.parts import Cell, a, admonition, item_title, table
from handoff.site.svg import weekly_chart


def _name(data: SiteData, linker: Linker, entry: Any) -> Markup:
    name = str(entry.get("account", "")) if isinstance(entry, dict) else str(entry)
    slug = entry.get("slug") if isinstance(entry, dict) else None
    slug = slug if isinstance(slug, str) and slug in data.accounts else data.account_slug(name)
    return a(linker.to(links.account(slug)), name) if slug else render("{}", name)


def _money(data: SiteData, value: Any) -> str:
    return data.settings.money(value) if isinstance(value, int | float) else "—"


def _figures(d: dict[str, Any], data: SiteData) -> Markup:
    high = f"Partial above {_money(data, d.get('high_arr'))}"
    cells = [("Planned", d.get("planned")), ("Present", d.get("present")), ("Complete", d.get("complete")),
             ("Partial", d.get("partial")), ("Missing", d.get("missing")), (high, d.get("partial_high_arr"))]
    return render('<div class="handoff-facts">\n{}\n</div>', join((
        render('<div class="handoff-fact"><span class="handoff-label">{}</span><span class="handoff-big">{}</span>'
               '</div>', k, v if v is not None else "—") for k, v in cells), "\n"))


def _missing(p: dict[str, Any]) -> str:
    items = ", ".join(item_title(_item(str(m))) for m in p.get("missing_fields", []))
    if p.get("malformed"):
        return f"malformed; {items}" if items else "malformed (see below)"
    return items


def _item(key: str) -> int | str:
    return int(key) if key.isdigit() else AI_ASSIST


def _digest(d: dict[str, Any], data: SiteData, linker: Linker) -> Iterator[str | Markup]:
    yield render("<p>Handoffs planned in the {} days from {} to {}: Plan (closed-won deals in the CRM export) "
                 "→ Fact (records filled) → Gap.</p>", d.get("days"), d.get("window_start"), d.get("date"))
    commit = d.get("commit") or {}
    if commit.get("sha"):
        yield render('<p class="handoff-source">From commit <code>{}</code> of {}, the last on or before {}.</p>',
                     str(commit["sha"])[:8], str(commit.get("committed", ""))[:10], d.get("date"))
    yield _figures(d, data)
    yield "## Missing records"
    missing = d.get("missing_accounts") or []
    if d.get("missing_details"):
        yield _late(d, data, linker)
        missing = []
    yield render("<ul data-search-exclude>\n{}\n</ul>", join((render("<li>{}</li>", _name(data, linker, m))
                                                            for m in missing), "\n")) \
        if missing \
        else Markup("<p>None: every planned deal has a record.</p>") if not d.get("missing_details") else ""
    yield "## Partial records"
    partial: list[dict[str, Any]] = d.get("partial_accounts") or []
    rows: list[list[Cell]] = [[_name(data, linker, p), str(p.get("rep", "")), _money(data, p.get("arr")),
                               _missing(p)] for p in partial]
    yield table(["Account", "Rep", "ARR", "Missing"], rows, "handoff-partials") if rows \
        else Markup("<p>None.</p>")
    malformed = d.get("malformed_accounts") or []
    if malformed:
        yield "## Malformed records"
        yield render("<ul>\n{}\n</ul>", join((render("<li>{}: {}</li>", _name(data, linker, m),
                                                   with_code(str(m.get("problem", "")) if isinstance(m, dict) else ""))
                                            for m in malformed), "\n"))
    blanks: dict[str, int] = d.get("blank_fields") or {}
    if any(blanks.values()):
        yield "## Fields left blank"
        yield table(["Field", "Records"], [[item_title(_item(k)), v] for k, v in blanks.items() if v], "handoff-blanks")
    yield "## Who to talk to"
    skipper, rejecter = d.get("top_skipper"), d.get("top_rejecter")
    yield render("<ul><li>Most missing or partial records: {}</li><li>Most rejections: {}</li></ul>",
                 f"{skipper['rep']} ({skipper['count']})" if skipper else "nobody",
                 f"{rejecter['cs']} ({rejecter['count']})" if rejecter else "nobody")


def _late(d: dict[str, Any], data: SiteData, linker: Linker) -> Markup:
    """Each missing account with its rep, ARR, close date and days since close; past the time standard marked."""
    past = render('<span class="handoff-badge handoff-bad">past the {}-day standard</span>', d.get("sla_days"))
    rows: list[list[Cell]] = [[_name(data, linker, m), str(m.get("rep", "")), _money(data, m.get("arr")),
                               str(m.get("closed", "")), join([render("{} ", m.get("days_since_close")),
                                                               past if m.get("past_sla") else Markup("")])]
                              for m in d.get("missing_details") or []]
    return table(["Account", "Rep", "ARR", "Closed", "Days since close"], rows, "handoff-missing")


def _checkins(data: SiteData, linker: Linker) -> Markup:
    rows: list[list[Cell]] = [
        [_name(data, linker, {"account": c.account, "slug": c.slug}), c.metric, num(c.baseline), num(c.target),
         c.due.isoformat(), c.owner] for c in data.gap.checkins
    ]
    if not rows:
        return render("<p>No success metric falls due in the {} days after {}.</p>", data.settings.checkin_days,
                      data.options.date.isoformat())
    return table(["Account", "Metric", "Baseline", "Target", "Due", "Owner"], rows, "handoff-checkins")


def gap_page(data: SiteData, linker: Linker) -> str:
    gap = data.gap
    when = data.options.date.isoformat()
    blocks: list[str | Markup] = [render("<h1>Gap as of {}</h1>", when)]
    if gap.digest is not None:
        blocks.extend(_digest(gap.digest, data, linker))
    else:
        why = gap.error or data.history_note or "no history"
        blocks.append(admonition("warning", "No digest", render("<p>{}</p>", why)))
    blocks += ["## Completeness over time", render(
        '<figure class="handoff-figure">{}<figcaption>Planned handoffs and complete records per week, from git '
        'history.</figcaption></figure>', weekly_chart(gap.weeks, f"Planned vs complete handoffs per week to {when}"))]
    blocks += ["## Check-ins due", _checkins(data, linker)]
    blocks += ["## Weekly reviews and check-in results", weekly_links(data, linker)]
    return page(f"Gap as of {when}", blocks)
