"""Each record followed through first-parent history: when it first became complete, and
the commits that turned its CS review into `accepted` or `rejected`.

A review is a commit that sets `review.status` to `accepted` or `rejected` when the
record's previous version said something else. "Previous" skips a removal: a file
removed and later restored is compared with the version it had before it was
removed, so restoring it is no new review (and no new rejection).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from handoff.repo.history import ZERO, Change, Commit, History
from handoff.weekly.facts import REVIEWED, BlobFacts
from handoff.weekly.state import Cohorts, stem_of


@dataclass(frozen=True)
class Review:
    stem: str
    account: str
    rep: str
    by: str
    status: str  # accepted or rejected
    commit: Commit
    days: int | None  # calendar days from the record's first complete commit; None: reviewed before it


def previous(changes: list[Change], change: Change) -> str:
    """The blob the path held before `change`, looking past a removal; ZERO when it never existed."""
    if change.old != ZERO:
        return change.old
    at = change.commit.index
    earlier = next((c for c in changes if c.commit.index < at), None)  # changes are newest first
    return earlier.old if earlier is not None and earlier.new == ZERO else ZERO


class Timeline:
    """The records' history on the line up to and including `upto`; what each version says comes
    from `facts` (learnt once per blob, kept on disk when the history's cache folder is used)."""

    def __init__(self, history: History, upto: Commit, extra_keys: frozenset[str], max_bytes: int,
                 facts: BlobFacts) -> None:
        self.history, self.upto, self.extra, self.max_bytes, self.facts = history, upto, extra_keys, max_bytes, facts
        every = history.file_changes("")  # one pass over the line for records and cohorts
        self.cohorts = Cohorts(every)
        self.changes: dict[str, list[Change]] = {}  # stem -> its changes up to `upto`, newest first
        self._days: dict[int, list[tuple[str, Change]]] = defaultdict(list)  # versions by committer day
        for path, changes in every.items():
            if (stem := stem_of(path)) is None:
                continue
            kept = self.changes[stem] = [c for c in changes if c.commit.index <= upto.index]
            for change in kept:
                if change.new != ZERO:
                    self._days[change.commit.day_ordinal].append((stem, change))
        self._first: dict[str, Commit | None] = {}

    def complete(self, items: list[tuple[str, str, int]], extra_keys: frozenset[str], max_bytes: int) -> list[bool]:
        """Whether each (record stem, blob sha, commit index) is a complete record then."""
        return self.facts.complete(items, extra_keys, max_bytes, self.cohorts)

    def first_complete(self, stems: Iterable[str]) -> dict[str, Commit | None]:
        """The first commit of the line in which each record was complete (None: never, up to `upto`)."""
        stems = list(stems)
        # Oldest version first, one round of blob reads per version depth: a record complete
        # early is settled after a version or two, not after reading all its versions.
        pending = {s: [c for c in reversed(self.changes.get(s, [])) if c.new != ZERO]
                   for s in dict.fromkeys(stems) if s not in self._first}
        depth = 0
        while pending:
            for stem in [s for s, versions in pending.items() if depth >= len(versions)]:
                self._first[stem] = None
                del pending[stem]
            round_ = [(s, versions[depth]) for s, versions in pending.items()]
            answers = self.complete([(s, c.new, c.commit.index) for s, c in round_], self.extra, self.max_bytes)
            for (stem, change), done in zip(round_, answers, strict=True):
                if done:
                    self._first[stem] = change.commit
                    del pending[stem]
            depth += 1
        return {s: self._first[s] for s in stems}

    def reviews(self, first_day: int, last_day: int, upto: Commit) -> list[Review]:
        """Reviews committed on the line up to `upto`, on days (ordinals) first_day..last_day."""
        found = [(s, ch) for day in range(first_day, last_day + 1) for s, ch in self._days.get(day, ())
                 if ch.commit.index <= upto.index]
        new = self.facts.get((ch.new for _, ch in found), self.max_bytes)
        # Only versions that say accepted or rejected somewhere, as their review status, are reviews...
        said = [(s, ch, f, previous(self.changes.get(s, []), ch)) for s, ch in found
                if (f := new.get(ch.new)) is not None and f.mentions and f.ok and f.status in REVIEWED
                and f.by is not None]
        # ...when the version before them said something else.
        before = self.facts.get((b for *_, b in said), self.max_bytes)
        out = [(s, ch, f) for s, ch, f, b in said if (p := before.get(b)) is None or p.status != f.status]
        firsts = self.first_complete(s for s, _, _ in out)
        reviews = []
        for stem, ch, f in out:
            first = firsts[stem]
            days = ch.commit.day_ordinal - first.day_ordinal if first and first.index <= ch.commit.index else None
            reviews.append(Review(stem, f.account or stem, f.rep or "", f.by or "", f.status or "", ch.commit, days))
        return reviews
