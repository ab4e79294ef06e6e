"""Speed of `handoff weekly` (issue 14) against the digest's floor, measured in the same run.

The repo is bench/digest.py's (`git fast-import`, one record changed per commit, reviews
turning accepted and rejected, dates over two years). Then:

  floor: `git log --first-parent --raw` over the same repo, read through a pipe;
  ours:  `handoff weekly --format json --date <last day>` (the week, and 4 weeks of trend).

Goal in issue 14: ours at most 0.2x the floor. History comes from the disk cache
(`.handoff/cache/`, warm after the first of the repeats), so the in-process phases show
that the time left is the week's figures: checking the record versions they need.

Run: .venv/bin/python bench/weekly.py [--commits 5000,20000] [--records 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
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


def measure(commits: int, records: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        day = make_repo(root, commits, records)
        best(["git", "log", "--first-parent", "--raw"], root, 1)  # warm the page cache
        floor, _ = best(["git", "log", "--first-parent", "--raw"], root, repeat)
        ours, out = best([HANDOFF, "weekly", "--format", "json", "--date", day], root, repeat)
        closed = sum(r["closed"] for r in json.loads(out)["reps"])
        probe = json.loads(best([sys.executable, "-c", PROBE, day], root, 1)[1])
    return {"commits": commits, "floor": floor, "ours": ours, "ratio": ours / floor, "closed": closed, **probe}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", default="5000,20000", help="comma-separated first-parent commit counts")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"handoff weekly vs `git log --first-parent --raw`, {args.records} records, best of {args.repeat}")
    print(f"{'commits':>8} {'floor s':>8} {'weekly s':>9} {'ratio':>6} {'imports':>8} {'history':>8} "
          f"{'figures':>8} {'RSS MB':>7} {'closed':>7} {'reviews':>8}")
    rows = []
    started = time.perf_counter()
    for commits in [int(s) for s in args.commits.split(",") if s]:
        r = measure(commits, args.records, args.repeat)
        rows.append(r)
        print(f"{commits:>8} {r['floor']:>8.3f} {r['ours']:>9.3f} {r['ratio']:>5.2f}x {r['imports']:>8.3f} "
              f"{r['history']:>8.3f} {r['figures']:>8.3f} {r['rss_mb']:>7.0f} {r['closed']:>7.0f} "
              f"{r['reviews']:>8.0f}", flush=True)
    at = rows[-1]
    ok = at["ratio"] <= 0.2
    print(f"goal at {at['commits']:.0f} commits: ratio <= 0.2x: {'OK' if ok else 'MISSED'} ({at['ratio']:.2f}x); "
          f"{time.perf_counter() - started:.0f} s in all")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
