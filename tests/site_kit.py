"""A small handoff repo with history, for the site's build, golden and browser tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from gitrepo import GitRepo

MKDOCS_YML = "site_name: Handoffs\ntheme: {name: material}\nplugins: [search, handoff]\n"
DATED_YML = "site_name: Handoffs\ntheme: {name: material}\nplugins:\n  - search\n  - handoff:\n      date: 2026-11-23\n"
AS_OF = "2026-11-23"
PWNED = "window.__pwned=1"


def record(account: str, *, closed: str = "2026-11-18", arr: int = 64000, stage: str = "draft",
           rep: str = "Dana Ruiz", drop: tuple[str, ...] = (), extra: str = "", body: str | None = None,
           cohort: str = "2026-W46-logistics", review: str = "", due: str = "2027-01-17") -> str:
    """The contract's example record for `account`; `drop` leaves out top-level blocks by key."""
    blocks = {
        "promised_outcome": 'promised_outcome: "Cut mis-routed shipments in half before the March peak."\n',
        "decision_criteria": "decision_criteria:\n  - Works with their existing TMS without a rebuild\n"
                             "  - Live within 30 days\n  - Per-route pricing, not per-seat\n",
        "objections": 'objections:\n  - objection: "Your routing engine is unproven at our volume."\n'
                      '    answer: "Reference call with a 3x larger shipper; pilot on one depot."\n'
                      '  - objection: "We were burned by a 6-month onboarding before."\n'
                      '    answer: "Fixed 30-day plan with named milestones in the contract."\n',
        "champion": "champion:\n  name: Priya Shah\n  role: VP Operations\n"
                    "  stake: Owns the peak-season error target in her bonus.\n"
                    "skeptic:\n  name: Tom Becker\n  role: IT Director\n"
                    "  worry: Another integration his two-person team must maintain.\n",
        "risk_flags": "risk_flags:\n  - Budget approved only for year one; renewal needs a CFO re-approval.\n"
                      "  - Their TMS vendor is pitching a competing add-on.\n",
        "success_metric": "success_metric:\n  metric: Mis-routed shipments per 1,000\n  baseline: 14\n  target: 7\n"
                          f"  due: {due}\n",
        "lost_deal_cohort": f"lost_deal_cohort: {cohort}\n",
    }
    head = (f"---\naccount: {account}\nclosed: {closed}\narr: {arr}\nterm_months: 12\nsegment: logistics\n"
            f"rep: {rep}\ncs_owner: Lee Park\nstage: {stage}\n")
    fields = "".join(text for key, text in blocks.items() if key not in drop)
    if body is None:
        body = f"Call notes.\n\nAI-assist note: drafted by DealDesk Assistant, reviewed by {rep}.\n"
    return f"{head}{fields}{review}{extra}---\n\n{body}"


COHORT = """---
id: 2026-W46-logistics
week: 2026-W46
segment: logistics
lost_count: 4
top_reasons:
  - reason: Cheaper competitor
    count: 3
  - reason: No budget this year
    count: 1
watch: Expect price comparison at month 4-6 of renewals in this segment.
deals:
  - account: Northwind Freight
    closed: 2026-10-02
    arr: 38000
    reason: Cheaper competitor
  - account: Blue Anchor Shipping
    closed: 2026-09-14
    arr: 52000
    reason: Cheaper competitor
  - account: Harbor Line
    closed: 2026-10-20
    arr: 41000
    reason: Cheaper competitor
  - account: Peak Haulage
    closed: 2026-11-01
    arr: 27000
    reason: No budget this year
---
Three of four logistics losses went to a cheaper competitor.
"""

WON = """account,closed,arr,term_months,segment,rep,cs_owner
Acme Logistics,2026-11-18,64000,12,logistics,Dana Ruiz,Lee Park
Beta Freight,2026-11-19,80000,12,logistics,Sam Ortiz,Lee Park
Gamma Routes,2026-11-20,30000,12,logistics,Dana Ruiz,Lee Park
Delta Cargo,2026-11-21,55000,12,logistics,Sam Ortiz,Lee Park
Early Bird,2026-11-03,20000,12,logistics,Dana Ruiz,Lee Park
"""

XSS = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
    '<iframe src="javascript:window.__pwned=1"></iframe><svg onload="window.__pwned=1"></svg>'
)
XSS_BODY = (
    f"Notes {XSS}\n\n[click me](javascript:window.__pwned=1)\n\n"
    '<a href="javascript:window.__pwned=1">raw link</a>\n\n'
    "AI-assist note: drafted by DealDesk Assistant, reviewed by Dana Ruiz.\n"
)


def xss_record() -> str:
    text = record("Evil Corp", body=XSS_BODY)
    text = text.replace('promised_outcome: "Cut mis-routed shipments in half before the March peak."',
                        "promised_outcome: '" + XSS.replace("'", "''") + "'")
    return text.replace("  - Live within 30 days", "  - '<img src=x onerror=\"window.__pwned=1\">'")


