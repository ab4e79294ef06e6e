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
import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import PIPE
from typing import IO, Any

import git

ZERO = "0" * 40
_ZERO_B = ZERO.encode()
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_LOG_ARGS = ("--first-parent", "--diff-merges=first-parent", "--root", "--raw", "--no-renames", "--no-abbrev",
             "-z", "--no-show-signature", "--no-color", "--encoding=UTF-8", "--date=raw",
             "--format=%x01%H%x00%cd%x00%aN%x00%s")
_BATCH = 256  # cat-file requests per write: small enough that stdin never blocks, so no deadlock
_CACHE_SIZE = 8
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
        return dt.datetime.fromtimestamp(self.time, dt.timezone(dt.timedelta(seconds=self.offset)))

    @property
    def day(self) -> dt.date:
        """The committer's own calendar day."""
        return dt.date.fromordinal(self.day_ordinal)

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


class History:
    """The first-parent history of one repository, read once. Build with `History.open`."""

    def __init__(self, repo: git.Repo, root: Path, commits: list[Commit], changes: list[tuple[Raw, ...]],
                 shallow: bool) -> None:
        self._repo, self.root, self.commits, self._changes, self._shallow = repo, root, commits, changes, shallow
        self._index: dict[str, int] | None = None  # built on the first lookup by sha
        self._reader: _Reader | None = None

    @classmethod
    def open(cls, root: Path, allow_shallow: bool = False) -> History:
        """The history of the repository holding `root`, cached per top level and HEAD.
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
        commits, changes = _read_log(repo) if head else ([], [])
        made = cls(repo, top, commits, changes, shallow)
        _CACHE[key] = made
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)[1].close()
        return made

    def is_shallow(self) -> bool:
        return self._shallow

    def as_of(self, day: dt.date) -> Commit | None:
        """The newest commit on the line (by position) committed on or before `day`, committer's time zone."""
        last = day.toordinal()
        return next((c for c in reversed(self.commits) if c.day_ordinal <= last), None)

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
        """For every path under `prefix`: the commits of the line that changed it, newest first."""
        out: dict[str, list[Change]] = {}
        for commit in reversed(self.commits):
            for path, old, new in self._changes[commit.index]:
                if path.startswith(prefix):
                    out.setdefault(path, []).append(Change(commit, path, old, new))
        return out

    def blobs(self, blob_shas: Iterable[str]) -> dict[str, bytes]:
        """Contents of many objects through the one batched reader; absent ones are left out."""
        refs = list(dict.fromkeys(blob_shas))
        return {ref: data for ref, data in zip(refs, self._read(refs), strict=True) if data is not None}

    def read(self, commit_sha: str, path: str) -> bytes | None:
        """A file's content at any commit, or None when it has no such file."""
        return self._read([f"{commit_sha}:{path}"])[0]

    def _read(self, refs: list[str]) -> list[bytes | None]:
        if self._reader is None:
            self._reader = _Reader(self._repo)
        return self._reader.read(refs)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._repo.close()


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


def _read_log(repo: git.Repo) -> tuple[list[Commit], list[tuple[Raw, ...]]]:
    """Parse the one `git log` as it streams. Memory matters at 10^5 commits: authors and paths
    are one string each, and a blob sha met twice (new in one commit, old in the next change
    of that path) is kept once."""
    proc: Any = repo.git.log(*_LOG_ARGS, "HEAD", as_process=True)
    commits: list[Commit] = []  # newest first, as git prints them
    changes: list[tuple[Raw, ...]] = []
    current: list[Raw] = []
    names: dict[bytes, str] = {}
    older: dict[str, str] = {}  # path -> old blob of its newest change parsed so far
    tokens = _tokens(proc.stdout)
    for token in tokens:
        if token.startswith(b"\x01"):
            if commits:
                changes.append(tuple(current))
                current = []
            when, offset = next(tokens).split(b" ")
            author = names.get(a := next(tokens)) or names.setdefault(a, a.decode("utf-8", "replace"))
            summary = next(tokens).decode("utf-8", "replace")
            seconds = int(offset[1:3]) * 3600 + int(offset[3:5]) * 60
            commits.append(Commit(token[1:].decode("ascii"), int(when), -seconds if offset[:1] == b"-" else seconds,
                                  author, summary, 0))
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
    if commits:
        changes.append(tuple(current))
    try:
        proc.wait()
    except git.GitCommandError as e:
        lines = (e.stderr or "").strip().splitlines()
        detail = next((ln for ln in lines if "fatal:" in ln), lines[-1] if lines else str(e.status))
        raise HistoryError(f"git log failed: {detail.strip()}") from None
    commits.reverse()
    changes.reverse()
    for i, commit in enumerate(commits):
        object.__setattr__(commit, "index", i)  # known only once the whole line is read
    return commits, changes


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    rest = b""
    while chunk := stream.read(1 << 20):
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


class _Reader:
    """One `git cat-file --batch` process for the life of a History."""

    def __init__(self, repo: git.Repo) -> None:
        self._proc: Any = repo.git.cat_file("--batch", as_process=True, istream=PIPE)

    def read(self, refs: list[str]) -> list[bytes | None]:
        stdin, stdout = self._proc.proc.stdin, self._proc.proc.stdout
        out: list[bytes | None] = []
        for start in range(0, len(refs), _BATCH):
            chunk = refs[start : start + _BATCH]
            stdin.write("".join(f"{ref}\n" for ref in chunk).encode("utf-8", "surrogateescape"))
            stdin.flush()
            for _ in chunk:
                header = stdout.readline().split()
                if not header:
                    raise HistoryError("git cat-file stopped answering")
                if len(header) != 3 or not header[2].isdigit():
                    out.append(None)  # `<ref> missing` or `ambiguous`
                    continue
                data = stdout.read(int(header[2]))
                stdout.read(1)
                out.append(data if header[1] == b"blob" else None)
        return out

    def close(self) -> None:
        proc = self._proc.proc
        if proc is None:
            return
        self._proc.proc = None
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except Exception:  # pragma: no cover - a hung git: do not hang with it
            proc.kill()
            proc.wait()
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()

