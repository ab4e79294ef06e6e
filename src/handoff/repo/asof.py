"""The repo's inputs as they stood at commits of the first-parent line: the settings and the
Plan of each commit's tree, and record blobs parsed once.

Shared by the digest and the weekly review. Everything comes from the commit's tree:
`handoff.toml` (else the contract's defaults; the working tree's copy never counts) and the
won export it names (`crm/closed-won.csv` by default), read by the one CRM reader, once per
export blob and `[crm]` table (the export rarely changes between the commits asked for).
Parsed blobs are cached by sha: content-addressed, so right for any repo. So are the won
exports read (by blob sha and `[crm]` table), and files the working tree's check already
parsed (`share`, by a hash of their bytes): a blob with the same bytes is not parsed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from handoff.record.parse import Document, ParseError, parse_or_error
from handoff.repo import woncache
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, parse_settings
from handoff.repo.crm.exports import won_from_bytes
from handoff.repo.crm.model import CrmError, WonDeal
from handoff.repo.crm.options import CrmConfig
from handoff.repo.gitlog import ZERO, Commit, Prefix

CRM = "crm/"
Parsed = tuple[int, Document | ParseError]  # (blob size, what parsing it gave)
_PARSED: dict[str, Parsed] = {}
_PARSED_MAX = 20_000
_SHARED: dict[bytes, Document | ParseError] = {}  # hash of a file's bytes -> what parsing them gave
_WON: dict[tuple[str, CrmConfig], tuple[WonDeal, ...] | str] = {}  # (blob sha, [crm]) -> deals or error
_WON_MAX = 64


class Trees(Protocol):
    """What is read here: `History` or `LineWalk`."""

    def trees(self, commits: Iterable[Commit | str], prefix: Prefix = "") -> dict[str, dict[str, str]]: ...

    def blobs(self, blob_shas: Iterable[str]) -> dict[str, bytes]: ...


@dataclass(frozen=True)
class PlanAt:
    settings: Settings
    won: tuple[WonDeal, ...]
    tree: dict[str, str]  # path -> blob sha, under the prefixes asked for


def where(commit: Commit) -> str:
    return f"as of commit {commit.sha[:8]} of {commit.day.isoformat()}"


def plans(history: Trees, commits: Sequence[Commit], prefixes: tuple[str, ...],
          cache: Path | None = None) -> dict[str, PlanAt | str]:
    """The settings and the Plan at each commit (by sha), with its tree under `prefixes`, or a
    one-line reason that commit gives no figures. With `cache` (a git top level), won exports
    read are kept on disk (`woncache`), and blobs kept there are not read again."""
    trees = history.trees(commits, (*prefixes, CRM, CONFIG_NAME))
    configs = history.blobs(t[CONFIG_NAME] for t in trees.values() if CONFIG_NAME in t)
    out: dict[str, PlanAt | str] = {}
    settled: dict[str, Settings] = {}
    for commit in commits:
        try:
            config = configs.get(trees[commit.sha].get(CONFIG_NAME, ""))
            settled[commit.sha] = parse_settings(config) if config is not None else Settings()
        except ConfigError as e:
            out[commit.sha] = f"{CONFIG_NAME}:{e.line}: {e.message} ({where(commit)})"
    if len(_WON) > _WON_MAX:
        _WON.clear()
    read = _WON
    wanted = {(trees[sha][s.crm.won], s.crm) for sha, s in settled.items() if s.crm.won in trees[sha]}
    for blob, crm in wanted - read.keys():
        kept = woncache.get(cache, blob, crm) if cache is not None else None
        if kept is not None:
            read[(blob, crm)] = kept
    # The won export's path comes from each commit's settings: read those blobs in one batch.
    blobs = history.blobs(blob for blob, crm in wanted if (blob, crm) not in read)
    for commit in commits:
        settings = settled.get(commit.sha)
        if settings is None:
            continue
        tree, won_path = trees[commit.sha], settings.crm.won
        if won_path not in tree:
            out[commit.sha] = f"no {won_path} {where(commit)}; commit the CRM export of closed-won deals first"
            continue
        key = (tree[won_path], settings.crm)
        if key not in read:
            try:
                read[key] = tuple(won_from_bytes(blobs[tree[won_path]], settings.crm))
            except CrmError as e:
                read[key] = str(e)
            if cache is not None:
                woncache.put(cache, *key, read[key])
        won = read[key]
        out[commit.sha] = f"{won} ({where(commit)})" if isinstance(won, str) else PlanAt(settings, won, tree)
    return out


def parsed(history: Trees, shas: Iterable[str], max_bytes: int = 1 << 62) -> dict[str, Parsed]:
    """(size, parsed blob) by sha; new ones read in one batch, not parsed when over `max_bytes`."""
    wanted = {s for s in shas if s != ZERO}
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.clear()
    for sha, raw in history.blobs(s for s in wanted if s not in _PARSED).items():
        _PARSED[sha] = (len(raw), parse_raw(raw, max_bytes))
    return {sha: _PARSED[sha] for sha in wanted if sha in _PARSED}


def parse_raw(raw: bytes, max_bytes: int) -> Document | ParseError:
    """A blob's bytes parsed, or what was made of the same bytes before: by the working tree's
    check (`share`), or here for another reader (the Gap's snapshots, then the weekly review);
    over `max_bytes` a `file-too-large` error, not parsed."""
    if len(raw) > max_bytes:
        return too_large(len(raw), max_bytes)
    content = _content(raw)
    doc = _SHARED.get(content)
    if doc is None:
        doc = parse_or_error(raw)
        share(raw, doc, content)
    return doc


def _content(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=20).digest()


def share(raw: bytes, doc: Document | ParseError, content: bytes | None = None) -> None:
    """What parsing a file's bytes gave (`content`: their hash, when already taken), so that a
    blob of history with the same bytes is not parsed again. Documents are read, never changed."""
    if len(_SHARED) >= _PARSED_MAX:
        _SHARED.clear()
    _SHARED[content if content is not None else _content(raw)] = doc


def too_large(size: int, limit: int) -> ParseError:
    return ParseError("file-too-large", 1,
                      f"is {size:,} bytes, over the {limit:,}-byte limit; move attachments out of the record")
