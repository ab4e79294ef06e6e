"""The automatic nav, with the plugin's top pages first: Home, Gap, Accounts, Cohorts.

Account and cohort pages are generated "not in nav" (a sidebar of 2,000
accounts helps nobody); the Accounts and Cohorts pages list them. Pages the
repo's authors wrote keep MkDocs' order after ours. A `nav:` written in
mkdocs.yml is left exactly as written."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from handoff.site import links

ORDER = (links.HOME, links.GAP, links.ACCOUNTS, links.COHORTS)


def _rank(item: Any) -> int:
    if isinstance(item, Page) and item.file.generated_by and item.file.src_uri in ORDER:
        return ORDER.index(item.file.src_uri)
    return len(ORDER)


def ours_first(nav: Navigation) -> Navigation:
    items = sorted(nav.items, key=_rank)  # stable: everything else keeps its order
    if items == nav.items:
        return nav
    pages = [p for p in sorted(nav.pages, key=lambda p: _rank(_top(p)))]
    bookended = [None, *pages, None]
    for before, page, after in zip(bookended[:-2], pages, bookended[2:], strict=False):
        page.previous_page, page.next_page = before, after
    return Navigation(items, pages)


def _top(page: Page) -> Any:
    item: Any = page
    while item.parent is not None:
        item = item.parent
    return item
