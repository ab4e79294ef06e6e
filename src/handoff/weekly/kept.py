"""A week's figures kept on disk (`.handoff/cache/weekly-weeks.json`), so that a new commit
costs only the week it falls in.

A week's figures follow from the commit as of its end (its tree: settings, Plan, records)
and from the newest usable week's `extra_keys` and size limit, which decide when a record
first became complete; later commits never change them. They are kept under a hash of
those, the week and handoff's version. The file is data (JSON), validated when read; a
damaged or foreign file is ignored and replaced. It holds at most `KEEP` weeks, the
oldest written dropped first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from handoff import __version__
from handoff.repo.config import Settings
from handoff.repo.history import Commit, History, HistoryError
from handoff.repo.logcache import FOLDER, write_bytes
from handoff.weekly.model import CsFigures, RepFigures, WeekFigures

NAME, FORMAT, KEEP = "weekly-weeks.json", 1, 512

_Rep = tuple[str, int, int, int, float | None, int, int]
_Cs = tuple[str, int, int, float | None]
_Week = tuple[str, dt.date, dt.date, int, list[_Rep], list[_Cs], str, str]  # ..., commit sha, currency
_FILE = TypeAdapter(dict[str, _Week])


def key(week: str, start: dt.date, end: dt.date, commit: Commit, newest: Settings) -> str:
    return hashlib.sha256(repr((FORMAT, __version__, week, start, end, commit.sha, sorted(newest.extra_keys),
                                newest.max_file_bytes)).encode()).hexdigest()


class KeptWeeks:
    """The weeks kept under `top` (None: nothing is kept)."""

    def __init__(self, top: Path | None) -> None:
        self.top = top
        self._weeks: dict[str, _Week] = {}
        self._changed = False
        if top is not None:
            try:
                self._weeks = _FILE.validate_json((top / FOLDER / NAME).read_bytes())
            except (OSError, ValueError, ValidationError):
                self._weeks = {}

    def get(self, k: str, history: History) -> WeekFigures | None:
        row = self._weeks.get(k)
        if row is None:
            return None
        week, start, end, sla, reps, cs, sha, currency = row
        try:
            commit = history.commit(sha)
        except HistoryError:
            return None
        return WeekFigures(week, start, end, sla, tuple(RepFigures(*r) for r in reps),
                           tuple(CsFigures(*c) for c in cs), commit, None, currency)

    def put(self, k: str, w: WeekFigures) -> None:
        if self.top is None or w.commit is None or w.note is not None:
            return
        self._weeks.pop(k, None)
        self._weeks[k] = (w.week, w.start, w.end, w.sla_days,
                          [(r.rep, r.closed, r.complete, r.within_sla, r.median_days_to_complete, r.reviews,
                            r.rejections) for r in w.reps],
                          [(c.cs, c.reviews, c.rejections, c.median_days_to_review) for c in w.cs],
                          w.commit.sha, w.currency)
        while len(self._weeks) > KEEP:
            del self._weeks[next(iter(self._weeks))]
        self._changed = True

    def save(self) -> None:
        if self.top is not None and self._changed:
            write_bytes(self.top, NAME, _FILE.dump_json(self._weeks))
            self._changed = False
