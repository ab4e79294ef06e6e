"""`run_check` for the site, with results kept by content under `.handoff/cache/checks.json`.

A file's check result depends only on its bytes, its path and the repo's context (settings
and which cohorts exist), so it is kept under the sha-256 of those. An incremental
`handoff pages` then parses only the records that changed. The cache is data (JSON; the
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
from handoff.check.record import check_record
from handoff.check.run import CheckRun, default_targets, display, is_cohort_path, repo_context, run_check
from handoff.record.model import Cohort, Record
from handoff.record.parse import ParseError, parse_bytes, read_bytes
from handoff.repo.config import ConfigError, load_settings
from handoff.repo.logcache import read_json, write_json

NAME = "checks.json"
FORMAT = 1


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


def cached_check(root: Path, top: Path | None) -> CheckRun:
    """Every record and cohort of the repo checked, as `run_check(root, [])` does; with `top`
    (the git top level) results are read from and kept in its cache folder."""
    try:
        settings = load_settings(root)
    except ConfigError:
        return run_check(root, [])
    if top is None:
        return run_check(root, [])
    ctx = repo_context(root, settings)
    context = repr((FORMAT, settings, ctx.cohort_ids())).encode()
    old = read_json(top, NAME)
    entries: dict[str, Any] = old.get("entries", {}) if isinstance(old, dict) and old.get("format") == FORMAT else {}
    kept: dict[str, Any] = {}
    results: list[FileResult] = []
    for path in default_targets(root):
        shown = display(path, root)
        stem = path.name[:-3]
        cohort = is_cohort_path(path)
        try:
            raw = read_bytes(path, settings.max_file_bytes)
        except ParseError as e:
            results.append(check_cohort(shown, stem, e) if cohort else check_record(shown, stem, e, ctx))
            continue
        key = hashlib.sha256(context + b"\0" + shown.encode("utf-8", "surrogateescape") + b"\0" + raw).hexdigest()
        result = _load(entries[key]) if key in entries else None
        if result is None:
            try:
                parsed: Any = parse_bytes(raw)
            except ParseError as e:
                parsed = e
            result = check_cohort(shown, stem, parsed) if cohort else check_record(shown, stem, parsed, ctx)
            kept[key] = _dump(result)
        else:
            kept[key] = entries[key]
        results.append(result)
    if kept.keys() != entries.keys():
        write_json(top, NAME, {"format": FORMAT, "entries": kept})
    return CheckRun(tuple(results), settings)
