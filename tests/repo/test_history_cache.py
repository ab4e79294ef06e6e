"""The history cache under `.handoff/cache/`: read once, extended from the cached head, rebuilt
after a rewritten history, never trusted when damaged, never committed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gitrepo import GitRepo
from handoff.repo import history, logcache
from handoff.repo.history import History

CACHE = Path(".handoff") / "cache" / "history.json"


def _fresh() -> None:
    history._close_all()  # forget the in-memory cache, as a new process would


def _tamper(root: Path, summary: str) -> None:
    """Mark the oldest cached commit, so a later read shows whether it came from the cache."""
    path = root / CACHE
    data = json.loads(path.read_text())
    data["commits"][0][4] = summary
    path.write_text(json.dumps(data))


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.write("records/a.md", "a1\n")
    git_repo.commit("first", "2026-11-01T09:00:00+00:00")
    git_repo.write("records/a.md", "a2\n")
    git_repo.commit("second", "2026-11-02T09:00:00+00:00")
    return git_repo


def test_the_cache_is_written_and_ignores_itself(repo: GitRepo) -> None:
    h = History.open(repo.path, cache=True)
    assert (repo.path / CACHE).is_file()
    assert repo.git("status", "--porcelain") == ""  # the folder's own .gitignore keeps it out of git
    _fresh()
    again = History.open(repo.path, cache=True)
    assert [c.sha for c in again.commits] == [c.sha for c in h.commits]
    assert list(again.file_changes()) == ["records/a.md"]


def test_a_new_commit_is_read_alone_and_appended(repo: GitRepo) -> None:
    History.open(repo.path, cache=True)
    _fresh()
    _tamper(repo.path, "from the cache")
    repo.write("records/b.md", "b1\n")
    repo.commit("third", "2026-11-03T09:00:00+00:00")
    h = History.open(repo.path, cache=True)
    assert [c.summary for c in h.commits] == ["from the cache", "second", "third"]  # the old part was not read
    assert [c.index for c in h.commits] == [0, 1, 2]
    assert [ch.path for ch in h.changes(h.commits[2])] == ["records/b.md"]
    assert h.tree(h.commits[2]) == {"records/a.md": h.tree(h.commits[1])["records/a.md"],
                                    "records/b.md": h.changes(h.commits[2])[0].new}
    assert json.loads((repo.path / CACHE).read_text())["head"] == h.commits[-1].sha


def test_a_rewritten_history_is_read_again_in_full(repo: GitRepo) -> None:
    History.open(repo.path, cache=True)
    _fresh()
    _tamper(repo.path, "from the cache")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.write("records/c.md", "c1\n")
    repo.commit("rewritten second", "2026-11-02T10:00:00+00:00")
    h = History.open(repo.path, cache=True)
    assert [c.summary for c in h.commits] == ["first", "rewritten second"]


@pytest.mark.parametrize("content", ["garbage", '{"format": 1, "head": "x"}', "[]",
                                     '{"format": 1, "head": "' + "a" * 40 + '", "commits": [[1]], "changes": [[]]}'])
def test_a_damaged_cache_is_ignored_and_replaced(repo: GitRepo, content: str) -> None:
    (repo.path / CACHE.parent).mkdir(parents=True)
    (repo.path / CACHE).write_text(content)
    h = History.open(repo.path, cache=True)
    assert [c.summary for c in h.commits] == ["first", "second"]
    assert logcache.load(repo.path) is not None


def test_without_the_flag_nothing_is_written(repo: GitRepo) -> None:
    History.open(repo.path)
    assert not (repo.path / ".handoff").exists()


@pytest.mark.parametrize("payload", [
    {"format": 1, "pages": {"accounts/acme.md": {"size": 12, "mtime_ns": 1_796_297_208_419_448_313}}},
    {"name": "Zoë \u00e9\n\x00", "big": 2**70, "float": 0.1, "nested": [[1, "a"], []]},
    {"odd file": "records/caf\udce9.md"},  # a lone surrogate: the fallback encoder
])
def test_cache_json_reads_back_as_it_was_written(tmp_path: Path, payload: dict) -> None:
    data = logcache.json_bytes(payload)
    assert b"\n" not in data and b": " not in data  # compact, one line
    assert json.loads(data) == payload
    logcache.write_json(tmp_path, "some.json", payload)
    assert logcache.read_json(tmp_path, "some.json") == payload
