"""Making a folder a git repository, for `handoff init` (through GitPython, as all git access)."""

from __future__ import annotations

from pathlib import Path

import git


def ensure_git_repo(path: Path, branch: str = "main") -> bool:
    """`git init` `path` on `branch` unless it already holds `.git`; True when it did."""
    if (path / ".git").exists():
        return False
    git.Repo.init(path, initial_branch=branch)
    return True
