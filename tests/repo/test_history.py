"""`handoff.repo.history` on real repositories: the one-pass log, trees rebuilt from it, the batched
reader, the cache, and refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import git
import pytest

from gitrepo import GitRepo
from handoff.repo import history
from handoff.repo.history import ZERO, History, HistoryError


def build(repo: GitRepo) -> GitRepo:
    """Adds, edits, a delete, a rename, an executable bit, odd file names, and a merged branch."""
    repo.write("records/a.md", "a1\n")
    repo.write("records/b c.md", "b1\n")
    repo.write("records/über.md", "u1\n")
    repo.commit("first", "2026-11-01T09:00:00+01:00", author="Ana Ortiz")
    repo.write("records/a.md", "a2\n")
    repo.remove("records/b c.md")
    repo.commit("edit a, drop b", "2026-11-02T23:30:00-08:00", author="Ben Cho")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("records/d.md", "d1\n")
    repo.commit("d on a branch", "2026-11-03T10:00:00+00:00", author="Cara Diaz")
    repo.git("checkout", "-q", "main")
    repo.git("mv", "records/über.md", "records/moved.md")
    repo.write("tools/run.sh", "#!/bin/sh\n")
    (repo.path / "tools/run.sh").chmod(0o755)
    repo.commit("rename and a script", "2026-11-04T10:00:00+00:00", author="Ana Ortiz")
    repo.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #1 from feature",
             date="2026-11-05T10:00:00+02:00", author="Dev Shah")
    repo.commit("empty", "2026-11-06T10:00:00+00:00", author="Ana Ortiz")
    return repo


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    return build(git_repo)


def test_commits_are_the_first_parent_line_oldest_first(repo: GitRepo) -> None:
    h = History.open(repo.path)
    assert [c.summary for c in h.commits] == ["first", "edit a, drop b", "rename and a script",
                                              "Merge pull request #1 from feature", "empty"]
    assert [c.index for c in h.commits] == list(range(5))
    second = h.commits[1]
    assert second.author == "Ben Cho"
    assert second.committed == dt.datetime(2026, 11, 2, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    assert second.day == dt.date(2026, 11, 2)  # 07:30 UTC on the 3rd
    assert h.commits[-1].sha == repo.git("rev-parse", "HEAD").strip()
    merge = h.commits[3]
    assert [(c.path, c.old) for c in h.changes(merge)] == [("records/d.md", ZERO)]


def test_as_of_uses_the_committers_own_day(repo: GitRepo) -> None:
    h = History.open(repo.path)
    assert h.as_of(dt.date(2026, 10, 31)) is None
    as_of = h.as_of(dt.date(2026, 11, 2))
    assert as_of is not None and as_of.summary == "edit a, drop b"
    merged = h.as_of(dt.date(2026, 11, 5))
    assert merged is not None and merged.summary.startswith("Merge")
    assert h.as_of(dt.date(2030, 1, 1)) == h.commits[-1]


def test_as_of_takes_position_on_the_line_when_clocks_go_backwards(git_repo: GitRepo) -> None:
    days = ["2026-11-05", "2026-11-02", "2026-11-09", "2026-11-09", "2026-11-01", "2026-11-07", "2026-11-03"]
    for n, day in enumerate(days):
        git_repo.write("records/a.md", f"{n}\n")
        git_repo.commit(f"c{n}", f"{day}T12:00:00+00:00")
    h = History.open(git_repo.path)
    for offset in range(-2, 12):
        day = dt.date(2026, 11, 1) + dt.timedelta(days=offset)
        # The definition: walking back from HEAD, the first commit made on or before the day.
        walked = next((c for c in reversed(h.commits) if c.day <= day), None)
        assert h.as_of(day) == walked, day
    assert h.as_of(dt.date(2026, 11, 2)) == h.commits[4]  # c4 (Nov 1) comes after c1 (Nov 2) on the line


def _ls_tree(repo: GitRepo, sha: str) -> dict[str, str]:
    out = repo.git("-c", "core.quotepath=off", "ls-tree", "-r", sha)
    return {line.split("\t", 1)[1]: line.split()[2] for line in out.splitlines()}


def test_trees_rebuilt_from_the_log_equal_git_ls_tree(repo: GitRepo) -> None:
    h = History.open(repo.path)
    trees = h.trees(c.sha for c in h.commits)
    for commit in h.commits:
        assert trees[commit.sha] == _ls_tree(repo, commit.sha), commit.summary
    assert set(h.tree(h.commits[-1].sha, "records/")) == {"records/a.md", "records/d.md", "records/moved.md"}
    assert set(h.tree(h.commits[-1].sha, ("tools/", "records/a"))) == {"tools/run.sh", "records/a.md"}
    branch_commit = repo.git("rev-parse", "feature").strip()
    with pytest.raises(HistoryError, match="not on the first-parent line"):
        h.tree(branch_commit)


def test_read_any_commit_and_batched_blobs(repo: GitRepo) -> None:
    h = History.open(repo.path)
    first = h.commits[0].sha
    assert h.read(first, "records/b c.md") == b"b1\n"
    assert h.read(first, "records/über.md") == b"u1\n"
    assert h.read(repo.git("rev-parse", "feature").strip(), "records/d.md") == b"d1\n"
    assert h.read(first, "records/nope.md") is None
    tree = h.tree(first)
    blobs = h.blobs([*tree.values(), "f" * 40])
    assert sorted(blobs.values()) == [b"a1\n", b"b1\n", b"u1\n"]


def test_many_blobs_in_one_reader(git_repo: GitRepo) -> None:
    for i in range(600):  # more than one write's worth of requests
        git_repo.write(f"records/r{i:03d}.md", f"record {i}\n" * (i % 7 + 1))
    git_repo.commit("many", "2026-11-01T09:00:00+00:00")
    h = History.open(git_repo.path)
    tree = h.tree(h.commits[0].sha)
    blobs = h.blobs(tree.values())
    assert len(blobs) == 600
    assert blobs[tree["records/r599.md"]] == b"record 599\n" * 5


def test_file_changes_newest_first(repo: GitRepo) -> None:
    h = History.open(repo.path)
    changes = h.file_changes("records/")
    assert [c.summary for c in changes["records/a.md"]] == ["edit a, drop b", "first"]
    assert [c.new for c in changes["records/b c.md"]][0] == ZERO
    assert [c.summary for c in changes["records/d.md"]] == ["Merge pull request #1 from feature"]
    assert changes["records/moved.md"][0].author == "Ana Ortiz"
    assert "tools/run.sh" not in changes


def test_cached_per_root_and_head(repo: GitRepo) -> None:
    h = History.open(repo.path)
    assert History.open(repo.path / "records") is h
    repo.write("records/e.md", "e\n")
    repo.commit("e", "2026-11-07T10:00:00+00:00")
    fresh = History.open(repo.path)
    assert fresh is not h and fresh.commits[-1].summary == "e"


def test_one_git_log_and_one_cat_file_whatever_the_history(git_repo: GitRepo,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(40):
        git_repo.write(f"records/r{i % 5}.md", f"version {i}\n")
        git_repo.commit(f"c{i}", f"2026-11-{1 + i % 28:02d}T10:00:00+00:00")
    spawned: list[list[str]] = []
    real = git.cmd.safer_popen

    def counting(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        spawned.append([str(c) for c in cmd])
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(git.cmd, "safer_popen", counting)
    h = History.open(git_repo.path)
    for commit in h.commits:
        h.blobs(h.tree(commit.sha).values())
        h.read(commit.sha, "records/r0.md")
    h.file_changes()
    assert [c[1] for c in spawned] == ["log", "cat-file"], spawned


def test_a_shallow_clone_is_refused_unless_allowed(repo: GitRepo, tmp_path: Path) -> None:
    shallow = GitRepo(tmp_path / "shallow")
    shallow.git("fetch", "-q", "--depth", "1", f"file://{repo.path}", "main")
    shallow.git("reset", "-q", "--hard", "FETCH_HEAD")
    with pytest.raises(HistoryError, match=r"shallow clone.*git fetch --unshallow.*fetch-depth: 0"):
        History.open(shallow.path)
    allowed = History.open(shallow.path, allow_shallow=True)
    assert allowed.is_shallow() and len(allowed.commits) == 1
    assert not History.open(repo.path).is_shallow()


def test_not_a_repository_and_an_empty_one(tmp_path: Path, git_repo: GitRepo) -> None:
    with pytest.raises(HistoryError, match="is not in a git repository"):
        History.open(tmp_path)
    empty = History.open(git_repo.path)
    assert empty.commits == [] and empty.as_of(dt.date(2030, 1, 1)) is None and empty.file_changes() == {}


def test_the_cache_stays_small_and_closes_what_it_drops(tmp_path: Path) -> None:
    opened = []
    for i in range(history._CACHE_SIZE + 3):
        r = GitRepo(tmp_path / f"r{i}")
        r.write("x", "x")
        r.commit("x", "2026-11-01T10:00:00+00:00")
        h = History.open(r.path)
        assert h.read(h.commits[0].sha, "x") == b"x"
        opened.append(h)
    assert len(history._CACHE) <= history._CACHE_SIZE
    assert opened[0]._reader is None  # closed when dropped
