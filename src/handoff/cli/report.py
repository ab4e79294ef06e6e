"""Reporters for `handoff check`: one interface, a name registry, an injected stream."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any, TextIO

from handoff import __version__
from handoff.check.findings import Finding
from handoff.check.run import CheckRun

Reporter = Callable[[CheckRun, TextIO], None]


def summary(run: CheckRun) -> dict[str, int]:
    kinds = Counter((r.kind, r.status) for r in run.results)
    sev = Counter(f.severity for r in run.results for f in r.findings)
    return {
        "records": sum(c for (k, _), c in kinds.items() if k == "record"),
        "complete": kinds[("record", "complete")],
        "partial": kinds[("record", "partial")],
        "invalid": sum(c for (_, status), c in kinds.items() if status == "invalid"),
        "cohorts": sum(c for (k, _), c in kinds.items() if k == "cohort"),
        "errors": sev["error"],
        "warnings": sev["warning"],
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text(run: CheckRun, out: TextIO) -> None:
    for result in run.results:
        for f in result.findings:
            out.write(f.text() + "\n")
    s = summary(run)
    out.write(
        f"checked {_plural(s['records'], 'record')} ({s['complete']} complete, {s['partial']} partial) "
        f"and {_plural(s['cohorts'], 'cohort')}: {s['invalid']} invalid, "
        f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}\n"
    )


def _finding(f: Finding) -> dict[str, Any]:
    return {"line": f.line, "code": f.code, "severity": f.severity, "message": f.message}


def as_json(run: CheckRun, out: TextIO) -> None:
    files = [
        {"path": r.path, "kind": r.kind, "status": r.status, "missing": list(r.missing),
         "findings": [_finding(f) for f in r.findings]}
        for r in run.results
    ]
    json.dump({"files": files, "summary": summary(run)}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


_GH_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def github(run: CheckRun, out: TextIO) -> None:
    for result in run.results:
        for f in result.findings:
            out.write(
                f"::{_GH_LEVEL[f.severity]} file={_gh_escape(f.path, True)},line={f.line},"
                f"title={_gh_escape(f.code, True)}::{_gh_escape(f.message)}\n"
            )


_SARIF_LEVEL = {"error": "error", "warning": "warning"}


def sarif(run: CheckRun, out: TextIO) -> None:
    # Code scanning keeps every result open as an alert: a draft's notes (its missing
    # fields) are work in progress, not problems, so only errors and warnings go in.
    findings = [f for r in run.results for f in r.findings if f.severity != "info"]
    rules = sorted({f.code for f in findings})
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "handoff",
                "version": __version__,
                "rules": [{"id": code, "shortDescription": {"text": code.replace("-", " ")}} for code in rules],
            }},
            "results": [{
                "ruleId": f.code,
                "ruleIndex": rules.index(f.code),
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path},
                    "region": {"startLine": max(f.line, 1)},
                }}],
            } for f in findings],
        }],
    }
    json.dump(log, out, indent=2, ensure_ascii=False)
    out.write("\n")


REPORTERS: dict[str, Reporter] = {"text": text, "json": as_json, "github": github, "sarif": sarif}
