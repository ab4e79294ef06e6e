"""Build the demo handoff repo: a new git repository whose history replays, over five weeks,
how this repository's example data (records/, cohorts/, crm/, handoff.toml) came to be.

    python demo/build_repo.py DEST [--force]

The last commit's tree holds exactly that data plus this repository's site set-up
(mkdocs.yml and the hand-written pages in site/), so the demo site is this repo's site.
Earlier states are derived from the final files: a CRM export holds the rows closed by its
day, a draft record is the final record with some fields put back in the template's
placeholder form, and cohorts arrive on the Monday after their ISO week. Dates, authors and
branches are fixed, so two builds make the same commits. Record completions go through
branches merged with --no-ff, as pull requests would, so the first-parent line reads like
a main branch with merged pull requests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handoff.check.cohort import week_end
from handoff.repo.crm import LOST_PATH, WON_PATH, parse_lost, parse_won

PROJECT = Path(__file__).resolve().parent.parent
DATA_DIRS = ("records", "cohorts")
CONFIG = "handoff.toml"
DEMO_DATE = "2026-11-23"
SITE_DOCS = "site"


def site_setup(root: Path) -> dict[str, str]:
    """This repository's mkdocs.yml and hand-written pages: the demo repo builds the same site."""
    files = {"mkdocs.yml": (root / "mkdocs.yml").read_text(encoding="utf-8")}
    for path in sorted((root / SITE_DOCS).rglob("*")):
        if path.is_file():
            files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    return files

FIRST_DAY = dt.date(2026, 10, 19)
REVOPS = "Nina Alvarez"  # runs the nightly CRM export
COHORT_OWNER = "Lee Park"  # generates the weekly cohorts and edits their watch lines

# The seed template's placeholders, block by field number (the form `handoff new` writes).
PLACEHOLDERS: dict[int, str] = {
    1: 'promised_outcome: "[1-2 sentences, verbatim from discovery]"',
    2: 'decision_criteria:\n  - "[criterion]"\n  - "[criterion]"\n  - "[criterion]"',
    3: "objections:\n" + "\n".join(['  - objection: "[TEXT]"\n    answer: "[TEXT]"'] * 3),
    4: 'champion:\n  name: "[NAME]"\n  role: "[role]"\n  stake: "[why they care]"\n'
       'skeptic:\n  name: "[NAME]"\n  role: "[role]"\n  worry: "[what worries them]"',
    5: "risk_flags:\n  - \"[What you'd say in the hallway]\"",
    6: 'success_metric:\n  metric: "[One number]"\n  baseline: "[N]"\n  target: "[N]"',
    7: 'lost_deal_cohort: "[cohort]"',
}
FIELD_KEYS: dict[int, tuple[str, ...]] = {
    1: ("promised_outcome",), 2: ("decision_criteria",), 3: ("objections",), 4: ("champion", "skeptic"),
    5: ("risk_flags",), 6: ("success_metric",), 7: ("lost_deal_cohort",),
}
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


class BuildError(Exception):
    """The plan and the data disagree, or git failed: one line for the user."""


# --- what happens, when ------------------------------------------------------------------


@dataclass(frozen=True)
class Commit:
    when: str  # "2026-10-21 10:10", office time
    author: str
    message: str
    files: dict[str, str] = field(default_factory=dict)
    branch: str = "main"


@dataclass(frozen=True)
class Merge:
    when: str
    author: str
    branch: str
    number: int
    title: str


Event = Commit | Merge
KEEP = "keep"  # a version keeps the final file's stage or review


