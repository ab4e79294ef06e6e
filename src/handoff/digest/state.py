"""A handoff repo as it stood at one commit of the first-parent line, read from `History`.

Everything comes from that commit's tree: `handoff.toml` (else the contract's
defaults; the working tree's copy never counts), the won export it names
(`crm/closed-won.csv` by default, read by the one CRM reader), the
record blobs and the cohort ids. Blobs are read in batches through the one
reader; parsed records are cached by blob sha, so a record unchanged across
weeks is parsed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from handoff.check.findings import FileResult
from handoff.check.record import CheckContext, check_record
from handoff.record.parse import Document, ParseError, parse_bytes
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, parse_settings
from handoff.repo.crm.exports import won_from_bytes
from handoff.repo.crm.model import CrmError, WonDeal
from handoff.repo.gitlog import Change, Prefix
from handoff.repo.history import Commit

RECORDS, COHORTS, CRM = "records/", "cohorts/", "crm/"
Parsed = tuple[int, Document | ParseError]  # (blob size, what parsing it gave)
_PARSED: dict[str, Parsed] = {}  # by blob sha: content-addressed, so right for any repo
_PARSED_MAX = 20_000


class Line(Protocol):
    """What the digest reads from history: `History` (the whole line, for the site) or
    `LineWalk` (read back from HEAD only as far as needed, for `handoff digest`)."""

    @property
    def commits(self) -> list[Commit]: ...

    def as_of(self, day: dt.date) -> Commit | None: ...

    def back_from(self, commit: Commit) -> Iterator[Commit]: ...

    def changes(self, commit: Commit) -> list[Change]: ...

    def trees(self, commits: Iterable[Commit | str], prefix: Prefix = "") -> dict[str, dict[str, str]]: ...

    def blobs(self, blob_shas: Iterable[str]) -> dict[str, bytes]: ...


@dataclass(frozen=True)
class Snapshot:
    commit: Commit
    settings: Settings
    won: tuple[WonDeal, ...]
    records: dict[str, str]  # record stem -> blob sha
    cohorts: frozenset[str]

    def context(self) -> CheckContext:
        ids = sorted(self.cohorts)
        return CheckContext(cohort_exists=self.cohorts.__contains__, cohort_ids=lambda: ids,
                            extra_keys=self.settings.extra_keys)


def where(commit: Commit) -> str:
    return f"as of commit {commit.sha[:8]} of {commit.day.isoformat()}"


def _stems(tree: dict[str, str], folder: str) -> dict[str, str]:
    return {path[len(folder):-3]: sha for path, sha in tree.items()
            if path.endswith(".md") and "/" not in path[len(folder):]}


def snapshots(history: Line, commits: Sequence[Commit]) -> dict[str, Snapshot | str]:
    """The state at each commit, or a one-line reason it cannot give figures."""
    trees = history.trees(commits, (RECORDS, COHORTS, CRM, CONFIG_NAME))
    configs = history.blobs(t[CONFIG_NAME] for t in trees.values() if CONFIG_NAME in t)
    out: dict[str, Snapshot | str] = {}
    settled: dict[str, Settings] = {}
    for commit in commits:
        try:
            config = configs.get(trees[commit.sha].get(CONFIG_NAME, ""))
            settled[commit.sha] = parse_settings(config) if config is not None else Settings()
        except ConfigError as e:
            out[commit.sha] = f"{CONFIG_NAME}:{e.line}: {e.message} ({where(commit)})"
    # The won export's path comes from each commit's settings: read those blobs in one batch.
    blobs = history.blobs(trees[sha][s.crm.won] for sha, s in settled.items() if s.crm.won in trees[sha])
    for commit in commits:
        settings = settled.get(commit.sha)
        if settings is None:
            continue
        tree, won_path = trees[commit.sha], settings.crm.won
        raw = blobs.get(tree.get(won_path, ""))
        if raw is None:
            out[commit.sha] = f"no {won_path} {where(commit)}; commit the CRM export of closed-won deals first"
            continue
        try:
            won = won_from_bytes(raw, settings.crm)
        except CrmError as e:
            out[commit.sha] = f"{e} ({where(commit)})"
            continue
        out[commit.sha] = Snapshot(commit, settings, tuple(won), _stems(tree, RECORDS),
                                   frozenset(_stems(tree, COHORTS)))
    return out


def parsed(history: Line, shas: Iterable[str], max_bytes: int = 1 << 62) -> dict[str, Parsed]:
    """(size, parsed blob) by sha; new ones read in one batch, not parsed when over `max_bytes`."""
    wanted = set(shas)
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.clear()
    for sha, raw in history.blobs(s for s in wanted if s not in _PARSED).items():
        try:
            doc: Document | ParseError = parse_bytes(raw) if len(raw) <= max_bytes else _too_large(len(raw), max_bytes)
        except ParseError as e:
            doc = e
        _PARSED[sha] = (len(raw), doc)
    return {sha: _PARSED[sha] for sha in wanted if sha in _PARSED}


def _too_large(size: int, limit: int) -> ParseError:
    return ParseError("file-too-large", 1,
                      f"is {size:,} bytes, over the {limit:,}-byte limit; move attachments out of the record")


def check(history: Line, wanted: Sequence[tuple[Snapshot, Iterable[str]]]) -> list[dict[str, FileResult]]:
    """For each snapshot, the check result of each wanted record stem it has, all blobs in one batch."""
    stems = [(snap, [s for s in dict.fromkeys(slugs) if s in snap.records]) for snap, slugs in wanted]
    limit = max((snap.settings.max_file_bytes for snap, _ in stems), default=1)
    docs = parsed(history, (snap.records[s] for snap, ss in stems for s in ss), limit)
    out: list[dict[str, FileResult]] = []
    for snap, ss in stems:
        ctx, most = snap.context(), snap.settings.max_file_bytes
        results: dict[str, FileResult] = {}
        for stem in ss:
            size, doc = docs.get(snap.records[stem], (0, ParseError("unreadable", 1, "cannot be read from git")))
            results[stem] = check_record(f"{RECORDS}{stem}.md", stem, _too_large(size, most) if size > most else doc,
                                         ctx)
        out.append(results)
    return out
