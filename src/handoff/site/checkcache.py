"""`run_check` for the site, with results kept by content under `.handoff/cache/checks.json`.

A file's check result depends only on its bytes, its path and the repo's context (settings
and which cohorts exist), so it is kept under the sha-256 of those. An incremental
`handoff pages` then parses only the records that changed (and rewrites one shard of the
cache, not all of it). The cache is data (JSON; the
record and cohort models are validated again on load, in pydantic's strict mode), so a
damaged or foreign file cannot do more than be ignored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handoff.check.cohort import check_cohort
from handoff.check.findings import AiAssist, FileResult, Finding
from handoff.check.kept import answers_of, check_kept, keep
from handoff.check.record import check_record
from handoff.check.run import CheckRun, default_targets, display, is_cohort_path, repo_context, run_check
from handoff.record.model import Cohort, Record
from handoff.record.parse import Document, ParseError, parse_or_error, read_bytes
from handoff.repo.asof import share
from handoff.repo.config import ConfigError, load_settings
from handoff.repo.logcache import read_json, write_json
from handoff.site.forked import Forked, can_fork

NAME = "checks-{}.json"  # 16 shards by the key's first hex digit: one changed record rewrites one
FORMAT = 1
SHARDS = "0123456789abcdef"
FORK_FROM = 1000  # files to check afresh before a worker is worth starting


@dataclass(frozen=True)
class _Miss:
    """A file whose result is not in the cache: where its result goes, and what to check."""

    slot: int
    shown: str
    stem: str
    cohort: bool
    raw: bytes
    key: str


def _dump(r: FileResult) -> dict[str, Any]:
    return {"path": r.path, "kind": r.kind, "status": r.status, "missing": list(r.missing),
            "findings": [[f.path, f.line, f.code, f.message, f.severity] for f in r.findings],
            "record": r.record.model_dump_json() if r.record is not None else None,
            "cohort": r.cohort.model_dump_json() if r.cohort is not None else None,
            "ai": [r.ai_assist.agent, r.ai_assist.reviewer, r.ai_assist.line] if r.ai_assist else None,
            "body": r.body}


def _load(d: Any) -> FileResult | None:
    try:
        ai = d["ai"]
        return FileResult(
            str(d["path"]), d["kind"], d["status"], tuple(d["missing"]),
            tuple(Finding(str(p), int(line), str(c), str(m), s) for p, line, c, m, s in d["findings"]),
            Record.model_validate_json(d["record"]) if d["record"] is not None else None,
            Cohort.model_validate_json(d["cohort"]) if d["cohort"] is not None else None,
            AiAssist(str(ai[0]), str(ai[1]), int(ai[2])) if ai is not None else None,
            str(d["body"]))
    except (KeyError, TypeError, ValueError, IndexError, ValidationError):
        return None


def cached_check(root: Path, top: Path | None, fingerprints: dict[str, str] | None = None,
                 jobs: int = 1, started: Callable[[], object] = lambda: None) -> CheckRun:
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
        return run_check(root, [])
    if top is None:
        started()
        return run_check(root, [])
    ctx = repo_context(root, settings)
    context = repr((FORMAT, settings, ctx.cohort_ids())).encode()
    entries: dict[str, Any] = {}
    for shard in SHARDS:
        old = read_json(top, NAME.format(shard))
        if isinstance(old, dict) and old.get("format") == FORMAT and isinstance(old.get("entries"), dict):
            entries.update(old["entries"])
    kept: dict[str, Any] = {}
    redone: set[str] = set()  # shards with an entry checked afresh (new, or unreadable in the cache)
    results: list[FileResult | None] = []
    misses: list[_Miss] = []
    for path in default_targets(root):
        rel = f"{path.parent.name}/{path.name}"  # default targets are records/*.md and cohorts/*.md
        shown = rel if len(rel) <= 200 and rel.isprintable() else display(path, root)
        stem = path.name[:-3]
        cohort = is_cohort_path(path)
        try:
            raw = read_bytes(path, settings.max_file_bytes)
        except ParseError as e:
            results.append(check_cohort(shown, stem, e) if cohort else check_record(shown, stem, e, ctx))
            continue
        key = hashlib.sha256(context + b"\0" + shown.encode("utf-8", "surrogateescape") + b"\0" + raw).hexdigest()
        if fingerprints is not None:
            fingerprints[shown] = key
        result = _load(entries[key]) if key in entries else None
        if result is None:
            misses.append(_Miss(len(results), shown, stem, cohort, raw, key))
        else:
            kept[key] = entries[key]
        results.append(result)

    def done(miss: _Miss, result: FileResult, parsed: Document | ParseError, dumped: dict[str, Any]) -> None:
        share(miss.raw, parsed)  # history's blobs with these bytes are not parsed again
        results[miss.slot] = result
        kept[miss.key] = dumped
        redone.add(miss.key[0])

    def here(miss: _Miss) -> tuple[FileResult, Document | ParseError]:
        parsed = parse_or_error(miss.raw)
        return (check_cohort(miss.shown, miss.stem, parsed) if miss.cohort
                else check_kept(miss.shown, miss.stem, parsed, ctx)), parsed

    def there(i: int) -> tuple[dict[str, Any], Any, Any]:  # in a forked worker: plain data back
        miss = elsewhere[i]
        result, parsed = here(miss)
        answers = (answers_of(miss.shown, miss.stem, parsed, ctx.extra_keys)
                   if isinstance(parsed, Document) and not miss.cohort else None)
        shipped = parsed if isinstance(parsed, Document) else (parsed.code, parsed.line, parsed.message)
        return _dump(result), shipped, answers

    forking = jobs > 1 and can_fork() and len(misses) >= FORK_FROM
    elsewhere = misses[1::2] if forking else []
    with Forked(there, list(range(len(elsewhere))), jobs - 1) if elsewhere else nullcontext() as forked:
        started()
        for miss in misses[0::2] if forking else misses:
            result, parsed = here(miss)
            done(miss, result, parsed, _dump(result))
        for i, (dumped, shipped, answers) in forked.results() if forked is not None else ():
            miss = elsewhere[i]
            parsed = shipped if isinstance(shipped, Document) else ParseError(*shipped)
            loaded = _load(dumped)
            if loaded is None:  # cannot happen for a dump of our own; check it here rather than trust it
                loaded, parsed = here(miss)
            elif answers is not None and isinstance(parsed, Document):
                keep(miss.shown, miss.stem, parsed, ctx.extra_keys, answers, loaded)
            done(miss, loaded, parsed, dumped)
    for shard in SHARDS:
        now = {k: v for k, v in kept.items() if k[0] == shard}
        if shard in redone or now.keys() != {k for k in entries if k[0] == shard}:
            write_json(top, NAME.format(shard), {"format": FORMAT, "entries": now})
    return CheckRun(tuple(r for r in results if r is not None), settings)
