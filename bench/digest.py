"""Speed of `handoff digest` against a floor measured in the same run.

For each size, a repo with `--records` records and that many first-parent commits is
generated with `git fast-import` (one record changed per commit, some reviews turned
to `rejected`, dates spread over two years). Then:

  floor: `git log --first-parent --raw` over the same repo, read through a pipe;
  ours:  `handoff digest --format json --date <last day>`.

Goal: ours at most 0.1x the floor at 50,000 commits (the digest reads back from HEAD
only as far as its window), with the same output as a digest over the whole line, and
peak RSS at most 200 MB. The in-process phases show where the time goes. RSS MB is the
digest process's own peak; `git log MB` is the floor's.

Run: .venv/bin/python bench/digest.py [--commits 5000,50000] [--records 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from timing import HANDOFF, bytecode

START = dt.datetime(2025, 1, 1, 9, 0, tzinfo=dt.UTC)
SPAN = dt.timedelta(days=730)
REPS = ["Ana Ortiz", "Ben Cho", "Cara Diaz", "Dev Shah", "Eli Park", "Fay Moss"]
CS = ["Lee Park", "Hannah Cole", "Kim Lee"]
COHORT = ("---\nid: 2026-W46-logistics\nweek: 2026-W46\nsegment: logistics\nlost_count: 1\ntop_reasons:\n"
          "  - reason: Cheaper competitor\n    count: 1\ndeals:\n  - account: Northwind Freight\n"
          "    closed: 2026-10-02\n    arr: 38000\n    reason: Cheaper competitor\n---\nSummary.\n")
RECORD = """---
account: Bench Account {i:05d}
closed: {closed}
arr: {arr}
term_months: 12
segment: logistics
rep: {rep}
stage: {stage}
promised_outcome: "Cut mis-routed shipments in half before the March peak."
decision_criteria:
  - Works with their existing TMS without a rebuild
  - Live within 30 days
objections:
  - objection: "Your routing engine is unproven at our volume."
    answer: "Reference call with a 3x larger shipper; pilot on one depot."
champion:
  name: Priya Shah
  role: VP Operations
  stake: Owns the peak-season error target in her bonus.
skeptic:
  name: Tom Becker
  role: IT Director
  worry: Another integration his two-person team must maintain.
risk_flags:
  - {risk}
success_metric:
  metric: Mis-routed shipments per 1,000
  baseline: 14
  target: 7
lost_deal_cohort: 2026-W46-logistics
review:
  status: {status}
  by: {cs}
{reason}---

Call notes, version {version}.

