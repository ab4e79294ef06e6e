"""When each of the seven fields counts as filled (the contract's table), and why not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handoff.record.model import Record


def _items(values: list[Any] | None, what: tuple[str, str], most: int | None) -> str | None:
    one, many = what
    if not values:
        return f"add at least one {one}"
    if most is not None and len(values) > most:
        return f"keep the top {most} {many}, ranked (found {len(values)})"
    blank = [str(i + 1) for i, v in enumerate(values) if v is None]
    if len(blank) == 1:
        return f"{one} {blank[0]} is still a placeholder"
    return f"{many} {', '.join(blank)} are still placeholders" if blank else None


def why_unfilled(number: int, rec: Record, cohort_exists: Callable[[str], bool]) -> str | None:
    """Why field `number` of `rec` is not filled ("" when its own finding says it), or None when it is."""
    if number == 1:
        return None if rec.promised_outcome else "write the outcome in the customer's words"
    if number == 2:
        return _items(rec.decision_criteria, ("criterion", "criteria"), 3)
    if number == 3:
        why = _items(rec.objections, ("objection", "objections"), 3)
        if why or rec.objections is None:
            return why
        bad = [i + 1 for i, o in enumerate(rec.objections) if o is None or not (o.objection and o.answer)]
        return f"objection {', '.join(map(str, bad))} needs both `objection` and `answer`" if bad else None
    if number == 4:
        gaps = []
        for role, person, extra in (("champion", rec.champion, "stake"), ("skeptic", rec.skeptic, "worry")):
            if person is None:
                gaps.append(f"name the {role}")
                continue
            lacking = [k for k in ("name", "role", extra) if not getattr(person, k)]
            if lacking:
                gaps.append(f"{role} needs {', '.join(lacking)}")
        return "; ".join(gaps) or None
    if number == 5:
        return _items(rec.risk_flags, ("risk flag", "risk flags"), None)
    if number == 6:
        sm = rec.success_metric
        if sm is None:
            return "name one metric with a numeric target"
        lacking = [k for k in ("metric", "target") if getattr(sm, k) is None]
        return f"needs {' and '.join(lacking)}" if lacking else None
    cohort = rec.lost_deal_cohort
    if cohort is None:
        return "reference this segment's cohort in `cohorts/`"
    return None if cohort_exists(cohort) else ""
