"""Speed of `handoff check` (issue 3), as ratios against floors measured in the same run.

1. 5,000 valid records: `handoff check` over all of them vs one Python process that
   reads the same files and parses their front matter with PyYAML's CSafeLoader.
   Goal: at most 1.5x.
2. One record: `handoff check <file>` wall time minus bare `python -c pass`, the
   pre-commit latency a rep feels. Goal: at most 0.25 s.

Run: .venv/bin/python bench/check.py [--records 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from timing import HANDOFF, best, bytecode

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "tests" / "example-files" / "records" / "positive" / "contract-example.md"
COHORT = HERE.parent / "tests" / "example-files" / "cohorts" / "positive" / "2026-W46-logistics.md"

FLOOR = """
import sys, yaml
from pathlib import Path
loader = yaml.CSafeLoader
n = 0
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    text = path.read_text(encoding="utf-8")
    _, front, _body = text.split("---\\n", 2)
    n += len(yaml.load(front, Loader=loader))
print(n)
"""


def make_repo(root: Path, count: int) -> None:
    base = EXAMPLE.read_text()
    (root / ".git").mkdir()
    (root / "records").mkdir()
    (root / "cohorts").mkdir()
    (root / "cohorts" / COHORT.name).write_text(COHORT.read_text())
    for i in range(count):
        name = f"Bench Account {i:05d}"
        text = base.replace("account: Contract Example", f"account: {name}").replace("arr: 64000", f"arr: {1000 + i}")
        (root / "records" / f"bench-account-{i:05d}.md").write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_repo(root, args.records)
        floor = best([sys.executable, "-c", FLOOR, str(root / "records")], root, args.repeat)
        ours = best([HANDOFF, "check"], root, args.repeat)
        bare = best([sys.executable, "-c", "pass"], root, args.repeat * 4)
        one = best([HANDOFF, "check", "records/bench-account-00000.md"], root, args.repeat * 4)
    ratio = ours / floor
    latency = one - bare
    print(f"records checked:            {args.records}")
    print(f"floor (read + CSafeLoader): {floor:.3f} s")
    print(f"handoff check, all:         {ours:.3f} s   ratio {ratio:.2f}x   goal <= 1.5x  "
          f"{'OK' if ratio <= 1.5 else 'MISSED'}")
    print(f"one file, minus bare python:{latency:.3f} s  (python -c pass {bare:.3f} s)   goal <= 0.25 s  "
          f"{'OK' if latency <= 0.25 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
