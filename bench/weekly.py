"""Speed of `handoff weekly` (issue 14) against the digest's floor, measured in the same run.

The repo is bench/digest.py's (`git fast-import`, one record changed per commit, reviews
turning accepted and rejected, dates over two years). Then:

  floor: `git log --first-parent --raw` over the same repo, read through a pipe;
  cold:  `handoff weekly --format json --date <last day>` (the week and 4 weeks of trend) with
         no `.handoff/cache/` (removed before each repeat): the history read in full, every
         record version the figures need read and checked;
  warm:  the same command again: the history from the disk cache, what each record version
         says from `.handoff/cache/weekly-facts.json` (kept by blob sha).

Goal in issue 14: warm at most 0.2x the floor. The cold and warm outputs must be the same.
The in-process phases (imports, history, figures, RSS) are of one more warm run.

Run: .venv/bin/python bench/weekly.py [--commits 20000,50000] [--records 2000] [--repeat 3] [--repo DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import bytecode  # noqa: E402

from digest import HANDOFF, best, make_repo  # noqa: E402  (bench/digest.py builds the repo)

PROBE = """
import datetime as dt, json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from handoff.weekly.report import weekly_report
from handoff.repo.history import History
t1 = time.perf_counter()
h = History.open(Path("."), cache=True)
t2 = time.perf_counter()
r = weekly_report(h, dt.date.fromisoformat(sys.argv[1]))
t3 = time.perf_counter()
with open("/proc/self/status") as f:
    hwm_kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
print(json.dumps({"imports": t1 - t0, "history": t2 - t1, "figures": t3 - t2, "rss_mb": hwm_kb / 1024,
                  "reviews": sum(x.reviews for x in r.week.reps)}))
"""


def cold(cmd: list[str], root: Path, repeat: int) -> tuple[float, str]:
    """Best wall time of `cmd` with no `.handoff/cache/` before each run."""
    times, out = [], ""
    for _ in range(repeat):
        shutil.rmtree(root / ".handoff", ignore_errors=True)
        took, out = best(cmd, root, 1)
        times.append(took)
    return min(times), out


def measure(root: Path, commits: int, records: int, repeat: int) -> dict[str, float]:
    if not (root / ".git").is_dir():
        make_repo(root, commits, records)
    day = best(["git", "log", "-1", "--format=%cs"], root, 1)[1].strip()
    made = int(best(["git", "rev-list", "--count", "--first-parent", "HEAD"], root, 1)[1])
    best(["git", "log", "--first-parent", "--raw"], root, 1)  # warm the page cache
    floor, _ = best(["git", "log", "--first-parent", "--raw"], root, repeat)
    cmd = [HANDOFF, "weekly", "--format", "json", "--date", day]
    first, out_cold = cold(cmd, root, repeat)
    warm, out = best(cmd, root, repeat)
    if out != out_cold:
        raise SystemExit("the warm run's figures differ from the cold run's")
    closed = sum(r["closed"] for r in json.loads(out)["reps"])
    probe = json.loads(best([sys.executable, "-c", PROBE, day], root, 1)[1])
    return {"commits": made, "floor": floor, "cold": first, "warm": warm, "cold_ratio": first / floor,
            "ratio": warm / floor, "closed": closed, **probe}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", default="50000", help="comma-separated first-parent commit counts")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repo", type=Path, help="keep the bench repo here (one commit count): built once, reused")
    args = parser.parse_args()
    bytecode()
    print(f"handoff weekly vs `git log --first-parent --raw`, {args.records} records, best of {args.repeat}")
    print(f"{'commits':>8} {'floor s':>8} {'cold s':>7} {'ratio':>6} {'warm s':>7} {'ratio':>6} {'imports':>8} "
          f"{'history':>8} {'figures':>8} {'RSS MB':>7} {'closed':>7} {'reviews':>8}")
    rows = []
    started = time.perf_counter()
    for commits in [int(s) for s in args.commits.split(",") if s]:
        with tempfile.TemporaryDirectory() as tmp:
            r = measure(args.repo or Path(tmp), commits, args.records, args.repeat)
        rows.append(r)
        print(f"{r['commits']:>8} {r['floor']:>8.3f} {r['cold']:>7.3f} {r['cold_ratio']:>5.2f}x {r['warm']:>7.3f} "
              f"{r['ratio']:>5.2f}x {r['imports']:>8.3f} {r['history']:>8.3f} {r['figures']:>8.3f} "
              f"{r['rss_mb']:>7.0f} {r['closed']:>7.0f} {r['reviews']:>8.0f}", flush=True)
    at = rows[-1]
    ok = at["ratio"] <= 0.2
    print(f"goal at {at['commits']:.0f} commits: warm ratio <= 0.2x: {'OK' if ok else 'MISSED'} ({at['ratio']:.2f}x); "
          f"{time.perf_counter() - started:.0f} s in all")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
