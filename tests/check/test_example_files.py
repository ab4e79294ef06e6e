"""One case per file, expected findings beside it (`<case>.expected`), in the style of
check-jsonschema's example files. Positive cases exit 0 (they may carry notes and
warnings); negative cases exit 1. No case changes a byte on disk.

Set HANDOFF_REGEN=1 to rewrite the `.expected` files, then review every diff.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handoff.cli.main import cli

HERE = Path(__file__).resolve().parent.parent / "example-files"
COHORT_FIXTURE = HERE / "cohorts" / "positive" / "2026-W46-logistics.md"
CASES = sorted(HERE.glob("*/*/*.md"))


def _case_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}/{path.stem}"


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_example_file(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kind, polarity = case.parent.parent.name, case.parent.name
    (tmp_path / "records").mkdir()
    (tmp_path / "cohorts").mkdir()
    shutil.copyfile(COHORT_FIXTURE, tmp_path / "cohorts" / COHORT_FIXTURE.name)
    target = tmp_path / kind / case.name
    shutil.copyfile(case, target)
    before = _digest(tmp_path)
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["check", f"{kind}/{case.name}"], catch_exceptions=False)

    lines = result.output.splitlines()
    assert lines[-1].startswith("checked "), result.output
    findings = "".join(line + "\n" for line in lines[:-1])
    expected_file = case.with_suffix(".expected")
    if os.environ.get("HANDOFF_REGEN"):
        expected_file.write_text(findings, encoding="utf-8")
    assert findings == expected_file.read_text(encoding="utf-8")
    assert result.exit_code == (0 if polarity == "positive" else 1), result.output
    assert _digest(tmp_path) == before
    if polarity == "negative":
        assert findings, "a negative case must say what is wrong"
