"""The history cache: what the log walk read, kept by commit id under `.handoff/cache/`.

A later run reads only the commits added since (`git log <cached head>..HEAD`) and appends
them, so the site's history does not start again from the first commit. The cache is used
only when the cached head is the first parent of the oldest new commit, i.e. still on the
first-parent line of HEAD; after a rewritten history (rebase, reset, force-push) it is read
again in full and rewritten. The folder ignores itself (a `.gitignore` holding `*`), so it is
never committed. Its content is data checked on load (JSON, never pickle): a damaged or
foreign file is ignored and replaced.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pydantic_core

from handoff.repo.gitlog import Commit, Raw

FOLDER = Path(".handoff") / "cache"
NAME = "history.json"
FORMAT = 1
_HEX = frozenset("0123456789abcdef")

Cached = tuple[str, list[Commit], list[tuple[Raw, ...]]]  # head, commits oldest first, their changes


def _sha(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 40 and set(value) <= _HEX


def load(top: Path) -> Cached | None:
    """The cached first-parent line of this repository, or None when absent or unusable."""
    try:
        data = json.loads((top / FOLDER / NAME).read_bytes())
        if not (isinstance(data, dict) and data.get("format") == FORMAT and _sha(data.get("head"))):
            return None
        rows, raws = data["commits"], data["changes"]
        if not isinstance(rows, list) or not isinstance(raws, list) or len(rows) != len(raws) or not rows:
            return None
        commits = [Commit(sha, int(when), int(offset), str(author), str(summary), i)
                   for i, (sha, when, offset, author, summary) in enumerate(rows)]
        changes = [tuple((str(p), str(o), str(n)) for p, o, n in raw) for raw in raws]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if commits[-1].sha != data["head"] or not all(_sha(c.sha) for c in commits):
        return None
    return data["head"], commits, changes


def save(top: Path, commits: list[Commit], changes: list[tuple[Raw, ...]]) -> None:
    """Write the cache atomically; a folder that cannot be written just means no cache."""
    if not commits:
        return
    write_json(top, NAME, {"format": FORMAT, "head": commits[-1].sha,
                           "commits": [[c.sha, c.time, c.offset, c.author, c.summary] for c in commits],
                           "changes": [[list(r) for r in raw] for raw in changes]})


def read_json(top: Path, name: str) -> Any:
    """Another cache file of the folder (JSON), or None when absent or unreadable."""
    try:
        return json.loads((top / FOLDER / name).read_bytes())
    except (OSError, ValueError):
        return None


def json_bytes(payload: Any) -> bytes:
    """`payload` as compact JSON (UTF-8): pydantic-core's encoder, five times as fast as
    `json.dumps` on a cache file of 10,000 entries; `json` for what it refuses (a string
    holding a lone surrogate, as an undecodable file name gives)."""
    try:
        return pydantic_core.to_json(payload)
    except ValueError:  # PydanticSerializationError is one
        return json.dumps(payload, separators=(",", ":")).encode()


def write_json(top: Path, name: str, payload: Any) -> None:
    """Write a cache file of the folder atomically; a folder that cannot be written just means no cache."""
    write_bytes(top, name, json_bytes(payload))


def write_bytes(top: Path, name: str, data: bytes) -> None:
    """`write_json` for a payload already encoded."""
    folder = top / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# handoff's cache of git history: rebuilt when missing, never committed\n*\n")
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
