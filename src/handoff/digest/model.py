"""The digest's figures as values, and their JSON form with the contract's keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from handoff.repo.config import Settings
from handoff.repo.history import Commit


def number(value: float) -> int | float:
    """50000.0 -> 50000: whole amounts print without a decimal point."""
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class PartialAccount:
    """A Plan deal whose record is present but not complete. `problem` is set (`path:line: ...`)
    when the record is malformed: it then counts as partial whatever its fields say."""

    account: str
    slug: str
    rep: str
    arr: float
    missing_fields: tuple[int | str, ...]
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"account": self.account, "slug": self.slug, "rep": self.rep, "arr": number(self.arr),
               "missing_fields": list(self.missing_fields)}
        return out | ({"malformed": self.problem} if self.problem else {})


@dataclass(frozen=True)
class MissingAccount:
    """A Plan deal with no record, with what the time standard needs: who, how much, how long."""

    account: str
    slug: str
    rep: str
    arr: float
    closed: dt.date
    days_since_close: int
    past_sla: bool  # more than `sla_days` days since close

    def to_json(self) -> dict[str, Any]:
        return {"account": self.account, "slug": self.slug, "rep": self.rep, "arr": number(self.arr),
                "closed": self.closed.isoformat(), "days_since_close": self.days_since_close,
                "past_sla": self.past_sla}


@dataclass(frozen=True)
class Rejection:
    account: str
    slug: str
    by: str
    commit: str
    day: dt.date


@dataclass(frozen=True)
class Digest:
    date: dt.date
    days: int
    window_start: dt.date
    high_arr: float
    settings: Settings  # as of the commit: the currency ARR is shown in
    commit: Commit  # the commit whose tree gave the figures
    planned: int
    present_accounts: tuple[str, ...]
    missing_accounts: tuple[str, ...]
    partial_accounts: tuple[PartialAccount, ...]
    blank_fields: dict[str, int]
    top_skipper: tuple[str, int] | None
    top_rejecter: tuple[str, int] | None
    rejections: tuple[Rejection, ...]
    missing_details: tuple[MissingAccount, ...] = ()

    @property
    def present(self) -> int:
        return len(self.present_accounts)

    @property
    def missing(self) -> int:
        return len(self.missing_accounts)

    @property
    def partial(self) -> int:
        return len(self.partial_accounts)

    @property
    def complete(self) -> int:
        return self.present - self.partial

    @property
    def partial_high(self) -> tuple[PartialAccount, ...]:
        return tuple(p for p in self.partial_accounts if p.arr > self.high_arr)

    @property
    def malformed(self) -> tuple[PartialAccount, ...]:
        return tuple(p for p in self.partial_accounts if p.problem)

    def to_json(self) -> dict[str, Any]:
        skipper, rejecter = self.top_skipper, self.top_rejecter
        return {
            "date": self.date.isoformat(), "days": self.days, "window_start": self.window_start.isoformat(),
            "planned": self.planned, "present": self.present, "complete": self.complete,
            "partial": self.partial, "missing": self.missing,
            "missing_accounts": list(self.missing_accounts),
            "partial_accounts": [p.to_json() for p in self.partial_accounts],
            "high_arr": number(self.high_arr), "partial_high_arr": len(self.partial_high),
            "blank_fields": dict(self.blank_fields),
            "top_skipper": {"rep": skipper[0], "count": skipper[1]} if skipper else None,
            "top_rejecter": {"cs": rejecter[0], "count": rejecter[1]} if rejecter else None,
            "malformed_accounts": [{"account": p.account, "slug": p.slug, "problem": p.problem}
                                   for p in self.malformed],
            "present_accounts": list(self.present_accounts),
            "rejections": [{"account": r.account, "slug": r.slug, "by": r.by, "commit": r.commit,
                            "date": r.day.isoformat()} for r in self.rejections],
            "currency": self.settings.currency,
            "commit": {"sha": self.commit.sha, "committed": self.commit.committed.isoformat()},
            "sla_days": self.settings.sla_days,
            "missing_details": [m.to_json() for m in self.missing_details],
        }
