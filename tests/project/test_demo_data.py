"""The bundled demo company: its data passes the contract, its cohorts follow the 90-day rule,
its records match the CRM, and demo/build_repo.py replays it into a repo with real history."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handoff.check.cohort import lookback, rank_reasons
from handoff.check.record import CheckContext, check_record
from handoff.check.run import run_check
from handoff.cli.main import cli
from handoff.record.parse import load, parse_bytes
from handoff.record.text import slugify
from handoff.repo.crm import parse_lost, parse_won

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "demo" / "build_repo.py"
DATA_FILES = sorted(
    [p for d in ("records", "cohorts") for p in (PROJECT / d).glob("*.md")]
    + [PROJECT / "crm" / "closed-won.csv", PROJECT / "crm" / "closed-lost.csv", PROJECT / "handoff.toml"]
)
WON = parse_won((PROJECT / "crm" / "closed-won.csv").read_text(encoding="utf-8"))
LOST = parse_lost((PROJECT / "crm" / "closed-lost.csv").read_text(encoding="utf-8"))
DEMO_DATE = dt.date(2026, 11, 23)
WINDOW = (DEMO_DATE - dt.timedelta(days=6), DEMO_DATE)


def _rel(path: Path) -> str:
    return path.relative_to(PROJECT).as_posix()


# --- the data ----------------------------------------------------------------------------


def test_check_passes_on_the_demo_data_without_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_check(PROJECT, [])
    assert not run.failed
    assert [f for r in run.results for f in r.findings if f.severity != "info"] == []
    records = [r for r in run.results if r.kind == "record"]
    assert Counter(r.status for r in records) == {"complete": 8, "partial": 3}
    assert sum(r.kind == "cohort" for r in run.results) == 18
    monkeypatch.chdir(PROJECT / "records")
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "checked 11 records (8 complete, 3 partial) and 18 cohorts: 0 invalid, 0 errors, 0 warnings")


@pytest.mark.parametrize("path", sorted((PROJECT / "cohorts").glob("*.md")), ids=lambda p: p.stem)
def test_cohort_follows_the_lost_deal_queue(path: Path) -> None:
    doc = load(path, 1 << 20)
    assert not isinstance(doc, Exception)
    data = doc.data
    start, end = lookback(data["week"])
    want = sorted((d.account, d.closed, d.arr, d.reason) for d in LOST
                  if slugify(d.segment) == slugify(data["segment"]) and start <= d.closed <= end)
    assert data["id"] == path.stem == f"{data['week']}-{slugify(data['segment'])}"
    assert sorted((d["account"], d["closed"], d["arr"], d["reason"]) for d in data["deals"]) == want
    assert data["lost_count"] == len(want)
    assert [(r["reason"], r["count"]) for r in data["top_reasons"]] == rank_reasons([w[3] for w in want])
    assert data["watch"] and doc.body.strip()


def test_every_week_with_cohorts_has_one_per_segment_with_losses() -> None:
    ids = {p.stem for p in (PROJECT / "cohorts").glob("*.md")}
    weeks = {i[:8] for i in ids}
    assert weeks == {f"2026-W{n}" for n in range(42, 48)}
    for week in weeks:
        start, end = lookback(week)
        segments = {slugify(d.segment) for d in LOST if start <= d.closed <= end}
        assert {i for i in ids if i.startswith(week)} == {f"{week}-{s}" for s in segments}


def test_every_record_is_a_closed_won_row_with_the_same_header() -> None:
    rows = {slugify(d.account): d for d in WON}
    for result in run_check(PROJECT, []).results:
        rec = result.record
        if result.kind != "record":
            continue
        assert rec is not None, result.path
        row = rows[slugify(rec.account)]
        assert (rec.account, rec.closed, rec.arr, rec.term_months, rec.segment, rec.rep, rec.cs_owner) == (
            row.account, row.closed, row.arr, row.term_months, row.segment, row.rep, row.cs_owner), result.path


def test_the_last_week_shows_the_gap_the_demo_is_about() -> None:
    """As of 2026-11-23 over 7 days: 7 planned, 2 complete, 3 partial (2 above 50K), 2 missing."""
    results = {slugify(r.record.account): r for r in run_check(PROJECT, []).results if r.record is not None}
    plan = [d for d in WON if WINDOW[0] <= d.closed <= WINDOW[1]]
    status = {d.account: results[slugify(d.account)].status if slugify(d.account) in results else "missing"
              for d in plan}
    assert Counter(status.values()) == {"complete": 2, "partial": 3, "missing": 2}
    assert sorted(a for a, s in status.items() if s == "missing") == ["Riverside Pediatrics Network",
                                                                      "Vantage Precision Parts"]
    assert sum(d.arr > 50000 for d in plan if status[d.account] == "partial") == 2
    skipped = Counter(d.rep for d in plan if status[d.account] != "complete")
    assert skipped == {"Raj Patel": 3, "Marcus Obi": 1, "Sofia Lindqvist": 1}
    rejected = [r for r in results.values() if r.record and r.record.review and r.record.review.status == "rejected"]
    assert [(r.record.account, r.record.stage) for r in rejected if r.record] == [("Meridian Health Partners", "draft")]
    no_record = {d.account for d in WON} - {r.record.account for r in results.values() if r.record}
    assert no_record == {"Alder Valley Clinics", "Riverside Pediatrics Network", "Vantage Precision Parts"}


def test_the_data_carries_no_html() -> None:
    for path in DATA_FILES:
        assert "<" not in path.read_text(encoding="utf-8"), path


# --- the built repo ----------------------------------------------------------------------


def _build(dest: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(dest), *extra], capture_output=True, text=True,
                          check=False)


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, check=True).stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("demo")  # exists and is empty: allowed without --force
    done = _build(dest)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{dest}\n"
    return dest


def _head_tree(repo: Path) -> dict[str, bytes]:
    names = [n for n in _git(repo, "ls-tree", "-r", "-z", "--name-only", "HEAD").decode().split("\0") if n]
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"HEAD:{n}\n" for n in names).encode())
    files: dict[str, bytes] = {}
    pos = 0
    for name in names:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        files[name] = out[header_end + 1:header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return files


def test_head_tree_is_exactly_this_repos_data(demo: Path) -> None:
    tree = _head_tree(demo)
    site_files = {"mkdocs.yml": PROJECT / "mkdocs.yml", **{_rel(p): p for p in (PROJECT / "site").rglob("*.md")}}
    assert {k: v for k, v in tree.items() if k not in site_files} == {_rel(p): p.read_bytes() for p in DATA_FILES}
    assert {k: v for k, v in tree.items() if k in site_files} == {k: p.read_bytes() for k, p in site_files.items()}
    site = yaml.safe_load(tree["mkdocs.yml"])
    assert site["plugins"][0] == "search" and site["plugins"][1]["handoff"]["date"] == dt.date(2026, 11, 23)
    assert _git(demo, "status", "--porcelain") == b""
    assert _git(demo, "rev-parse", "--abbrev-ref", "HEAD") == b"main\n"


def test_history_has_merged_pull_requests_over_five_weeks(demo: Path) -> None:
    log = _git(demo, "log", "--first-parent", "--format=%P%x09%cI%x09%an%x09%s").decode().splitlines()
    commits = [line.split("\t") for line in log]
    dates = [dt.datetime.fromisoformat(c[1]) for c in commits]
    merges = [c for c in commits if len(c[0].split()) == 2]
    assert len(commits) >= 20
    assert len(merges) >= 5 and all(c[3].startswith("Merge pull request #") for c in merges)
    assert dates == sorted(dates, reverse=True)  # committer dates never go back along main
    assert dates[0] - dates[-1] >= dt.timedelta(weeks=4)
    assert dates[0].date() == DEMO_DATE
    authors = {c[2] for c in commits}
    assert {"Dana Ruiz", "Raj Patel", "Sofia Lindqvist", "Marcus Obi", "Hannah Cole", "Lee Park"} <= authors


def test_rejections_on_main_in_the_last_week(demo: Path) -> None:
    """Commits on main that turn a review into `rejected`, with who rejected, in the digest's window."""
    log = _git(demo, "log", "--first-parent", "--diff-merges=first-parent", "-p", "--format=%x1e%cI",
               "--", "records").decode()
    found: Counter[str] = Counter()
    for chunk in log.split("\x1e")[1:]:
        when = dt.datetime.fromisoformat(chunk.split("\n", 1)[0]).date()
        if "\n+  status: rejected" in chunk and WINDOW[0] <= when <= WINDOW[1]:
            found[chunk.split("\n+  by: ", 1)[1].split("\n", 1)[0]] += 1
    assert found == {"Hannah Cole": 2, "Lee Park": 1}


