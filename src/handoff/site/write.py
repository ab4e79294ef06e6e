"""Write the generated pages under a docs folder: only what changed, nothing that is not ours.

The manifest (`manifest`) lists every file written here with the sha-256 of its content,
its size and mtime, and the page's input key. A run then
- refuses, before writing anything, a file in the way that the manifest does not list
  (a hand-written page is never touched);
- skips a page whose key and file are unchanged without rendering it, and leaves a
  rendered page alone when its bytes are the same (mtimes are kept, so a generator's
  cache stays warm);
- writes the others: a page that existed atomically (temporary file + rename), a new one in
  place, listed as pending first (no fsync per page: the pages are rebuilt from git at any
  time, and 10,000 fsyncs would cost more than the rest of the run);
- removes the files it wrote before that are no longer generated, unless edited since.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handoff.site.forked import Forked, WorkerLost, can_fork
from handoff.site.manifest import MANIFEST, PagesRefused, encode, read_manifest
from handoff.site.pages import Planned

PROGRESS_EVERY = 500
FORK_FROM = 400  # pages to render before workers are worth starting
Progress = Callable[[int, int, int], None]  # (done, total, written so far)


@dataclass
class WriteReport:
    total: int = 0
    written: list[str] = field(default_factory=list)
    rendered: int = 0
    removed: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)  # stale pages left because someone edited them


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stat(path: Path | str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _check_targets(out: Path, rels: Sequence[str], old: dict[str, dict[str, Any]],
                   shown: str) -> list[tuple[int, int] | None]:
    """Refuse a target in the way; each target's (size, mtime) when it exists."""
    top, inside, base = out.resolve(), {}, os.path.join(out, "")
    found: list[tuple[int, int] | None] = []
    for rel in rels:  # 10,000 pages: string work, not posixpath
        folder = rel[:max(rel.rfind("/"), 0)]  # planned paths are relative and normalised
        if folder not in inside:
            inside[folder] = (out / folder).resolve().is_relative_to(top)
        if not inside[folder]:
            raise PagesRefused(f"{shown}/{rel}: its folder leads outside {shown}/ (a symbolic link); remove the link")
        try:
            st = os.lstat(base + rel)
        except OSError:
            found.append(None)
            continue  # nothing there yet
        found.append((st.st_size, st.st_mtime_ns))
        mode = st.st_mode
        if not stat.S_ISREG(mode):
            raise PagesRefused(f"{shown}/{rel}: is in the way and is not a regular file; move it away")
        if rel not in old:
            raise PagesRefused(f"{shown}/{rel}: was not written by `handoff pages`, which never overwrites a "
                               "hand-written page; move it away or rename it")
    return found


def write_pages(out: Path, planned: Sequence[Planned], shown: str = "docs",
                progress: Progress | None = None, jobs: int = 1) -> WriteReport:
    """Bring `out` in line with `planned`. Raises PagesRefused (with nothing written when a
    file is in the way). With `jobs` > 1, pages that read nothing but the site's data
    (`Planned.alone`) are rendered and written by forked workers while this process makes the rest,
    then takes back what no worker has started."""
    out.mkdir(parents=True, exist_ok=True)
    old = read_manifest(out, shown)
    stats = _check_targets(out, [p.src_uri for p in planned], old, shown)
    fresh = {p.src_uri: {"pending": True} for p in planned if p.src_uri not in old}
    if fresh:  # listed before they are written: a run stopped half-way never leaves a page it does not own
        _write(out / MANIFEST, encode({**old, **fresh}), f"{shown}/{MANIFEST}")
    report, entries, written = WriteReport(total=len(planned)), {}, []

    def work(i: int) -> tuple[dict[str, Any], int, bool]:
        page, one = planned[i], WriteReport()
        entry = _one(out, page, old.get(page.src_uri), one, shown, stats[i])
        return entry, one.rendered, bool(one.written)

    def done(i: int, result: tuple[dict[str, Any], int, bool]) -> None:
        entries[i], rendered, wrote = result
        report.rendered += rendered
        if wrote:
            written.append(i)
        if progress is not None and (len(entries) % PROGRESS_EVERY == 0 or len(entries) == len(planned)):
            progress(len(entries), len(planned), len(written))

    # Pages made from the site's data alone have their key at hand: those unchanged are kept as
    # they are, here, once; the rest may go to workers.
    kept = {i for i, p in enumerate(planned)
            if p.alone and _unchanged(p.fingerprint(), old.get(p.src_uri), stats[i])}
    elsewhere = [i for i, p in enumerate(planned) if p.alone and i not in kept]
    if jobs < 2 or len(elsewhere) < FORK_FROM or not can_fork():
        elsewhere = []
    with Forked(work, elsewhere, jobs) if elsewhere else nullcontext() as forked:
        skip = set(elsewhere)
        for i in range(len(planned)):
            if i in kept:
                done(i, (old[planned[i].src_uri], 0, False))
            elif i not in skip:
                done(i, work(i))
        for i in forked.take_back() if forked is not None else ():  # this process's own pages are done: help
            done(i, work(i))
        try:
            for i, result in forked.results() if forked is not None else ():
                done(i, result)
        except WorkerLost as e:
            raise PagesRefused(f"{shown}/: {e}") from None
    new = {planned[i].src_uri: entries[i] for i in range(len(planned))}
    report.written = [planned[i].src_uri for i in sorted(written)]
    for rel in sorted(set(old) - set(new)):
        _remove(out, rel, old[rel], report)
    manifest = encode(new)
    try:
        if (out / MANIFEST).read_bytes() == manifest:
            return report
    except OSError:
        pass
    _write(out / MANIFEST, manifest, f"{shown}/{MANIFEST}")
    return report


