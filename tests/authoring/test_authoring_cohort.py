"""`handoff cohort`: cohort files from the lost-deal queue by the 90-day rule, passing `handoff check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from authoring_kit import LOST, check_one, invoke, make_repo, snapshot
from gitrepo import GitRepo
from handoff.authoring.cohorts import build
from handoff.record.parse import parse_text
from handoff.repo.config import Settings
from handoff.repo.crm import LostDeal

EXPECTED_LOGISTICS = """---
id: 2026-W47-logistics
week: 2026-W47
segment: logistics
lost_count: 4
top_reasons:
- reason: Cheaper competitor
  count: 3
- reason: No budget this year
  count: 1
watch: Cheaper competitor cost 3 of 4 lost logistics deals; expect the same pressure at month 4-6 of renewals.
deals:
- account: Blue Anchor Shipping
  closed: 2026-09-14
  arr: 52000
  reason: Cheaper competitor
  competitor: RouteLite
  rep: Dana Ruiz
- account: Northwind Freight
  closed: 2026-10-02
  arr: 38000
  reason: Cheaper competitor
  competitor: RouteLite
  rep: Dana Ruiz
- account: Harbor Line
  closed: 2026-10-20
  arr: 41000
  reason: Cheaper competitor
  competitor: ShipFast
  rep: Sam Roe
- account: Peak Haulage
  closed: 2026-11-01
  arr: 27000
  reason: No budget this year
  rep: Sam Roe
