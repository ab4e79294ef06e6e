"""Check results kept by content for the site: the same results and rows as a fresh check,
unchanged files not even read, and a damaged cache only ignored."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import handoff.site.checkcache as checkcache
from gitrepo import GitRepo
from handoff.check.run import run_check
from handoff.site.cachefiles import INDEX, NAME, ROWS, SHARDS
from handoff.site.checkcache import SiteCheck, cached_check
from handoff.site.rows import row_of
from site_kit import make_repo

FOLDER = Path(".handoff") / "cache"
HOUR_AGO = time.time() - 3600


def _entries(root: Path) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for shard in SHARDS:
        path = root / FOLDER / NAME.format(shard)
        if path.is_file():
            out.update(json.loads(path.read_text())["entries"])
    return out


def _same(root: Path) -> SiteCheck:
    fresh = run_check(root, []).results
    run = cached_check(root, root)
    rows = [run.row(item) if item.kind == "record" else None for item in run.files]  # before any result
    cached = run.results
    assert cached == fresh
    assert [(r.record, r.cohort, r.body) for r in cached] == [(r.record, r.cohort, r.body) for r in fresh]
    assert rows == [row_of(r) if r.kind == "record" else None for r in fresh]
    return run


def _age(root: Path) -> None:
    """Every record and cohort last modified an hour ago: past the racy window of any later run."""
    for folder in ("records", "cohorts"):
        for path in (root / folder).glob("*.md"):
            os.utime(path, (HOUR_AGO, HOUR_AGO))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files `cached_check` reads."""
    seen: list[str] = []
    real = checkcache.read_bytes

    def spy(path: str | Path, limit: int, lstat: os.stat_result | None = None) -> bytes:
        seen.append(Path(path).relative_to(Path(path).parents[1]).as_posix())
        return real(path, limit, lstat)

    monkeypatch.setattr(checkcache, "read_bytes", spy)
    return seen


def test_cached_results_equal_a_fresh_check(git_repo: GitRepo) -> None:
    root = make_repo(git_repo)
    _same(root)  # fills the cache
    assert len(_entries(root)) == 6
    _same(root)  # reads it
    git_repo.write("records/early-bird.md", "---\naccount: [\n---\n")
    run = _same(root)  # one entry added
    keys = {item.key for item in run.files}
    entries = _entries(root)
    assert keys <= set(entries) and len(entries) <= 7
    # The shard that gained the new result keeps only this run's keys.
    new = next(item.key for item in run.files if item.shown == "records/early-bird.md")
    assert new is not None
    shard = json.loads((root / FOLDER / NAME.format(new[0])).read_text())["entries"]
    assert set(shard) <= keys


def test_an_unchanged_file_is_not_read_again(git_repo: GitRepo, reads: list[str]) -> None:
    root = make_repo(git_repo)
    _age(root)
    _same(root)
    assert len(reads) == 6
    reads.clear()
    run = _same(root)
    assert reads == []
    assert all(item.result is not None for item in run.files)  # `_same` loaded them: from the shards
    # Same size, same mtime, other bytes: the ctime still tells.
    path = root / "records" / "beta-freight.md"
    text = path.read_text()
    path.write_text(text.replace("Sam Ortiz", "Sam Ortix"))
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    _same(root)
    assert reads == ["records/beta-freight.md"]


def test_a_file_changed_just_before_the_last_run_is_read_again(git_repo: GitRepo, reads: list[str]) -> None:
    root = make_repo(git_repo)
    _age(root)
    path = root / "records" / "beta-freight.md"
    os.utime(path, None)  # now: within the racy window of the run that follows
    _same(root)
    reads.clear()
    _same(root)
    assert reads == ["records/beta-freight.md"]


def test_new_settings_or_cohorts_read_every_file_again(git_repo: GitRepo, reads: list[str]) -> None:
    root = make_repo(git_repo)
    _age(root)
    _same(root)
    reads.clear()
    git_repo.write("cohorts/2026-W47-retail.md", (root / "cohorts" / "2026-W46-logistics.md").read_text()
                   .replace("2026-W46-logistics", "2026-W47-retail"))
    _same(root)  # the known cohorts are part of every record's check
    assert len(reads) == 7
    reads.clear()
    git_repo.write("handoff.toml", "extra_keys = [\"x_note\"]\n")
    _same(root)
    assert len(reads) == 7


def test_a_damaged_cache_is_ignored(git_repo: GitRepo) -> None:
    root = make_repo(git_repo)
    _age(root)
    _same(root)
    shards = [p for p in (root / FOLDER).glob(NAME.format("*")) if p.is_file()]
    for path in shards:
        data = json.loads(path.read_text())
        for entry in data["entries"].values():
            entry["record"] = '{"account": 5}' if entry["record"] else None
            entry["findings"] = "nonsense"
        path.write_text(json.dumps(data))
    _same(root)  # results that cannot be loaded are checked again
    for path in shards:
        path.write_text("not json")
    _same(root)
    rows = root / FOLDER / ROWS
    data = json.loads(rows.read_text())
    for digest, text in data["rows"].items():  # rows that are not what their digest says, or not rows
        data["rows"][digest] = text.replace("complete", "partial") if "complete" in text else "[5]"
    rows.write_text(json.dumps(data))
    _same(root)
    index = root / FOLDER / INDEX
    data = json.loads(index.read_text())
    for brief in data["briefs"].values():
        brief[0], brief[3] = 5, "nonsense"
    index.write_text(json.dumps(data))
    _same(root)
    data = json.loads(index.read_text())
    data["version"] = "0.0.0"  # another handoff's rows
    index.write_text(json.dumps(data))
    _same(root)
    index.write_text("not json")
    _same(root)
    (root / FOLDER / INDEX).unlink()
    for path in shards:
        path.unlink()
    _same(root)
