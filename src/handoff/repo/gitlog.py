"""The log walk: one `git log --first-parent --raw -z` over HEAD's main line, parsed as it streams.

A merged pull request counts as the one commit on the main line that brought it
in (raw diffs against each commit's first parent). Memory matters at 10^5
commits: authors and paths are one string each, and a blob sha met twice is
kept once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import git

ZERO = "0" * 40
_ZERO_B = ZERO.encode()
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_LOG_ARGS = ("--first-parent", "--diff-merges=first-parent", "--root", "--raw", "--no-renames", "--no-abbrev",
             "-z", "--no-show-signature", "--no-color", "--encoding=UTF-8", "--date=raw",
             "--format=%x01%H%x00%cd%x00%aN%x00%s%x00%P")
SHALLOW_FIX = "run `git fetch --unshallow` (in CI, check out with `fetch-depth: 0`)"


class HistoryError(ValueError):
    """Git history cannot be read or cannot answer; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit of the first-parent line. `index` counts from the oldest (0)."""

    sha: str
    time: int  # committer time, seconds since the epoch
    offset: int  # committer's UTC offset, seconds
    author: str
    summary: str
    index: int

    @property
    def committed(self) -> dt.datetime:
        zone = dt.timezone(dt.timedelta(seconds=self.offset))
        try:
            return dt.datetime.fromtimestamp(self.time, zone)
        except (OverflowError, ValueError, OSError):  # a commit dated off Python's calendar (year 10000)
            return dt.datetime.combine(self.day, dt.time(), zone)

    @property
    def day(self) -> dt.date:
        """The committer's own calendar day (a commit dated off the calendar counts at its edge)."""
        return dt.date.fromordinal(min(max(self.day_ordinal, 1), dt.date.max.toordinal()))

    @property
    def day_ordinal(self) -> int:
        return (self.time + self.offset) // 86400 + _EPOCH_ORDINAL


@dataclass(frozen=True, slots=True)
class Change:
    """One file changed by one first-parent commit; `old`/`new` are blob shas, ZERO when absent."""

    commit: Commit
    path: str
    old: str
    new: str

    @property
    def sha(self) -> str:
        return self.commit.sha

    @property
    def committed(self) -> dt.datetime:
        return self.commit.committed

    @property
    def author(self) -> str:
        return self.commit.author

    @property
    def summary(self) -> str:
        return self.commit.summary

Raw = tuple[str, str, str]  # (path, old blob, new blob)
Prefix = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One commit of the walk with its first parent ("" for a root commit) and its raw changes."""

    commit: Commit
    parent: str
    changes: tuple[Raw, ...]


def walk(repo: git.Repo, rev: str = "HEAD") -> Iterator[Entry]:
    """The first-parent line of `rev` (or a range `a..b`), newest first, parsed as `git log` streams.
    Stop early by closing the generator: the git process is then ended. Commit indexes are 0
    (known only once the whole line is read). Memory matters at 10^5 commits: authors and paths
    are one string each, and a blob sha met twice (new in one commit, old in the next change of
    that path) is kept once."""
    proc: Any = repo.git.log(*_LOG_ARGS, rev, "--", as_process=True)
    names: dict[bytes, str] = {}
    older: dict[str, str] = {}  # path -> old blob of its newest change parsed so far
    head: tuple[Commit, str] | None = None
    current: list[Raw] = []
    finished = False
    try:
        tokens = _tokens(proc.stdout)
        for token in tokens:
            if token.startswith(b"\x01"):
                if head is not None:
                    yield Entry(head[0], head[1], tuple(current))
                    current = []
                when, offset = next(tokens).split(b" ")
                author = names.get(a := next(tokens)) or names.setdefault(a, a.decode("utf-8", "replace"))
                summary = next(tokens).decode("utf-8", "replace")
                parent = next(tokens).split(b" ")[0].decode("ascii")
                seconds = int(offset[1:3]) * 3600 + int(offset[3:5]) * 60
                head = (Commit(token[1:].decode("ascii"), int(when), -seconds if offset[:1] == b"-" else seconds,
                               author, summary, 0), parent)
            elif token.lstrip(b"\n").startswith(b":"):
                old_mode, new_mode, old, new, _status = token.lstrip(b"\n")[1:].split(b" ")
                raw_path = next(tokens)
                old, new = (_ZERO_B if old_mode == b"160000" else old), (_ZERO_B if new_mode == b"160000" else new)
                if old == new == _ZERO_B:
                    continue  # a submodule is not a file
                path = names.get(raw_path) or names.setdefault(raw_path, raw_path.decode("utf-8", "replace"))
                new_sha = new.decode("ascii")
                if older.get(path) == new_sha:
                    new_sha = older[path]
                older[path] = old_sha = ZERO if old == _ZERO_B else old.decode("ascii")
                current.append((path, old_sha, ZERO if new == _ZERO_B else new_sha))
        if head is not None:
            yield Entry(head[0], head[1], tuple(current))
        finished = True
    finally:
        _end(proc, finished)


def _end(proc: Any, finished: bool) -> None:
    if not finished:  # stopped early: git need not walk the rest of history
        proc.proc.kill()
        proc.proc.wait()
        return
    try:
        proc.wait()
    except git.GitCommandError as e:
        lines = (e.stderr or "").strip().splitlines()
        detail = next((ln for ln in lines if "fatal:" in ln), lines[-1] if lines else str(e.status))
        raise HistoryError(f"git log failed: {detail.strip()}") from None


def read_log(repo: git.Repo, rev: str = "HEAD") -> tuple[list[Commit], list[tuple[Raw, ...]], str]:
    """The whole first-parent line of `rev`, oldest first, indexed, with the first parent of its
    oldest commit ("" at the root)."""
    entries = list(walk(repo, rev))
    entries.reverse()
    commits = [e.commit for e in entries]
    for i, commit in enumerate(commits):
        object.__setattr__(commit, "index", i)
    return commits, [e.changes for e in entries], entries[0].parent if entries else ""


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    # read1: what git has written so far (up to 1 MB), so a walk that stops early never waits
    # for git to produce a megabyte of history nobody reads.
    read = getattr(stream, "read1", stream.read)
    rest = b""
    while chunk := read(1 << 20):
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest
