"""`run_check` for the site, with results kept by content under `.handoff/cache/`.

A file's check result depends only on its bytes, its path and the repo's context (settings
and which cohorts exist), so it is kept under the sha-256 of those (`cachefiles`). A file
whose size, mtime, inode and ctime are those of the last run is not even read: its key,
its `Row` (records) or its result (cohorts) come from the file index. A record's full
result is loaded only when asked for (`SiteCheck.result`), i.e. when its page is rendered.
An incremental `handoff pages` thus reads and parses only the files that changed.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handoff.check.cohort import check_cohort
from handoff.check.findings import FileResult, Kind
from handoff.check.kept import answers_of, check_kept, keep
from handoff.check.record import CheckContext, check_record
from handoff.check.run import default_rels, display, repo_context, run_check
from handoff.record.parse import Document, ParseError, parse_or_error, read_bytes
from handoff.repo.asof import share
from handoff.repo.config import ConfigError, Settings, load_settings
from handoff.site.cachefiles import FORMAT, RACY_NS, Index, RowStore, Shards, dump, load, read_index, write_index
from handoff.site.forked import Forked, can_fork
from handoff.site.rows import Brief, Row, brief, row_of

FORK_FROM = 1000  # files to check afresh before a worker is worth starting


@dataclass
class Checked:
    """One record or cohort file: its result, or (a record unchanged since the last run) the
    brief of its row and the key its result is kept under; row and result are read when asked for."""

    shown: str
    kind: Kind
    key: str | None = None
    brief: Brief | None = None  # records only
    row: Row | None = None
    result: FileResult | None = None


@dataclass
class SiteCheck:
    settings: Settings
    files: list[Checked]
    shards: Shards | None = None
    ctx: CheckContext | None = None
    root: Path = field(default_factory=Path)
    rows: RowStore | None = None

    def row(self, item: Checked) -> Row:
        """A record's row: kept in memory, else read from the cache, else made from its result."""
        if item.row is None:
            got = self.rows.get(item.brief.digest) if self.rows is not None and item.brief is not None else None
            item.row = got if got is not None else row_of(self.result(item))
        return item.row

    def result(self, item: Checked) -> FileResult:
        """The file's full result: kept in memory, else loaded from the cache, else checked again."""
        if item.result is None:
            got = self.shards.get(item.key) if self.shards is not None and item.key is not None else None
            item.result = got if got is not None else self._again(item)
        return item.result

    def _again(self, item: Checked) -> FileResult:
        path, stem = self.root / item.shown, Path(item.shown).stem
        try:
            parsed: Document | ParseError = parse_or_error(read_bytes(path, self.settings.max_file_bytes))
        except ParseError as e:
            parsed = e
        if item.kind == "cohort":
            return check_cohort(item.shown, stem, parsed)
        return check_record(item.shown, stem, parsed, self.ctx or repo_context(self.root, self.settings))

    @property
    def results(self) -> tuple[FileResult, ...]:
        return tuple(self.result(item) for item in self.files)


@dataclass(frozen=True)
class _Miss:
    """A file whose result is not in the cache: where its result goes, and what to check."""

    item: Checked
    stem: str
    raw: bytes


def _plain(root: Path) -> SiteCheck:
    run = run_check(root, [])
    items = []
    for r in run.results:
        row = row_of(r) if r.kind == "record" else None
        items.append(Checked(r.path, r.kind, None, brief(row) if row else None, row, r))
    return SiteCheck(run.settings, items, root=root)


