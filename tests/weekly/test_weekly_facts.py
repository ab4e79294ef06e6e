"""The weekly review's per-blob cache (`.handoff/cache/weekly-facts.json`): a warm run gives the
figures a cold one gives, on the golden history and after a rewrite, a new commit, a changed
`extra_keys`; a damaged or foreign file is ignored; a warm run parses nothing it knows."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from test_weekly import GOLDEN, PLAN, history

from gitrepo import GitRepo
from handoff.record import parse as parse_module
from handoff.repo import asof
from handoff.weekly import facts as facts_module
from handoff.weekly import report as report_module
from handoff.weekly.format import as_json
from handoff.weekly.kept import KeptWeeks
from handoff.weekly.report import weekly_report
from weekly_kit import record, run

CACHE = Path(".handoff") / "cache" / "weekly-facts.json"
W47 = dt.date(2026, 11, 18)


def outputs(repo: GitRepo, day: str = "2026-11-18") -> list[str]:
    got = [run(repo, "weekly", "--date", day, "--format", f) for f in ("text", "markdown", "json")]
    assert all(code == 0 and err == "" for code, _, err in got), got
    return [out for _, out, _ in got]


def cold(repo: GitRepo, day: dt.date = W47) -> str:
    """The figures with no cache at all (nothing read from or written to the folder)."""
    return as_json(weekly_report(repo.path, day, cache=False))


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    seen: list[bytes] = []
    real = parse_module.parse_bytes

    def counting(raw: bytes) -> object:
        seen.append(raw)
        return real(raw)

    monkeypatch.setattr(parse_module, "parse_bytes", counting)  # the one parse of any file's bytes
    monkeypatch.setattr(asof, "_SHARED", {})
    return seen


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return history(GitRepo(tmp_path / "repo"))


@pytest.fixture(autouse=True)
def no_kept_weeks(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are of the per-blob cache: no week's figures come from `weekly.kept`."""
    monkeypatch.setattr(report_module, "KeptWeeks", lambda _top: KeptWeeks(None))


