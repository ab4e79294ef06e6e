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
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handoff.check.cohort import check_cohort
from handoff.check.findings import AiAssist, FileResult, Finding
from handoff.check.kept import check_kept
from handoff.check.record import check_record
from handoff.check.run import CheckRun, default_targets, display, is_cohort_path, repo_context, run_check
from handoff.record.model import Cohort, Record
from handoff.record.parse import ParseError, parse_bytes, read_bytes
from handoff.repo.asof import share
from handoff.repo.config import ConfigError, load_settings
from handoff.repo.logcache import read_json, write_json

NAME = "checks-{}.json"  # 16 shards by the key's first hex digit: one changed record rewrites one
FORMAT = 1
SHARDS = "0123456789abcdef"


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


def cached_check(root: Path, top: Path | None, fingerprints: dict[str, str] | None = None) -> CheckRun:
    """Every record and cohort of the repo checked, as `run_check(root, [])` does; with `top`
    (the git top level) results are read from and kept in its cache folder, and `fingerprints`
    gets each file's key (its path, bytes and context, hashed) so pages need not read it again."""
    try:
        settings = load_settings(root)
    except ConfigError:
        return run_check(root, [])
    if top is None:
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
    results: list[FileResult] = []
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
            try:
                parsed: Any = parse_bytes(raw)
            except ParseError as e:
                parsed = e
            share(raw, parsed)  # history's blobs with these bytes are not parsed again
            result = check_cohort(shown, stem, parsed) if cohort else check_kept(shown, stem, parsed, ctx)
            kept[key] = _dump(result)
            redone.add(key[0])
        else:
            kept[key] = entries[key]
        results.append(result)
    for shard in SHARDS:
        now = {k: v for k, v in kept.items() if k[0] == shard}
        if shard in redone or now.keys() != {k for k in entries if k[0] == shard}:
            write_json(top, NAME.format(shard), {"format": FORMAT, "entries": now})
    return CheckRun(tuple(results), settings)