def cached_check(root: Path, top: Path | None, fingerprints: dict[str, str] | None = None,
                 jobs: int = 1, started: Callable[[], object] = lambda: None) -> SiteCheck:
    """Every record and cohort of the repo checked, as `run_check(root, [])` does; with `top`
    (the git top level) results are read from and kept in its cache folder, and `fingerprints`
    gets each file's key (its path, bytes and context, hashed) so pages need not read it again.
    With `jobs` > 1 and many files to check afresh, a forked worker checks every other one.
    `started` is called once, when files are being checked (after that worker is forked, so
    that a thread it starts is never running across a fork)."""
    try:
        settings = load_settings(root)
    except ConfigError:
        started()
        return _plain(root)
    if top is None:
        started()
        return _plain(root)
    ctx = repo_context(root, settings)
    context = repr((FORMAT, settings, ctx.cohort_ids())).encode()
    context_key = hashlib.sha256(context).hexdigest()
    stamp = time.time_ns()
    index = read_index(top, context_key)
    shards = Shards(top)
    fingerprints = fingerprints if fingerprints is not None else {}
    files: dict[str, tuple[int, int, int, int, str]] = {}
    briefs: dict[str, Brief] = {}
    store = RowStore(top)
    cohorts: dict[str, dict[str, Any]] = {}
    items: list[Checked] = []
    misses: list[_Miss] = []
    fresh: dict[str, dict[str, Any]] = {}  # results checked afresh, by key
    read = 0  # files read: an index with none is still the same
    base = os.path.join(root, "")  # with its separator: 10,000 paths are made by `+`
    for rel in default_rels(root):  # records/*.md and cohorts/*.md
        path = base + rel
        shown = rel if len(rel) <= 200 and rel.isprintable() else display(Path(path), root)
        item = Checked(shown, "cohort" if rel.startswith("cohorts/") else "record")
        items.append(item)
        st: os.stat_result | None
        try:
            st = os.lstat(path)  # a link has its own: it is refused when read
            now: tuple[int, int, int, int] | None = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        except OSError:
            st = now = None
        old = index.files.get(shown) if index is not None and now is not None else None
        if index is not None and old is not None and old[:4] == now and old[1] < index.stamp - RACY_NS:
            item.key = old[4]
            item.brief = index.briefs.get(item.key)
            cohort = index.cohorts.get(item.key) if item.kind == "cohort" else None
            item.result = load(cohort) if cohort is not None else None
            if item.brief is not None or cohort is not None and item.result is not None:
                fingerprints[shown], files[shown] = item.key, old
                if item.brief is not None:
                    briefs[item.key] = item.brief
                elif cohort is not None:
                    cohorts[item.key] = cohort
                continue
        read += 1
        stem = rel[rel.index("/") + 1:-3]
        try:
            raw = read_bytes(path, settings.max_file_bytes, st)
        except ParseError as e:
            item.key, item.result = None, (check_cohort(shown, stem, e) if item.kind == "cohort"
                                           else check_record(shown, stem, e, ctx))
            if item.kind == "record":
                item.row = row_of(item.result)
                item.brief = brief(item.row)
            continue
        item.key = fingerprints[shown] = hashlib.sha256(
            context + b"\0" + shown.encode("utf-8", "surrogateescape") + b"\0" + raw).hexdigest()
        if now is not None:
            files[shown] = (*now, item.key)
        if index is not None and item.key in index.briefs:
            item.brief = briefs[item.key] = index.briefs[item.key]
            continue
        item.result = shards.get(item.key)
        if item.result is None:
            misses.append(_Miss(item, stem, raw))
    _check_misses(misses, ctx, jobs, started, fresh)
    for item in items:
        if item.key is None or item.key in briefs or item.key in cohorts or item.result is None:
            continue
        if item.kind == "record":
            item.row = row_of(item.result)
            item.brief = briefs[item.key] = store.add(item.row)
        else:
            cohorts[item.key] = fresh.get(item.key) or dump(item.result)
    shards.save({i.key for i in items if i.key is not None}, fresh, trim=index is None)
    store.save({b.digest for b in briefs.values()}, {b.digest for b in index.briefs.values()} if index else None)
    if index is None or read or files.keys() != index.files.keys():
        # Built here from validated parts: not validated again (20,000 values at 10,000 records).
        write_index(top, Index.model_construct(context=context_key, stamp=stamp, files=files, briefs=briefs,
                                               cohorts=cohorts))
    return SiteCheck(settings, items, shards, ctx, root, store)


def _check_misses(misses: list[_Miss], ctx: CheckContext, jobs: int, started: Callable[[], object],
                  fresh: dict[str, dict[str, Any]]) -> None:
    """Check the files the cache had no result for, every other one in a forked worker when many."""

    def done(miss: _Miss, result: FileResult, parsed: Document | ParseError, dumped: dict[str, Any]) -> None:
        share(miss.raw, parsed)  # history's blobs with these bytes are not parsed again
        miss.item.result = result
        fresh[miss.item.key or ""] = dumped

    def here(miss: _Miss) -> tuple[FileResult, Document | ParseError]:
        parsed = parse_or_error(miss.raw)
        return (check_cohort(miss.item.shown, miss.stem, parsed) if miss.item.kind == "cohort"
                else check_kept(miss.item.shown, miss.stem, parsed, ctx)), parsed

    def there(i: int) -> tuple[dict[str, Any], Any, Any]:  # in a forked worker: plain data back
        miss = elsewhere[i]
        result, parsed = here(miss)
        answers = (answers_of(miss.item.shown, miss.stem, parsed, ctx.extra_keys)
                   if isinstance(parsed, Document) and miss.item.kind == "record" else None)
        shipped = parsed if isinstance(parsed, Document) else (parsed.code, parsed.line, parsed.message)
        return dump(result), shipped, answers

    forking = jobs > 1 and len(misses) >= FORK_FROM and can_fork()
    elsewhere = misses[1::2] if forking else []
    with Forked(there, list(range(len(elsewhere))), jobs - 1) if elsewhere else nullcontext() as forked:
        started()
        for miss in misses[0::2] if forking else misses:
            result, parsed = here(miss)
            done(miss, result, parsed, dump(result))
        for i, (dumped, shipped, answers) in forked.results() if forked is not None else ():
            miss = elsewhere[i]
            parsed = shipped if isinstance(shipped, Document) else ParseError(*shipped)
            loaded = load(dumped)
            if loaded is None:  # cannot happen for a dump of our own; check it here rather than trust it
                loaded, parsed = here(miss)
            elif answers is not None and isinstance(parsed, Document):
                keep(miss.item.shown, miss.stem, parsed, ctx.extra_keys, answers, loaded)
            done(miss, loaded, parsed, dumped)
