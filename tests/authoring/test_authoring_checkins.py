"""`handoff checkins`: complete records whose success metric is due in the N days after a date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authoring_kit import CONTRACT_EXAMPLE, EXAMPLES, invoke
from handoff.record.text import slugify

COHORT = (EXAMPLES / "cohorts" / "positive" / "2026-W46-logistics.md").read_text(encoding="utf-8")


def _record(account: str, due: str | None, *, cs_owner: bool = True, partial: bool = False) -> str:
    text = CONTRACT_EXAMPLE.replace("account: Contract Example", f"account: {account}")
    text = text.replace("  due: 2027-01-17\n", f"  due: {due}\n" if due else "")
    if not cs_owner:
        text = text.replace("cs_owner: Lee Park\n", "")
    if partial:
        text = text.replace("stage: closed-won", "stage: draft").replace("lost_deal_cohort: 2026-W46-logistics\n", "")
    return text


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cohorts").mkdir()
    (tmp_path / "cohorts/2026-W46-logistics.md").write_text(COHORT)
    records = {
        "Due On The Date": _record("Due On The Date", "2027-01-03"),
        "First Day": _record("First Day", "2027-01-04"),
        "Last Day": _record("Last Day", "2027-01-17", cs_owner=False),
        "Day After": _record("Day After", "2027-01-18"),
        "Default Due": _record("Default Due", None),  # closed 2026-11-18 + 60 days = 2027-01-17
        "Partial": _record("Partial", "2027-01-10", partial=True),
    }
    (tmp_path / "records").mkdir()
    for account, text in records.items():
        (tmp_path / "records" / f"{slugify(account)}.md").write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_text_lists_complete_records_due_after_the_date_up_to_date_plus_n(repo: Path) -> None:
    code, out, err = invoke("checkins", "--date", "2027-01-03", "--within", "14")
    assert (code, err) == (0, "")
    assert out == (
        "3 check-ins due 2027-01-04..2027-01-17:\n"
        "2027-01-04  First Day (Lee Park): Mis-routed shipments per 1,000: baseline 14, target 7  "
        "[records/first-day.md]\n"
        "2027-01-17  Default Due (Lee Park): Mis-routed shipments per 1,000: baseline 14, target 7  "
        "[records/default-due.md]\n"
        "2027-01-17  Last Day (Dana Ruiz): Mis-routed shipments per 1,000: baseline 14, target 7  "
        "[records/last-day.md]\n"
    )


def test_json_has_metric_baseline_target_due_and_owner(repo: Path) -> None:
    code, out, _ = invoke("checkins", "--date", "2027-01-03", "--within", "1", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "date": "2027-01-03", "within": 1, "window_end": "2027-01-04",
        "checkins": [{"account": "First Day", "slug": "first-day", "metric": "Mis-routed shipments per 1,000",
                      "baseline": 14, "target": 7, "due": "2027-01-04", "owner": "Lee Park",
                      "path": "records/first-day.md", "actual": None, "actual_date": None, "result": "pending"}],
    }


def test_the_default_window_is_checkin_days_from_handoff_toml(repo: Path) -> None:
    (repo / "handoff.toml").write_text("checkin_days = 1\n")
    out = invoke("checkins", "--date", "2027-01-03")[1]
    assert out.startswith("1 check-in due 2027-01-04..2027-01-04:\n")
    (repo / "handoff.toml").unlink()
    assert invoke("checkins", "--date", "2027-01-03")[1].startswith("3 check-ins due 2027-01-04..2027-01-17:\n")


def test_nothing_due_says_so(repo: Path) -> None:
    assert invoke("checkins", "--date", "2027-03-01") == (
        0, "no check-ins due 2027-03-02..2027-03-15 (14 days after 2027-03-01)\n", "")


@pytest.mark.parametrize("args", [["--date", "2027-02-30"], ["--date", "tomorrow"], ["--within", "0"],
                                  ["--format", "csv"]])
def test_bad_options_are_usage_errors(repo: Path, args: list[str]) -> None:
    assert invoke("checkins", *args)[0] == 2


def test_a_broken_handoff_toml_is_one_line(repo: Path) -> None:
    (repo / "handoff.toml").write_text("checkin_days = 'x'\n")
    assert invoke("checkins", "--date", "2027-01-03") == (1, "", "handoff.toml:1: `checkin_days` has the wrong type\n")
    assert invoke("checkins", "--within", "3")[0] == 1
