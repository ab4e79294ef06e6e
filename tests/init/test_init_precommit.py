"""The pre-commit config `handoff init` writes, run by the real pre-commit framework.

Its `repo` points at a local copy of this project tagged like a release (`v` + the
version), as a team's config points at the project's git URL: pre-commit installs the
hook from the tag and runs it on the new repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import GitRepo
from handoff import __version__
from handoff.init.scaffold import init

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLES = PROJECT / "tests" / "example-files"
BIN = str(Path(sys.executable).parent)
DATE = "2026-11-18T10:00:00+00:00"

pytestmark = pytest.mark.slow


def test_the_pinned_hook_runs_from_the_release_tag(tmp_path: Path) -> None:
    hook = GitRepo(tmp_path / "handoff-clone")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copyfile(PROJECT / name, hook.path / name)
    for folder in ("src", "hooks"):  # the wheel carries the hook definitions from hooks/
        shutil.copytree(PROJECT / folder, hook.path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    hook.commit("release", DATE)
    hook.git("tag", f"v{__version__}")

    team = tmp_path / "team"
    init(team, "hubspot", "mkdocs", hook_repo=str(hook.path))
    repo = GitRepo.__new__(GitRepo)
    repo.path = team
    repo.write("records/contract-example.md", (EXAMPLES / "records/positive/contract-example.md").read_text())
    repo.write("cohorts/2026-W46-logistics.md", (EXAMPLES / "cohorts/positive/2026-W46-logistics.md").read_text())
    repo.git("add", "-A")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
               PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
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
