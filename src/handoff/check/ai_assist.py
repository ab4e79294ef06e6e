"""The AI-assist line: `AI-assist note: drafted by <AGENT>, reviewed by <REVIEWER>.` in a record's body."""

from __future__ import annotations

import re

from handoff.check.findings import AiAssist, Finding, Severity
from handoff.record.model import AI_ASSIST_FORM
from handoff.record.text import is_placeholder, one_line

_AI_START = re.compile(r"^[\s>*_#-]*AI-assist note[*_]*\s*:[*_]*\s*(.*)$", re.IGNORECASE)
_AI_FORM = re.compile(r"^drafted by\s+(.+?)\s*,\s*reviewed by\s+(.+?)[\s.*_]*$", re.IGNORECASE)


def read_ai_assist(path: str, body: str, body_line: int, fence_line: int, rep: str | None,
                   severity: Severity) -> tuple[AiAssist | None, list[Finding]]:
    """The valid AI-assist line of a body (the last one, if several) and what is wrong with it.

    `severity` is the weight of a missing or malformed line (an error only for closed-won);
    a reviewer other than `rep` is a warning."""
    found: AiAssist | None = None
    findings: list[Finding] = []
    seen = 0
    for offset, line in enumerate(body.split("\n")):
        start = _AI_START.match(line)
        if not start:
            continue
        seen += 1
        lineno = body_line + offset
        form = _AI_FORM.match(start.group(1).strip())
        if not form:
            findings.append(Finding(path, lineno, "ai-assist", f"write the line as `{AI_ASSIST_FORM}`", severity))
            continue
        agent, reviewer = form.group(1).strip(), form.group(2).strip()
        blank = [n for n, v in (("agent", agent), ("reviewer", reviewer)) if is_placeholder(v)]
        if blank:
            still = "is still a placeholder" if len(blank) == 1 else "are still placeholders"
            findings.append(Finding(path, lineno, "ai-assist", f"the AI-assist line's {' and '.join(blank)} {still}",
                                    severity))
            continue
        found = AiAssist(agent, reviewer, lineno)
    if seen > 1:
        findings.append(Finding(path, found.line if found else body_line, "ai-assist-duplicate",
                                f"{seen} AI-assist lines; keep one", "warning"))
    if seen == 0:
        findings.append(Finding(path, fence_line, "ai-assist",
                                f"the AI-assist line is missing: end the body with `{AI_ASSIST_FORM}`", severity))
    if found and rep is not None and _name(found.reviewer) != _name(rep):
        findings.append(Finding(path, found.line, "ai-assist-reviewer",
                                f"reviewed by {one_line(found.reviewer, 40)}, not by the rep {one_line(rep, 40)}",
                                "warning"))
    return found, findings


def _name(name: str) -> str:
    return " ".join(name.split()).casefold()
