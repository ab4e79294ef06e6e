"""Each week's figures kept on disk (`.handoff/cache/weekly-weeks.json`): a warm run computes no
week and gives the figures of a run with no cache; a new commit recomputes only its week; new
settings, a rewritten history or a damaged file never leave figures stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_weekly import PLAN, history, record

from gitrepo import GitRepo
from handoff.weekly import report as report_module
from handoff.weekly.kept import NAME
from handoff.weekly.model import WeekFigures
from handoff.weekly.report import weekly_reports

KEPT = Path(".handoff") / "cache" / NAME
W48 = dt.date(2026, 11, 25)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return history(GitRepo(tmp_path / "repo"))


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The weeks whose figures were computed (not taken from the file)."""
    seen: list[str] = []
    real = report_module._week

    def spy(timeline: object, state: object, name: str, start: dt.date, end: dt.date) -> WeekFigures:
        seen.append(name)
        return real(timeline, state, name, start, end)  # type: ignore[arg-type]

    monkeypatch.setattr(report_module, "_week", spy)
    return seen


def fresh(repo: GitRepo, day: dt.date = W48) -> list[WeekFigures]:
    return weekly_reports(repo.path, day, 6, cache=False)


def test_a_warm_run_computes_no_week(repo: GitRepo, computed: list[str]) -> None:
    cold = fresh(repo)
    computed.clear()
    assert weekly_reports(repo.path, W48, 6) == cold
    assert computed == ["2026-W46", "2026-W47", "2026-W48"]  # W43 to W45 have no commit
    assert (repo.path / KEPT).is_file()
    computed.clear()
    assert weekly_reports(repo.path, W48, 6) == cold
    assert computed == []


def test_a_new_commit_recomputes_only_its_week(repo: GitRepo, computed: list[str]) -> None:
    weekly_reports(repo.path, W48, 6)
    old = PLAN[0]
    repo.write("records/old-deal.md", record(*old, review=("accepted", "Lee Park")))
    repo.commit("accept old again", "2026-11-24T09:00:00+00:00")
    expected = fresh(repo)
    computed.clear()
    assert weekly_reports(repo.path, W48, 6) == expected
    assert computed == ["2026-W48"]


def test_new_settings_recompute_every_week(repo: GitRepo, computed: list[str]) -> None:
    weekly_reports(repo.path, W48, 6)
    repo.write("handoff.toml", 'extra_keys = ["x_note"]\n')
    repo.commit("settings", "2026-11-24T09:00:00+00:00")
    expected = fresh(repo)
    computed.clear()
    assert weekly_reports(repo.path, W48, 6) == expected
    assert sorted(computed) == ["2026-W46", "2026-W47", "2026-W48"]


def test_a_rewritten_history_is_computed_again(repo: GitRepo, computed: list[str]) -> None:
    weekly_reports(repo.path, W48, 6)
    repo.git("reset", "-q", "--hard", "HEAD~3")
    repo.write("records/birch-dental.md", record(*PLAN[2]))
    repo.commit("birch again", "2026-11-21T09:00:00+00:00")
    expected = fresh(repo)
    computed.clear()
    assert weekly_reports(repo.path, W48, 6) == expected
    assert "2026-W47" in computed


@pytest.mark.parametrize("content", [b"\x00\xffnot json", b"[]", b'{"k": ["2026-W47"]}'])
def test_a_damaged_file_is_ignored_and_replaced(repo: GitRepo, computed: list[str], content: bytes) -> None:
    weekly_reports(repo.path, W48, 6)
    (repo.path / KEPT).write_bytes(content)
    expected = fresh(repo)
    computed.clear()
    assert weekly_reports(repo.path, W48, 6) == expected
    assert sorted(computed) == ["2026-W46", "2026-W47", "2026-W48"]
    computed.clear()
    weekly_reports(repo.path, W48, 6)
    assert computed == []  # replaced by a good one
