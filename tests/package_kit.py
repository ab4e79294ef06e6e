"""What tells someone to install the bare `handoff` (an unrelated project on the package index)."""

from __future__ import annotations

import re

# `handoff` as a distribution name: not followed by `-records` (or `_records`), and not part of a
# longer word or path (`handoff.toml`, `handoff/`, `src/handoff`, `handoff check`).
_BARE = r"handoff(?![-_.]?records)(?![\w/.-])"
BARE_INSTALL = [
    re.compile(rf"\b(?:pip3?|pipx|uv\s+pip|python\S*\s+-m\s+pip)\s+install\b[^\n#;&|]*?(?<![\w/.-]){_BARE}", re.I),
    re.compile(rf"\buv\s+(?:add|tool\s+install)\b[^\n#;&|]*?(?<![\w/.-]){_BARE}", re.I),
    re.compile(rf"(?<![\w/.-]){_BARE}\s*(?:\[[^\]]*\])?\s*(?:==|>=|<=|~=|!=|===|<|>)\s*\d", re.I),
    # "handoff" as a requirement in a list of requirements (pyproject, pre-commit, setup.py)
    re.compile(rf"""(?:dependencies|requires|install_requires|requirements)["']?\s*[=:]\s*\[[^\]]*["']{_BARE}""", re.I),
    re.compile(rf"^\s*-\s*{_BARE}\s*$", re.M),  # a YAML list of requirements (additional_dependencies)
]


def offending_lines(text: str) -> list[str]:
    """The lines of `text` holding an install of bare `handoff`."""
    lines = text.splitlines()
    return [lines[text.count("\n", 0, m.end() - 1)].strip() for pat in BARE_INSTALL for m in pat.finditer(text)]
