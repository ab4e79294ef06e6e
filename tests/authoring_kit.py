"""A small handoff repo for the authoring commands' tests: CRM exports, empty records/ and cohorts/."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gitrepo import GitRepo
from handoff.check.run import run_check
from handoff.cli.main import cli

EXAMPLES = Path(__file__).resolve().parent / "example-files"
CONTRACT_EXAMPLE = (EXAMPLES / "records" / "positive" / "contract-example.md").read_text(encoding="utf-8")

WON = """account,closed,arr,term_months,segment,rep,cs_owner
Acme Logistics,2026-11-18,64000,12,logistics,Dana Ruiz,Lee Park
"Acme: ""Logistics"" #1",2026-11-19,12000.5,24,Logistics,Sam Roe,
Mercy Clinics,2026-11-20,41000,12,healthcare,Ana Ortiz,Kim Lee
"""

LOST = """account,closed,arr,segment,rep,reason,competitor
Northwind Freight,2026-10-02,38000,logistics,Dana Ruiz,Cheaper competitor,RouteLite
Blue Anchor Shipping,2026-09-14,52000,logistics,Dana Ruiz,Cheaper competitor,RouteLite
Harbor Line,2026-10-20,41000,Logistics,Sam Roe,Cheaper competitor,ShipFast
Peak Haulage,2026-11-01,27000,logistics,Sam Roe,No budget this year,
Too Old Freight,2026-08-24,10000,logistics,Sam Roe,Cheaper competitor,
St. Anne Health,2026-10-20,28000,healthcare,Ana Ortiz,No budget this year,
"""


def make_repo(repo: GitRepo, won: str = WON, lost: str = LOST) -> GitRepo:
    repo.write("crm/closed-won.csv", won)
    repo.write("crm/closed-lost.csv", lost)
    (repo.path / "records").mkdir(exist_ok=True)
    (repo.path / "cohorts").mkdir(exist_ok=True)
    return repo


def invoke(*args: str) -> tuple[int, str, str]:
    """Run `handoff ARGS` in-process in the current directory: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (outside .git) with its bytes: to prove nothing on disk changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


def check_one(root: Path, rel: str) -> tuple[str, tuple[int | str, ...], list[str]]:
    """`handoff check` of one file: status, missing items, error lines."""
    run = run_check(root, [root / rel])
    (result,) = run.results
    return result.status, result.missing, [f.text() for f in result.errors]
