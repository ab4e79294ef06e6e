"""The working tree checked by two processes (`handoff pages --jobs 2`): every result, fingerprint
and cache entry is what one process gives, files that cannot be read included, and what the
worker parsed and checked is shared with history as if the main process had done it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from gitrepo import GitRepo
from handoff.check import kept
from handoff.check.run import repo_context
from handoff.record.parse import Document
from handoff.repo import asof
from handoff.repo.config import load_settings
from handoff.site import checkcache, forked
from site_kit import fork_spy, many_accounts


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    many_accounts(git_repo, 20, {"records/broken.md": "---\naccount: [unclosed\n---\n"})
    monkeypatch.setattr(checkcache, "FORK_FROM", 1)
    monkeypatch.setattr(forked, "CHUNK", 3)
    return git_repo


def shards(top: Path) -> dict[str, Any]:
    return {p.name: json.loads(p.read_text()) for p in sorted((top / ".handoff" / "cache").glob("checks-*.json"))}


@pytest.mark.skipif(not forked.can_fork(), reason="workers are forked on Linux only")
def test_two_processes_check_as_one(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    top = repo.path
    one_fp: dict[str, str] = {}
    one = checkcache.cached_check(top, top, one_fp, jobs=1)
    one_cache = shards(top)
    shutil.rmtree(top / ".handoff")
    spy = fork_spy()
    monkeypatch.setattr(checkcache, "Forked", spy)
    calls: list[int] = []
    two_fp: dict[str, str] = {}
    two = checkcache.cached_check(top, top, two_fp, jobs=2, started=lambda: calls.append(1))
    assert [len(items) for items in spy.runs] == [13]  # every other one of the 26 files, by a worker
    assert calls == [1]
    assert two.results == one.results and two.settings == one.settings and two_fp == one_fp
    assert shards(top) == one_cache
    assert {r.status for r in two.results} == {"complete", "partial", "invalid", "valid"}  # "valid": a cohort
    assert any(f.code == "yaml-syntax" for r in two.results for f in r.findings)
    # What the worker made is shared: history's copy of a file is neither parsed nor checked again.
    ctx = repo_context(top, load_settings(top))
    shared = 0
    for result in two.results:
        raw = (top / result.path).read_bytes()
        doc = asof.parse_raw(raw, 1 << 20)
        if isinstance(doc, Document) and result.kind == "record":
            assert kept.check_kept(result.path, Path(result.path).stem, doc, ctx) is result
            shared += 1
    assert shared >= 20


def test_a_warm_cache_needs_no_worker(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    top = repo.path
    first = checkcache.cached_check(top, top, {}, jobs=2)
    spy = fork_spy()
    monkeypatch.setattr(checkcache, "Forked", spy)
    again = checkcache.cached_check(top, top, {}, jobs=2)
    assert spy.runs == [] and again.results == first.results
