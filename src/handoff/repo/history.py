"""All git access of handoff: one first-parent pass over history, one batched blob reader.

`History.open(root)` reads the first-parent line of HEAD once: a single `git log`
with raw diffs against each commit's first parent, so a merged pull request counts
as the one commit on the main line that brought it in. The result is cached per
repository root and HEAD. The tree at any commit of that line is rebuilt from the
recorded changes (no `ls-tree`), and file contents come through one persistent
`git cat-file --batch` process, asked for many objects per write. Nothing here runs
git once per file or once per commit.

"As of a day D" is the newest commit on the first-parent line, walking back from
HEAD, whose committer date, read in the committer's own time zone, falls on or
before D. Committer dates along the line may go backwards (rebases, skewed
clocks); the walk takes position on the line, not the largest date, so a commit
that came later on the line never loses to an older one with a later clock.
"""

from __future__ import annotations

import atexit
import bisect
import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path

import git

from handoff.repo import logcache
from handoff.repo.blobs import BlobReader
from handoff.repo.gitlog import SHALLOW_FIX, ZERO, Change, Commit, HistoryError, Prefix, Raw, read_log

__all__ = ["SHALLOW_FIX", "ZERO", "Change", "Commit", "History", "HistoryError"]

_CACHE_SIZE = 8


class History:
    """The first-parent history of one repository, read once. Build with `History.open`."""

    def __init__(self, repo: git.Repo, root: Path, commits: list[Commit], changes: list[tuple[Raw, ...]],
                 shallow: bool) -> None:
        self._repo, self.root, self.commits, self._changes, self._shallow = repo, root, commits, changes, shallow
        self._index: dict[str, int] | None = None  # built on the first lookup by sha
        self._days: tuple[list[int], list[int]] | None = None  # built on the first `as_of`
        self._file_changes: dict[str, dict[str, list[Change]]] = {}
        self._reader: BlobReader | None = None

    @classmethod
    def open(cls, root: Path, allow_shallow: bool = False, cache: bool = False) -> History:
        """The history of the repository holding `root`, cached per top level and HEAD (in memory;
        with `cache`, also on disk under `.handoff/cache/`, read again only from the cached head on).
        Raises HistoryError: not a repository, a shallow clone (unless allowed), git failing."""
        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise HistoryError(f"{root} is not in a git repository; the digest reads committed history") from None
        top = Path(repo.working_tree_dir or repo.git_dir).resolve()
        shallow = Path(repo.common_dir, "shallow").is_file()
        if shallow and not allow_shallow:
            repo.close()
            raise HistoryError(f"this is a shallow clone, so history as of a date is incomplete; {SHALLOW_FIX}")
        head = _head(repo)
        key = (top, head, shallow)
        hit = _CACHE.get(key)
        if hit is not None:
            repo.close()
            _CACHE.move_to_end(key)
            return hit
        commits, changes = (_read_cached(repo, top, head) if cache else read_log(repo)[:2]) if head else ([], [])
        made = cls(repo, top, commits, changes, shallow)
        _CACHE[key] = made
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)[1].close()
        return made

    @staticmethod
    def top_level(root: Path) -> Path | None:
        """The top folder of the git repository holding `root`, or None outside one."""
        try:
            with git.Repo(root, search_parent_directories=True) as repo:
                return Path(repo.working_tree_dir or repo.git_dir).resolve()
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            return None

    def is_shallow(self) -> bool:
        return self._shallow

    def as_of(self, day: dt.date) -> Commit | None:
        """The newest commit on the line (by position) committed on or before `day`, committer's time zone."""
        if self._days is None:
            # Days in order, each with the last position reached by a commit on or before it:
            # one sort, then a bisection per question (pages ask for over a hundred days).
            days: list[int] = []
            best: list[int] = []
            for c in sorted(self.commits, key=lambda c: c.day_ordinal):
                if days and days[-1] == c.day_ordinal:
                    best[-1] = max(best[-1], c.index)
                else:
                    days.append(c.day_ordinal)
                    best.append(max(c.index, best[-1]) if best else c.index)
            self._days = (days, best)
        days, best = self._days
        at = bisect.bisect_right(days, day.toordinal())
        return self.commits[best[at - 1]] if at else None

    def commit(self, sha: str) -> Commit:
        if self._index is None:
            self._index = {c.sha: c.index for c in self.commits}
        try:
            return self.commits[self._index[sha]]
        except KeyError:
            raise HistoryError(f"commit {sha[:12]} is not on the first-parent line of HEAD") from None

    def _own(self, commit: Commit | str) -> Commit:
        if isinstance(commit, Commit) and commit.index < len(self.commits) and self.commits[commit.index] is commit:
            return commit
        return self.commit(commit if isinstance(commit, str) else commit.sha)

    def back_from(self, commit: Commit) -> Iterator[Commit]:
        """`commit` and the commits before it on the line, newest first."""
        return reversed(self.commits[: self._own(commit).index + 1])

    def changes(self, commit: Commit) -> list[Change]:
        """The files `commit` changed against its first parent."""
        return [Change(commit, p, o, n) for p, o, n in self._changes[self._own(commit).index]]

    def tree(self, commit: Commit | str, prefix: Prefix = "") -> dict[str, str]:
        """Path -> blob sha of every file under `prefix` at a commit of the line (a Commit or its sha)."""
        sha = commit if isinstance(commit, str) else commit.sha
        return self.trees([commit], prefix)[sha]

    def trees(self, commits: Iterable[Commit | str], prefix: Prefix = "") -> dict[str, dict[str, str]]:
        """Trees at several commits of the line, keyed by sha, rebuilt in one replay of the recorded changes."""
        wanted = sorted({self._own(c).index for c in commits})
        out: dict[str, dict[str, str]] = {}
        state: dict[str, str] = {}
        pending = iter(wanted)
        target = next(pending, None)
        for i, changes in enumerate(self._changes):
            if target is None:
                break
            for path, _old, new in changes:
                if not path.startswith(prefix):
                    continue
                if new == ZERO:
                    state.pop(path, None)
                else:
                    state[path] = new
            while target == i:
                out[self.commits[i].sha] = dict(state)
                target = next(pending, None)
        return out

    def file_changes(self, prefix: str = "records/") -> dict[str, list[Change]]:
        """For every path under `prefix`: the commits of the line that changed it, newest first.
        Read once per prefix (the site and the weekly pages both ask); the lists are shared, not copied."""
        if "" not in self._file_changes:
            every: dict[str, list[Change]] = {}
            for commit in reversed(self.commits):
                for path, old, new in self._changes[commit.index]:
                    every.setdefault(path, []).append(Change(commit, path, old, new))
            self._file_changes[""] = every
        if prefix not in self._file_changes:
            self._file_changes[prefix] = {p: c for p, c in self._file_changes[""].items() if p.startswith(prefix)}
        return self._file_changes[prefix]

    def blobs(self, blob_shas: Iterable[str]) -> dict[str, bytes]:
        """Contents of many objects through the one batched reader; absent ones are left out."""
        refs = list(dict.fromkeys(blob_shas))
        return {ref: data for ref, data in zip(refs, self._read(refs), strict=True) if data is not None}

    def read(self, commit_sha: str, path: str) -> bytes | None:
        """A file's content at any commit, or None when it has no such file."""
        return self._read([f"{commit_sha}:{path}"])[0]

    def _read(self, refs: list[str]) -> list[bytes | None]:
        if self._reader is None:
            self._reader = BlobReader(self._repo)
        return self._reader.read(refs)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._repo.close()

