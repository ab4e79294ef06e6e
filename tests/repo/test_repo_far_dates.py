"""Git history under hostile input: a commit dated in the year 10000 (git accepts it) must not
crash the digest or the history the site shows; it counts at the calendar's edge."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from gitrepo import GitRepo
from handoff.cli.main import cli
from handoff.repo.history import History

WON = "account,closed,arr,term_months,segment,rep,cs_owner\nAcme,2026-11-18,64000,12,logistics,Dana,Lee\n"


def test_a_commit_dated_after_the_year_9999_is_read_at_the_calendars_edge(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_repo.write("crm/closed-won.csv", WON)
    git_repo.commit("plan", "2026-11-18T10:00:00+00:00")
    env = {**git_repo.env(), "GIT_COMMITTER_DATE": "@253402300000 +1400", "GIT_AUTHOR_DATE": "@253402300000 +1400"}
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "from the future"], cwd=git_repo.path, env=env,
                   check=True)
    history = History.open(git_repo.path)
    far = history.commits[-1]
    assert far.day.isoformat() == "9999-12-31"
    assert far.committed.year == 9999
    monkeypatch.chdir(git_repo.path)
    done = CliRunner().invoke(cli, ["digest", "--date", "2026-11-20", "--format", "json"], catch_exceptions=False)
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["planned"] == 1
