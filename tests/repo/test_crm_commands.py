"""The CRM reader behind the commands: digest, new and `handoff crm` on v1 and team exports."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from authoring_kit import WON, check_one, invoke, make_repo, snapshot
from gitrepo import GitRepo

EXPORTS = Path(__file__).resolve().parents[1] / "example-files" / "crm"
SEED_PLAN = [(f"Account {c}", f"2026-11-{17 + i % 5}", 1000 * (i + 1), "Dana Ruiz") for i, c in enumerate("ABCDEFGHI")]
SEED_PLAN[0] = ("Acme Logistics", "2026-11-17", 64000, "Dana Ruiz")


def won(*rows: tuple[str, str, int, str]) -> str:
    return WON.splitlines(keepends=True)[0] + "".join(f"{a},{c},{arr},12,logistics,{rep},Lee Park\n"
                                                      for a, c, arr, rep in rows)


def digest(repo: GitRepo, *args: str) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(repo.path)
    try:
        return invoke("digest", *args)
    finally:
        os.chdir(old)


def test_digest_names_the_line_of_a_latin1_byte(git_repo: GitRepo) -> None:
    rows = won(*SEED_PLAN[:9]).encode() + "Café Noir,2026-11-20,1000,12,logistics,Dana,Lee\n".encode("latin-1")
    assert rows.count(b"\n") == 11 and rows.splitlines()[10].startswith(b"Caf\xe9")  # line 11
    git_repo.write("crm/closed-won.csv", rows)
    git_repo.commit("export", "2026-11-21T10:00:00+00:00")
    code, out, err = digest(git_repo, "--date", "2026-11-23")
    assert (code, out) == (1, "")
    assert err.startswith("crm/closed-won.csv:11: is not UTF-8; export it from the CRM as UTF-8 CSV (as of commit ")


def test_digest_refuses_a_deal_listed_twice_rather_than_count_it_twice(git_repo: GitRepo) -> None:
    git_repo.write("crm/closed-won.csv", won(*SEED_PLAN[:2]) + "ACME LOGISTICS,2026-11-19,1,12,x,Y,Z\n")
    git_repo.commit("export", "2026-11-21T10:00:00+00:00")
    code, _, err = digest(git_repo, "--date", "2026-11-23")
    assert code == 1
    assert err.startswith("crm/closed-won.csv:4: `account` 'ACME LOGISTICS' is the deal of line 2 again "
                          "(slug acme-logistics); one deal per account: remove or merge one of the rows (as of ")


def test_new_refuses_rather_than_take_another_rows_data(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(git_repo, won=WON + "acme logistics,2026-11-30,1,12,retail,Other Rep,\n")
    monkeypatch.chdir(git_repo.path)
    before = snapshot(git_repo.path)
    assert invoke("new", "Acme Logistics") == (
        1, "", "crm/closed-won.csv:5: `account` 'acme logistics' is the deal of line 2 again (slug acme-logistics); "
               "one deal per account: remove or merge one of the rows\n")
    assert snapshot(git_repo.path) == before


@pytest.mark.parametrize("owner", ["TBD", "-", "n/a"])
def test_new_does_not_write_a_placeholder_cs_owner(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch,
                                                   owner: str) -> None:
    make_repo(git_repo, won=WON.replace("Lee Park", owner))
    monkeypatch.chdir(git_repo.path)
    assert invoke("new", "Acme Logistics")[0] == 0
    text = (git_repo.path / "records/acme-logistics.md").read_text()
    assert "\ncs_owner:" not in text and "# cs_owner: the CS lead taking the account" in text
    status, _, errors = check_one(git_repo.path, "records/acme-logistics.md")
    assert (status, errors) == ("partial", [])


def _team_repo(git_repo: GitRepo, preset: str, fixture: str, toml: str) -> Path:
    make_repo(git_repo)
    (git_repo.path / "crm/closed-won.csv").unlink()
    (git_repo.path / "crm/closed-lost.csv").unlink()
    shutil.copyfile(EXPORTS / fixture, git_repo.path / "crm/deals.csv")
    git_repo.write("handoff.toml", f'[crm]\npreset = "{preset}"\nwon = "crm/deals.csv"\nlost = "crm/deals.csv"\n'
                   + toml)
    return git_repo.path


def test_crm_shows_the_mapping_and_counts(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    _team_repo(git_repo, "hubspot", "hubspot-deals.csv", "")
    monkeypatch.chdir(git_repo.path)
    code, out, err = invoke("crm")
    assert (code, err) == (0, "")
    assert out == (
        "preset hubspot: HubSpot: CRM > Deals > Export (all properties, property labels as column names); "
        "dates auto, decimal \".\"\n"
        "crm/deals.csv (won and lost deals; utf-8, delimiter ,):\n"
        "  account      <- \"Deal Name\"\n"
        "  closed       <- \"Close Date\"\n"
        "  arr          <- \"Amount\"\n"
        "  term_months     not in the export (`handoff new` leaves it for the rep)\n"
        "  segment         not in the export (`handoff new` leaves it for the rep)\n"
        "  rep          <- \"Deal owner\"\n"
        "  cs_owner        not in the export (optional)\n"
        "  stage        <- \"Deal Stage\"\n"
        "  reason       <- \"Closed Lost Reason\"\n"
        "  competitor      not in the export (optional)\n"
        "  rows read 4: 2 won, 1 lost\n"
        "2 won, 1 lost; every row read\n")
    code, out, _ = invoke("crm", "--format", "json")
    data = json.loads(out)
    assert (code, data["won"], data["lost"], data["errors"]) == (0, 2, 1, [])
    assert data["exports"][0]["columns"]["account"] == "Deal Name"


def test_crm_lists_every_unreadable_row_and_exits_1(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _team_repo(git_repo, "hubspot", "hubspot-deals.csv", "")
    with open(root / "crm/deals.csv", "ab") as f:
        f.write(b'"9005","Late Co","Closed Won","03/04/2026","Dana","5","P","","","","",""\r\n'
                b'"9006","Odd Co","Closed Won","2026-11-02","Dana","5k","P","","","","",""\r\n')
    monkeypatch.chdir(root)
    code, out, _ = invoke("crm")
    assert code == 1
    assert out.splitlines()[-3:] == [
        "crm/deals.csv:7: `closed` (\"Close Date\") must be a date YYYY-MM-DD, found '03/04/2026'; day and month "
        "cannot be told apart: set `date_format` in [crm] of handoff.toml (e.g. \"%m/%d/%Y\" or \"%d.%m.%Y\")",
        "crm/deals.csv:8: `arr` (\"Amount\") must be an amount like 58,000.00, $58,000 or USD 58,000 "
        "(decimal = \".\"), found '5k'; fix the cell or `decimal` in [crm] of handoff.toml",
        "2 won, 1 lost; 2 unreadable rows"]


def test_crm_on_v1_files_and_on_a_missing_export(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(git_repo)
    monkeypatch.chdir(git_repo.path)
    code, out, _ = invoke("crm")
    assert code == 0 and out.endswith("3 won, 6 lost; every row read\n")
    (git_repo.path / "crm/closed-lost.csv").unlink()
    code, out, _ = invoke("crm")
    assert code == 1 and out.splitlines()[-2:] == [
        "crm/closed-lost.csv: no such file; export the closed-lost deals from the CRM to it",
        "3 won, 0 lost; 1 unreadable row"]


@pytest.mark.parametrize(("preset", "fixture", "toml"), [
    ("hubspot", "hubspot-deals.csv", '[crm.columns]\nsegment = "Segment"\nterm_months = "Contract term (months)"\n'),
    ("salesforce", "salesforce-opportunities.csv",
     'date_format = "%m/%d/%Y"\n[crm.columns]\nsegment = "Segment"\nterm_months = "Contract Term"\n'),
    ("pipedrive", "pipedrive-deals.csv",
     '[crm.columns]\nsegment = "Deal - Segment"\nterm_months = "Deal - Term (months)"\n'),
])
def test_new_and_cohort_read_the_team_export(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, preset: str,
                                             fixture: str, toml: str) -> None:
    root = _team_repo(git_repo, preset, fixture, toml)
    monkeypatch.chdir(root)
    code, out, err = invoke("new", "Acme Logistics")
    assert (code, err) == (0, ""), err
    text = (root / "records/acme-logistics.md").read_text()
    assert "closed: 2026-11-18\narr: 64000\nterm_months: 12\nsegment: Logistics\nrep: Dana Ruiz\n" in text
    assert invoke("cohort", "--week", "2026-W47")[:2] == (0, "wrote cohorts/2026-W47-logistics.md: 1 lost deal\n")


def test_new_leaves_columns_the_export_lacks_for_the_rep(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _team_repo(git_repo, "hubspot", "hubspot-deals.csv", "")
    monkeypatch.chdir(root)
    code, _, err = invoke("new", "Acme Logistics")
    assert code == 0
    assert err == ("warning: crm/deals.csv:2: the export has no term_months column; fill `term_months` in "
                   "records/acme-logistics.md\n"
                   "warning: crm/deals.csv:2: the export has no segment column; fill `segment` in "
                   "records/acme-logistics.md\n")
    _, _, errors = check_one(root, "records/acme-logistics.md")
    assert errors == ["records/acme-logistics.md:6: placeholder `segment` is still a placeholder ('[segment]')",
                      "records/acme-logistics.md:5: type `term_months` should be a valid integer, found '[N]'"]
