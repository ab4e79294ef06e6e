"""`handoff digest` replays the seed article on real git history, as golden outputs in all three formats.

The manager scan: 12 deals planned, 9 records present, 3 missing (named), 4 partial
with field 5 and field 7 blank, 2 of them above 50K ARR, the rep who skipped most
and the CS lead with most rejections. The micro-case: week one 6 of 14 complete,
week two 13 of 14. Builders here are shared with test_digest_history.py.

Set HANDOFF_WRITE_GOLDEN=1 to rewrite the golden files, then read the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cohort_kit import COHORT
from conftest import PROJECT
from gitrepo import GitRepo
from handoff.cli.main import cli
from handoff.digest.compute import WeekPoint, weekly_series
from handoff.repo.history import History

GOLDEN = PROJECT / "tests" / "golden" / "digest"
HEADER = "account,closed,arr,term_months,segment,rep,cs_owner\n"
FILLED = {
    1: 'promised_outcome: "Cut mis-routed shipments in half before the March peak."\n',
    2: "decision_criteria:\n  - Works with their TMS\n  - Live within 30 days\n",
    3: "objections:\n  - objection: Unproven at our volume.\n    answer: Reference call with a larger shipper.\n",
    4: "champion:\n  name: Priya Shah\n  role: VP Operations\n  stake: Peak-season target.\n"
       "skeptic:\n  name: Tom Becker\n  role: IT Director\n  worry: Another integration.\n",
    5: "risk_flags:\n  - Budget approved only for year one.\n",
    6: "success_metric:\n  metric: Mis-routed shipments per 1,000\n  baseline: 14\n  target: 7\n",
    7: "lost_deal_cohort: 2026-W46-logistics\n",
}
BLANK = {5: "risk_flags:\n  - TBD\n", 7: 'lost_deal_cohort: "[cohort id]"\n'}


def record(account: str, closed: str, arr: int, rep: str, blank: tuple[int, ...] = (),
           review: tuple[str, str] | None = None, note: str = "") -> str:
    """A record: every field filled except `blank` (left as the template's placeholders)."""
    stage = "draft" if blank else "closed-won"
    fields = "".join(BLANK[n] if n in blank else text for n, text in FILLED.items())
    if review:
        status, by = review
        fields += f"review:\n  status: {status}\n  by: {by}\n" + ("  reason: Name the risks.\n"
                                                                  if status == "rejected" else "")
    return (f"---\naccount: {account}\nclosed: {closed}\narr: {arr}\nterm_months: 12\nsegment: logistics\n"
            f"rep: {rep}\nstage: {stage}\n{fields}---\n{note}\n"
            f"AI-assist note: drafted by DealDesk, reviewed by {rep}.\n")


def won(*rows: tuple[str, str, int, str]) -> str:
    return HEADER + "".join(f"{a},{c},{arr},12,logistics,{rep},Lee Park\n" for a, c, arr, rep in rows)


def slug(account: str) -> str:
    return account.lower().replace(" ", "-")


def digest(repo: GitRepo, *args: str) -> tuple[int, str, str]:
    """`handoff digest ARGS` in-process, from the repo's folder."""
    old = Path.cwd()
    os.chdir(repo.path)
    try:
        result = CliRunner().invoke(cli, ["digest", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


# The seed's week: D = Monday 2026-11-23, the 7 days 2026-11-17..23.
SEED_PLAN = [
    ("Acme Logistics", "2026-11-17", 64000, "Dana Ruiz"),  # complete
    ("Birch Dental", "2026-11-18", 22000, "Sofia Lindqvist"),  # complete
    ("Cobalt Labs", "2026-11-19", 90000, "Marcus Obi"),  # complete
    ("Delta Cargo", "2026-11-20", 35000, "Marcus Obi"),  # complete
    ("Evergreen Foods", "2026-11-23", 48000, "Sofia Lindqvist"),  # complete, committed 23:30 -08:00
    ("Fjord Shipping", "2026-11-18", 72000, "Raj Patel"),  # partial, above 50K
    ("Granite Works", "2026-11-19", 58000, "Raj Patel"),  # partial, above 50K
    ("Harbor Clinics", "2026-11-20", 50000, "Dana Ruiz"),  # partial, exactly 50K: not above
    ("Iris Analytics", "2026-11-21", 30000, "Sofia Lindqvist"),  # partial
    ("Juniper Health", "2026-11-21", 41000, "Dana Ruiz"),  # missing
    ("Kestrel Freight", "2026-11-22", 66000, "Dana Ruiz"),  # missing
    ("Lumen Retail", "2026-11-22", 27000, "Raj Patel"),  # missing
]
OUTSIDE = [("Northwind Old", "2026-11-16", 10000, "Dana Ruiz")]  # closed the day before the window
COMPLETE = SEED_PLAN[:5]
PARTIAL = SEED_PLAN[5:9]


def seed_repo(repo: GitRepo) -> GitRepo:
    """The seed week as history: records drafted over the week, CS reviews (some on merged
    branches), and commits after D that must not change the digest as of D."""
    def put(row: tuple[str, str, int, str], blank: tuple[int, ...] = (), review: tuple[str, str] | None = None,
            note: str = "") -> None:
        repo.write(f"records/{slug(row[0])}.md", record(*row, blank=blank, review=review, note=note))

    acme, birch, cobalt, delta, evergreen = COMPLETE
    fjord, granite, harbor, iris = PARTIAL
    repo.write("crm/closed-won.csv", won(*OUTSIDE, acme))
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.commit("Plan and the week-46 cohort", "2026-11-14T09:00:00+00:00", author="Ops Bot")
    put(acme, blank=(5,), review=("rejected", "Hannah Cole"))
    repo.commit("Acme draft, rejected by CS", "2026-11-15T10:00:00+01:00", author="Hannah Cole")  # before window
    repo.write("crm/closed-won.csv", won(*OUTSIDE, *SEED_PLAN))
    put(acme, review=("accepted", "Lee Park"))
    for row in (birch, cobalt, delta):
        put(row)
    repo.commit("CRM export; Acme fixed and accepted; three complete records", "2026-11-17T18:00:00+01:00",
                author="Dana Ruiz")
    for row in (fjord, granite, harbor, iris):
        put(row, blank=(5, 7))
    repo.commit("Four drafts without risk flags or cohort", "2026-11-18T12:00:00-05:00", author="Raj Patel")
    put(fjord, blank=(5, 7), review=("rejected", "Lee Park"))
    repo.commit("CS rejects Fjord", "2026-11-19T09:00:00+00:00", author="Lee Park")  # rejection 1: Lee
    put(fjord, blank=(5, 7), review=("rejected", "Lee Park"), note="Still working on it.\n")
    repo.commit("Fjord notes, still rejected", "2026-11-20T09:00:00+00:00", author="Raj Patel")  # not again
    # Hannah rejects Granite on a branch (dated before the merge); it lands with the merge on the 21st.
    repo.git("checkout", "-q", "-b", "review/granite")
    put(granite, blank=(5, 7), review=("rejected", "Hannah Cole"))
    repo.commit("CS rejects Granite", "2026-11-20T15:00:00+00:00", author="Hannah Cole")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "review/granite", "-m", "Merge pull request #7 from review/granite",
             date="2026-11-21T10:00:00+00:00", author="Hannah Cole")  # rejection 2: Hannah
    put(fjord, blank=(5, 7), review=("pending", "Lee Park"))
    repo.commit("Fjord back to review", "2026-11-21T16:00:00+00:00", author="Raj Patel")
    put(fjord, blank=(5, 7), review=("rejected", "Lee Park"))
    repo.commit("CS rejects Fjord again", "2026-11-22T09:00:00+00:00", author="Lee Park")  # rejection 3: Lee
    # A branch rejection dated inside the window but merged after D: not counted as of D.
    repo.git("checkout", "-q", "-b", "review/iris")
    put(iris, blank=(5, 7), review=("rejected", "Hannah Cole"))
    repo.commit("CS rejects Iris", "2026-11-22T11:00:00+00:00", author="Hannah Cole")
    repo.git("checkout", "-q", "main")
    put(evergreen)
    repo.commit("Evergreen record, late on the 23rd in California", "2026-11-23T23:30:00-08:00",
                author="Sofia Lindqvist")  # 07:30 UTC on the 24th: still the 23rd for its committer
    later_commits(repo)
    return repo


def later_commits(repo: GitRepo) -> None:
    """After D: the Iris rejection merges, a missing record arrives, a partial one is completed."""
    repo.git("merge", "-q", "--no-ff", "review/iris", "-m", "Merge pull request #8 from review/iris",
             date="2026-11-24T09:00:00+01:00", author="Hannah Cole")
    repo.write("records/juniper-health.md", record(*SEED_PLAN[9]))
    repo.write("records/harbor-clinics.md", record(*SEED_PLAN[7]))
    repo.commit("Juniper record; Harbor completed", "2026-11-24T00:30:00+02:00", author="Dana Ruiz")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    return seed_repo(GitRepo(tmp_path_factory.mktemp("seed") / "repo"))


def micro_repo(repo: GitRepo) -> GitRepo:
    """The micro-case: 14 deals a week. Week one (to Sunday 2026-11-08) 6 complete and 8 with
    fields 5 and 7 blank; in week two the gate is on and 13 of 14 are complete."""
    reps = ["Ana Ortiz", "Ben Cho", "Cara Diaz", "Dev Shah"]
    week1 = [(f"W1 Account {i:02d}", f"2026-11-0{2 + i % 7}", 20000 + 5000 * i, reps[i % 4]) for i in range(14)]
    week2 = [(f"W2 Account {i:02d}", f"2026-11-{9 + i % 7:02d}", 30000 + 4000 * i, reps[i % 4]) for i in range(14)]
    repo.write("crm/closed-won.csv", won(*week1))
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.commit("Week one CRM export", "2026-11-02T08:00:00+00:00", author="Ops Bot")
    for i, row in enumerate(week1):
        repo.write(f"records/{slug(row[0])}.md", record(*row, blank=() if i < 6 else (5, 7)))
        repo.commit(f"Handoff record for {row[0]}", f"2026-11-0{2 + i % 7}T17:00:00+00:00", author=row[3])
    repo.write("crm/closed-won.csv", won(*week1, *week2))
    for row in week1[6:]:
        repo.write(f"records/{slug(row[0])}.md", record(*row))
    repo.commit("Completeness is now the Closed-Won gate: week one fixed", "2026-11-09T08:00:00+00:00",
                author="Founder")
    for i, row in enumerate(week2):
        review = ("rejected", "Kim Lee") if i == 13 else None
        repo.write(f"records/{slug(row[0])}.md", record(*row, blank=(7,) if i == 13 else (), review=review))
        repo.commit(f"Handoff record for {row[0]}", f"2026-11-{9 + i % 7:02d}T17:00:00+00:00", author=row[3])
    return repo


@pytest.fixture(scope="module")
def micro(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    return micro_repo(GitRepo(tmp_path_factory.mktemp("micro") / "repo"))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HANDOFF_WRITE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8")


FORMATS = {"text": "txt", "markdown": "md", "json": "json"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_manager_scan_golden(seed: GitRepo, fmt: str) -> None:
    code, out, err = digest(seed, "--date", "2026-11-23", "--format", fmt)
    assert (code, err) == (0, "")
    assert_golden(f"seed.{FORMATS[fmt]}", out)


def test_seed_figures_are_the_articles(seed: GitRepo) -> None:
    d = json.loads(digest(seed, "--date", "2026-11-23", "--format", "json")[1])
    assert (d["planned"], d["present"], d["complete"], d["partial"], d["missing"]) == (12, 9, 5, 4, 3)
    assert d["missing_accounts"] == ["Juniper Health", "Kestrel Freight", "Lumen Retail"]
    assert [(p["account"], p["rep"], p["arr"], p["missing_fields"]) for p in d["partial_accounts"]] == [
        ("Fjord Shipping", "Raj Patel", 72000, [5, 7]), ("Granite Works", "Raj Patel", 58000, [5, 7]),
        ("Harbor Clinics", "Dana Ruiz", 50000, [5, 7]), ("Iris Analytics", "Sofia Lindqvist", 30000, [5, 7])]
    assert (d["high_arr"], d["partial_high_arr"]) == (50000, 2)
    assert d["blank_fields"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 4, "6": 0, "7": 4, "ai_assist": 0}
    assert d["top_skipper"] == {"rep": "Dana Ruiz", "count": 3}  # tied with Raj Patel: by name
    assert d["top_rejecter"] == {"cs": "Lee Park", "count": 2}
    assert [(r["account"], r["by"]) for r in d["rejections"]] == [
        ("Fjord Shipping", "Lee Park"), ("Granite Works", "Hannah Cole"), ("Fjord Shipping", "Lee Park")]


@pytest.mark.parametrize(("date", "name"), [("2026-11-08", "micro-week1"), ("2026-11-15", "micro-week2")])
@pytest.mark.parametrize("fmt", FORMATS)
def test_micro_case_golden(micro: GitRepo, date: str, name: str, fmt: str) -> None:
    code, out, err = digest(micro, "--date", date, "--format", fmt)
    assert (code, err) == (0, "")
    assert_golden(f"{name}.{FORMATS[fmt]}", out)


def test_micro_case_figures(micro: GitRepo) -> None:
    week1 = json.loads(digest(micro, "--date", "2026-11-08", "--format", "json")[1])
    week2 = json.loads(digest(micro, "--date", "2026-11-15", "--format", "json")[1])
    assert (week1["planned"], week1["complete"], week1["partial"], week1["missing"]) == (14, 6, 8, 0)
    assert week1["blank_fields"]["5"] == week1["blank_fields"]["7"] == 8
    assert week1["top_rejecter"] is None
    assert (week2["planned"], week2["complete"], week2["partial"]) == (14, 13, 1)
    assert week2["top_rejecter"] == {"cs": "Kim Lee", "count": 1}


def test_weekly_series_for_the_site(micro: GitRepo) -> None:
    series = weekly_series(micro.path, dt.date(2026, 11, 17), 3)
    assert series == [WeekPoint(dt.date(2026, 11, 1), 0, 0, 0),  # before the first commit
                      WeekPoint(dt.date(2026, 11, 8), 14, 14, 6),
                      WeekPoint(dt.date(2026, 11, 15), 14, 14, 13)]
    assert weekly_series(History.open(micro.path), dt.date(2026, 11, 15), 1) == series[-1:]  # a Sunday ends itself
