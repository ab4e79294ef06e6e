"""Each record followed through first-parent history: when it first became complete, and
the commits that turned its CS review into `accepted` or `rejected`.

A review is a commit that sets `review.status` to `accepted` or `rejected` when the
record's previous version said something else. "Previous" skips a removal: a file
removed and later restored is compared with the version it had before it was
removed, so restoring it is no new review (and no new rejection).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from handoff.record.parse import Document, ParseError
from handoff.record.text import is_placeholder
from handoff.repo.history import ZERO, Change, Commit, History
from handoff.weekly.state import RECORDS, Cohorts, parsed, stem_of

REVIEWED = ("accepted", "rejected")


@dataclass(frozen=True)
class Review:
    stem: str
    account: str
    rep: str
    by: str
    status: str  # accepted or rejected
    commit: Commit
    days: int | None  # calendar days from the record's first complete commit; None: reviewed before it


def _text(doc: Document | ParseError | None, key: str, sub: str | None = None) -> str | None:
    data = doc.data if isinstance(doc, Document) else {}
    value = data.get(key)
    if sub is not None:
        value = value.get(sub) if isinstance(value, dict) else None
    return value.strip() if isinstance(value, str) and not is_placeholder(value) else None


def previous(changes: list[Change], change: Change) -> str:
    """The blob the path held before `change`, looking past a removal; ZERO when it never existed."""
    if change.old != ZERO:
        return change.old
    at = change.commit.index
    earlier = next((c for c in changes if c.commit.index < at), None)  # changes are newest first
    return earlier.old if earlier is not None and earlier.new == ZERO else ZERO


class Timeline:
    """The records' history on the line up to and including `upto`."""

    def __init__(self, history: History, upto: Commit, extra_keys: frozenset[str], max_bytes: int) -> None:
        self.history, self.upto, self.extra, self.max_bytes = history, upto, extra_keys, max_bytes
        self.cohorts = Cohorts(history)
        self.changes = {stem: [c for c in changes if c.commit.index <= upto.index]
                        for path, changes in history.file_changes(RECORDS).items()
                        if (stem := stem_of(path)) is not None}
        self._first: dict[str, Commit | None] = {}

    def first_complete(self, stems: Iterable[str]) -> dict[str, Commit | None]:
        """The first commit of the line in which each record was complete (None: never, up to `upto`)."""
        stems = list(stems)
        # Oldest version first, one round of blob reads per version depth: a record complete
        # early is settled after a parse or two, not after parsing all its versions.
        pending = {s: [c for c in reversed(self.changes.get(s, [])) if c.new != ZERO]
                   for s in dict.fromkeys(stems) if s not in self._first}
        depth = 0
        while pending:
            for stem in [s for s, versions in pending.items() if depth >= len(versions)]:
                self._first[stem] = None
                del pending[stem]
            round_ = {s: versions[depth] for s, versions in pending.items()}
            docs = parsed(self.history, (c.new for c in round_.values()), self.max_bytes)
            for stem, change in round_.items():
                if self.cohorts.complete(stem, change.new, docs.get(change.new), change.commit.index, self.extra):
                    self._first[stem] = change.commit
                    del pending[stem]
            depth += 1
        return {s: self._first[s] for s in stems}

    def reviews(self, first_day: int, last_day: int, upto: Commit) -> list[Review]:
        """Reviews committed on the line up to `upto`, on days (ordinals) first_day..last_day."""
        found: list[tuple[str, Change]] = []
        for commit in self.history.commits[: upto.index + 1]:
            if first_day <= commit.day_ordinal <= last_day:
                found += [(s, ch) for ch in self.history.changes(commit)
                          if ch.new != ZERO and (s := stem_of(ch.path)) is not None]
        new = self.history.blobs(ch.new for _, ch in found)
        # Cheap filter first: only versions that say accepted or rejected somewhere are parsed.
        found = [(s, ch) for s, ch in found if any(w.encode() in new.get(ch.new, b"") for w in REVIEWED)]
        before = {id(ch): previous(self.changes.get(s, []), ch) for s, ch in found}
        docs = parsed(self.history, [ch.new for _, ch in found] + list(before.values()), self.max_bytes)
        out: list[tuple[str, Change, Document]] = []
        for stem, ch in found:
            doc = docs.get(ch.new)
            status, by = _text(doc, "review", "status"), _text(doc, "review", "by")
            if not isinstance(doc, Document) or status not in REVIEWED or by is None:
                continue
            if _text(docs.get(before[id(ch)]), "review", "status") == status:
                continue
            out.append((stem, ch, doc))
        firsts = self.first_complete(s for s, _, _ in out)
        reviews = []
        for stem, ch, doc in out:
            first = firsts[stem]
            days = ch.commit.day_ordinal - first.day_ordinal if first and first.index <= ch.commit.index else None
            reviews.append(Review(stem, _text(doc, "account") or stem, _text(doc, "rep") or "",
                                  _text(doc, "review", "by") or "", _text(doc, "review", "status") or "",
                                  ch.commit, days))
        return reviews
