"""What the site shows, loaded once per build: checked records and cohorts, their
change history, the digest. Records and cohorts come from `run_check` on the
working tree (never parsed here); git is read through `sources`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Container
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from handoff.check.findings import FileResult, Finding
from handoff.record.text import slugify
from handoff.repo.config import Settings
from handoff.site.checkcache import cached_check
from handoff.site.rows import Brief, Row, digest
from handoff.site.sources import Changes, Gap, due_rows, gap, open_history, record_changes, top_level, window

if TYPE_CHECKING:
    from handoff.repo.history import History


@dataclass(frozen=True)
class Options:
    """The plugin's options; `days`/`high_arr` left None follow `handoff.toml` (as of `date` for the digest)."""

    date: dt.date
    days: int | None = None
    high_arr: float | None = None


@dataclass(frozen=True)
class Account:
    """A record's page: the brief of its row, and, read when first asked for (only a page
    that is rendered asks), its row (what the index pages show) and its full check result."""

    slug: str
    path: str  # the record's repo-relative path
    brief: Brief
    changes: Changes
    read_row: Callable[[], Row] = field(compare=False, repr=False)
    load: Callable[[], FileResult] = field(compare=False, repr=False)

    @cached_property
    def row(self) -> Row:
        return self.read_row()

    @cached_property
    def result(self) -> FileResult:
        return self.load()

    @property
    def title(self) -> str:
        return self.brief.title


@dataclass(frozen=True)
class CohortPage:
    id: str
    result: FileResult
    won: tuple[str, ...] = ()  # slugs of records that reference this cohort


@dataclass
class SiteData:
    root: Path
    settings: Settings
    options: Options
    accounts: dict[str, Account] = field(default_factory=dict)
    cohorts: dict[str, CohortPage] = field(default_factory=dict)
    make_gap: Callable[[], Gap] | None = None  # the digest and weekly series: computed when first shown
    problems: list[Finding] = field(default_factory=list)  # errors: logged as warnings
    history_note: str | None = None  # why there is no history to show
    history_fatal: bool = False  # the history would mislead (a shallow clone): logged as a warning
    fingerprints: dict[str, str] = field(default_factory=dict)  # repo path -> hash of its bytes and context
    made: dict[object, object] = field(default_factory=dict, repr=False, compare=False)  # parts pages share

    @cached_property
    def gap_figures(self) -> Gap:
        """The Gap page's figures from history, without its check-ins. Account and cohort pages
        never need them, so they are computed on first use: `handoff pages` renders those
        pages meanwhile."""
        return self.make_gap() if self.make_gap is not None else Gap(None)

    @cached_property
    def gap(self) -> Gap:
        """The Gap page's figures and the check-ins due in the `checkin_days` after the date."""
        rows = [acc.row for _slug, acc in self.due(*self.soon)]
        return replace(self.gap_figures, checkins=due_rows(rows, self.options.date, self.settings.checkin_days))

    @property
    def soon(self) -> tuple[dt.date, dt.date]:
        """The Gap's check-in window: the `checkin_days` after the date."""
        return window(self.options.date, self.settings.checkin_days)

    def due(self, first: dt.date | None, last: dt.date) -> list[tuple[str, Account]]:
        """The accounts with a check-in due in [first, last] (first None: any time up to last)."""
        return [(slug, acc) for slug, acc in self.accounts.items() if acc.brief.due is not None
                and (first is None or first <= acc.brief.due) and acc.brief.due <= last]

    @cached_property
    def rows_digest(self) -> str:
        """What the lists of accounts are made from, hashed once per run."""
        return digest((slug, acc.brief) for slug, acc in self.accounts.items())

    @cached_property
    def slugs_digest(self) -> str:
        """Which accounts have a page (the Gap page links the names it shows to them), hashed."""
        return hashlib.sha256("\n".join(self.accounts).encode("utf-8", "surrogateescape")).hexdigest()

    def account_slug(self, name: str) -> str | None:
        """The page slug of an account named in the digest, if it has a page."""
        slug = slugify(name)
        return slug if slug in self.accounts else None


NO_CHANGES = Changes()


def _stem(path: str) -> str:
    """A repo path's file name without its suffix: `posixpath.splitext(posixpath.basename(path))[0]`
    (a name's leading dots never start a suffix) as plain string work, 10,000 times a run."""
    name = path[path.rfind("/") + 1:]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 and name[:dot].strip(".") else name


def _unique(base: str, taken: Container[str]) -> str:
    # `index` would be the Accounts page's own address (accounts/index.html).
    slug, n = base or "record", 2
    while slug in taken or slug == "index":
        slug, n = f"{base}-{n}", n + 1
    return slug


def load_site(root: Path, date: dt.date, days: int | None = None, high_arr: float | None = None,
              jobs: int = 1) -> SiteData:
    """Check the working tree, read history once, compute the digest from it. Check results,
    history and the Gap's figures are kept in the repo's `.handoff/cache/` between runs."""
    fingerprints: dict[str, str] = {}
    with ThreadPoolExecutor(1) as pool:  # git reads the log on another core while the files are checked
        opening: list[Future[tuple[History | None, str | None, bool]]] = []
        run = cached_check(root, top_level(root), fingerprints, jobs,
                           started=lambda: opening.append(pool.submit(open_history, root)))
        history, note, fatal = opening[0].result()
    data = SiteData(root, run.settings, Options(date, days, high_arr), fingerprints=fingerprints)
    data.history_note, data.history_fatal = note, fatal
    changes = record_changes(history) if history is not None else {}
    references: dict[str, list[str]] = defaultdict(list)
    for item in run.files:
        if item.brief is not None:
            b, path = item.brief, item.shown
            data.problems.extend(b.errors)
            slug = _unique(slugify(_stem(path)), data.accounts)
            data.accounts[slug] = Account(slug, path, b, changes.get(path, NO_CHANGES), partial(run.row, item),
                                          partial(run.result, item))
            if b.cohort:
                references[b.cohort].append(slug)
        else:
            result = run.result(item)
            if result.status == "invalid":
                data.problems.extend(result.errors)
            stem = _stem(result.path)
            data.cohorts[stem] = CohortPage(stem, result)
    for cid, page in data.cohorts.items():
        won = sorted(references.get(cid, ()), key=lambda s: data.accounts[s].title.casefold())
        data.cohorts[cid] = CohortPage(cid, page.result, tuple(won))
    data.make_gap = lambda: gap(history, date, days, high_arr)
    return data
