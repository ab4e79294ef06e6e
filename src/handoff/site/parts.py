"""Small HTML fragments shared by the generated pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from handoff.check.findings import Finding
from handoff.record.model import AI_ASSIST, FIELD_BY_NUMBER
from handoff.site import links
from handoff.site.data import Account, SiteData
from handoff.site.html import join, render, with_code
from handoff.site.links import Linker

Cell = str | int | float | Markup


def a(href: str, label: object) -> Markup:
    return render('<a href="{}">{}</a>', href, label)


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], cls: str = "", search: bool = False) -> Markup:
    """Tables stay out of the search index unless `search` (MkDocs Material and Zensical both honour
    `data-search-exclude`): a list of 10,000 accounts or check-ins is one search entry too big
    for Zensical, which then fails the build, and each account has its own page to find."""
    head = join(render("<th>{}</th>", h) for h in headers)
    body = join((render("<tr>{}</tr>", join(render("<td>{}</td>", c) for c in row)) for row in rows), "\n")
    exclude = Markup("" if search else " data-search-exclude")
    return render('<div class="handoff-table {}"{}><table>\n<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n'
                  '</table></div>', cls, exclude, head, body)


def admonition(kind: str, title: str, body: Markup) -> Markup:
    """Material's admonition look, written as HTML so it needs no markdown extension."""
    return render('<div class="admonition {}"><p class="admonition-title">{}</p>{}</div>', kind, title, body)


def item_title(item: int | str) -> str:
    if item == AI_ASSIST or not isinstance(item, int):
        return "AI-assist line"
    spec = FIELD_BY_NUMBER[item]
    return f"{spec.number}. {spec.title}"


def status_badge(status: str, missing: Sequence[int | str]) -> Markup:
    if status == "complete":
        return Markup('<span class="handoff-badge handoff-ok">complete</span>')
    if status == "partial":
        return render('<span class="handoff-badge handoff-partial" title="missing: {}">partial ({} missing)</span>',
                      ", ".join(item_title(m) for m in missing), len(missing))
    return Markup('<span class="handoff-badge handoff-bad">malformed</span>')


def review_badge(status: str | None, by: str | None) -> Markup:
    if status is None:
        return Markup('<span class="handoff-badge handoff-none">not reviewed</span>')
    kind = {"accepted": "handoff-ok", "rejected": "handoff-bad"}.get(status, "handoff-partial")
    shown_by = render(' <span class="handoff-by">by {}</span>', by) if by else Markup("")
    return render('<span class="handoff-badge {}">{}</span>{}', kind, status, shown_by)


def findings_list(findings: Sequence[Finding]) -> Markup:
    return render("<ul>\n{}\n</ul>", join((
        render("<li><code>{}:{}</code> <strong>{}</strong> {}</li>", f.path, f.line, f.code, with_code(f.message))
        for f in findings
    ), "\n"))


def accounts_table(data: SiteData, linker: Linker) -> Markup:
    """Every account, by title; made once for pages whose links are alike (home and the
    accounts list both show it: 10,000 rows each)."""
    key = ("accounts_table", linker.where)
    made = data.made.get(key)
    if not isinstance(made, Markup):
        made = data.made[key] = _accounts_table(data, linker)
    return made


def _accounts_table(data: SiteData, linker: Linker) -> Markup:
    def row(acc: Account) -> list[Cell]:
        r = acc.row
        parsed = r.stage is not None
        return [
            a(linker.to(links.account(acc.slug)), acc.title),
            r.stage or "",
            data.settings.money(r.arr) if parsed and r.arr is not None else "",
            status_badge(r.status, r.missing),
            review_badge(r.review, r.review_by),
            r.rep if parsed else "",
        ]

    ordered = sorted(data.accounts.values(), key=lambda acc: acc.title.casefold())
    if not ordered:
        return Markup("<p>No records yet: add one under <code>records/</code> (see <code>handoff new</code>).</p>")
    return table(["Account", "Stage", "ARR", "Completeness", "Review", "Rep"], map(row, ordered), "handoff-accounts")


def cohorts_table(data: SiteData, linker: Linker) -> Markup:
    rows: list[list[Cell]] = []
    for cid in sorted(data.cohorts, reverse=True):
        page = data.cohorts[cid]
        c = page.result.cohort
        rows.append([a(linker.to(links.cohort(cid)), cid), c.segment if c else "", c.week if c else "",
                     c.lost_count if c else "", len(page.won)])
    if not rows:
        return Markup("<p>No cohorts yet: <code>handoff cohort --week YYYY-Www</code> writes them.</p>")
    return table(["Cohort", "Segment", "Week", "Lost deals", "Won accounts"], rows, "handoff-cohorts")
