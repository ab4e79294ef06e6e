"""A team's first hour, as a test: from an empty folder to a checked record and a built site, per CRM.

`handoff init --crm X` -> the team's export dropped in -> `handoff crm` -> `handoff new`
-> `handoff check` -> committed -> `mkdocs build --strict`. The exports are the
documented vendor shapes in tests/example-files/crm/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from authoring_kit import LOST, WON
from gitrepo import GitRepo

EXPORTS = Path(__file__).resolve().parents[1] / "example-files" / "crm"
BIN = Path(sys.executable).parent
DATE = "2026-11-21T10:00:00+00:00"
CASES = {
    "plain": {"crm/closed-won.csv": WON, "crm/closed-lost.csv": LOST},
    "hubspot": {"crm/deals.csv": EXPORTS / "hubspot-deals.csv"},
    "salesforce": {"crm/opportunities.csv": EXPORTS / "salesforce-opportunities.csv"},
    "pipedrive": {"crm/deals.csv": EXPORTS / "pipedrive-deals.csv"},
}


def handoff(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run([str(BIN / "handoff"), *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("crm", list(CASES))
def test_from_an_empty_folder_to_a_site(tmp_path: Path, crm: str) -> None:
    team = tmp_path / "team"
    done = handoff(tmp_path, "init", "team", "--crm", crm)
    assert done.returncode == 0, done.stderr
    for rel, source in CASES[crm].items():  # the team drops its export in
        if isinstance(source, Path):
            shutil.copyfile(source, team / rel)
        else:
            (team / rel).write_text(source, encoding="utf-8")
    done = handoff(team, "crm")
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    assert done.stdout.splitlines()[-1] in ("2 won, 1 lost; every row read", "3 won, 6 lost; every row read")
    done = handoff(team, "new", "Acme Logistics")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("wrote records/acme-logistics.md: a draft")
    done = handoff(team, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("checked 1 record (0 complete, 1 partial)")
    repo = GitRepo.__new__(GitRepo)
    repo.path = team
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "First handoff record", date=DATE)
    done = handoff(team, "digest", "--date", "2026-11-23")
    assert done.returncode == 0, done.stderr
    planned = 3 if crm == "plain" else 2  # the open and lost deals of an "all deals" export are not the Plan
    assert f"Plan: {planned} deals closed-won -> {planned} handoff records expected" in done.stdout
    assert f"Fact: 1 record present, {planned - 1} missing" in done.stdout
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=team, env=env, capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stderr
    page = (team / "site" / "accounts" / "acme-logistics" / "index.html").read_text(encoding="utf-8")
    assert "Acme Logistics" in page
