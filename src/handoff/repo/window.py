"""The digest's view of history: read back from HEAD only as far as day D and its window.

`History` reads the whole first-parent line (the site's chart needs it). A digest as of D
needs much less: the commit "as of D" (walking back from HEAD by position, as `History.as_of`
does), its tree (one `git ls-tree`), the record blobs it names (the one batched reader), and
the commits of the window. `LineWalk` streams the same `git log --first-parent --raw` as
`History`, stops once it has read past the window, and ends the git process, so the cost
follows the window and the distance from HEAD, not the age of the repository.

The window's commits are those from the as-of commit back to the first one committed before
the window's first day (by position on the line, like `as_of`): a commit further back whose
clock says it lies inside the window (a skewed clock, a rebase) is not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path

import git

from handoff.repo.blobs import BlobReader
from handoff.repo.gitlog import SHALLOW_FIX, ZERO, Change, Commit, Entry, HistoryError, Prefix, walk


class LineWalk:
    """HEAD's first-parent line, read lazily from the newest commit back. Build with `LineWalk.open`."""

    def __init__(self, repo: git.Repo, head: str) -> None:
        self._repo = repo
        self._walk: Iterator[Entry] | None = walk(repo, "HEAD") if head else None
        self._seen: list[Entry] = []  # newest first
        self._by_sha: dict[str, int] = {}
        self._reader: BlobReader | None = None

    @classmethod
    def open(cls, root: Path) -> LineWalk:
        """Raises HistoryError: not a repository, a shallow clone."""
        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise HistoryError(f"{root} is not in a git repository; the digest reads committed history") from None
        if Path(repo.common_dir, "shallow").is_file():
            repo.close()
            raise HistoryError(f"this is a shallow clone, so history as of a date is incomplete; {SHALLOW_FIX}")
        try:
            head = git.SymbolicReference.dereference_recursive(repo, "HEAD")
        except ValueError:
            head = ""
        return cls(repo, head)

    def _pull(self) -> Entry | None:
        if self._walk is None:
            return None
        entry = next(self._walk, None)
        if entry is None:
            self._walk = None
            return None
        self._by_sha[entry.commit.sha] = len(self._seen)
        self._seen.append(entry)
        return entry

    def _entries(self, start: int = 0) -> Iterator[Entry]:
        i = start
        while True:
            if i < len(self._seen):
                yield self._seen[i]
            elif self._pull() is None:
                return
            else:
                continue
            i += 1

    @property
    def read(self) -> int:
        """How many commits were read from git so far."""
        return len(self._seen)

    @property
    def commits(self) -> list[Commit]:
        """Every commit of the line, oldest first (reads the whole line: for error messages only)."""
        for _ in self._entries(len(self._seen)):
            pass
        return [e.commit for e in reversed(self._seen)]

    def as_of(self, day: dt.date) -> Commit | None:
        last = day.toordinal()
        return next((e.commit for e in self._entries() if e.commit.day_ordinal <= last), None)

    def back_from(self, commit: Commit) -> Iterator[Commit]:
        """`commit` and the commits before it on the line, newest first, read as needed."""
        for entry in self._entries(self._by_sha[commit.sha]):
            yield entry.commit

    def changes(self, commit: Commit) -> list[Change]:
        return [Change(commit, p, o, n) for p, o, n in self._seen[self._by_sha[commit.sha]].changes]

    def trees(self, commits: Iterable[Commit | str], prefix: Prefix = "") -> dict[str, dict[str, str]]:
        """Path -> blob sha under `prefix` at each commit: one `git ls-tree -r` per commit asked for."""
        prefixes = (prefix,) if isinstance(prefix, str) else prefix
        specs = [p.rstrip("/") for p in prefixes if p.rstrip("/")]
        out: dict[str, dict[str, str]] = {}
        for commit in commits:
            sha = commit if isinstance(commit, str) else commit.sha
            try:
                listing = self._repo.git.ls_tree("-r", "-z", "--full-tree", sha, "--", *specs)
            except git.GitCommandError as e:
                raise HistoryError(f"git ls-tree failed for {sha[:12]}: exit {e.status}") from None
            tree: dict[str, str] = {}
            for item in listing.split("\0"):
                meta, _, path = item.partition("\t")
                parts = meta.split(" ")
                if len(parts) == 3 and parts[1] == "blob" and path.startswith(prefix) and parts[2] != ZERO:
                    tree[path] = parts[2]
            out[sha] = tree
        return out

    def blobs(self, blob_shas: Iterable[str]) -> dict[str, bytes]:
        refs = list(dict.fromkeys(blob_shas))
        if self._reader is None:
            self._reader = BlobReader(self._repo)
        return {ref: data for ref, data in zip(refs, self._reader.read(refs), strict=True) if data is not None}

    def close(self) -> None:
        if isinstance(self._walk, Generator):
            self._walk.close()
            self._walk = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._repo.close()
