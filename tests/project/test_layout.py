"""The package layout: one wing per job, imports running one way, small modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "handoff"
# A wing may import only from wings of a lower rank (and from itself).
RANK = {"record": 1, "repo": 2, "check": 3, "digest": 4, "authoring": 4, "site": 5, "cli": 6}
MAX_LINES = 270


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py"))


def test_every_wing_is_a_package_with_a_docstring() -> None:
    wings = {p.name for p in SRC.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert set(RANK) <= wings
    for wing in wings:
        init = SRC / wing / "__init__.py"
        assert init.is_file(), wing
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{wing}/__init__.py has no docstring"
    loose = sorted(p.name for p in SRC.glob("*.py") if p.name not in {"__init__.py", "__main__.py"})
    assert loose == [], f"modules outside a wing: {loose}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down_and_modules_stay_small(path: Path) -> None:
    rel = path.relative_to(SRC)
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{rel} has {lines} lines"
    if len(rel.parts) < 2 or rel.parts[0] not in RANK:
        return
    own = RANK[rel.parts[0]]
    for module in _imports(path):
        parts = module.split(".")
        if parts[0] != "handoff" or len(parts) < 2 or parts[1] not in RANK:
            continue
        if parts[1] == rel.parts[0]:
            continue
        assert RANK[parts[1]] < own, f"{rel} imports {module}: arrows run cli -> site, digest, authoring -> record"


def test_reading_and_checking_never_load_git_click_or_mkdocs() -> None:
    code = (
        "import sys\n"
        "import handoff.record.parse, handoff.check.run, handoff.check.record\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'git', 'click', 'mkdocs', 'markdown'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