def _read_cached(repo: git.Repo, top: Path, head: str) -> tuple[list[Commit], list[tuple[Raw, ...]]]:
    """The line of HEAD from the disk cache plus the commits added since; all of it after a rewrite."""
    cached = logcache.load(top)
    if cached is not None and cached[0] == head:
        return cached[1], cached[2]
    if cached is not None:
        cached_head, old_commits, old_changes = cached
        try:
            new_commits, new_changes, parent = read_log(repo, f"{cached_head}..{head}")
        except HistoryError:
            new_commits, parent = [], ""  # the cached head is gone (a rewritten history)
        if new_commits and parent == cached_head:
            for i, commit in enumerate(new_commits, len(old_commits)):
                object.__setattr__(commit, "index", i)
            commits, changes = old_commits + new_commits, old_changes + new_changes
            logcache.save(top, commits, changes)
            return commits, changes
    commits, changes, _ = read_log(repo)
    logcache.save(top, commits, changes)
    return commits, changes


def _head(repo: git.Repo) -> str:
    """HEAD's commit sha read from the ref files (no git process), "" before the first commit."""
    try:
        return git.SymbolicReference.dereference_recursive(repo, "HEAD")
    except ValueError:
        return ""

_CACHE: OrderedDict[tuple[Path, str, bool], History] = OrderedDict()


@atexit.register
def _close_all() -> None:
    while _CACHE:
        _CACHE.popitem()[1].close()
