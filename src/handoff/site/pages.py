"""Every generated page, from one registry: what `handoff pages` writes and the plugin hands MkDocs.

A page is planned before it is rendered: its docs-relative path is known first (so a
hand-written file in the way is found before anything is written), its markdown is made
only when asked for, and a `key` fingerprints everything it is made from, so that an
unchanged page need not be rendered again. Adding a page is one line in `SINGLES`: a
path and a pure function `(SiteData, Linker) -> markdown`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources

from handoff.site import links
from handoff.site.data import Account, CohortPage, SiteData
from handoff.site.links import Linker, LinkStyle
from handoff.site.pages_account import account_page
from handoff.site.pages_cohort import cohort_page
from handoff.site.pages_gap import gap_page
from handoff.site.pages_home import accounts_index, cohorts_index, home_page
from handoff.site.pages_loops import planned as loop_pages
from handoff.site.rows import digest

Builder = Callable[[SiteData, Linker], str]
# Bump when the page builders change what they write: every keyed page is then rendered again.
VERSION = "2"


@dataclass(frozen=True)
class Single:
    """A page that exists once per site. `inputs`, when given, returns everything the page shows
    (cheap to compute, no HTML): an unchanged page is then not rendered again. Without it the
    page is rendered on every run (and still written only when its bytes changed)."""

    src_uri: str
    build: Builder
    in_nav: bool = True
    inputs: Callable[[SiteData], object] | None = None
    alone: bool = False  # made from the SiteData alone, no git read (see `Planned`)


def _account_rows(data: SiteData) -> object:
    return data.options.date, data.settings, data.rows_digest, _cohort_rows(data)


def _cohort_rows(data: SiteData) -> object:
    return [(cid, cp.result.cohort, len(cp.won)) for cid, cp in data.cohorts.items()]


# The pages that exist once per site, in nav order. One line per page.
def _gap_inputs(data: SiteData) -> object:
    g = data.gap_figures  # the Gap page's own figures, and the rows of its check-ins; settings are in every key
    return (data.options.date, g.digest, g.weeks, g.error, data.history_note, data.slugs_digest,
            digest((slug, acc.brief) for slug, acc in data.due(*data.soon)))


SINGLES: list[Single] = [
    Single(links.HOME, home_page, inputs=_account_rows, alone=True),
    Single(links.GAP, gap_page, inputs=_gap_inputs),
    Single(links.ACCOUNTS, accounts_index, inputs=_account_rows, alone=True),
    Single(links.COHORTS, cohorts_index, inputs=_cohort_rows, alone=True),
]


@dataclass(frozen=True)
class Planned:
    """A page to generate. Its key fingerprints what it is made from; None for pages that are
    always rendered. `key` is that value, or a function giving it when first asked (a key made
    from the Gap's figures is then computed while workers render the account pages)."""

    src_uri: str
    make: Callable[[], str]
    in_nav: bool = True
    key: str | Callable[[], str | None] | None = None
    alone: bool = False  # made from the SiteData alone, no git read: may be rendered in a forked worker

    def fingerprint(self) -> str | None:
        return self.key() if callable(self.key) else self.key


@dataclass(frozen=True)
class Generated:
    src_uri: str
    content: str
    in_nav: bool = True


def plan(data: SiteData, use_directory_urls: bool | LinkStyle, user_has: Callable[[str], bool],
         source: Callable[[str], bytes] | None = None) -> list[Planned]:
    """The site's pages; a page the user wrote at the same path wins (`user_has`). With `source`
    (a repo-relative path -> its bytes) account and cohort pages get a `key`."""

    def at(src_uri: str) -> Linker:
        return Linker(src_uri, use_directory_urls)

    out: list[Planned] = []
    key: str | Callable[[], str | None] | None
    shared = _shared(data, use_directory_urls) if source is not None else ""
    for single in SINGLES:
        if not user_has(single.src_uri):
            key = _single_key(single, data, shared) if source and single.inputs else None
            out.append(Planned(single.src_uri, _bind(single.build, data, at(single.src_uri)), single.in_nav, key,
                               single.alone))
    # Each cohort file's bytes are asked for once: by its own page's key and by every account naming it.
    cohort_bytes = {cid: source(cp.result.path) for cid, cp in data.cohorts.items()} if source is not None else {}
    for slug, acc in data.accounts.items():
        src_uri = links.account(slug)
        if not user_has(src_uri):
            key = _account_key(acc, cohort_bytes, shared, source) if source is not None else None
            out.append(Planned(src_uri, _account(acc, data, src_uri, use_directory_urls), False, key, alone=True))
    for cid, cp in data.cohorts.items():
        src_uri = links.cohort(cid)
        if not user_has(src_uri):
            key = _cohort_key(cp, data, shared, cohort_bytes[cid]) if source is not None else None
            out.append(Planned(src_uri, _cohort(cp, data, at(src_uri)), False, key, alone=True))
    for src_uri, make, inputs in loop_pages(data, at):  # weekly/<week>/ and checkins/, linked from the Gap page
        if not user_has(src_uri):
            key = _digest(shared, src_uri, inputs) if source is not None and inputs is not None else None
            out.append(Planned(src_uri, make, False, key))
    return out


def generate(data: SiteData, use_directory_urls: bool | LinkStyle,
             user_has: Callable[[str], bool]) -> Iterator[Generated]:
    """Every planned page, rendered."""
    for p in plan(data, use_directory_urls, user_has):
        yield Generated(p.src_uri, p.make(), p.in_nav)


def _bind(build: Builder, data: SiteData, linker: Linker) -> Callable[[], str]:
    return lambda: build(data, linker)


def _single_key(single: Single, data: SiteData, shared: str) -> Callable[[], str | None]:
    inputs = single.inputs
    assert inputs is not None
    return lambda: _digest(shared, single.src_uri, inputs(data))


def _account(acc: Account, data: SiteData, src_uri: str, how: bool | LinkStyle) -> Callable[[], str]:
    # The linker is made with the page: most of 10,000 planned pages are not rendered.
    return lambda: account_page(acc, data, Linker(src_uri, how))


def _cohort(cp: CohortPage, data: SiteData, linker: Linker) -> Callable[[], str]:
    return lambda: cohort_page(cp, data, linker)


def _shared(data: SiteData, use_directory_urls: bool | LinkStyle) -> str:
    """What every account and cohort page depends on besides its own files: the settings,
    which cohorts exist (a record's field 7 is checked against them) and where pages live."""
    return _digest(VERSION, use_directory_urls, data.settings, sorted(data.cohorts), data.history_note)


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()


def _account_key(acc: Account, cohort_bytes: dict[str, bytes], shared: str, source: Callable[[str], bytes]) -> str:
    """`cohort_bytes`: each cohort id's file as `source` gives it."""
    cid = acc.brief.cohort
    cohort = cohort_bytes.get(cid, b"") if cid is not None else b""
    # A change row (when, who, summary) is all its commit's: the commit ids stand for them. One
    # sha-256 over the parts, each ended by a NUL (a slug, a shown path or a digest never holds one).
    h = hashlib.sha256(f"{shared}\0{acc.slug}\0{acc.path}\0".encode("utf-8", "surrogateescape"))
    h.update(source(acc.path) + b"\0" + cohort + b"\0" + " ".join(acc.changes.shas).encode())
    return h.hexdigest()


def _cohort_key(cp: CohortPage, data: SiteData, shared: str, file: bytes) -> str:
    """`file`: the cohort's file as `plan`'s `source` gives it."""
    won = digest((slug, data.accounts[slug].brief) for slug in cp.won)  # the rows its table is made from
    return _digest(shared, cp.id, cp.result.path, file, won)


def css() -> str:
    """The site's stylesheet (`links.CSS`), as the plugin serves it and `handoff pages` writes it."""
    return resources.files("handoff.site").joinpath("handoff.css").read_text(encoding="utf-8")


def css_page() -> Planned:
    text = css()
    return Planned(links.CSS, lambda: text, False, _digest(VERSION, text))