def make_repo(repo: GitRepo) -> Path:
    """History: the plan and an early record in week 45; Acme drafted, then completed; Beta partial;
    a malformed record; the week of AS_OF. Working tree adds a record with script in it."""
    repo.write("mkdocs.yml", DATED_YML)
    repo.write("docs/.gitkeep", "")
    repo.write("crm/closed-won.csv", WON)
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.write("records/early-bird.md", record("Early Bird", closed="2026-11-03", due="2026-12-01"))
    repo.commit("Plan and cohort", "2026-11-04T10:00:00+00:00", author="Ops Bot")
    repo.write("records/acme-logistics.md", record("Acme Logistics", drop=("risk_flags",)))
    repo.commit("Draft Acme handoff", "2026-11-18T09:00:00+01:00", author="Dana Ruiz")
    repo.write("records/acme-logistics.md", record("Acme Logistics", stage="closed-won",
                                                   review="review:\n  status: accepted\n  by: Lee Park\n"))
    repo.commit("Complete Acme handoff", "2026-11-19T16:30:00+01:00", author="Dana Ruiz")
    repo.write("records/beta-freight.md", record("Beta Freight", closed="2026-11-19", arr=80000, rep="Sam Ortiz",
                                                 drop=("risk_flags", "lost_deal_cohort")))
    repo.write("records/delta-cargo.md", record("Delta Cargo", closed="2026-11-21", arr=55000, rep="Sam Ortiz",
                                                extra="risk_flag:\n  - typo key\n"))
    repo.commit("Beta and Delta drafts", "2026-11-21T11:00:00+01:00", author="Sam Ortiz")
    repo.write("records/evil-corp.md", xss_record())
    return repo.path


# The config a team uses without the plugin: `handoff pages`, then the generator (README, "The site").
ZENSICAL_TOML = """[project]
site_name = "Handoffs"
extra_css = ["assets/handoff/handoff.css"]
not_in_nav = \"\"\"
/accounts/*
/cohorts/*
\"\"\"

[project.theme]
font = false
"""
PLAIN_YML = ("site_name: Handoffs\ntheme: {name: material, font: false}\nextra_css: [assets/handoff/handoff.css]\n"
             "plugins: [search]\nnot_in_nav: |\n  /accounts/*\n  /cohorts/*\n")
GENERATORS = ("mkdocs", "zensical")
SEARCH_INDEX = {"mkdocs": "search/search_index.json", "mkdocs-plain": "search/search_index.json",
                "zensical": "search.json"}
HANDOFF = str(Path(sys.executable).with_name("handoff"))


def pages(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`handoff pages` as a person runs it, in the repo's folder."""
    return subprocess.run([HANDOFF, "pages", *args], cwd=root, capture_output=True, text=True, check=False,
                          env=_env())


def build_with(generator: str, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Build the site with `generator`: `mkdocs` (the plugin), `mkdocs-plain` (pages written by
    `handoff pages`, no plugin) or `zensical`. Output and exit status of both steps, combined."""
    if generator == "mkdocs":
        return build(root, *args)
    if generator == "mkdocs-plain":
        (root / "mkdocs.yml").write_text(PLAIN_YML)
        command = [sys.executable, "-m", "mkdocs", "build", *args]
    else:
        (root / "zensical.toml").write_text(ZENSICAL_TOML)
        command = [sys.executable, "-m", "zensical", "build", *args]
    first = pages(root, "--date", AS_OF)
    if first.returncode != 0:
        return first
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False, env=_env())
    return subprocess.CompletedProcess(done.args, done.returncode, first.stdout + done.stdout,
                                       first.stderr + done.stderr)


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` as a person runs it, in the repo's folder."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=root, capture_output=True,
                          text=True, check=False, env=_env())


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def fork_spy() -> type:
    """A `handoff.site.forked.Forked` that records the items of every start (`.runs`), so that a
    test can tell whether (and with what) the workers really ran."""
    from handoff.site.forked import Forked

    class Spy(Forked):
        runs: list[list[int]] = []

        def __init__(self, work: Any, items: list[int], jobs: int) -> None:
            Spy.runs.append(list(items))
            super().__init__(work, items, jobs)

    return Spy


def many_accounts(repo: GitRepo, count: int, extra: dict[str, str] | None = None) -> Path:
    """`make_repo` plus `count` draft records (`account-00.md`, ...) and any `extra` files, committed:
    enough files for the forked workers to share."""
    make_repo(repo)
    for i in range(count):
        repo.write(f"records/account-{i:02d}.md", record(f"Account {i:02d}", arr=1000 + i))
    for rel, text in (extra or {}).items():
        repo.write(rel, text)
    repo.commit(f"{count} drafts", "2026-11-22T09:00:00+00:00")
    return repo.path
