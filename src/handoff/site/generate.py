"""Every page the plugin adds, as (docs-relative path, markdown, shown in the nav)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from handoff.site import links
from handoff.site.data import SiteData
from handoff.site.links import Linker
from handoff.site.pages_account import account_page
from handoff.site.pages_cohort import cohort_page
from handoff.site.pages_gap import gap_page
from handoff.site.pages_home import accounts_index, cohorts_index, home_page
from handoff.site.pages_loops import pages as loop_pages


@dataclass(frozen=True)
class Generated:
    src_uri: str
    content: str
    in_nav: bool = True


def generate(data: SiteData, use_directory_urls: bool, user_has: Callable[[str], bool]) -> Iterator[Generated]:
    """The site's pages; a page the user wrote at the same path wins (`user_has`)."""

    def at(src_uri: str) -> Linker:
        return Linker(src_uri, use_directory_urls)

    singles = [(links.HOME, home_page), (links.GAP, gap_page), (links.ACCOUNTS, accounts_index),
               (links.COHORTS, cohorts_index)]
    for src_uri, build in singles:
        if not user_has(src_uri):
            yield Generated(src_uri, build(data, at(src_uri)))
    for slug, acc in data.accounts.items():
        src_uri = links.account(slug)
        if not user_has(src_uri):
            yield Generated(src_uri, account_page(acc, data, at(src_uri)), in_nav=False)
    for cid, cp in data.cohorts.items():
        src_uri = links.cohort(cid)
        if not user_has(src_uri):
            yield Generated(src_uri, cohort_page(cp, data, at(src_uri)), in_nav=False)
    for src_uri, content in loop_pages(data, at):  # weekly/<week>/ and checkins/
        if not user_has(src_uri):
            yield Generated(src_uri, content, in_nav=False)