---
We lost 4 logistics deals in the 90 days 2026-08-25 to 2026-11-22, $158,000 ARR. Top reasons: \
Cheaper competitor (3), No budget this year (1). Most named competitor: RouteLite (2). Bring this to the month 4-6 \
check-in of every account in this segment.
"""


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_repo(git_repo)
    monkeypatch.chdir(git_repo.path)
    return git_repo.path


def test_cohort_writes_one_file_per_segment_that_passes_check(repo: Path) -> None:
    code, out, err = invoke("cohort", "--week", "2026-W47")
    assert (code, err) == (0, "")
    assert out == ("wrote cohorts/2026-W47-healthcare.md: 1 lost deal\n"
                   "wrote cohorts/2026-W47-logistics.md: 4 lost deals\n")
    assert (repo / "cohorts/2026-W47-logistics.md").read_text() == EXPECTED_LOGISTICS
    for name in ("2026-W47-healthcare", "2026-W47-logistics"):
        assert check_one(repo, f"cohorts/{name}.md") == ("valid", (), [])
    assert invoke("check")[0] == 0


def test_segment_picks_one_cohort_matched_by_slug(repo: Path) -> None:
    assert invoke("cohort", "--week", "2026-W47", "--segment", "Logistics") == (
        0, "wrote cohorts/2026-W47-logistics.md: 4 lost deals\n", "")
    assert sorted(p.name for p in (repo / "cohorts").iterdir()) == ["2026-W47-logistics.md"]


def test_an_unknown_segment_gets_a_did_you_mean(repo: Path) -> None:
    assert invoke("cohort", "--week", "2026-W47", "--segment", "logistix") == (
        1, "", "crm/closed-lost.csv: no lost deals in segment `logistix`; did you mean `logistics`?\n")


def test_a_week_without_losses_says_so_and_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    assert invoke("cohort", "--week", "2027-W30") == (
        0, "no lost deals in the 90 days 2027-05-04..2027-08-01; nothing written\n", "")
    assert invoke("cohort", "--week", "2027-W30", "--segment", "healthcare") == (
        0, "no lost deals in segment healthcare in the 90 days 2027-05-04..2027-08-01; nothing written\n", "")
    assert snapshot(repo) == before


def test_existing_cohorts_are_refused_all_or_nothing_without_force(repo: Path) -> None:
    (repo / "cohorts/2026-W47-logistics.md").write_text("hand-edited\n")
    before = snapshot(repo)
    assert invoke("cohort", "--week", "2026-W47") == (
        1, "", "handoff: cohorts/2026-W47-logistics.md already exists; pass --force to overwrite it\n")
    assert snapshot(repo) == before  # healthcare was not written either
    assert invoke("cohort", "--week", "2026-W47", "--force")[0] == 0
    assert (repo / "cohorts/2026-W47-logistics.md").read_text() == EXPECTED_LOGISTICS


def test_force_keeps_an_existing_files_crlf(repo: Path) -> None:
    (repo / "cohorts/2026-W47-logistics.md").write_bytes(b"old\r\n")
    invoke("cohort", "--week", "2026-W47", "--segment", "logistics", "--force")
    raw = (repo / "cohorts/2026-W47-logistics.md").read_bytes()
    assert raw == EXPECTED_LOGISTICS.replace("\n", "\r\n").encode()
    assert check_one(repo, "cohorts/2026-W47-logistics.md") == ("valid", (), [])


@pytest.mark.parametrize("week", ["2026-W99", "2026-W00", "2026-47", "W47", "2026-W4", "2026-w47", "2026-W47x"])
def test_an_invalid_week_is_one_line_and_exit_one(repo: Path, week: str) -> None:
    before = snapshot(repo)
    assert invoke("cohort", "--week", week) == (
        1, "", f"handoff: --week {week!r} is not an ISO week; write YYYY-Www, e.g. 2026-W46\n")
    assert snapshot(repo) == before


def test_2026_has_a_week_53_and_2027_has_not(repo: Path) -> None:
    assert invoke("cohort", "--week", "2026-W53")[0] == 0
    assert invoke("cohort", "--week", "2027-W53")[0] == 1


def test_a_malformed_lost_row_is_named_by_path_and_line(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(git_repo, lost=LOST + "Bad Deal,2026-10-02,38000,logistics,Sam,,\n")
    monkeypatch.chdir(git_repo.path)
    assert invoke("cohort", "--week", "2026-W47") == (1, "", "crm/closed-lost.csv:8: `reason` is empty\n")
    assert list((git_repo.path / "cohorts").iterdir()) == []


def test_a_missing_cohorts_folder_is_refused(repo: Path) -> None:
    (repo / "cohorts").rmdir()
    code, _, err = invoke("cohort", "--week", "2026-W47")
    assert code == 1
    assert err == ("cohorts/2026-W47-healthcare.md: folder cohorts/ does not exist; "
                   "run `mkdir cohorts` and try again\n")


def _lost(account: str, closed: str, reason: str, segment: str = "retail", competitor: str = "") -> LostDeal:
    return LostDeal(account, dt.date.fromisoformat(closed), 1000, segment, "rep", reason, competitor, 2)


def test_the_look_back_is_the_90_days_ending_on_the_weeks_sunday_both_ends_included() -> None:
    deals = [_lost("Before", "2026-08-24", "a"), _lost("First", "2026-08-25", "a"),
             _lost("Sunday", "2026-11-22", "a"), _lost("Monday after", "2026-11-23", "a")]
    (cohort,) = build(deals, "2026-W47", None, Settings())
    assert [d.account for d in cohort.deals] == ["First", "Sunday"]


def test_reasons_rank_by_count_then_name_and_keep_three() -> None:
    deals = [_lost(f"D{i}", "2026-11-01", r) for i, r in enumerate(["zeta", "alpha", "beta", "beta", "gamma"])]
    (cohort,) = build(deals, "2026-W47", None, Settings())
    assert "top_reasons:\n- reason: beta\n  count: 2\n- reason: alpha\n  count: 1\n- reason: gamma\n  count: 1\n" \
           "watch:" in cohort.text


def test_values_that_yaml_would_misread_are_quoted_and_the_file_still_passes(tmp_path: Path) -> None:
    deals = [_lost("012", "2026-11-01", "no", competitor="1e3"), _lost("Yes", "2026-11-02", "2026-1-5"),
             _lost("<b>x</b> #1: y", "2026-11-03", "0x1F", segment="Retail")]
    (cohort,) = build(deals, "2026-W47", None, Settings())
    (tmp_path / "cohorts").mkdir()
    (tmp_path / "cohorts" / f"{cohort.id}.md").write_text(cohort.text)
    status, _, errors = check_one(tmp_path, f"cohorts/{cohort.id}.md")
    assert (status, errors) == ("valid", [])
    assert "- account: '012'" in cohort.text and "reason: 'no'" in cohort.text and "competitor: '1e3'" in cohort.text


def test_segment_spelling_is_the_most_used_one_and_the_id_uses_its_slug() -> None:
    deals = [_lost("A", "2026-11-01", "r", "Health Care"), _lost("B", "2026-11-01", "r", "health care"),
             _lost("C", "2026-11-01", "r", "Health Care")]
    (cohort,) = build(deals, "2026-W47", None, Settings())
    assert (cohort.id, cohort.segment) == ("2026-W47-health-care", "Health Care")


def test_an_export_that_is_not_utf8_names_its_line_and_writes_nothing(repo: Path) -> None:
    lost = (repo / "crm/closed-lost.csv").read_bytes() + "Café Noir,2026-11-02,1000,logistics,Dana,Timing,\n".encode(
        "latin-1")
    (repo / "crm/closed-lost.csv").write_bytes(lost)
    before = snapshot(repo)
    code, _, err = invoke("cohort", "--week", "2026-W47")
    line = lost.count(b"\n")
    assert (code, err) == (1, f"crm/closed-lost.csv:{line}: is not UTF-8; export it from the CRM as UTF-8 CSV\n")
    assert snapshot(repo) == before


def test_a_missing_export_says_how_to_provide_it(repo: Path) -> None:
    (repo / "crm/closed-lost.csv").unlink()
    code, _, err = invoke("cohort", "--week", "2026-W47")
    assert (code, err) == (
        1, "crm/closed-lost.csv: no such file; export the closed-lost deals from the CRM to it\n")


def test_an_excel_byte_order_mark_is_fine(repo: Path) -> None:
    lost = repo / "crm/closed-lost.csv"
    lost.write_bytes(b"\xef\xbb\xbf" + lost.read_bytes())
    code, out, _ = invoke("cohort", "--week", "2026-W47")
    assert code == 0 and out.startswith("wrote cohorts/2026-W47-")


@pytest.mark.parametrize("arr", ["0.0000001", "12000.5", "64000"])
def test_a_deal_arr_reads_back_as_written(repo: Path, arr: str) -> None:
    lost = repo / "crm/closed-lost.csv"
    lost.write_text(lost.read_text() + f"Tiny Co,2026-11-02,{arr},logistics,Dana,Timing,\n")
    assert invoke("cohort", "--week", "2026-W47")[0] == 0
    deals = parse_text((repo / "cohorts/2026-W47-logistics.md").read_text()).data["deals"]
    assert [d["arr"] for d in deals if d["account"] == "Tiny Co"] == [float(arr)]
