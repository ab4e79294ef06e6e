"""Where generated pages live, and relative links between them.

Generated pages are raw HTML blocks, which MkDocs does not rewrite, so links
are computed here the way MkDocs computes page URLs (with or without
`use_directory_urls`)."""

from __future__ import annotations

from functools import lru_cache

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

HOME = "index.md"
GAP = "gap.md"
ACCOUNTS = "accounts.md"
COHORTS = "cohorts.md"
CSS = "assets/handoff/handoff.css"


def account(slug: str) -> str:
    return f"accounts/{slug}.md"


def cohort(cohort_id: str) -> str:
    # A cohort file may be called `index`; its page must not take the Cohorts page's address.
    return f"cohorts/{cohort_id}.md" if cohort_id != "index" else "cohorts/index-cohort.md"


@lru_cache(maxsize=8192)
def url(src_uri: str, use_directory_urls: bool) -> str:
    return File(src_uri, None, "", use_directory_urls).url


class Linker:
    """Links from one page (`here`, a docs-relative source path) to others."""

    def __init__(self, here: str, use_directory_urls: bool) -> None:
        self.here, self.use_directory_urls = here, use_directory_urls
        self._from = url(here, use_directory_urls)

    def to(self, src_uri: str) -> str:
        return get_relative_url(url(src_uri, self.use_directory_urls), self._from)
