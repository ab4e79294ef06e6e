"""`handoff digest` reads history back from HEAD only as far as its window, and gives the
same figures as a digest over the whole first-parent line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gitrepo import GitRepo
from handoff.digest.compute import compute_digest
from handoff.repo.history import History
from handoff.repo.window import LineWalk

RECORD = """---
account: {account}
closed: {closed}
arr: 60000
term_months: 12
segment: logistics
rep: Dana Ruiz
stage: draft
promised_outcome: "Cut errors in half."
{review}---
Notes.
"""
START = dt.date(2026, 10, 1)
DAYS = 40


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """One commit a day: a new deal in the CRM and its record; every fifth day a rejection;
    a skewed clock on day 20 (dated two days after day 21)."""
    repo = GitRepo(tmp_path_factory.mktemp("window") / "repo")
    rows = ["account,closed,arr,term_months,segment,rep,cs_owner"]
    for i in range(DAYS):
        day = START + dt.timedelta(days=i)
        name = f"Deal {i:02d}"
        rows.append(f"{name},{day},60000,12,logistics,Dana Ruiz,Lee Park")
        repo.write("crm/closed-won.csv", "\n".join(rows) + "\n")
        repo.write(f"records/deal-{i:02d}.md", RECORD.format(account=name, closed=day, review=""))
        if i % 5 == 4:
            old = f"deal-{i - 2:02d}"
            review = "review:\n  status: rejected\n  by: Lee Park\n  reason: Name the risks.\n"
            repo.write(f"records/{old}.md", RECORD.format(account=f"Deal {i - 2:02d}",
                                                          closed=START + dt.timedelta(days=i - 2), review=review))
        when = day + dt.timedelta(days=3) if i == 20 else day
        repo.commit(f"day {i}", f"{when}T12:00:00+00:00")
    return repo


@pytest.mark.parametrize("offset", [0, 6, 13, 19, 22, 30, 39, 45])
@pytest.mark.parametrize("days", [1, 7])
def test_the_walk_gives_the_same_digest_as_the_whole_line(repo: GitRepo, offset: int, days: int) -> None:
    date = START + dt.timedelta(days=offset)
    walked = compute_digest(repo.path, date, days).to_json()
    whole = compute_digest(History.open(repo.path), date, days).to_json()
    assert json.dumps(walked, sort_keys=True) == json.dumps(whole, sort_keys=True)


def test_the_walk_stops_before_the_window(repo: GitRepo) -> None:
    walk = LineWalk.open(repo.path)
    try:
        commit = walk.as_of(START + dt.timedelta(days=DAYS - 1))
        assert commit is not None and walk.read == 1
        first = (START + dt.timedelta(days=DAYS - 7)).toordinal()
        window = []
        for c in walk.back_from(commit):
            if c.day_ordinal < first:
                break
            window.append(c.summary)
        assert window == [f"day {i}" for i in range(DAYS - 1, DAYS - 8, -1)]
        assert walk.read == 8  # the window and the one commit before it, of 40
    finally:
        walk.close()


def test_no_commit_on_or_before_the_day_names_the_first(repo: GitRepo) -> None:
    from handoff.digest.compute import DigestError

    with pytest.raises(DigestError, match="no commit on or before 2026-09-01 \\(the first is of 2026-10-01\\)"):
        compute_digest(repo.path, dt.date(2026, 9, 1))