def version(final: str, blank: tuple[int, ...] = (), stage: str = KEEP,
            review: str | tuple[str, str, str] | None = KEEP) -> str:
    """The final record text with fields `blank` in placeholder form, `stage` and `review` set.

    `review` is KEEP, None (no block), "pending", or ("rejected", by, reason).
    """
    lines = final.split("\n")
    close = lines.index("---", 1)
    starts = [(i, m.group(1)) for i in range(1, close) if (m := _TOP_KEY.match(lines[i]))]
    ends = [i for i, _ in starts[1:]] + [close]
    blocks = {key: (i, j) for (i, key), j in zip(starts, ends, strict=True)}
    replace: dict[str, str | None] = {}
    for number in blank:
        first, *rest = FIELD_KEYS[number]
        replace[first] = PLACEHOLDERS[number]
        replace.update(dict.fromkeys(rest))
    if stage != KEEP:
        replace["stage"] = f"stage: {stage}"
    if review != KEEP:
        replace["review"] = _review_block(review)
    out = lines[:1]
    for key, (i, j) in blocks.items():
        if key not in replace:
            out.extend(lines[i:j])
        elif (text := replace[key]) is not None:
            out.extend(text.split("\n"))
    missing = [k for k in replace if k not in blocks and k != "review"]
    if missing:
        raise BuildError(f"record {lines[1]!r} has no key(s) {', '.join(missing)} to replace")
    added = replace.get("review") if "review" not in blocks else None
    if added is not None:
        out.extend(added.split("\n"))
    return "\n".join(out + lines[close:])


def _review_block(review: str | tuple[str, str, str] | None) -> str | None:
    if review is None:
        return None
    if isinstance(review, str):
        return f"review:\n  status: {review}"
    status, by, reason = review
    return f"review:\n  status: {status}\n  by: {by}\n  reason: {json.dumps(reason)}"