def test_every_state_on_main_passes_the_contract(demo: Path) -> None:
    """Each record as it stood at each commit of main: valid, and complete whenever it says closed-won."""
    log = _git(demo, "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "--no-renames",
               "--name-status", "--format=%x1e%H").decode()
    cohorts: set[str] = set()
    checked = 0
    states: list[tuple[str, str, frozenset[str]]] = []
    for block in log.split("\x1e")[1:]:
        sha, *changes = [line for line in block.splitlines() if line]
        for change in changes:
            status, path = change.split("\t")
            if path.startswith("cohorts/"):
                (cohorts.discard if status == "D" else cohorts.add)(Path(path).stem)
        states.extend((sha, path, frozenset(cohorts)) for status, path in (c.split("\t") for c in changes)
                      if path.startswith("records/") and status != "D")
    out = _git(demo, "cat-file", "--batch", stdin="".join(f"{sha}:{path}\n" for sha, path, _ in states).encode())
    pos = 0
    for sha, path, present in states:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        raw = out[header_end + 1:header_end + 1 + size]
        pos = header_end + 1 + size + 1
        ctx = CheckContext(cohort_exists=present.__contains__, cohort_ids=lambda p=present: sorted(p))
        result = check_record(path, Path(path).stem, parse_bytes(raw), ctx)
        assert result.status in {"complete", "partial"}, (sha, result.findings)
        assert [f for f in result.findings if f.severity != "info"] == [], (sha, result.findings)
        checked += 1
    assert checked >= 20


def test_refuses_a_non_empty_dest_without_force(demo: Path, tmp_path: Path) -> None:
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "notes.txt").write_text("keep me")
    done = _build(dest)
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "--force" in done.stderr
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no half-built repo left beside it

    done = _build(dest, "--force")
    assert done.returncode == 0, done.stderr
    assert not (dest / "notes.txt").exists()
    # Fixed dates and authors: the same commits as the first build.
    assert _git(dest, "rev-parse", "HEAD") == _git(demo, "rev-parse", "HEAD")
