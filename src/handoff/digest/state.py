"""A handoff repo as it stood at one commit of the first-parent line, read from `History`.

Everything comes from that commit's tree, through `handoff.repo.asof`: the settings and
the Plan, the record blobs and the cohort ids. Blobs are read in batches through the one
reader; parsed records are cached by blob sha, so a record unchanged across weeks is
parsed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from handoff.check.findings import FileResult
from handoff.check.kept import check_kept
from handoff.check.record import CheckContext
from handoff.record.parse import ParseError
from handoff.repo.asof import parsed, plans, too_large
from handoff.repo.config import Settings
from handoff.repo.crm.model import WonDeal
from handoff.repo.gitlog import Change, Prefix
from handoff.repo.history import Commit

RECORDS, COHORTS = "records/", "cohorts/"


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


def _stems(tree: dict[str, str], folder: str) -> dict[str, str]:
    return {path[len(folder):-3]: sha for path, sha in tree.items()
            if path.endswith(".md") and "/" not in path[len(folder):]}


def snapshots(history: Line, commits: Sequence[Commit]) -> dict[str, Snapshot | str]:
    """The state at each commit, or a one-line reason it cannot give figures."""
    by_sha = {c.sha: c for c in commits}
    out: dict[str, Snapshot | str] = {}
    for sha, at in plans(history, commits, (RECORDS, COHORTS)).items():
        out[sha] = at if isinstance(at, str) else Snapshot(
            by_sha[sha], at.settings, at.won, _stems(at.tree, RECORDS), frozenset(_stems(at.tree, COHORTS)))
    return out


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
            results[stem] = check_kept(f"{RECORDS}{stem}.md", stem, too_large(size, most) if size > most else doc,
                                         ctx)
        out.append(results)
    return out
