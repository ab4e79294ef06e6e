"""Benchmark: `mkdocs build` of a 2,000-account handoff repo with the plugin, against a floor.

The floor is measured in the same run: plain MkDocs Material (plugins: search)
building the same number of pre-written markdown pages of the same sizes, with
the same nav shape (account and cohort pages out of the nav, as the plugin
makes them). Goal: plugin build <= 1.3x the floor.

    python bench/site.py [--accounts 2000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 11, 23)
WEEKS = 10
SEGMENTS = ("logistics", "healthcare", "retail", "fintech", "manufacturing")
REASONS = ("Cheaper competitor", "No budget this year", "Missing integration", "Chose to build in-house")
GOAL = 1.3


def record(i: int, closed: dt.date, segment: str, complete: bool) -> str:
    cohort = f"{closed.isocalendar().year}-W{closed.isocalendar().week:02d}-{segment}"
    risks = "risk_flags:\n  - Budget approved only for year one.\n  - A competitor pitches an add-on.\n"
    return (
        f"---\naccount: Account {i:05d}\nclosed: {closed}\narr: {20000 + (i * 137) % 90000}\nterm_months: 12\n"
        f"segment: {segment}\nrep: Rep {i % 17}\ncs_owner: CS {i % 7}\nstage: {'closed-won' if complete else 'draft'}\n"
        'promised_outcome: "Cut mis-routed shipments in half before the March peak."\n'
        "decision_criteria:\n  - Works with their TMS\n  - Live within 30 days\n  - Per-route pricing\n"
        'objections:\n  - objection: "Unproven at our volume."\n    answer: "Reference call; pilot on one depot."\n'
        "champion:\n  name: Priya Shah\n  role: VP Operations\n  stake: Owns the peak error target.\n"
        "skeptic:\n  name: Tom Becker\n  role: IT Director\n  worry: Another integration to maintain.\n"
        f"{risks if complete else ''}"
        "success_metric:\n  metric: Mis-routed shipments per 1,000\n  baseline: 14\n  target: 7\n"
        f"lost_deal_cohort: {cohort}\n---\n\nCall notes: discovery, demo, pilot, pricing call.\n\n"
        f"AI-assist note: drafted by DealDesk Assistant, reviewed by Rep {i % 17}.\n"
    )


def cohort(cid: str, week: str, segment: str, rng: random.Random) -> str:
    year, num = int(week[:4]), int(week[6:])
    end = dt.date.fromisocalendar(year, num, 7)
    deals = [(f"Lost {cid} {k}", end - dt.timedelta(days=rng.randrange(80)), rng.choice(REASONS)) for k in range(4)]
    counts: dict[str, int] = {}
    for _, _, reason in deals:
        counts[reason] = counts.get(reason, 0) + 1
    top = sorted(counts.items(), key=lambda rc: (-rc[1], rc[0]))[:3]
    return (
        f"---\nid: {cid}\nweek: {week}\nsegment: {segment}\nlost_count: {len(deals)}\ntop_reasons:\n"
        + "".join(f"  - reason: {r}\n    count: {c}\n" for r, c in top)
        + "watch: Expect price comparison at month 4-6.\ndeals:\n"
        + "".join(f"  - account: {a}\n    closed: {d}\n    arr: 30000\n    reason: {r}\n" for a, d, r in deals)
        + "---\nA short summary.\n"
    )


def _blob(path: str, text: str) -> bytes:
    data = text.encode()
    return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"


def make_repo(root: Path, accounts: int) -> None:
    """A repo whose history adds each week's records, then completes some of them, via git fast-import."""
    rng = random.Random(7)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream, won = bytearray(), ["account,closed,arr,term_months,segment,rep,cs_owner"]
    start = AS_OF - dt.timedelta(weeks=WEEKS)
    per_week = accounts // WEEKS
    mark = 0
    for week in range(WEEKS):
        files = []
        for k in range(per_week):
            i = week * per_week + k
            closed = start + dt.timedelta(days=week * 7 + k % 7)
            segment = SEGMENTS[i % len(SEGMENTS)]
            files.append(_blob(f"records/account-{i:05d}.md", record(i, closed, segment, complete=i % 5 != 0)))
            won.append(f"Account {i:05d},{closed},{20000 + (i * 137) % 90000},12,{segment},Rep {i % 17},CS {i % 7}")
            iso = closed.isocalendar()
            cid = f"{iso.year}-W{iso.week:02d}-{segment}"
            files.append(_blob(f"cohorts/{cid}.md", cohort(cid, f"{iso.year}-W{iso.week:02d}", segment, rng)))
        files.append(_blob("crm/closed-won.csv", "\n".join(won) + "\n"))
        when = int(dt.datetime.combine(start + dt.timedelta(days=week * 7 + 6), dt.time(17)).timestamp())
        mark += 1
        message = f"Week {week + 1}: {per_week} handoffs".encode()
        stream += (f"commit refs/heads/main\nmark :{mark}\ncommitter Ops Bot <ops@example.com> {when} +0000\n"
                   f"data {len(message)}\n").encode() + message + b"\n"
        stream += b"".join(files) + b"\n"
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=bytes(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        f"site_name: Handoffs\ntheme: {{name: material}}\nplugins:\n  - search\n  - handoff:\n      date: {AS_OF}\n")