def record_history(data: dict[str, str]) -> list[Event]:
    """How each record was drafted, reviewed and completed; three won deals never get one."""
    events: list[Event] = []
    pr = iter(range(1, 100))

    def rec(slug: str) -> Callable[..., dict[str, str]]:
        path = f"records/{slug}.md"
        if path not in data:
            raise BuildError(f"{path} is in the plan but not in this repo")
        return lambda **kw: {path: version(data[path], **kw)}

    def pull(branch: str, title: str, merged: str, by: str, *commits: Commit) -> None:
        events.extend(Commit(c.when, c.author, c.message, c.files, branch) for c in commits)
        events.append(Merge(merged, by, branch, next(pr), title))

    harbor = rec("harbor-line-couriers")
    events.append(Commit("2026-10-21 10:10", "Dana Ruiz", "Draft handoff record for Harbor Line Couriers",
                         harbor(blank=(5,), stage="draft", review=None)))
    pull("dana-ruiz/harbor-line-couriers", "Harbor Line Couriers handoff", "2026-10-22 16:12", "Lee Park",
         Commit("2026-10-22 14:20", "Dana Ruiz", "Harbor Line Couriers: risk flags from the shadow run; closed-won",
                harbor(review="pending")),
         Commit("2026-10-22 16:05", "Lee Park", "Accept the Harbor Line Couriers handoff", harbor()))

    brigid = rec("st-brigid-home-health")
    events.append(Commit("2026-10-23 11:00", "Sofia Lindqvist", "Draft handoff record for St. Brigid Home Health",
                         brigid(blank=(3, 5), stage="draft", review="pending")))
    events.append(Commit(
        "2026-10-26 09:40", "Hannah Cole", "Reject the St. Brigid Home Health handoff: objections and risk flags blank",
        brigid(blank=(3, 5), stage="draft", review=(
            "rejected", "Hannah Cole", "Objections and risk flags are blank. The CareChart discount and the union's "
            "GPS worry both came up on the calls; CS needs them before the November 2 kickoff."))))
    pull("sofia-lindqvist/st-brigid-home-health", "St. Brigid Home Health: objections and risk flags",
         "2026-10-28 10:05", "Hannah Cole",
         Commit("2026-10-27 15:30", "Sofia Lindqvist",
                "St. Brigid Home Health: objections and risk flags from the call notes; closed-won",
                brigid(review="pending")),
         Commit("2026-10-28 10:00", "Hannah Cole", "Accept the St. Brigid Home Health handoff", brigid()))

    kessler = rec("kessler-tool-die")
    pull("marcus-obi/kessler-tool-die", "Kessler Tool & Die handoff", "2026-10-30 09:35", "Jonas Weber",
         Commit("2026-10-29 17:00", "Marcus Obi", "Handoff record for Kessler Tool & Die, written from my site notes",
                kessler(review=None)),
         Commit("2026-10-30 09:30", "Jonas Weber", "Accept the Kessler Tool & Die handoff", kessler()))

    bluegate = rec("bluegate-cold-chain")
    events.append(Commit("2026-11-04 09:30", "Dana Ruiz", "Draft handoff record for Bluegate Cold Chain",
                         bluegate(blank=(6, 7), stage="draft", review=None)))
    pull("dana-ruiz/bluegate-cold-chain", "Bluegate Cold Chain handoff", "2026-11-06 10:04", "Lee Park",
         Commit("2026-11-05 11:15", "Dana Ruiz", "Bluegate Cold Chain: success metric and cohort; closed-won",
                bluegate(review="pending")),
         Commit("2026-11-06 10:00", "Lee Park", "Accept the Bluegate Cold Chain handoff", bluegate()))

    northgate = rec("northgate-plastics")
    events.append(Commit("2026-11-11 09:20", "Marcus Obi", "Draft handoff record for Northgate Plastics",
                         northgate(blank=(4, 7), stage="draft", review=None)))
    pull("marcus-obi/northgate-plastics", "Northgate Plastics handoff", "2026-11-13 09:12", "Jonas Weber",
         Commit("2026-11-12 14:00", "Marcus Obi", "Northgate Plastics: champion, skeptic and cohort; closed-won",
                northgate(review="pending")),
         Commit("2026-11-13 09:10", "Jonas Weber", "Accept the Northgate Plastics handoff", northgate()))

    pinecrest = rec("pinecrest-senior-living")
    events.append(Commit("2026-11-13 10:30", "Sofia Lindqvist", "Draft handoff record for Pinecrest Senior Living",
                         pinecrest(blank=(3,), stage="draft", review="pending")))
    events.append(Commit(
        "2026-11-17 09:15", "Hannah Cole", "Reject the Pinecrest Senior Living handoff: objections blank",
        pinecrest(blank=(3,), stage="draft", review=(
            "rejected", "Hannah Cole", "Objections are blank. ShiftBoard was 40% cheaper and the CFO nearly went "
            "with it; CS needs the answer that won before the first renewal talk."))))
    pull("sofia-lindqvist/pinecrest-senior-living", "Pinecrest Senior Living: objections from the bake-off",
         "2026-11-19 09:05", "Hannah Cole",
         Commit("2026-11-18 14:00", "Sofia Lindqvist",
                "Pinecrest Senior Living: objections from the ShiftBoard bake-off; closed-won",
                pinecrest(review="pending")),
         Commit("2026-11-19 09:00", "Hannah Cole", "Accept the Pinecrest Senior Living handoff", pinecrest()))

    meridian = rec("meridian-health-partners")
    events.append(Commit("2026-11-18 11:00", "Raj Patel", "Draft handoff record for Meridian Health Partners",
                         meridian(review="pending")))
    events.append(Commit("2026-11-20 10:30", "Hannah Cole",
                         "Reject the Meridian Health Partners handoff: risk flags and cohort blank", meridian()))

    acme = rec("acme-logistics")
    events.append(Commit("2026-11-19 08:40", "Dana Ruiz", "Draft handoff record for Acme Logistics",
                         acme(blank=(5, 7), stage="draft", review="pending")))
    events.append(Commit(
        "2026-11-19 13:30", "Lee Park", "Reject the Acme Logistics handoff: risk flags and cohort blank",
        acme(blank=(5, 7), stage="draft", review=(
            "rejected", "Lee Park", "Risk flags and the cohort are blank. The TMS vendor's competing add-on came up "
            "on the call, and Loadstar has cost us two logistics deals since August; put it in the record."))))
    pull("dana-ruiz/acme-logistics", "Acme Logistics: risk flags and cohort", "2026-11-20 09:25", "Lee Park",
         Commit("2026-11-19 16:10", "Dana Ruiz", "Acme Logistics: risk flags and the W46 cohort; closed-won",
                acme(review="pending")),
         Commit("2026-11-20 09:20", "Lee Park", "Accept the Acme Logistics handoff", acme()))

    events.append(Commit("2026-11-20 13:00", "Raj Patel", "Draft handoff record for Crestline Freight",
                         rec("crestline-freight")()))
    oakridge = rec("oakridge-castings")
    pull("marcus-obi/oakridge-castings", "Oakridge Castings handoff", "2026-11-20 17:05", "Marcus Obi",
         Commit("2026-11-20 16:30", "Marcus Obi", "Handoff record for Oakridge Castings; closed-won", oakridge()))
    events.append(Commit("2026-11-20 17:40", "Sofia Lindqvist", "Draft handoff record for Summit Fleet Services",
                         rec("summit-fleet-services")()))
    return events