def _unchanged(key: str | None, entry: dict[str, Any] | None, now: tuple[int, int] | None) -> bool:
    """Same inputs (`key`) as when written, and the file (size, mtime `now`) untouched since: not rendered again."""
    if key is None or entry is None or now is None or [entry.get("size"), entry.get("mtime_ns")] != list(now):
        return False
    return entry.get("key") == key and isinstance(entry.get("sha256"), str)


def _one(out: Path, page: Planned, entry: dict[str, Any] | None, report: WriteReport, shown: str,
         now: tuple[int, int] | None) -> dict[str, Any]:
    key = page.fingerprint()  # once: a key made from the Gap's figures takes more than a lookup
    if entry is not None and _unchanged(key, entry, now):
        return entry  # not even rendered
    path = out / page.src_uri
    data = page.make().encode("utf-8")
    report.rendered += 1
    sha = _sha(data)
    same = False
    if now is not None and now[0] == len(data):
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
    if not same:
        path.parent.mkdir(parents=True, exist_ok=True)
        if now is None:
            _create(path, data, f"{shown}/{page.src_uri}")
        else:
            _write(path, data, f"{shown}/{page.src_uri}")
        report.written.append(page.src_uri)
        now = _stat(path)
    size, mtime = now if now is not None else (len(data), 0)
    return {"sha256": sha, "size": size, "mtime_ns": mtime, "key": key}


def _create(path: Path, data: bytes, shown: str) -> None:
    """A page where there was none: written in place, one directory entry instead of two (a
    temporary file and its rename), which halves the kernel's work for a cold run's 10,000
    pages. Nothing can be lost: there was no file, and the manifest already lists the page
    as pending, so a run stopped half-way leaves a page the next run renders and rewrites."""
    try:
        with open(path, "xb") as f:
            f.write(data)
    except FileExistsError:  # appeared since it was looked at: replace it as any other page
        _write(path, data, shown)
    except OSError as e:
        path.unlink(missing_ok=True)
        raise PagesRefused(f"{shown}: cannot write: {e.strerror or e}") from None


def _write(path: Path, data: bytes, shown: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise PagesRefused(f"{shown}: cannot write: {e.strerror or e}") from None


def _remove(out: Path, rel: str, entry: dict[str, Any], report: WriteReport) -> None:
    path = out / rel
    if path.is_symlink() or not path.is_file() or not path.parent.resolve().is_relative_to(out.resolve()):
        return
    try:
        if _sha(path.read_bytes()) != entry.get("sha256"):
            report.kept_edited.append(rel)
            return
        path.unlink()
    except OSError:
        return
    report.removed.append(rel)
    folder = path.parent
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()  # only when empty
        except OSError:
            break
        folder = folder.parent
