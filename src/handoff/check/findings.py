"""Findings and per-file results: small immutable values that reporters print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from handoff.record.model import Cohort, Record
from handoff.record.text import one_line

Severity = Literal["error", "warning", "info"]
Status = Literal["complete", "partial", "invalid", "valid"]
Kind = Literal["record", "cohort", "config"]


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    code: str
    message: str
    severity: Severity = "error"

    def text(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        # One finding, one line: text quoted from the file may hold control characters.
        return f"{self.path}:{self.line}: {self.code} {prefix}{one_line(self.message, 1000)}"


@dataclass(frozen=True)
class AiAssist:
    agent: str
    reviewer: str
    line: int


@dataclass(frozen=True)
class FileResult:
    """What checking one file found. `status` is complete/partial/invalid for
    records and valid/invalid for cohorts; `missing` lists field numbers and
    `ai_assist`."""

    path: str
    kind: Kind
    status: Status
    missing: tuple[int | str, ...] = ()
    findings: tuple[Finding, ...] = ()
    record: Record | None = field(default=None, compare=False)
    cohort: Cohort | None = field(default=None, compare=False)
    ai_assist: AiAssist | None = None
    body: str = field(default="", compare=False)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")


def unreadable(path: str, kind: Kind, line: int, code: str, message: str) -> FileResult:
    """The result for a file that did not even parse."""
    return FileResult(path, kind, "invalid", findings=(Finding(path, line, code, message),))