AI-assist note: drafted by DealDesk Assistant, reviewed by {rep}.
"""


def _closed(i: int, records: int, last: dt.date) -> dt.date:
    # Record i closes a little before its first commit would; the newest ones fall in the last week.
    return last - dt.timedelta(days=(records - 1 - i) * 200 // records)


def _record(i: int, version: int, records: int, last: dt.date) -> bytes:
    # About one version in five turns a review into `rejected`, at a different moment for each record.
    status = ("pending", "accepted", "pending", "rejected", "accepted")[(3 * i + version) % 5] if version else "pending"
    draft = i % 4 == 0
    text = RECORD.format(i=i, closed=_closed(i, records, last), arr=20000 + (i * 37) % 80000, rep=REPS[i % 6],
                         stage="draft" if draft else "closed-won", risk="TBD" if draft else "Budget year one.",
                         status=status, cs=CS[(i + version) % 3], version=version,
                         reason="  reason: Name the risks.\n" if status == "rejected" else "")
    return text.encode()


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def stream(commits: int, records: int) -> Iterator[bytes]:
    """A fast-import stream: commit 0 brings the CRM export and the cohort; each later commit
    adds or edits one record (all records exist after the first `records` commits)."""
    step = SPAN / commits
    last = (START + step * (commits - 1)).date()
    won = "account,closed,arr,term_months,segment,rep,cs_owner\n" + "".join(
        f"Bench Account {i:05d},{_closed(i, records, last)},{20000 + (i * 37) % 80000},12,logistics,{REPS[i % 6]},"
        f"{CS[i % 3]}\n" for i in range(records))
    versions = [0] * records
    for n in range(commits):
        when = int((START + step * n).timestamp())
        author = REPS[n % 6] if n % 3 else CS[n % 3]
        who = f"{author} <{author.split()[0].lower()}@example.com> {when} +0000"
        head = b"commit refs/heads/main\nauthor %s\ncommitter %s\n" % (who.encode(), who.encode())
        if n == 0:
            yield head + _data(b"Plan and cohort") + b"M 100644 inline crm/closed-won.csv\n" + \
                _data(won.encode()) + b"M 100644 inline cohorts/2026-W46-logistics.md\n" + _data(COHORT.encode())
            continue
        i = (n - 1) % records if n <= records else (n * 7919) % records
        versions[i] += 1
        body = _record(i, versions[i], records, last)
        yield head + _data(b"Record %05d, version %d" % (i, versions[i])) + \
            b"M 100644 inline records/bench-account-%05d.md\n" % i + _data(body)


def make_repo(root: Path, commits: int, records: int) -> str:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE)
    assert importer.stdin is not None
    for chunk in stream(commits, records):
        importer.stdin.write(chunk)
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    return subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()


def best(cmd: list[str], cwd: Path, repeat: int) -> tuple[float, str]:
    """Best wall time of `cmd`, its output read through a pipe in 1 MB chunks; the last output
    kept only when it is small (the floor's is not: holding it would swell this process)."""
    times, out = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert proc.stdout is not None
        out = b""
        while chunk := proc.stdout.read(1 << 20):
            if len(out) < (1 << 20):
                out += chunk
        proc.stdout.close()
        code = proc.wait()
        times.append(time.perf_counter() - start)
        if code != 0:
            raise SystemExit(f"{' '.join(cmd[:3])} failed ({code})")
    return min(times), out.decode("utf-8", "replace")


PROBE = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from handoff.digest.compute import compute_digest
from handoff.repo.history import History
t1 = time.perf_counter()
t2 = time.perf_counter()
d = compute_digest(Path("."), dt.date.fromisoformat(sys.argv[1]))
t3 = time.perf_counter()
# VmHWM is this process's own peak (ru_maxrss would carry over the spawning process's peak through exec).
with open("/proc/self/status") as f:
    hwm_kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
same = d.to_json() == compute_digest(History.open(Path(".")), dt.date.fromisoformat(sys.argv[1])).to_json()
print(json.dumps({"imports": t1 - t0, "history": t2 - t1, "figures": t3 - t2, "rss_mb": hwm_kb / 1024,
                  "planned": d.planned, "rejections": len(d.rejections), "same": same}))
"""
# Peak RSS of the floor `git log`, spawned from a small process so it inherits no peak.
GIT_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def measure(commits: int, records: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        made = time.perf_counter()
        day = make_repo(root, commits, records)
        made = time.perf_counter() - made
        best(["git", "log", "--first-parent", "--raw"], root, 1)  # warm the page cache
        floor, _ = best(["git", "log", "--first-parent", "--raw"], root, repeat)
        ours, out = best([HANDOFF, "digest", "--format", "json", "--date", day], root, repeat)
        figures = json.loads(out)
        probe = json.loads(best([sys.executable, "-c", PROBE, day], root, 1)[1])
        git_mb = float(best([sys.executable, "-c", GIT_RSS, "git", "log", "--first-parent", "--raw"], root, 1)[1])
    return {"commits": commits, "generate": made, "floor": floor, "ours": ours, "ratio": ours / floor,
            "planned": figures["planned"], "git_rss_mb": git_mb, **probe}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", default="5000,50000", help="comma-separated first-parent commit counts")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bytecode()
    sizes = [int(s) for s in args.commits.split(",") if s]
    print(f"handoff digest vs `git log --first-parent --raw`, {args.records} records, best of {args.repeat}")
    print(f"{'commits':>8} {'floor s':>8} {'digest s':>9} {'ratio':>6} {'imports':>8} {'open':>8} "
          f"{'figures':>8} {'RSS MB':>7} {'git log MB':>10} {'planned':>8} {'rejections':>10}")
    rows = []
    for commits in sizes:
        r = measure(commits, args.records, args.repeat)
        rows.append(r)
        print(f"{commits:>8} {r['floor']:>8.3f} {r['ours']:>9.3f} {r['ratio']:>5.2f}x {r['imports']:>8.3f} "
              f"{r['history']:>8.3f} {r['figures']:>8.3f} {r['rss_mb']:>7.0f} {r['git_rss_mb']:>10.0f} "
              f"{r['planned']:>8.0f} {r['rejections']:>10.0f}", flush=True)
    at = next((r for r in rows if r["commits"] == 50000), rows[-1])
    ok = at["ratio"] <= 0.1 and max(r["rss_mb"] for r in rows) <= 200 and all(r["same"] for r in rows)
    print(f"same output as over the whole line: {'yes' if all(r['same'] for r in rows) else 'NO'}")
    print(f"goal at {at['commits']:.0f} commits: ratio <= 0.1x and peak RSS <= 200 MB: "
          f"{'OK' if ok else 'MISSED'} ({at['ratio']:.2f}x, {max(r['rss_mb'] for r in rows):.0f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
