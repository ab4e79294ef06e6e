"""Where generated pages live, and relative links between them.

Generated pages are raw HTML blocks. MkDocs does not rewrite links in them, so for
MkDocs links are computed here the way it computes page URLs (with or without
`use_directory_urls`). Zensical does rewrite them, reading each as a path relative to
the page's source file: for Zensical (`STYLE_SOURCE`) links point at the `.md` files."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Literal

HOME = "index.md"
GAP = "gap.md"
ACCOUNTS = "accounts.md"
COHORTS = "cohorts.md"
CSS = "assets/handoff/handoff.css"
# How links are written: MkDocs page URLs (directory or file style), or source files for Zensical.
LinkStyle = Literal["directory", "file", "source"]
STYLE_SOURCE: LinkStyle = "source"


def style(use_directory_urls: bool) -> LinkStyle:
    return "directory" if use_directory_urls else "file"


def account(slug: str) -> str:
    return f"accounts/{slug}.md"


def cohort(cohort_id: str) -> str:
    # A cohort file may be called `index`; its page must not take the Cohorts page's address.
    return f"cohorts/{cohort_id}.md" if cohort_id != "index" else "cohorts/index-cohort.md"


# A page path whose URL needs no quoting and no special case: its parts are plain names
# (a generated page's slug, a week, a cohort id), its name ends in `.md` and is not README.
_PLAIN_PAGE = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.md")


@lru_cache(maxsize=1 << 16)  # above a site's page count: the lists link 10,000 pages in one pass
def url(src_uri: str, use_directory_urls: bool) -> str:
    """The page's URL as MkDocs makes it (`File(src_uri, ...).url`): for a plain page path as
    string work (a site has 50,000 links), else by MkDocs itself."""
    if _PLAIN_PAGE.fullmatch(src_uri) and not src_uri.endswith("README.md"):
        parent, _, name = src_uri.rpartition("/")
        stem, prefix = name[:-3], parent + "/" if parent else ""
        if not use_directory_urls:
            return f"{prefix}{stem}.html"
        return f"{prefix}{stem}/" if stem != "index" else prefix or "./"
    from mkdocs.structure.files import File  # here: a run of plain pages never loads MkDocs

    return File(src_uri, None, "", use_directory_urls).url


def relative_url(target: str, base: str) -> str:
    """`mkdocs.utils.get_relative_url(target, base)` for page URLs, as string work when both
    are plain (no empty, `.` or `..` part but a lone `.`), else by MkDocs itself."""
    folder, _, name = base.rpartition("/")
    tp, op = _parts(target), _parts(folder if "." in name else base)
    if tp is None or op is None:
        from mkdocs.utils import get_relative_url

        return get_relative_url(target, base)
    common = 0
    for a, b in zip(tp, op, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(op) - common) + tp[common:]) or "."
    return rel + "/" if target.endswith("/") else rel


def _parts(url: str) -> list[str] | None:
    """A URL's path parts, as MkDocs normalises them; None when normalising would change any."""
    path = url.rstrip("/")
    if path in ("", "."):
        return []
    return path.split("/") if path[0] != "/" and plain(path) else None


def plain(path: str) -> bool:
    """Relative and normalised: no empty, `.` or `..` part (what PurePosixPath gives back unchanged)."""
    framed = f"/{path}/"
    return "//" not in framed and "/./" not in framed and "/../" not in framed


def relative(target: str, folder: str) -> str:
    """`posixpath.relpath(target, folder or ".")` for docs-relative paths, as string work alone
    (relpath asks the OS for the working directory twice per link; a site has 50,000 links)."""
    if not plain(target) or folder and not plain(folder):  # the library's own answer
        return posixpath.relpath(target, folder or ".")
    t, f = target.split("/"), folder.split("/") if folder else []
    common = 0
    for a, b in zip(t, f, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(f) - common) + t[common:]) or "."


class Linker:
    """Links from one page (`here`, a docs-relative source path) to others. `use_directory_urls`
    is a bool (MkDocs URLs) or a LinkStyle."""

    def __init__(self, here: str, use_directory_urls: bool | LinkStyle) -> None:
        how = style(use_directory_urls) if isinstance(use_directory_urls, bool) else use_directory_urls
        self.here, self.source, self.use_directory_urls = here, how == STYLE_SOURCE, how == "directory"
        self._base: str | None = None  # worked out on the first link: most pages of a run are never rendered

    @property
    def _from(self) -> str:
        if self._base is None:
            self._base = posixpath.dirname(self.here) if self.source else url(self.here, self.use_directory_urls)
        return self._base

    @property
    def where(self) -> tuple[bool, bool, str]:
        """What the links from this page depend on: two pages with the same links alike."""
        return self.source, self.use_directory_urls, self._from

    def to(self, src_uri: str) -> str:
        if self.source:
            return relative(src_uri, self._from)
        return relative_url(url(src_uri, self.use_directory_urls), self._from)
