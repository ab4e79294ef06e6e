"""`handoff pages --jobs N`: account and cohort pages rendered by forked workers are, byte for
byte, the pages one process writes; a worker's failure fails the run and leaves no process behind.

Real git repos (site_kit); the thresholds are lowered so that a small repo is split into several
chunks over two workers, and a spy proves the workers ran."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gitrepo import GitRepo
from handoff.cli.main import cli
from handoff.site import forked, manifest, pages, write
from handoff.site.run import write_site
from site_kit import AS_OF, fork_spy, many_accounts
from site_kit import pages as pages_cli

DAY = dt.date.fromisoformat(AS_OF)


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    many_accounts(git_repo, 30)
    monkeypatch.chdir(git_repo.path)
    monkeypatch.setattr(write, "FORK_FROM", 1)
    monkeypatch.setattr(forked, "CHUNK", 4)
    return git_repo


def account_page_failing_at(slug: str, how: Any) -> Any:
    """The real account page builder, but `how()` runs for `slug` (in a forked worker: inherited)."""
    real = pages.account_page

    def build(acc: Any, data: Any, linker: Any) -> str:
        if acc.slug == slug:
            how()
        return real(acc, data, linker)

    return build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(folder: Path) -> dict[str, Any]:
    listed = json.loads((folder / manifest.MANIFEST).read_text())
    return {uri: {k: v for k, v in e.items() if k != "mtime_ns"} for uri, e in listed["pages"].items()}


@pytest.mark.skipif(not forked.can_fork(), reason="workers are forked on Linux only")
def test_forked_pages_are_the_pages_one_process_writes(repo: GitRepo, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    spy = fork_spy()
    monkeypatch.setattr(write, "Forked", spy)
    one = write_site(repo.path, tmp_path / "one", DAY, jobs=1)
    assert spy.runs == []
    seen: list[tuple[int, int, int]] = []
    two = write_site(repo.path, tmp_path / "two", DAY, progress=lambda *a: seen.append(a), jobs=2)
    # 35 accounts, a cohort, the home page and the two lists, in 10 chunks over two workers
    assert [len(items) for items in spy.runs] == [39]
    assert tree(tmp_path / "one").keys() == tree(tmp_path / "two").keys()
    assert {k: v for k, v in tree(tmp_path / "one").items() if k != manifest.MANIFEST} == \
        {k: v for k, v in tree(tmp_path / "two").items() if k != manifest.MANIFEST}
    assert entries(tmp_path / "one") == entries(tmp_path / "two")
    assert one.report.written == two.report.written and len(two.report.written) == two.report.total == 46
    assert one.report.rendered == two.report.rendered == 46
    assert seen[-1] == (46, 46, 46)
    # Nothing changed: no worker is started, nothing is rendered or written.
    spy.runs.clear()
    again = write_site(repo.path, tmp_path / "two", DAY, jobs=2)
    assert spy.runs == [] and again.report.written == [] and again.report.rendered < 46


@pytest.mark.skipif(not forked.can_fork(), reason="workers are forked on Linux only")
def test_a_failing_worker_fails_the_run_and_leaves_no_process(repo: GitRepo, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("account-17 cannot be rendered")

    monkeypatch.setattr(pages, "account_page", account_page_failing_at("account-17", broken))
    with pytest.raises(RuntimeError, match="account-17 cannot be rendered"):
        write_site(repo.path, tmp_path / "out", DAY, jobs=2)
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not forked.can_fork(), reason="workers are forked on Linux only")
def test_a_worker_that_dies_is_a_one_line_refusal_not_a_hang(repo: GitRepo, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "account_page", account_page_failing_at("account-17", lambda: os._exit(9)))  # killed
    with pytest.raises(manifest.PagesRefused, match=r"a worker process stopped .* --jobs 1"):
        write_site(repo.path, tmp_path / "out", DAY, jobs=2)
    assert multiprocessing.active_children() == []
    monkeypatch.chdir(repo.path)
    result = CliRunner().invoke(cli, ["pages", "--date", AS_OF, "--jobs", "2", "--out", str(tmp_path / "cli")])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "a worker process stopped" in result.stderr


@pytest.mark.parametrize("jobs", ["0", "33", "two"])
def test_jobs_out_of_range_is_a_usage_error(repo: GitRepo, jobs: str) -> None:
    result = CliRunner().invoke(cli, ["pages", "--date", AS_OF, "--jobs", jobs])
    assert result.exit_code == 2
    assert "--jobs" in result.stderr and "Traceback" not in result.stderr


def test_the_console_script_ends_quickly_with_all_its_output(repo: GitRepo, tmp_path: Path) -> None:
    """`handoff pages` skips the interpreter's teardown: its summary, warnings and exit codes
    still come out whole, from a real process."""
    done = pages_cli(repo.path, "--date", AS_OF, "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(" pages, 46 written, 0 unchanged, 0 removed\n")
    assert "warning: records/delta-cargo.md:37: unknown-key" in done.stderr
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "gap.md").write_text("# ours\n")
    refused = pages_cli(repo.path, "--date", AS_OF, "--out", str(tmp_path / "other"))
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "gap.md: was not written by `handoff pages`" in refused.stderr


def _square(i: int) -> int:
    time.sleep(0.02)  # a page's worth of work: the worker cannot finish every chunk before they are taken back
    return i * i


@pytest.mark.skipif(not forked.can_fork(), reason="workers are forked on Linux only")
def test_chunks_no_worker_started_are_taken_back_and_every_item_runs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "CHUNK", 2)
    items = list(range(40))
    with forked.Forked(_square, items, 1) as pool:
        back = list(pool.take_back())  # one worker, twenty chunks: most are still waiting
        got = dict(pool.results())
    assert back and len(back) < len(items)
    assert sorted([*back, *got]) == items  # each item once: either taken back or run by the worker
    assert all(got[i] == i * i for i in got)
