"""Builders for the weekly review's and the check-ins' tests: records, a Plan, in-process CLI runs."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from gitrepo import GitRepo
from handoff.cli.main import cli

FIELDS = ('promised_outcome: "Cut mis-routed shipments in half."\n'
          "decision_criteria:\n  - Works with their TMS\n"
          "objections:\n  - objection: Unproven at our volume.\n    answer: Reference call.\n"
          "champion:\n  name: Priya Shah\n  role: VP Operations\n  stake: Peak-season target.\n"
          "skeptic:\n  name: Tom Becker\n  role: IT Director\n  worry: Another integration.\n")
RISKS = "risk_flags:\n  - Budget approved only for year one.\n"


def record(account: str, closed: str, rep: str, *, complete: bool = True, review: tuple[str, str] | None = None,
           metric: str = "  baseline: 14\n  target: 7\n", segment: str = "logistics", extra: str = "") -> str:
    """A record whose field 5 is a placeholder unless `complete`; `review` is (status, by)."""
    body = FIELDS + (RISKS if complete else "risk_flags:\n  - TBD\n")
    body += f"success_metric:\n  metric: Mis-routed shipments per 1,000\n{metric}"
    body += "lost_deal_cohort: 2026-W46-logistics\n"
    if review:
        body += f"review:\n  status: {review[0]}\n  by: {review[1]}\n"
        body += "  reason: Name the risks.\n" if review[0] == "rejected" else ""
    return (f"---\naccount: {account}\nclosed: {closed}\narr: 50000\nterm_months: 12\nsegment: {segment}\n"
            f"rep: {rep}\nstage: {'closed-won' if complete else 'draft'}\n{body}{extra}---\nNotes.\n\n"
            f"AI-assist note: drafted by DealDesk, reviewed by {rep}.\n")


def won(*rows: tuple[str, str, str]) -> str:
    return "account,closed,arr,term_months,segment,rep,cs_owner\n" + "".join(
        f"{a},{c},50000,12,logistics,{rep},Lee Park\n" for a, c, rep in rows)


def run(repo: GitRepo | Path, *args: str) -> tuple[int, str, str]:
    """`handoff ARGS` in-process, from the repo's folder."""
    old = Path.cwd()
    os.chdir(repo.path if isinstance(repo, GitRepo) else repo)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr
