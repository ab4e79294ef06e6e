"""What the commit being made deletes: the index against HEAD, read with GitPython."""

from __future__ import annotations

from pathlib import Path


def staged_deletions(root: Path) -> list[str]:
    """Repo-relative paths the index deletes (a rename counts as deleting its old path).

    Empty outside a git repo or before the first commit (there is nothing to delete then).
    """
    import git

    try:
        repo = git.Repo(root)
        if not repo.head.is_valid():
            return []
        out = repo.git.diff("--cached", "--name-only", "--no-renames", "--diff-filter=D", "-z")
    except (git.GitError, ValueError, OSError):
        return []
    return [name for name in out.split("\0") if name]