def crm_history(data: dict[str, str], last_day: dt.date) -> tuple[dict[str, str], list[Event]]:
    """The exports as of the day before the first day, then one nightly export per day that changed them."""
    won = {d.line: d for d in parse_won(data[WON_PATH], WON_PATH)}
    lost = {d.line: d for d in parse_lost(data[LOST_PATH], LOST_PATH)}

    def export(day: dt.date) -> dict[str, str]:
        return {WON_PATH: _rows_by(data[WON_PATH], {n for n, d in won.items() if d.closed <= day}),
                LOST_PATH: _rows_by(data[LOST_PATH], {n for n, d in lost.items() if d.closed <= day})}

    first = export(FIRST_DAY - dt.timedelta(days=1))
    events: list[Event] = []
    day = FIRST_DAY
    while day <= last_day:
        won_today = [d.account for d in won.values() if d.closed == day]
        lost_today = [d.account for d in lost.values() if d.closed == day]
        if won_today or lost_today:
            parts = [f"{label} {', '.join(names)}" for label, names in (("won", won_today), ("lost", lost_today))
                     if names]
            events.append(Commit(f"{day} 18:30", REVOPS, f"CRM export {day}: {'; '.join(parts)}", export(day)))
        day += dt.timedelta(days=1)
    if export(last_day) != {WON_PATH: data[WON_PATH], LOST_PATH: data[LOST_PATH]}:
        raise BuildError(f"the CRM exports have rows closed after {last_day}, the day of the last cohorts")
    return first, events


def _rows_by(text: str, lines: set[int]) -> str:
    rows = text.splitlines(keepends=True)
    return "".join(row for n, row in enumerate(rows, start=1) if n == 1 or n in lines)


def cohort_history(data: dict[str, str]) -> list[Event]:
    """Each ISO week's cohorts, generated on the Monday after the week."""
    weeks: dict[str, dict[str, str]] = {}
    for path, text in data.items():
        m = re.fullmatch(r"cohorts/(\d{4}-W\d{2})-.+\.md", path)
        if path.startswith("cohorts/"):
            if m is None:
                raise BuildError(f"{path}: cohort file names start with their ISO week, e.g. 2026-W46-logistics.md")
            weeks.setdefault(m.group(1), {})[path] = text
    events: list[Event] = []
    for week, files in sorted(weeks.items()):
        monday = week_end(week) + dt.timedelta(days=1)
        segments = ", ".join(sorted(p.removeprefix(f"cohorts/{week}-").removesuffix(".md") for p in files))
        events.append(Commit(f"{monday} 08:30", COHORT_OWNER, f"Lost-deal cohorts for {week}: {segments}", files))
    return events


def plan(data: dict[str, str], site: dict[str, str]) -> list[Event]:
    """Every event in time order; the first one sets the repo up."""
    cohorts = cohort_history(data)
    last_day = max(dt.date.fromisoformat(e.when[:10]) for e in cohorts)
    first_exports, exports = crm_history(data, last_day)
    setup = {**site, **first_exports, **{k: v for k, v in data.items() if k == CONFIG}}
    start = Commit(f"{FIRST_DAY} 08:00", REVOPS, "Start the handoff repo: site, settings and the CRM exports", setup)
    events = sorted([*cohorts, *exports, *record_history(data)], key=lambda e: e.when)
    times = [e.when for e in events]
    if len(set(times)) != len(times) or times[0] <= start.when:
        raise BuildError("two events share a minute, or one comes before the setup commit")
    return [start, *events]