def make_floor(root: Path, sizes: dict[str, int]) -> None:
    """Pre-written markdown pages at the same paths and sizes as the generated ones."""
    docs = root / "docs"
    para = ("Plain markdown of the same size: a paragraph with **bold** text, a [link](#top) and `code`, "
            "written in advance so only MkDocs and Material do any work.\n\n")
    for src_uri, size in sizes.items():
        target = docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        head = f"# Page {src_uri}\n\n## Section one\n\n- item one\n- item two\n\n## Section two\n\n"
        body = head + para * (max(0, size - len(head)) // len(para) + 1)
        target.write_text(body[:max(size, len(head))])
    (root / "mkdocs.yml").write_text(
        "site_name: Floor\ntheme: {name: material}\nplugins: [search]\nnot_in_nav: |\n  /accounts/*\n  /cohorts/*\n")


def generated_sizes(repo: Path) -> dict[str, int]:
    from handoff.site.data import load_site
    from handoff.site.pages import generate

    data = load_site(repo, AS_OF)
    return {g.src_uri: len(g.content.encode()) for g in generate(data, True, lambda _uri: False)}


def timed_build(root: Path) -> tuple[float, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root,
                          capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{done.stderr[-3000:]}")
    return elapsed, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2, help="builds of each, interleaved; the fastest counts")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="handoff-bench-site-"))
    try:
        repo, floor = work / "repo", work / "floor"
        shutil.rmtree(repo, ignore_errors=True)
        shutil.rmtree(floor, ignore_errors=True)
        print(f"generating {args.accounts} records with history in {repo} ...", flush=True)
        make_repo(repo, args.accounts)
        sizes = generated_sizes(repo)
        make_floor(floor, sizes)
        mean = sum(sizes.values()) / len(sizes)
        print(f"{len(sizes)} pages, mean {mean:,.0f} bytes of markdown each", flush=True)
        floors, plugins, log = [], [], ""
        for _ in range(max(1, args.repeat)):
            floors.append(timed_build(floor)[0])
            seconds, log = timed_build(repo)
            plugins.append(seconds)
            print(f"  floor {floors[-1]:.1f}s, plugin {plugins[-1]:.1f}s", flush=True)
        floor_s, plugin_s = min(floors), min(plugins)
        print(f"floor  (Material, {len(sizes)} pre-written pages): {floor_s:6.1f}s")
        print(f"plugin (handoff, {args.accounts} accounts + history): {plugin_s:6.1f}s")
        for line in log.splitlines():
            if "handoff:" in line:
                print("   ", line.strip())
        ratio = plugin_s / floor_s
        print(f"ratio {ratio:.2f}x (goal <= {GOAL}x): {'met' if ratio <= GOAL else 'NOT met'}")
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
