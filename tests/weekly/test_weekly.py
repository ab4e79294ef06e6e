"""`handoff weekly` on a real git history with fixed committer dates and time zones; every
figure is checked against the hand computation written beside the history.

Set HANDOFF_WRITE_GOLDEN=1 to rewrite the golden files, then read the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cohort_kit import COHORT
from conftest import PROJECT
from gitrepo import GitRepo
from weekly_kit import record, run, won

GOLDEN = PROJECT / "tests" / "golden" / "weekly"
PLAN = [("Old Deal", "2026-11-10", "Dana Ruiz"), ("Acme Logistics", "2026-11-16", "Dana Ruiz"),
        ("Birch Dental", "2026-11-17", "Dana Ruiz"), ("Cobalt Labs", "2026-11-18", "Raj Patel"),
        ("Delta Cargo", "2026-11-19", "Raj Patel")]


def history(repo: GitRepo) -> GitRepo:
    """ISO week 2026-W47 is Monday 2026-11-16 to Sunday 2026-11-22. The commits, in order on main:"""
    old, acme, birch, cobalt, _delta = PLAN
    steps: list[tuple[str, str, dict[str, str | None]]] = [
        # c0: Plan, cohort, Old Deal complete on the 11th (closed the 10th: 1 day)
        ("2026-11-11T09:00:00+00:00", "plan", {"crm/closed-won.csv": won(*PLAN),
                                              "cohorts/2026-W46-logistics.md": COHORT,
                                              "records/old-deal.md": record(*old)}),
        # c1: W46: Lee Park rejects Old Deal (2 days after its first complete commit)
        ("2026-11-13T09:00:00+00:00", "reject old", {"records/old-deal.md": record(*old, review=("rejected",
                                                                                              "Lee Park"))}),
        # c2: Acme drafted, partial
        ("2026-11-16T09:00:00+00:00", "acme draft", {"records/acme-logistics.md": record(*acme, complete=False)}),
        # c3: Acme complete: its first complete commit, the 17th (closed the 16th: 1 day)
        ("2026-11-17T10:00:00+00:00", "acme complete", {"records/acme-logistics.md": record(*acme)}),
        # c4: Birch complete at 23:30 on the 17th in -08:00 (07:30 UTC on the 18th): day 17, 0 days
        ("2026-11-17T23:30:00-08:00", "birch", {"records/birch-dental.md": record(*birch)}),
        # c5: Hannah Cole accepts Birch at 00:15 on the 18th in +01:00 (23:15 UTC on the 17th): day 18, 1 day
        ("2026-11-18T00:15:00+01:00", "accept birch", {"records/birch-dental.md": record(*birch, review=(
            "accepted", "Hannah Cole"))}),
        # c6: Acme emptied again (field 5 back to TBD)
        ("2026-11-18T12:00:00+00:00", "acme emptied", {"records/acme-logistics.md": record(*acme, complete=False)}),
        # c7: Lee Park rejects Cobalt before it was ever complete (no days to review)
        ("2026-11-18T15:00:00+00:00", "cobalt", {"records/cobalt-labs.md": record(*cobalt, complete=False, review=(
            "rejected", "Lee Park"))}),
        # c8: Acme complete again: the first complete commit stays c3
        ("2026-11-19T10:00:00+00:00", "acme again", {"records/acme-logistics.md": record(*acme)}),
        # c9: Hannah Cole accepts Acme on the 19th: 2 days after c3
        ("2026-11-19T11:00:00+00:00", "accept acme", {"records/acme-logistics.md": record(*acme, review=(
            "accepted", "Hannah Cole"))}),
        # c10, c11: Acme removed, then restored as it was: no new review
        ("2026-11-19T15:00:00+00:00", "acme removed", {"records/acme-logistics.md": None}),
        ("2026-11-20T09:00:00+00:00", "acme restored", {"records/acme-logistics.md": record(*acme, review=(
            "accepted", "Hannah Cole"))}),
        # c12: Cobalt complete on the 20th (closed the 18th: 2 days, within the 2-day standard)
        ("2026-11-20T10:00:00+00:00", "cobalt complete", {"records/cobalt-labs.md": record(*cobalt, review=(
            "rejected", "Lee Park"))}),
        # c13: Lee Park accepts Cobalt at 00:30 on the 21st in +09:00 (15:30 UTC on the 20th): day 21, 1 day
        ("2026-11-21T00:30:00+09:00", "accept cobalt", {"records/cobalt-labs.md": record(*cobalt, review=(
            "accepted", "Lee Park"))}),
        # c14: after the week: Lee Park rejects Birch on the 23rd (not in W47)
        ("2026-11-23T09:00:00+00:00", "reject birch", {"records/birch-dental.md": record(*birch, review=(
            "rejected", "Lee Park"))}),
    ]
    for date, message, files in steps:
        for path, text in files.items():
            if text is None:
                repo.remove(path)
            else:
                repo.write(path, text)
        repo.commit(message, date)
    return repo


# Hand computation for W47, as of c13 (c14 is dated the 23rd):
# Dana Ruiz: closed Acme (16th), Birch (17th) = 2; both complete as of c13 = 2.
#   Days to complete: Acme c3 day 17 - 16 = 1; Birch c4 day 17 - 17 = 0; both <= 2: within 2; median(0, 1) = 0.5.
#   Reviews: Birch accepted c5, Acme accepted c9 (c11's restore is none) = 2; rejections 0; rate 0/2 = 0.0.
# Raj Patel: closed Cobalt (18th), Delta (19th, no record) = 2; complete: Cobalt = 1.
#   Days to complete: Cobalt c12 day 20 - 18 = 2 <= 2: within 1; median 2.0.
#   Reviews: Cobalt rejected c7, Cobalt accepted c13 = 2; rejections 1; rate 1/2 = 0.5.
# Hannah Cole: Birch c5 (day 18 - c4 day 17 = 1), Acme c9 (day 19 - c3 day 17 = 2): 2 reviews, 0 rejections,
#   median(1, 2) = 1.5.
# Lee Park: Cobalt c7 (before its first complete commit: no days), Cobalt c13 (day 21 - c12 day 20 = 1):
#   2 reviews, 1 rejection, median(1) = 1.0.
# Trend, W46 as of c1: Dana closed Old Deal (10th), complete, c0 day 11 - 10 = 1 within; Lee Park's rejection
#   c1: 1 review, 1 rejection, rate 1.0. W43-W45: no commit yet, all zero, rate null. Raj: all zero.
EXPECTED_REPS = [
    {"rep": "Dana Ruiz", "closed": 2, "complete": 2, "within_sla": 2, "median_days_to_complete": 0.5,
     "reviews": 2, "rejections": 0, "rejection_rate": 0.0},
    {"rep": "Raj Patel", "closed": 2, "complete": 1, "within_sla": 1, "median_days_to_complete": 2.0,
     "reviews": 2, "rejections": 1, "rejection_rate": 0.5},
]
EXPECTED_CS = [
    {"cs": "Hannah Cole", "reviews": 2, "rejections": 0, "median_days_to_review": 1.5},
    {"cs": "Lee Park", "reviews": 2, "rejections": 1, "median_days_to_review": 1.0},
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    return history(GitRepo(tmp_path_factory.mktemp("weekly") / "repo"))


def weekly(repo: GitRepo, *args: str) -> dict[str, object]:
    code, out, err = run(repo, "weekly", *args, "--format", "json")
    assert (code, err) == (0, ""), err
    data: dict[str, object] = json.loads(out)
    return data


def test_figures_match_the_hand_computation(repo: GitRepo) -> None:
    data = weekly(repo, "--date", "2026-11-18")
    assert (data["week"], data["start"], data["end"], data["sla_days"]) == ("2026-W47", "2026-11-16",
                                                                            "2026-11-22", 2)
    reps = data["reps"]
    assert isinstance(reps, list)
    assert [{k: v for k, v in r.items() if k != "trend"} for r in reps] == EXPECTED_REPS
    assert data["cs"] == EXPECTED_CS
    dana = reps[0]["trend"]
    assert [p["week"] for p in dana] == ["2026-W43", "2026-W44", "2026-W45", "2026-W46"]
    assert dana[-1] == {"week": "2026-W46", "closed": 1, "complete": 1, "within_sla": 1, "reviews": 1,
                        "rejections": 1, "rejection_rate": 1.0}
    assert all(p["rejection_rate"] is None and p["closed"] == 0 for p in dana[:3] + reps[1]["trend"])


def test_any_day_of_the_week_gives_the_same_review(repo: GitRepo) -> None:
    assert weekly(repo, "--date", "2026-11-16") == weekly(repo, "--date", "2026-11-22")


def test_later_commits_and_the_work_tree_change_nothing(tmp_path: Path) -> None:
    mine = history(GitRepo(tmp_path / "repo"))
    before = [run(mine, "weekly", "--date", "2026-11-20", "--format", f) for f in ("text", "markdown", "json")]
    mine.write("records/delta-cargo.md", record(*PLAN[4], review=("rejected", "Lee Park")))
    mine.remove("records/acme-logistics.md")
    mine.write("handoff.toml", "sla_days = 0\n")
    after = [run(mine, "weekly", "--date", "2026-11-20", "--format", f) for f in ("text", "markdown", "json")]
    assert after == before
    mine.commit("later", "2026-11-24T09:00:00+00:00")
    assert [run(mine, "weekly", "--date", "2026-11-20", "--format", f) for f in ("text", "markdown", "json")] == before
    # ...while the next week does see them: c14 rejects Birch (day 23 - c4 day 17 = 6 days) and the
    # later commit adds Delta complete and rejected at once (0 days): median(0, 6) = 3.0; sla_days = 0.
    nxt = weekly(mine, "--date", "2026-11-24")
    assert nxt["sla_days"] == 0 and nxt["cs"] == [{"cs": "Lee Park", "reviews": 2, "rejections": 2,
                                                    "median_days_to_review": 3.0}]


def test_sla_days_from_handoff_toml_as_of_the_week(tmp_path: Path) -> None:
    mine = history(GitRepo(tmp_path / "repo"))
    mine.git("reset", "-q", "--hard", "HEAD~1")  # drop c14
    mine.write("handoff.toml", "sla_days = 1\n")
    mine.commit("standard of one day", "2026-11-22T09:00:00+00:00")
    reps = weekly(mine, "--date", "2026-11-22")["reps"]
    assert isinstance(reps, list)
    assert [(r["rep"], r["within_sla"]) for r in reps] == [("Dana Ruiz", 2), ("Raj Patel", 0)]


def test_shallow_clone_is_refused(tmp_path: Path, repo: GitRepo) -> None:
    clone = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone))
    code, out, err = run(clone, "weekly", "--date", "2026-11-18")
    assert (code, out) == (1, "")
    assert err.startswith("handoff: this is a shallow clone") and "git fetch --unshallow" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--date", "2026-13-01"), 2, "is not a date YYYY-MM-DD"),
    (("--date", "2026-10-01"), 1, "handoff: no commit on or before 2026-10-04 (the first is of 2026-11-11)\n"),
    (("--format", "yaml"), 2, "Invalid value for '--format'"),
    (("--date", "0001-01-01"), 2, "0001-01-01 is off the calendar handoff works in"),
    (("--date", "9999-12-31"), 2, "9999-12-31 is off the calendar handoff works in"),
])
def test_refusals(repo: GitRepo, args: tuple[str, ...], code: int, message: str) -> None:
    got, out, err = run(repo, "weekly", *args)
    assert got == code and out == "" and message in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_golden(repo: GitRepo, fmt: str) -> None:
    code, out, err = run(repo, "weekly", "--date", "2026-11-18", "--format", fmt)
    assert (code, err) == (0, "")
    golden = GOLDEN / f"w47.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[fmt] }"
    if os.environ.get("HANDOFF_WRITE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_hostile_names_stay_one_line_and_inert(tmp_path: Path) -> None:
    mine = GitRepo(tmp_path / "repo")
    evil = "Evil | <b>Rep</b> [x](javascript:alert(1))"
    mine.write("crm/closed-won.csv", 'account,closed,arr,term_months,segment,rep,cs_owner\n'
                                     f'Acme Logistics,2026-11-16,50000,12,logistics,"{evil}\u2028two",Lee Park\n')
    mine.commit("plan", "2026-11-16T09:00:00+00:00")
    text = run(mine, "weekly", "--date", "2026-11-16")[1]
    assert "- Evil | <b>Rep</b> [x](javascript:alert(1))\\u2028two: 1 closed, 0 complete" in text
    markdown = run(mine, "weekly", "--date", "2026-11-16", "--format", "markdown")[1]
    assert "| Evil \\| &lt;b&gt;Rep&lt;/b&gt; \\[x\\](javascript:alert(1))\\\\u2028two | 1 | 0 |" in markdown
