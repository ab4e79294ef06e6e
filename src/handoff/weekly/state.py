"""A handoff repo as it stood at commits of the first-parent line, for the weekly review.

Read through `History`'s public API and `handoff.repo.asof` (the settings and the Plan of
each commit's tree, as the digest reads them; record blobs parsed once, cached by sha).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from handoff.check.record import CheckContext, check_record
from handoff.record.parse import Document, ParseError
from handoff.repo.asof import parsed as parsed_blobs
from handoff.repo.asof import plans, too_large
from handoff.repo.config import Settings
from handoff.repo.crm.model import WonDeal
from handoff.repo.history import ZERO, Commit, History

RECORDS, COHORTS = "records/", "cohorts/"


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
    by_sha = {c.sha: c for c in commits}
    out: dict[str, State | str] = {}
    for sha, at in plans(history, commits, (RECORDS,)).items():
        out[sha] = at if isinstance(at, str) else State(
            by_sha[sha], at.settings, at.won, {s: b for p, b in at.tree.items() if (s := stem_of(p)) is not None})
    return out


def parsed(history: History, shas: Iterable[str], max_bytes: int) -> dict[str, Document | ParseError]:
    """Each blob parsed (new ones read in one batch, cached by sha); one over `max_bytes` is a ParseError."""
    return {sha: too_large(size, max_bytes) if size > max_bytes else doc
            for sha, (size, doc) in parsed_blobs(history, shas, max_bytes).items()}


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
