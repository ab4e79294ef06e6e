"""A handoff repo as it stood at commits of the first-parent line, for the weekly review.

Read through `History`'s public API and `handoff.repo.asof` (the settings and the Plan of
each commit's tree, as the digest reads them); what each record version says comes from
`handoff.weekly.facts`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from handoff.repo.asof import plans
from handoff.repo.config import Settings
from handoff.repo.crm.model import WonDeal
from handoff.repo.history import ZERO, Change, Commit, History

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


def states(history: History, commits: Sequence[Commit], cache: bool = False) -> dict[str, State | str]:
    """The state at each commit (by sha), or a one-line reason it has no figures. The Plan is
    read through the one CRM reader, with each commit's own `[crm]` settings."""
    by_sha = {c.sha: c for c in commits}
    out: dict[str, State | str] = {}
    for sha, at in plans(history, commits, (RECORDS,), history.root if cache else None).items():
        out[sha] = at if isinstance(at, str) else State(
            by_sha[sha], at.settings, at.won, {s: b for p, b in at.tree.items() if (s := stem_of(p)) is not None})
    return out


class Cohorts:
    """Which cohort files exist at each commit of the line, from the one history pass
    (`history.file_changes`, any prefix that holds `cohorts/`)."""

    def __init__(self, file_changes: dict[str, list[Change]]) -> None:
        self._spans: dict[str, tuple[list[int], list[bool]]] = {}
        for path, changes in file_changes.items():
            rest = path[len(COHORTS):]
            if path.startswith(COHORTS) and rest.endswith(".md") and "/" not in rest:
                ordered = list(reversed(changes))
                self._spans[rest[:-3]] = ([c.commit.index for c in ordered], [c.new != ZERO for c in ordered])

    def exists(self, cohort_id: str, index: int) -> bool:
        span = self._spans.get(cohort_id)
        if span is None:
            return False
        at = bisect.bisect_right(span[0], index)
        return at > 0 and span[1][at - 1]
