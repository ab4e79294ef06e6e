"""What the hook tests share: the example record and cohort, the environment that puts this
project's `handoff` and `pre-commit` on PATH, a commit at a fixed date, and this checkout's
package copied into a hook repository as a team would reference it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from gitrepo import GitRepo

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLES = PROJECT / "tests" / "example-files"
GOOD = (EXAMPLES / "records" / "positive" / "contract-example.md").read_text()
COHORT = (EXAMPLES / "cohorts" / "positive" / "2026-W46-logistics.md").read_text()
BAD = GOOD.replace("risk_flags:", "risk_flag:")
BAD_MESSAGE = "records/contract-example.md:28: unknown-key unknown key `risk_flag`; did you mean `risk_flags`?"
BIN = str(Path(sys.executable).parent)
DATE = "2026-11-18T10:00:00+00:00"


def hook_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env.update(extra or {})
    return env


def commit(repo: GitRepo, env: dict[str, str], message: str = "record") -> subprocess.CompletedProcess[str]:
    """`git commit` at DATE with `env`, whatever it returns (a hook may refuse it)."""
    full = {**repo.env(DATE), **env}
    return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo.path, env=full,
                          capture_output=True, text=True, check=False)


def hook_repo_copy(dest: Path) -> GitRepo:
    """This checkout's package (working tree, not HEAD) committed in `dest` as a hook repository."""
    repo = GitRepo(dest)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copyfile(PROJECT / name, repo.path / name)
    for folder in ("src", "hooks"):  # the wheel carries the hook definitions from hooks/
        shutil.copytree(PROJECT / folder, repo.path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    repo.commit("hook repo", DATE)
    return repo
