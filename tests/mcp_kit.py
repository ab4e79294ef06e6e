"""What the MCP server's tests share: the demo repo, a hostile repo, the CLI's own output to compare with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp.types import CallToolResult, TextContent

from authoring_kit import invoke

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLES = PROJECT / "tests" / "example-files"
COHORT_FIXTURE = EXAMPLES / "cohorts" / "positive" / "2026-W46-logistics.md"
HOSTILE = sorted(EXAMPLES.glob("records/*/*.md"))
READ_TOOLS = ["check_record", "digest", "get_cohort", "get_record", "list_accounts", "open_account"]
WRITE_TOOLS = ["new_record", "review_record"]


def build_demo(dest: Path) -> Path:
    """The demo repo with its five weeks of history (demo/build_repo.py)."""
    subprocess.run([sys.executable, str(PROJECT / "demo" / "build_repo.py"), str(dest)], env=dict(os.environ),
                   check=True, capture_output=True)
    return dest


def hostile_repo(dest: Path) -> Path:
    """A repo whose records/ holds every record fixture `handoff check` is tested on, bad ones included."""
    (dest / "records").mkdir(parents=True)
    (dest / "cohorts").mkdir()
    shutil.copyfile(COHORT_FIXTURE, dest / "cohorts" / COHORT_FIXTURE.name)
    for case in HOSTILE:
        shutil.copyfile(case, dest / "records" / case.name)
    return dest


def text(result: CallToolResult) -> str:
    (block,) = result.content
    assert isinstance(block, TextContent)
    return block.text


def data(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, text(result)
    assert result.structured_content is not None
    return result.structured_content


def cli(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """`handoff ARGS` run in-process in `root`: exit code, stdout, stderr."""
    with monkeypatch.context() as m:
        m.chdir(root)
        return invoke(*args)


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `root`, .git included, with its bytes, mtime and mode."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}
