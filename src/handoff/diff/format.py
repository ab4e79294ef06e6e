"""`handoff diff` as text, markdown (one pull-request comment, found again by its marker) or JSON."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import Any

from handoff.diff.changes import RecordDiff, Report
from handoff.record.model import item_label

MARKER = "<!-- handoff-diff -->"  # the first line of the markdown: CI finds and updates its one comment by it
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~!#])")


def _items(items: tuple[int | str, ...]) -> str:
    return ", ".join(item_label(i) for i in items)


def _status(d: RecordDiff) -> str:
    if d.status == "added":
        return f"added, {d.after}"
    if d.status == "removed":
        return f"removed, was {d.before}"
    prefix = "renamed, " if d.status == "renamed" else ""
    return f"{prefix}{d.before} -> {d.after}" if d.before != d.after else f"{prefix}{d.after}"


def _details(d: RecordDiff) -> list[str]:
    out = []
    for word, items in (("filled", d.filled), ("emptied", d.emptied), ("changed", d.changed)):
        if items:
            out.append(f"{word}: {_items(items)}")
    if d.review:
        out.append(f"review: {d.review[0]} -> {d.review[1]}" + (f" by {d.review_by}" if d.review_by else ""))
    if d.stage:
        out.append(f"stage: {d.stage[0]} -> {d.stage[1]}")
    return out


def _where(d: RecordDiff) -> str:
    return f"{d.old_path} -> {d.new_path}" if d.status == "renamed" else d.path


def _summary(report: Report) -> str:
    n, c = len(report.records), len(report.cohorts)
    if not n and not c:
        return "no record or cohort changed"
    counts = {s: sum(1 for d in report.records if d.status == s) for s in ("added", "removed", "renamed", "modified")}
    parts = ", ".join(f"{v} {'changed' if k == 'modified' else k}" for k, v in counts.items() if v)
    records = f"{n} record{'s' if n != 1 else ''}" + (f" ({parts})" if parts else "")
    return f"{records}, {c} cohort{'s' if c != 1 else ''}"


def as_text(report: Report) -> str:
    lines = [f"handoff diff {report.base}...{report.head}: {_summary(report)}"]
    for d in report.records:
        lines.append(f"{_where(d)} ({d.name}): {_status(d)}")
        lines += [f"  {line}" for line in _details(d)]
    for d in report.cohorts:
        lines.append(f"{_where(d)}: {_status(d)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text from a record, inert in a comment: no markup, no HTML, one line."""
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


def _code(text: str) -> str:
    """A path as a code span: GitHub shows its text as is; only a backtick could end it early."""
    return "`" + " ".join(text.split()).replace("`", "'") + "`"


def as_markdown(report: Report) -> str:
    lines = [MARKER, f"### handoff diff: {_summary(report)}", "",
             f"Compared {_code(report.base)} with {_code(report.head)}.", ""]
    for d in report.records:
        lines.append(f"- **{_md(d.name)}** {_code(_where(d))}: {_md(_status(d))}")
        lines += [f"  - {_md(line)}" for line in _details(d)]
    if report.cohorts:
        lines += ["", "Cohorts:", ""]
        lines += [f"- {_code(_where(d))}: {_md(_status(d))}" for d in report.cohorts]
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    def item(d: RecordDiff) -> dict[str, Any]:
        out = asdict(d)
        out["path"] = d.path
        return out

    payload = {"base": report.base, "head": report.head, "records": [item(d) for d in report.records],
               "cohorts": [item(d) for d in report.cohorts]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render(report: Report, fmt: str) -> str:
    return {"text": as_text, "markdown": as_markdown, "json": as_json}[fmt](report)
