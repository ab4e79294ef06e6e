"""`handoff new`: a draft from the CRM row that `handoff check` accepts, with every field listed as missing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from authoring_kit import check_one, invoke, make_repo, snapshot
from gitrepo import GitRepo
from handoff.authoring import atomic
from handoff.authoring.new import find_deal, latest_cohort, render, yaml_scalar
from handoff.record.parse import parse_text
from handoff.repo.crm import WonDeal

ALL_MISSING = (1, 2, 3, 4, 5, 6, 7, "ai_assist")


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_repo(git_repo)
    monkeypatch.chdir(git_repo.path)
    return git_repo.path


def test_new_writes_a_draft_that_check_accepts_with_all_seven_fields_missing(repo: Path) -> None:
    code, out, err = invoke("new", "Acme Logistics")
    assert (code, err) == (0, "")
    assert out == ("wrote records/acme-logistics.md: a draft with the seven fields as placeholders "
                   "(no cohort of this segment yet)\n")
    assert check_one(repo, "records/acme-logistics.md") == ("partial", ALL_MISSING, [])
    data = parse_text((repo / "records/acme-logistics.md").read_text()).data
    assert {k: data[k] for k in ("account", "closed", "arr", "term_months", "segment", "rep", "cs_owner", "stage")} == {
        "account": "Acme Logistics", "closed": dt.date(2026, 11, 18), "arr": 64000, "term_months": 12,
        "segment": "logistics", "rep": "Dana Ruiz", "cs_owner": "Lee Park", "stage": "draft"}


def test_the_draft_is_in_the_seed_templates_placeholder_form(repo: Path) -> None:
    invoke("new", "acme logistics")  # matched by slug, whatever the case
    text = (repo / "records/acme-logistics.md").read_text()
    for line in ('promised_outcome: "[1-2 sentences, verbatim from discovery]"', '  - "[criterion]"',
                 '  - objection: "[TEXT]"', '    answer: "[TEXT]"', '  name: "[NAME]"',
                 '  - "[What you\'d say in the hallway]"', '  target: "[N]"', 'lost_deal_cohort: "[cohort]"',
                 "AI-assist note: drafted by [AGENT], reviewed by [REP].", "  # due: 2027-01-17  (closed + 60 days"
                 " unless you set it)"):
        assert line in text.splitlines() or any(ln.startswith(line) for ln in text.splitlines()), line


def test_new_fills_field_seven_with_the_latest_cohort_of_the_segment(repo: Path) -> None:
    for name in ("2026-W40-logistics", "2026-W46-logistics", "2026-W47-healthcare", "2026-W44-logistics"):
        (repo / "cohorts" / f"{name}.md").write_text("---\nid: x\n---\n")
    code, out, _ = invoke("new", "Acme Logistics")
    assert code == 0 and "(field 7 set to 2026-W46-logistics)" in out
    status, missing, errors = check_one(repo, "records/acme-logistics.md")
    assert (status, missing, errors) == ("partial", (1, 2, 3, 4, 5, 6, "ai_assist"), [])


def test_a_cohort_written_by_handoff_cohort_is_picked_up(repo: Path) -> None:
    assert invoke("cohort", "--week", "2026-W47")[0] == 0
    invoke("new", "Acme: \"Logistics\" #1")
    assert "lost_deal_cohort: 2026-W47-logistics" in (repo / "records/acme-logistics-1.md").read_text()


def test_an_account_name_with_yaml_syntax_round_trips(repo: Path) -> None:
    code, _, err = invoke("new", 'Acme: "Logistics" #1')
    assert (code, err) == (0, "")
    path = repo / "records/acme-logistics-1.md"
    assert parse_text(path.read_text()).data["account"] == 'Acme: "Logistics" #1'
    assert "# cs_owner: the CS lead taking the account" in path.read_text()  # the row has none
    assert check_one(repo, "records/acme-logistics-1.md") == ("partial", ALL_MISSING, [])


def test_an_existing_record_is_refused_and_left_untouched(repo: Path) -> None:
    target = repo / "records/acme-logistics.md"
    target.write_bytes(b"my own work\r\n")
    before = snapshot(repo)
    code, out, err = invoke("new", "Acme Logistics")
    assert (code, out) == (1, "")
    assert err == "handoff: records/acme-logistics.md already exists; pass --force to overwrite it\n"
    assert snapshot(repo) == before


def test_force_overwrites_and_keeps_the_files_crlf_line_endings(repo: Path) -> None:
    target = repo / "records/acme-logistics.md"
    target.write_bytes(b"old\r\nfile\r\n")
    assert invoke("new", "Acme Logistics", "--force")[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"---\r\naccount: Acme Logistics\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert check_one(repo, "records/acme-logistics.md")[0] == "partial"


def test_an_unknown_account_gets_a_did_you_mean_from_the_crm(repo: Path) -> None:
    before = snapshot(repo)
    code, out, err = invoke("new", "Acme Logistix")
    assert (code, out) == (1, "")
    assert err == ("crm/closed-won.csv: no closed-won row for account `Acme Logistix`; did you mean "
                   "`Acme Logistics`? (add the deal to the CRM export, or check the spelling)\n")
    assert snapshot(repo) == before


@pytest.mark.parametrize(("csv", "message"), [
    ("account,closed,arr,term_months,segment,rep,cs_owner\nAcme Logistics,2026-11-31,1,12,x,Dana,\n",
     "crm/closed-won.csv:2: `closed` must be a date YYYY-MM-DD, found '2026-11-31'"),
    ("account,closed,arr,term_months,segment,rep,cs_owner\n\nOk,2026-11-18,1,12,x,Dana,\nAcme,2026-11-18,50K,12,x,,\n",
     "crm/closed-won.csv:4: `arr` must be a plain number >= 0, found '50K'"),
    ("account,closed,arr\nAcme,2026-11-18,1\n", "crm/closed-won.csv:1: header lacks column(s) term_months, segment"),
])
def test_a_malformed_crm_row_is_named_by_path_and_line(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch,
                                                      csv: str, message: str) -> None:
    make_repo(git_repo, won=csv)
    monkeypatch.chdir(git_repo.path)
    before = snapshot(git_repo.path)
    assert invoke("new", "Acme") == (1, "", message + "\n")
    assert snapshot(git_repo.path) == before


def test_a_missing_crm_export_names_the_fix(repo: Path) -> None:
    (repo / "crm/closed-won.csv").unlink()
    assert invoke("new", "Acme") == (
        1, "", "crm/closed-won.csv: no such file; export the closed-won deals from the CRM to it\n")


def test_a_missing_records_folder_is_refused_not_created(repo: Path) -> None:
    (repo / "records").rmdir()
    code, _, err = invoke("new", "Acme Logistics")
    assert code == 1
    assert err == ("records/acme-logistics.md: folder records/ does not exist; run `mkdir records` and try again\n")
    assert not (repo / "records").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_one_line_and_nothing_changes(repo: Path) -> None:
    (repo / "records").chmod(0o555)
    try:
        code, _, err = invoke("new", "Acme Logistics")
    finally:
        (repo / "records").chmod(0o755)
    assert code == 1 and err == "records/acme-logistics.md: cannot write in records/: Permission denied\n"
    assert list((repo / "records").iterdir()) == []


def test_a_failed_write_leaves_no_temporary_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root a read-only folder is still writable, so the refusal of the OS is simulated at its calls.
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    monkeypatch.setattr(atomic.os, "link", refuse)  # a new file is created by a hard link
    code, _, err = invoke("new", "Acme Logistics")
    assert (code, err) == (1, "records/acme-logistics.md: cannot write: Permission denied\n")
    assert list((repo / "records").iterdir()) == []


@pytest.mark.parametrize("value", [
    "Lee Park", 'Acme: "Logistics" #1', "no", "012", "2026-1-5", "[NAME]", "- x", "a #b", "", " padded ", "x\ny",
    "tab\there", "line\u2028sep", "Über", "null", "1e3", "@at", "`tick`", "'single'", "%pct", "*star", "&amp", "!bang",
])
def test_yaml_scalar_reads_back_as_the_same_text(value: str) -> None:
    assert parse_text(f"---\nv: {yaml_scalar(value)}\n---\n").data == {"v": value}


def test_yaml_scalar_leaves_plain_names_plain() -> None:
    assert yaml_scalar("Lee Park") == "Lee Park"
    assert yaml_scalar("no") == '"no"'


def _deal(account: str, closed: str, line: int) -> WonDeal:
    return WonDeal(account, dt.date.fromisoformat(closed), 1, 12, "x", "rep", "", line)


def test_find_deal_matches_by_slug_and_prefers_the_latest_close() -> None:
    deals = [_deal("Acme, Inc.", "2026-01-01", 2), _deal("ACME INC", "2026-06-01", 3), _deal("Other", "2027-01-01", 4)]
    assert find_deal(deals, "acme-inc") == deals[1]
    assert find_deal(deals, "???") is None


def test_latest_cohort_reads_file_names_only(tmp_path: Path) -> None:
    for name in ("2026-W09-retail", "2026-W10-retail", "2026-W52-retail-plus", "notes"):
        (tmp_path / f"{name}.md").write_text("")
    assert latest_cohort(tmp_path, "Retail") == "2026-W10-retail"
    assert latest_cohort(tmp_path, "healthcare") is None


@pytest.mark.parametrize("arr", [0, 64000, 12000.5, 1e-05, 2.5e-07, 123456789012.25])
def test_arr_is_written_as_a_plain_number_that_reads_back(arr: float) -> None:
    deal = WonDeal("Acme", dt.date(2026, 11, 18), arr, 12, "x", "Dana", "", 2)
    assert parse_text(render(deal, None)).data["arr"] == arr


def test_render_without_a_rep_leaves_a_placeholder_the_checker_reports() -> None:
    deal = WonDeal("Acme", dt.date(2026, 11, 18), 1, 12, "x", "", "", 2)
    assert parse_text(render(deal, None)).data["rep"] == "[REP]"
