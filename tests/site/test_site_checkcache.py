"""Check results kept by content for the site: the same results as a fresh check, and a
damaged cache is only ignored."""

from __future__ import annotations

import json
from pathlib import Path

from gitrepo import GitRepo
from handoff.check.run import run_check
from handoff.site.checkcache import NAME, SHARDS, cached_check
from site_kit import make_repo

FOLDER = Path(".handoff") / "cache"


def _entries(root: Path) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for shard in SHARDS:
        path = root / FOLDER / NAME.format(shard)
        if path.is_file():
            out.update(json.loads(path.read_text())["entries"])
    return out


def _same(root: Path) -> None:
    fresh = run_check(root, []).results
    cached = cached_check(root, root).results
    assert cached == fresh
    assert [(r.record, r.cohort, r.body) for r in cached] == [(r.record, r.cohort, r.body) for r in fresh]


def test_cached_results_equal_a_fresh_check(git_repo: GitRepo) -> None:
    root = make_repo(git_repo)
    _same(root)  # fills the cache
    assert len(_entries(root)) == 6
    _same(root)  # reads it
    git_repo.write("records/early-bird.md", "---\naccount: [\n---\n")
    _same(root)  # one entry replaced
    assert len(_entries(root)) == 6


def test_a_damaged_cache_is_ignored(git_repo: GitRepo) -> None:
    root = make_repo(git_repo)
    _same(root)
    shards = [p for p in (root / FOLDER).glob(NAME.format("*")) if p.is_file()]
    for path in shards:
        data = json.loads(path.read_text())
        for entry in data["entries"].values():
            entry["record"] = '{"account": 5}' if entry["record"] else None
            entry["findings"] = "nonsense"
        path.write_text(json.dumps(data))
    _same(root)
    assert all(entry["findings"] != "nonsense" for entry in _entries(root).values())  # healed
    for path in shards:
        path.write_text("not json")
    _same(root)
