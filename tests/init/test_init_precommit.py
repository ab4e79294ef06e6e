"""The pre-commit config `handoff init` writes, run by the real pre-commit framework.

Its `repo` points at a local copy of this project tagged like a release (`v` + the
version), as a team's config points at the project's git URL: pre-commit installs the
hook from the tag and runs it on the new repo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gitrepo import GitRepo
from handoff import __version__
from handoff.init.scaffold import init
from hook_kit import BIN, COHORT, GOOD, hook_env, hook_repo_copy

pytestmark = pytest.mark.slow


def test_the_pinned_hook_runs_from_the_release_tag(tmp_path: Path) -> None:
    hook = hook_repo_copy(tmp_path / "handoff-clone")
    hook.git("tag", f"v{__version__}")

    team = tmp_path / "team"
    init(team, "hubspot", "mkdocs", hook_repo=str(hook.path))
    repo = GitRepo.__new__(GitRepo)
    repo.path = team
    repo.write("records/contract-example.md", GOOD)
    repo.write("cohorts/2026-W46-logistics.md", COHORT)
    repo.git("add", "-A")
    env = hook_env({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")})
    done = subprocess.run([f"{BIN}/pre-commit", "run", "--all-files"], cwd=team, env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "handoff check" in done.stdout and "Passed" in done.stdout

    bad = (team / "records/contract-example.md").read_text().replace("risk_flags:", "risk_flag:")
    repo.write("records/contract-example.md", bad)
    repo.git("add", "-A")
    done = subprocess.run([f"{BIN}/pre-commit", "run", "--all-files"], cwd=team, env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1
    assert "records/contract-example.md:28: unknown-key unknown key `risk_flag`" in done.stdout
