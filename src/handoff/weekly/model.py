"""The weekly review's figures as values, and their JSON form with the contract's keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from handoff.repo.history import Commit


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class RepFigures:
    rep: str
    closed: int
    complete: int
    within_sla: int
    median_days_to_complete: float | None
    reviews: int
    rejections: int

    @property
    def rejection_rate(self) -> float | None:
        return rate(self.rejections, self.reviews)

    def to_json(self) -> dict[str, Any]:
        return {"rep": self.rep, "closed": self.closed, "complete": self.complete, "within_sla": self.within_sla,
                "median_days_to_complete": self.median_days_to_complete, "reviews": self.reviews,
                "rejections": self.rejections, "rejection_rate": self.rejection_rate}


@dataclass(frozen=True)
class CsFigures:
    cs: str
    reviews: int
    rejections: int
    median_days_to_review: float | None

    def to_json(self) -> dict[str, Any]:
        return {"cs": self.cs, "reviews": self.reviews, "rejections": self.rejections,
                "median_days_to_review": self.median_days_to_review}


@dataclass(frozen=True)
class WeekFigures:
    week: str  # YYYY-Www
    start: dt.date
    end: dt.date
    sla_days: int
    reps: tuple[RepFigures, ...]
    cs: tuple[CsFigures, ...]
    commit: Commit | None  # the commit whose tree gave the figures: the last on or before `end`
    note: str | None = None  # why a week has no figures (no commit yet, no usable CRM export)
    currency: str = "$"

    def rep(self, name: str) -> RepFigures:
        return next((r for r in self.reps if r.rep == name), RepFigures(name, 0, 0, 0, None, 0, 0))


def _trend_point(week: WeekFigures, rep: str) -> dict[str, Any]:
    r = week.rep(rep)
    return {"week": week.week, "closed": r.closed, "complete": r.complete, "within_sla": r.within_sla,
            "reviews": r.reviews, "rejections": r.rejections, "rejection_rate": r.rejection_rate}


@dataclass(frozen=True)
class WeeklyReport:
    """One week's figures and, beside each rep's, the weeks before it (oldest first)."""

    week: WeekFigures
    previous: tuple[WeekFigures, ...]

    def trend(self, rep: str) -> list[dict[str, Any]]:
        return [_trend_point(w, rep) for w in self.previous]

    def to_json(self) -> dict[str, Any]:
        w = self.week
        commit = w.commit
        return {
            "week": w.week, "start": w.start.isoformat(), "end": w.end.isoformat(), "sla_days": w.sla_days,
            "reps": [r.to_json() | {"trend": self.trend(r.rep)} for r in w.reps],
            "cs": [c.to_json() for c in w.cs],
            "commit": {"sha": commit.sha, "committed": commit.committed.isoformat()} if commit else None,
        }
