"""Speed of `handoff cohort` (issue 6), as a ratio against a floor measured in the same run.

A 100,000-row `crm/closed-lost.csv` (five years of losses over twelve segments):
`handoff cohort --week W --force` (every segment's file for the week) vs one Python
process that reads the same CSV with the standard `csv` module. Goal: at most 3x.

Run: .venv/bin/python bench/cohort.py [--rows 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import HANDOFF, best, bytecode

WEEK = "2026-W47"
SEGMENTS = ("logistics", "healthcare", "retail", "manufacturing", "fintech", "education", "hospitality",
            "construction", "media", "energy", "insurance", "public sector")
REASONS = ("Cheaper competitor", "No budget this year", "Chose in-house build", "Timing", "Missing integration",
           "Champion left", "Security review failed")

# Where the time goes, measured in one process (imports, then each library phase).
PHASES = """
import sys, time
t0 = time.perf_counter()
from handoff.authoring.cohorts import build, parse_week
from handoff.repo.config import Settings
from handoff.repo.crm import parse_lost
t1 = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
deals = parse_lost(text, window=parse_week(sys.argv[2]))
t2 = time.perf_counter()
files = build(deals, sys.argv[2], None, Settings())
t3 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f} {sum(len(f.deals) for f in files)}")
"""

FLOOR = """
import csv, sys
n = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        n += len(row)
print(n)
"""


def make_repo(root: Path, rows: int) -> None:
    (root / ".git").mkdir()
    (root / "cohorts").mkdir()
    (root / "crm").mkdir()
    rng = random.Random(6)
    end = dt.date(2026, 11, 22)
    with open(root / "crm" / "closed-lost.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["account", "closed", "arr", "segment", "rep", "reason", "competitor"])
        for i in range(rows):
            closed = end - dt.timedelta(days=rng.randrange(5 * 365))
            out.writerow([f"Lost Account {i:06d}", closed.isoformat(), rng.randrange(5, 200) * 1000,
                          rng.choice(SEGMENTS), f"Rep {i % 40:02d}", rng.choice(REASONS),
                          rng.choice(("", "RouteLite", "ShipFast", "CarePath"))])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_repo(root, args.rows)
        floor = best([sys.executable, "-c", FLOOR, str(root / "crm" / "closed-lost.csv")], root, args.repeat)
        ours = best([HANDOFF, "cohort", "--week", WEEK, "--force"], root, args.repeat)
        written = sorted(p.name for p in (root / "cohorts").glob("*.md"))
        phases = subprocess.run([sys.executable, "-c", PHASES, str(root / "crm" / "closed-lost.csv"), WEEK],
                                capture_output=True, text=True, check=True).stdout.split()
        check = subprocess.run([HANDOFF, "check"], cwd=root, capture_output=True, text=True, check=False)
    ratio = ours / floor
    print(f"closed-lost rows:           {args.rows}")
    print(f"cohort files written:       {len(written)} (handoff check exit {check.returncode})")
    print(f"floor (csv module read):    {floor:.3f} s")
    print(f"handoff cohort --force:     {ours:.3f} s   ratio {ratio:.2f}x   goal <= 3x  "
          f"{'OK' if ratio <= 3 else 'MISSED'}")
    print(f"  of which: imports {phases[0]} s, crm.parse_lost (every date, the window's rows whole) {phases[1]} s, "
          f"grouping + YAML of {phases[3]} deals in the window {phases[2]} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
