"""The home page and the two index pages: accounts and cohorts."""

from __future__ import annotations

from markupsafe import Markup

from handoff.site import links
from handoff.site.data import SiteData
from handoff.site.html import page, render
from handoff.site.links import Linker
from handoff.site.parts import a, accounts_table, cohorts_table


def _counts(data: SiteData) -> Markup:
    statuses = [acc.row.status for acc in data.accounts.values()]
    cells = [("Records", len(statuses)), ("Complete", statuses.count("complete")),
             ("Partial", statuses.count("partial")), ("Malformed", statuses.count("invalid")),
             ("Cohorts", len(data.cohorts))]
    return render('<div class="handoff-facts">\n{}\n</div>', Markup("\n").join(
        render('<div class="handoff-fact"><span class="handoff-label">{}</span><span class="handoff-big">{}</span>'
               '</div>', k, v) for k, v in cells))


def home_page(data: SiteData, linker: Linker) -> str:
    gap = a(linker.to(links.GAP), f"Gap as of {data.options.date.isoformat()}")
    return page("Home", [
        Markup("<h1>Handoffs</h1>"),
        render("<p>The sales-to-CS handoff record of every won account. Start with the {}: which planned "
               "handoffs have no record or a partial one.</p>", gap),
        _counts(data),
        "## Accounts",
        accounts_table(data, linker),
        "## Cohorts",
        cohorts_table(data, linker),
    ])


def accounts_index(data: SiteData, linker: Linker) -> str:
    return page("Accounts", [Markup("<h1>Accounts</h1>"), _counts(data), accounts_table(data, linker)])


def cohorts_index(data: SiteData, linker: Linker) -> str:
    return page("Cohorts", [
        Markup("<h1>Cohorts</h1>"),
        Markup("<p>Lost-deal cohorts: what similar deals we lost in the 90 days to each week, and why.</p>"),
        cohorts_table(data, linker),
    ])
