"""What a pull request changes in records/ and cohorts/: two sides of the repo, read through GitPython.

`compare(root, base, head)` resolves BASE (default: the default branch) and HEAD
(default: the work tree), takes their merge base as the old side, like
`git diff BASE...HEAD`, and lists the changed `records/*.md` and `cohorts/*.md` with
both contents, renames detected by git. Untracked files in the work tree count as added.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import git

FOLDERS = ("records", "cohorts")
CONFIG = "handoff.toml"


class DiffError(ValueError):
    """BASE or HEAD cannot be compared: one line naming the fix."""


@dataclass(frozen=True)
class FileChange:
    status: str  # added | removed | modified | renamed
    old_path: str | None
    new_path: str | None
    old: bytes | None
    new: bytes | None


@dataclass(frozen=True)
class Side:
    label: str  # `main@1a2b3c4d`, or `work tree`
    cohorts: frozenset[str]
    config: bytes | None


@dataclass(frozen=True)
class Comparison:
    base: Side
    head: Side
    changes: tuple[FileChange, ...]


def _tracked(path: str) -> bool:
    folder, _, name = path.partition("/")
    return folder in FOLDERS and name.endswith(".md") and "/" not in name


def _default_branch(repo: git.Repo) -> str:
    try:
        return str(repo.git.symbolic_ref("--short", "refs/remotes/origin/HEAD"))
    except git.GitCommandError:
        pass
    for name in ("main", "master", "origin/main", "origin/master"):
        try:
            _commit(repo, name, "BASE")
            return name
        except DiffError:
            continue
    raise DiffError("no default branch (origin/HEAD, main or master) to compare with; name it: handoff diff BASE")


def _commit(repo: git.Repo, rev: str, what: str) -> git.Commit:
    """The commit `rev` names, as git itself reads revisions (GitPython's own parser raises odd errors)."""
    try:
        sha = repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        return repo.commit(sha)
    except (git.GitCommandError, ValueError):
        raise DiffError(f"{what} {rev[:80]!r} is not a commit, branch or tag here") from None


def _blob(commit: git.Commit, path: str) -> bytes | None:
    try:
        return bytes(commit.tree[path].data_stream.read())
    except KeyError:
        return None


def _file(root: Path, path: str) -> bytes | None:
    target = root / path
    if target.is_symlink() or not target.is_file():
        return None
    return target.read_bytes()


def _commit_side(label: str, commit: git.Commit) -> Side:
    try:
        cohorts = frozenset(b.name[:-3] for b in commit.tree["cohorts"].blobs if b.name.endswith(".md"))
    except KeyError:
        cohorts = frozenset()
    return Side(label, cohorts, _blob(commit, CONFIG))


def _tree_side(root: Path) -> Side:
    cohorts = frozenset(p.stem for p in (root / "cohorts").glob("*.md") if p.is_file())
    return Side("work tree", cohorts, _file(root, CONFIG))


def compare(root: Path, base: str | None = None, head: str | None = None) -> Comparison:
    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise DiffError("not a git repository; handoff diff compares commits") from None
    if not repo.head.is_valid():
        raise DiffError("no commit yet on this branch; commit the records first")
    with repo:
        base_name = base if base is not None else _default_branch(repo)
        base_commit = _commit(repo, base_name, "BASE")
        head_commit = _commit(repo, head, "HEAD") if head is not None else None
        merge_bases = repo.merge_base(base_commit, head_commit or repo.head.commit)
        if not merge_bases:
            raise DiffError(f"{base_name} and {head or 'HEAD'} have no commit in common")
        old = merge_bases[0]
        assert isinstance(old, git.Commit)
        diffs = old.diff(head_commit, paths=list(FOLDERS), M=True) if head_commit is not None \
            else old.diff(None, paths=list(FOLDERS), M=True)
        changes: list[FileChange] = []
        for d in diffs:
            a, b = d.a_path if not d.new_file else None, d.b_path if not d.deleted_file else None
            a = a if a is not None and _tracked(a) else None
            b = b if b is not None and _tracked(b) else None
            if a is None and b is None:
                continue
            new = (_blob(head_commit, b) if head_commit is not None else _file(root, b)) if b else None
            status = "renamed" if d.renamed_file and a and b else "added" if a is None else \
                "removed" if b is None else "modified"
            changes.append(FileChange(status, a, b, _blob(old, a) if a else None, new))
        if head_commit is None:
            for path in repo.untracked_files:
                if _tracked(path):
                    changes.append(FileChange("added", None, path, None, _file(root, path)))
        base_side = _commit_side(f"{base_name}@{old.hexsha[:8]}", old)
        head_side = _commit_side(f"{head}@{head_commit.hexsha[:8]}", head_commit) if head_commit is not None \
            else _tree_side(root)
    changes.sort(key=lambda c: (c.new_path or c.old_path or ""))
    return Comparison(base_side, head_side, tuple(changes))
