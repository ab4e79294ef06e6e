"""The site's check cache on disk: results by content key in 16 shards, and the file index.

- `checks-<hex>.json`: a file's check result under its key (the sha-256 of the repo's
  context, its path and its bytes), sharded by the key's first hex digit. A shard is read
  only when one of its results is needed, and rewritten (keeping only this run's keys)
  only when it gains a result; a shard that gains none may keep results of files since
  changed until it does.
- `site-files.json`: for every record and cohort of the last run, its size, mtime, inode
  and ctime with its key, so an unchanged file is neither read nor hashed again (as git's
  index does, a file modified within `RACY_NS` before that run started is read again);
  each record's `Brief` (its row's digest, title, cohort, check-in date), so that no row
  need be read for a page that is not rendered; each cohort's result, as there are few. It
  is validated in one pass (pydantic) against this handoff version.
- `site-rows.json`: the rows, by the sha-256 of their JSON text, each checked against it
  and validated when read. Rewritten only when a new row appears.

Everything is data (JSON): a damaged or foreign file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from handoff import __version__
from handoff.check.findings import AiAssist, FileResult, Finding
from handoff.record.model import Cohort, Record
from handoff.repo.logcache import FOLDER, read_json, write_bytes, write_json
from handoff.site.rows import Brief, Row, brief, from_text, text

NAME = "checks-{}.json"
FORMAT = 1
SHARDS = "0123456789abcdef"
INDEX, ROWS = "site-files.json", "site-rows.json"
RACY_NS = 2_000_000_000  # coarse file-system clocks (FAT: 2 s) could hide a change made just after a stat


def dump(r: FileResult) -> dict[str, Any]:
    return {"path": r.path, "kind": r.kind, "status": r.status, "missing": list(r.missing),
            "findings": [[f.path, f.line, f.code, f.message, f.severity] for f in r.findings],
            "record": r.record.model_dump_json() if r.record is not None else None,
            "cohort": r.cohort.model_dump_json() if r.cohort is not None else None,
            "ai": [r.ai_assist.agent, r.ai_assist.reviewer, r.ai_assist.line] if r.ai_assist else None,
            "body": r.body}


def load(d: Any) -> FileResult | None:
    try:
        ai = d["ai"]
        return FileResult(
            str(d["path"]), d["kind"], d["status"], tuple(d["missing"]),
            tuple(Finding(str(p), int(line), str(c), str(m), s) for p, line, c, m, s in d["findings"]),
            Record.model_validate_json(d["record"]) if d["record"] is not None else None,
            Cohort.model_validate_json(d["cohort"]) if d["cohort"] is not None else None,
            AiAssist(str(ai[0]), str(ai[1]), int(ai[2])) if ai is not None else None,
            str(d["body"]))
    except (KeyError, TypeError, ValueError, IndexError, ValidationError):
        return None


@dataclass
class Shards:
    """The results by key, each shard read when first asked for."""

    top: Path
    _read: dict[str, dict[str, Any]] = field(default_factory=dict)

    def entries(self, shard: str) -> dict[str, Any]:
        if shard not in self._read:
            old = read_json(self.top, NAME.format(shard))
            ok = isinstance(old, dict) and old.get("format") == FORMAT and isinstance(old.get("entries"), dict)
            self._read[shard] = old["entries"] if ok else {}
        return self._read[shard]

    def get(self, key: str) -> FileResult | None:
        entry = self.entries(key[0]).get(key)
        return load(entry) if entry is not None else None

    def save(self, keys: set[str], new: dict[str, dict[str, Any]], trim: bool) -> None:
        """Add the `new` results; a shard that gains one keeps only this run's `keys`. With
        `trim` (no index: the shards may hold anything), every shard is trimmed to `keys`."""
        for shard in SHARDS:
            gained = {k: v for k, v in new.items() if k[0] == shard}
            if not gained and (not trim or set(self.entries(shard)) <= keys):
                continue
            old = self.entries(shard)
            now = {k: old[k] for k in keys if k[0] == shard and k in old} | gained
            if now != old or not (self.top / FOLDER / NAME.format(shard)).is_file():
                write_json(self.top, NAME.format(shard), {"format": FORMAT, "entries": now})


class Index(BaseModel):
    format: Literal[1] = 1
    version: str = __version__
    context: str  # the sha-256 of the repo's context: settings and which cohorts exist
    stamp: int  # when the run that wrote it started reading files (ns since the epoch)
    files: dict[str, tuple[int, int, int, int, str]]  # path: size, mtime_ns, inode, ctime_ns, key
    briefs: dict[str, Brief]  # record key: the brief of its row
    cohorts: dict[str, dict[str, Any]]  # cohort key: its result (as `dump` writes it)


_INDEX = TypeAdapter(Index)


def read_index(top: Path, context: str) -> Index | None:
    try:
        index = _INDEX.validate_json((top / FOLDER / INDEX).read_bytes())
    except (OSError, ValueError):  # ValidationError is a ValueError
        return None
    return index if index.version == __version__ and index.context == context else None


def write_index(top: Path, index: Index) -> None:
    write_bytes(top, INDEX, _INDEX.dump_json(index))


class RowStore:
    """Rows by the digest of their JSON text (`site-rows.json`), read from disk when first asked for."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self._texts: dict[str, str] | None = None
        self._new: dict[str, str] = {}

    def _kept(self) -> dict[str, str]:
        if self._texts is None:
            data = read_json(self.top, ROWS)
            ok = (isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") == __version__
                  and isinstance(data.get("rows"), dict))
            self._texts = {k: v for k, v in data["rows"].items() if isinstance(v, str)} if ok else {}
        return self._texts

    def get(self, digest: str) -> Row | None:
        """The row of that digest, or None when not kept (or not what it claims to be)."""
        kept = self._new.get(digest) or self._kept().get(digest)
        if kept is None or hashlib.sha256(kept.encode()).hexdigest() != digest:
            return None
        return from_text(kept)

    def add(self, row: Row) -> Brief:
        row_text = text(row)
        made = brief(row, row_text)
        self._new[made.digest] = row_text
        return made

    def save(self, keep: set[str], known: set[str] | None) -> None:
        """Write the rows of `keep` when some were added (until then, stale rows are only left over).
        `known`: the digests the file holds, as the last run left it (None: read it to know)."""
        if not self._new.keys() - (known if known is not None else self._kept().keys()):
            return
        rows = {k: v for k, v in {**self._kept(), **self._new}.items() if k in keep}
        write_json(self.top, ROWS, {"format": FORMAT, "version": __version__, "rows": rows})
