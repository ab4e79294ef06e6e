"""A handoff repo as it stood at commits of the first-parent line, for the weekly review.

Read through `History`'s public API only: the trees at several commits in one replay,
`handoff.toml` and `crm/closed-won.csv` from those trees, record blobs in one batch.
Parsed record blobs are cached by sha (content-addressed, so right for any repo).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from handoff.check.record import CheckContext, check_record
from handoff.record.parse import Document, ParseError, parse_bytes
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, parse_settings
from handoff.repo.crm.exports import won_from_bytes
from handoff.repo.crm.model import CrmError, WonDeal
from handoff.repo.crm.options import CrmConfig
from handoff.repo.history import ZERO, Commit, History

RECORDS, COHORTS, CRM = "records/", "cohorts/", "crm/"
_PARSED: dict[str, Document | ParseError] = {}
_PARSED_MAX = 20_000


class WeeklyError(ValueError):
    """The weekly review cannot be computed; the message is one line for the user."""


@dataclass(frozen=True)
class State:
    commit: Commit
    settings: Settings
    won: tuple[WonDeal, ...]
    records: dict[str, str]  # record stem -> blob sha


def stem_of(path: str) -> str | None:
    """`records/acme.md` -> `acme`; None for anything that is not a record file."""
    rest = path[len(RECORDS):]
    return rest[:-3] if path.startswith(RECORDS) and rest.endswith(".md") and "/" not in rest else None


def states(history: History, commits: Sequence[Commit]) -> dict[str, State | str]:
    """The state at each commit (by sha), or a one-line reason it has no figures. The Plan is
    read through the one CRM reader, with each commit's own `[crm]` settings."""
    trees = history.trees(commits, (RECORDS, CRM, CONFIG_NAME))
    configs = history.blobs(t[CONFIG_NAME] for t in trees.values() if CONFIG_NAME in t)
    out: dict[str, State | str] = {}
    settled: dict[str, Settings] = {}
    for commit in commits:
        try:
            config = configs.get(trees[commit.sha].get(CONFIG_NAME, ""))
            settled[commit.sha] = parse_settings(config) if config is not None else Settings()
        except ConfigError as e:
            out[commit.sha] = f"{CONFIG_NAME}:{e.line}: {e.message} ({_where(commit)})"
    blobs = history.blobs(trees[sha][s.crm.won] for sha, s in settled.items() if s.crm.won in trees[sha])
    plans: dict[tuple[str, CrmConfig], tuple[WonDeal, ...] | str] = {}  # the export rarely changes between weeks
    for commit in commits:
        settings = settled.get(commit.sha)
        if settings is None:
            continue
        tree, won_path = trees[commit.sha], settings.crm.won
        if won_path not in tree:
            out[commit.sha] = f"no {won_path} {_where(commit)}; commit the CRM export of closed-won deals first"
            continue
        key = (tree[won_path], settings.crm)
        if key not in plans:
            try:
                plans[key] = tuple(won_from_bytes(blobs[tree[won_path]], settings.crm))
            except CrmError as e:
                plans[key] = str(e)
        won = plans[key]
        if isinstance(won, str):
            out[commit.sha] = f"{won} ({_where(commit)})"
            continue
        records = {s: sha for p, sha in tree.items() if (s := stem_of(p)) is not None}
        out[commit.sha] = State(commit, settings, won, records)
    return out


def _where(commit: Commit) -> str:
    return f"as of commit {commit.sha[:8]} of {commit.day.isoformat()}"


def parsed(history: History, shas: Iterable[str], max_bytes: int) -> dict[str, Document | ParseError]:
    """Each blob parsed (new ones read in one batch); one over `max_bytes` is a ParseError."""
    wanted = {s for s in shas if s != ZERO}
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.clear()
    for sha, raw in history.blobs(s for s in wanted if s not in _PARSED).items():
        try:
            doc: Document | ParseError = parse_bytes(raw) if len(raw) <= max_bytes else ParseError(
                "file-too-large", 1, f"is over the {max_bytes:,}-byte limit")
        except ParseError as e:
            doc = e
        _PARSED[sha] = doc
    return {sha: _PARSED[sha] for sha in wanted if sha in _PARSED}


class Cohorts:
    """Which cohort files exist at each commit of the line, from the one history pass."""

    def __init__(self, history: History) -> None:
        self._spans: dict[str, tuple[list[int], list[bool]]] = {}
        self._complete: dict[tuple[str, str, frozenset[str], bool], bool] = {}
        for path, changes in history.file_changes(COHORTS).items():
            rest = path[len(COHORTS):]
            if rest.endswith(".md") and "/" not in rest:
                ordered = list(reversed(changes))
                self._spans[rest[:-3]] = ([c.commit.index for c in ordered], [c.new != ZERO for c in ordered])

    def exists(self, cohort_id: str, index: int) -> bool:
        span = self._spans.get(cohort_id)
        if span is None:
            return False
        at = bisect.bisect_right(span[0], index)
        return at > 0 and span[1][at - 1]

    def complete(self, stem: str, sha: str, doc: Document | ParseError | None, index: int,
                 extra_keys: frozenset[str]) -> bool:
        """Whether record `stem` at blob `sha` is complete at commit `index`. The answer depends on
        the blob, the extra keys and whether its cohort file exists then, so it is kept by those."""
        if not isinstance(doc, Document):
            return False
        ref = doc.data.get("lost_deal_cohort")
        key = (stem, sha, extra_keys, isinstance(ref, str) and self.exists(ref, index))
        found = self._complete.get(key)
        if found is None:
            ctx = CheckContext(cohort_exists=lambda cid: self.exists(cid, index), cohort_ids=list,
                               extra_keys=extra_keys)
            found = self._complete[key] = check_record(f"{RECORDS}{stem}.md", stem, doc, ctx).status == "complete"
        return found
