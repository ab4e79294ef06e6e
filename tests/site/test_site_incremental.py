"""An incremental `handoff pages`: after one commit it reads only the file that changed, loads
no unchanged record's row or result, and writes exactly what a run with no cache writes.
A change that an index page shows (a check-in, a field of the lists) still reaches it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

import handoff.site.checkcache as checkcache
from gitrepo import GitRepo
from handoff.site.cachefiles import RowStore
from handoff.site.run import write_site
from site_kit import AS_OF, make_repo, record

DATE = dt.date.fromisoformat(AS_OF)
HOUR_AGO = time.time() - 3600


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    make_repo(git_repo)
    git_repo.commit("Evil Corp draft", "2026-11-22T09:00:00+00:00")
    return git_repo


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The files read, the rows read from the cache and the results loaded from it."""
    seen: dict[str, list[str]] = {"read": [], "rows": [], "results": []}
    read, row, result = checkcache.read_bytes, RowStore.get, checkcache.SiteCheck.result

    def read_spy(path: str | Path, limit: int, lstat: os.stat_result | None = None) -> bytes:
        seen["read"].append(Path(path).relative_to(Path(path).parents[1]).as_posix())
        return read(path, limit, lstat)

    def row_spy(store: RowStore, digest: str) -> object:
        seen["rows"].append(digest)
        return row(store, digest)

    def result_spy(run: checkcache.SiteCheck, item: checkcache.Checked) -> object:
        if item.result is None:
            seen["results"].append(item.shown)
        return result(run, item)

    monkeypatch.setattr(checkcache, "read_bytes", read_spy)
    monkeypatch.setattr(RowStore, "get", row_spy)
    monkeypatch.setattr(checkcache.SiteCheck, "result", result_spy)
    return seen


def _warm(repo: GitRepo) -> None:
    """Two runs with the files an hour old: the second leaves an index no file is racy against."""
    for folder in ("records", "cohorts"):
        for path in (repo.path / folder).glob("*.md"):
            os.utime(path, (HOUR_AGO, HOUR_AGO))
    write_site(repo.path, None, DATE)
    write_site(repo.path, None, DATE)


def _cold(repo: GitRepo) -> dict[str, bytes]:
    """What a run with no cache and no pages writes."""
    shutil.rmtree(repo.path / ".handoff")
    shutil.rmtree(repo.path / "docs")
    write_site(repo.path, None, DATE)
    return _pages(repo)


def _pages(repo: GitRepo) -> dict[str, bytes]:
    docs = repo.path / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()
            and not p.name.startswith(".")}


def test_one_commit_reads_only_its_file(repo: GitRepo, spies: dict[str, list[str]]) -> None:
    _warm(repo)
    for seen in spies.values():
        seen.clear()
    path = repo.path / "records" / "beta-freight.md"
    path.write_text(path.read_text() + "\nCall notes: budget news.\n")
    repo.commit("Beta: budget news", "2026-11-22T15:00:00+00:00")
    again = write_site(repo.path, None, DATE)
    assert spies["read"] == ["records/beta-freight.md"]
    assert spies["results"] == []  # Beta's own result is fresh; no other is loaded
    # Its row did not change, so no list is rendered. The commit moves the Gap's figures, so the
    # Gap page is, with the row of the one check-in it shows (Early Bird's): no other row is read.
    assert len(spies["rows"]) == 1
    assert "accounts/beta-freight.md" in again.report.written
    incremental = _pages(repo)
    assert incremental == _cold(repo)


@pytest.mark.parametrize(("name", "change", "page"), [
    ("early-bird", ("  target: 7\n", "  target: 5\n"), "gap.md"),  # a check-in due in the Gap's window
    ("early-bird", ("  due: 2026-12-01", "  due: 2026-11-20"), "checkins.md"),  # now due: on the check-ins page
    ("beta-freight", ("rep: Sam Ortiz", "rep: Sam Ortez"), "accounts.md"),  # a field of the accounts list
])
def test_a_change_an_index_page_shows_reaches_it(repo: GitRepo, name: str, change: tuple[str, str],
                                                 page: str, spies: dict[str, list[str]]) -> None:
    _warm(repo)
    before = _pages(repo)
    spies["results"].clear()
    path = repo.path / "records" / f"{name}.md"
    text = path.read_text()
    assert change[0] in text
    path.write_text(text.replace(*change))
    repo.commit(f"{name}: edit", "2026-11-22T16:00:00+00:00")
    write_site(repo.path, None, DATE)
    assert spies["results"] == []  # the lists are made from rows: no unchanged record's full result is loaded
    incremental = _pages(repo)
    assert incremental[page] != before[page]
    assert incremental == _cold(repo)


def test_new_record_and_removed_record(repo: GitRepo) -> None:
    _warm(repo)
    repo.write("records/zeta-air.md", record("Zeta Air", stage="closed-won"))
    repo.remove("records/early-bird.md")
    repo.commit("Zeta in, Early Bird out", "2026-11-22T17:00:00+00:00")
    write_site(repo.path, None, DATE)
    incremental = _pages(repo)
    assert "accounts/zeta-air.md" in incremental and "accounts/early-bird.md" not in incremental
    assert incremental == _cold(repo)
