"""Reading a record under hostile input: an integer too long for Python to read is one finding,
never a traceback (Python refuses to convert integers of over 4,300 digits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handoff.check.run import run_check

EXAMPLE = (Path(__file__).resolve().parents[1] / "example-files" / "records" / "positive"
           / "contract-example.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "line"), [
    ("arr: 64000", "arr: " + "9" * 5000, 4),
    ("term_months: 12", "term_months: " + "1" * 41, 5),
    ("  target: 7", "  target: " + "7" * 10_000, 34),
])
def test_an_overlong_integer_is_one_finding(tmp_path: Path, old: str, new: str, line: int) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "cohorts").mkdir()
    text = EXAMPLE.replace(old, new)
    assert text != EXAMPLE
    (tmp_path / "records" / "contract-example.md").write_text(text, encoding="utf-8")
    (result,) = run_check(tmp_path, []).results
    assert result.status == "invalid"
    (finding,) = result.findings
    assert finding.text() == (f"records/contract-example.md:{line}: yaml-number a number of {len(new.split()[-1])} "
                              "characters is too long (at most 40)")


def test_a_forty_digit_integer_still_reads(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "cohorts").mkdir()
    (tmp_path / "records" / "contract-example.md").write_text(EXAMPLE.replace("arr: 64000", "arr: " + "9" * 40))
    (result,) = run_check(tmp_path, []).results
    assert result.record is not None and result.record.arr == int("9" * 40)
