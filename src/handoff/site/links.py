"""Where generated pages live, and relative links between them.

Generated pages are raw HTML blocks. MkDocs does not rewrite links in them, so for
MkDocs links are computed here the way it computes page URLs (with or without
`use_directory_urls`). Zensical does rewrite them, reading each as a path relative to
the page's source file: for Zensical (`STYLE_SOURCE`) links point at the `.md` files."""

from __future__ import annotations

import posixpath
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


@lru_cache(maxsize=8192)
def url(src_uri: str, use_directory_urls: bool) -> str:
    from mkdocs.structure.files import File  # here: a run that renders no page never loads MkDocs

    return File(src_uri, None, "", use_directory_urls).url


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
        from mkdocs.utils import get_relative_url

        return get_relative_url(url(src_uri, self.use_directory_urls), self._from)