def test_warm_run_matches_the_cold_one_and_the_goldens(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    goldens = [(GOLDEN / f"w47.{ext}").read_text(encoding="utf-8") for ext in ("txt", "md", "json")]
    assert not (repo.path / CACHE).exists()
    assert outputs(repo) == goldens  # cold: learns every version it reads
    data = json.loads((repo.path / CACHE).read_bytes())
    assert data["format"] == facts_module.FORMAT and data["blobs"] and data["complete"]
    assert repo.git("status", "--porcelain") == ""  # the folder ignores itself
    before = (repo.path / CACHE).stat()
    seen = count_parses(monkeypatch)
    assert outputs(repo) == goldens  # warm: every answer from the cache...
    assert seen == []  # ...so no version is parsed again
    after = (repo.path / CACHE).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # nothing new: not rewritten
    (repo.path / CACHE).unlink()
    assert outputs(repo) == goldens and seen  # the counter is live: without the cache, versions are parsed


@pytest.mark.parametrize("content", [
    b"\x00\xffnot json",
    b"[]",
    b'{"format": 1, "version": "0.0.1", "blobs": {}, "complete": {}}',
    b'{"format": 99, "version": "0.2.0", "blobs": {}, "complete": {}}',
    b'{"format": 1, "version": "0.2.0", "blobs": [], "complete": {}}',
])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(repo: GitRepo, content: bytes) -> None:
    expected = outputs(repo)
    (repo.path / CACHE).write_bytes(content)
    assert outputs(repo) == expected
    data = json.loads((repo.path / CACHE).read_bytes())
    assert data["format"] == facts_module.FORMAT and data["blobs"]


@pytest.mark.parametrize("change", [{"format": facts_module.FORMAT + 1}, {"version": "0.1.0"}])
def test_a_file_of_another_format_or_version_is_not_trusted(repo: GitRepo, change: dict[str, object]) -> None:
    expected = outputs(repo)
    path = repo.path / CACHE
    data = json.loads(path.read_bytes())
    for sha in data["blobs"]:  # well-formed lies: were they read, every version would be a rejection
        data["blobs"][sha] = [10, True, True, True, "rejected", "Mallory", "Evil", "Evil", "Evil", None]
    data["complete"] = dict.fromkeys(data["complete"], False)
    path.write_text(json.dumps(data | change))
    assert outputs(repo) == expected
    assert json.loads(path.read_bytes())["version"] == facts_module.__version__


def test_foreign_entries_are_learnt_again(repo: GitRepo) -> None:
    expected = outputs(repo)
    path = repo.path / CACHE
    data = json.loads(path.read_bytes())
    blobs = data["blobs"]
    for n, sha in enumerate(blobs):  # every entry damaged, each in a different way
        blobs[sha] = [[], "x", None, {"a": 1}, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0][n % 6]
    data["complete"] = {key: "yes" for key in data["complete"]}
    path.write_text(json.dumps(data))
    assert outputs(repo) == expected
    again = json.loads(path.read_bytes())
    assert all(isinstance(v, list) and len(v) == 10 for v in again["blobs"].values())
    assert all(isinstance(v, bool) for v in again["complete"].values())


def test_a_rewritten_history_gives_its_own_figures(repo: GitRepo) -> None:
    outputs(repo, "2026-11-20")  # warm the cache on the history as first written
    repo.git("reset", "-q", "--hard", "HEAD~3")  # drop c12 to c14: Cobalt never complete, nor accepted
    cobalt = PLAN[3]
    repo.write("records/cobalt-labs.md", record(*cobalt, complete=False, review=("accepted", "Lee Park")))
    repo.commit("cobalt accepted while partial", "2026-11-20T10:00:00+00:00")
    warm = json.loads(outputs(repo, "2026-11-20")[2])
    assert json.loads(cold(repo, dt.date(2026, 11, 20))) == warm
    raj = next(r for r in warm["reps"] if r["rep"] == "Raj Patel")
    assert (raj["complete"], raj["reviews"], raj["rejections"]) == (0, 2, 1)
    lee = next(c for c in warm["cs"] if c["cs"] == "Lee Park")
    assert lee == {"cs": "Lee Park", "reviews": 2, "rejections": 1, "median_days_to_review": None}


def test_a_new_commit_is_picked_up(repo: GitRepo) -> None:
    before = json.loads(outputs(repo, "2026-11-24")[2])
    assert before["cs"] == [{"cs": "Lee Park", "reviews": 1, "rejections": 1, "median_days_to_review": 6.0}]
    repo.write("records/acme-logistics.md", record(*PLAN[1], review=("rejected", "Lee Park")))
    repo.commit("reject acme", "2026-11-24T09:00:00+00:00")
    after = json.loads(outputs(repo, "2026-11-24")[2])
    assert after["cs"] == [{"cs": "Lee Park", "reviews": 2, "rejections": 2, "median_days_to_review": 6.5}]
    assert json.loads(cold(repo, dt.date(2026, 11, 24))) == after


def test_a_changed_extra_keys_is_read_afresh(tmp_path: Path) -> None:
    mine = history(GitRepo(tmp_path / "repo"))
    mine.git("reset", "-q", "--hard", "HEAD~1")  # drop c14
    delta = PLAN[4]  # closed the 19th; its record carries a key the team has not listed yet
    mine.write("records/delta-cargo.md", record(*delta, extra="region: EMEA\n"))
    mine.commit("delta", "2026-11-21T09:00:00+00:00")

    def raj() -> dict[str, object]:
        reps = json.loads(outputs(mine, "2026-11-22")[2])["reps"]
        found: dict[str, object] = next(r for r in reps if r["rep"] == "Raj Patel")
        return found

    assert raj()["complete"] == 1  # Cobalt only: Delta's unknown key makes it invalid
    mine.write("handoff.toml", 'extra_keys = ["region"]\n')
    mine.commit("region is ours", "2026-11-22T09:00:00+00:00")
    # Delta complete now; its first complete version is the 21st's, read with the newest extra_keys: 2 days
    assert (raj()["complete"], raj()["within_sla"]) == (2, 2)
    assert json.loads(cold(mine, dt.date(2026, 11, 22)))["reps"] == json.loads(outputs(mine, "2026-11-22")[2])["reps"]


def test_a_version_over_the_size_limit_is_parsed_once_the_limit_allows_it(tmp_path: Path) -> None:
    mine = history(GitRepo(tmp_path / "repo"))
    mine.git("reset", "-q", "--hard", "HEAD~1")
    mine.write("handoff.toml", "max_file_bytes = 1024\n")
    mine.write("records/delta-cargo.md", record(*PLAN[4], review=("rejected", "Lee Park")) + "x" * 1024 + "\n")
    mine.commit("delta, long", "2026-11-21T09:00:00+00:00")
    lee = [c for c in json.loads(outputs(mine, "2026-11-22")[2])["cs"] if c["cs"] == "Lee Park"]
    assert lee[0]["reviews"] == 2  # Delta's rejection is over the limit: not read
    mine.write("handoff.toml", "max_file_bytes = 65536\n")
    mine.commit("larger limit", "2026-11-22T09:00:00+00:00")
    lee = [c for c in json.loads(outputs(mine, "2026-11-22")[2])["cs"] if c["cs"] == "Lee Park"]
    assert lee[0]["reviews"] == 3
    assert json.loads(cold(mine, dt.date(2026, 11, 22))) == json.loads(outputs(mine, "2026-11-22")[2])


def test_an_unwritable_cache_folder_is_no_error(repo: GitRepo) -> None:
    (repo.path / ".handoff").write_text("not a folder\n")
    expected = cold(repo)
    assert as_json(weekly_report(repo.path, W47)) == expected
    assert os.path.isfile(repo.path / ".handoff")