# --- git ---------------------------------------------------------------------------------


def _stamp(when: str) -> str:
    day = dt.date.fromisoformat(when[:10])
    offset = "-04:00" if day < dt.date(2026, 11, 1) else "-05:00"  # US Eastern; DST ends Nov 1
    return f"{when[:10]}T{when[11:]}:00{offset}"


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.branch = "main"
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str | None = None, author: str = REVOPS) -> str:
        email = f"{author.lower().replace(' ', '.')}@demo-co.example"
        env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
               "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email,
               "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email}
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = _stamp(when)
        done = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
                              cwd=self.path, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BuildError(f"git {args[0]} failed: {done.stderr.strip().splitlines()[-1:]}")
        return done.stdout

    def switch(self, branch: str) -> None:
        if branch != self.branch:
            known = self.git("branch", "--list", branch).strip()
            self.git("checkout", "-q", *(() if known else ("-b",)), branch, *(() if known else ("main",)))
            self.branch = branch

    def apply(self, event: Event) -> None:
        if isinstance(event, Merge):
            self.switch("main")
            message = f"Merge pull request #{event.number} from {event.branch}\n\n{event.title}"
            self.git("merge", "-q", "--no-ff", "-m", message, event.branch, when=event.when, author=event.author)
            self.git("branch", "-q", "-d", event.branch)
            return
        self.switch(event.branch)
        for rel, text in event.files.items():
            target = self.path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        self.git("add", "-A")
        self.git("commit", "-q", "-m", event.message, when=event.when, author=event.author)


def read_data(root: Path) -> dict[str, str]:
    """This repo's demo data, path -> text, exactly as stored."""
    data = {f"{d}/{p.name}": p.read_bytes().decode("utf-8") for d in DATA_DIRS for p in sorted((root / d).glob("*.md"))}
    for rel in (WON_PATH, LOST_PATH, CONFIG):
        if (root / rel).is_file():
            data[rel] = (root / rel).read_bytes().decode("utf-8")
    return data


def build(dest: Path, root: Path = PROJECT) -> int:
    """Write the demo repo into the empty directory `dest`; returns the number of commits."""
    data = read_data(root)
    repo = Repo(dest)
    site = site_setup(root)
    events = plan(data, site)
    for event in events:
        repo.apply(event)
    repo.switch("main")
    want = {**site, **data}
    have = set(repo.git("ls-files", "-z").split("\0")) - {""}
    if have != set(want) or any((dest / rel).read_bytes() != text.encode() for rel, text in want.items()):
        raise BuildError("the last commit does not hold exactly this repo's data; the plan is out of date")
    if repo.git("status", "--porcelain").strip():
        raise BuildError("files were left uncommitted")
    return len(events)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the demo handoff repo with five weeks of git history.")
    parser.add_argument("dest", type=Path, help="directory for the new repository")
    parser.add_argument("--force", action="store_true", help="replace DEST if it exists and is not empty")
    args = parser.parse_args(argv)
    dest: Path = args.dest.absolute()
    occupied = dest.is_symlink() or dest.exists() and (not dest.is_dir() or any(dest.iterdir()))
    if occupied and not args.force:
        print(f"build_repo: {args.dest} exists and is not empty; pass --force to replace it", file=sys.stderr)
        return 1
    if dest.resolve() == PROJECT or dest.resolve() in PROJECT.parents:
        print(f"build_repo: refusing to replace {args.dest}: it holds this project", file=sys.stderr)
        return 1
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Built beside DEST and moved in at the end: a failed build leaves DEST as it was.
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        build(work)
        work.chmod(0o755)
        if dest.is_symlink() or dest.is_file():
            dest.unlink()
        elif dest.exists():
            shutil.rmtree(dest)
        os.replace(work, dest)
    except (BuildError, OSError, ValueError) as e:
        print(f"build_repo: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
