"""The contract's shapes: the seven fields, the record header, review, cohort.

`FIELDS` is the one place that names and numbers the seven fields; messages,
the schema, the prompt and the site all read it. The pydantic models describe
types only: placeholders have been turned into `None` before a model sees a
record (see `check_record`), so "not filled" is never a type error.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

AI_ASSIST = "ai_assist"
AI_ASSIST_TITLE = "AI-assist line"
AI_ASSIST_FORM = "AI-assist note: drafted by <AGENT>, reviewed by <REVIEWER>."


@dataclass(frozen=True)
class FieldSpec:
    number: int
    keys: tuple[str, ...]
    title: str
    asks: str  # the seed's question, for people and for the drafting prompt
    rule: str  # when it counts as filled

    @property
    def label(self) -> str:
        return f"field {self.number} ({self.title})"


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(1, ("promised_outcome",), "promised outcome",
              "The specific business outcome the customer expects, in their language, not ours.",
              "one non-placeholder sentence or two"),
    FieldSpec(2, ("decision_criteria",), "decision criteria",
              "What they evaluated us on, ranked: first is most important.",
              "a list of 1 to 3 non-placeholder strings, ranked"),
    FieldSpec(3, ("objections",), "objections",
              "What almost killed the deal, and the answer that worked.",
              "a list of 1 to 3 items, each with non-placeholder `objection` and `answer`"),
    FieldSpec(4, ("champion", "skeptic"), "champion and skeptic",
              "Named people, their role, their stake in the outcome.",
              "both present; each with `name` and `role`; champion has `stake`, skeptic has `worry`"),
    FieldSpec(5, ("risk_flags",), "risk flags",
              "Anything the rep would warn CS about in five minutes in the hallway.",
              "a list of at least 1 non-placeholder string"),
    FieldSpec(6, ("success_metric",), "success metric",
              "The one number that tells CS in 60 days whether the customer is happy.",
              "`metric` (text) and a numeric `target`; optional numeric `baseline`; "
              "`due` defaults to `closed` + 60 days"),
    FieldSpec(7, ("lost_deal_cohort",), "lost-deal cohort",
              "What similar deals we lost recently, with the reason.",
              "the id of a file in `cohorts/` that exists"),
)
FIELD_BY_KEY: dict[str, FieldSpec] = {k: f for f in FIELDS for k in f.keys}
FIELD_BY_NUMBER: dict[int, FieldSpec] = {f.number: f for f in FIELDS}
SEVEN_KEYS: tuple[str, ...] = tuple(FIELD_BY_KEY)
SUCCESS_DUE_DAYS = 60


def item_label(item: int | str) -> str:
    """Label of a missing item: a field number or `ai_assist`."""
    return FIELD_BY_NUMBER[item].label if isinstance(item, int) else AI_ASSIST_TITLE


def _iso_date(value: Any) -> Any:
    # Quoted dates are fine; numbers are not dates (pydantic's lax mode would take epochs).
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Text = Annotated[str, StringConstraints(min_length=1)]
Number = Annotated[int | float, BeforeValidator(_finite)]


class _Shape(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Objection(_Shape):
    objection: Text | None = None
    answer: Text | None = None


class Champion(_Shape):
    name: Text | None = None
    role: Text | None = None
    stake: Text | None = None


class Skeptic(_Shape):
    name: Text | None = None
    role: Text | None = None
    worry: Text | None = None


class SuccessMetric(_Shape):
    metric: Text | None = None
    baseline: Number | None = None
    target: Number | None = None
    due: Date | None = None


class Review(_Shape):
    status: Literal["pending", "accepted", "rejected"]
    by: Text | None = None
    reason: Text | None = None


class Checkin(_Shape):
    """The value CS measured for the success metric (`handoff checkin`), for teams with no metrics export."""

    value: Number
    date: Date
    note: Text | None = None


class Record(_Shape):
    """A record's front matter, placeholders already read as `None`."""

    account: Text
    closed: Date
    arr: Annotated[Number, Field(ge=0)]
    term_months: Annotated[int, Field(ge=1, le=120)]
    segment: Text
    rep: Text
    cs_owner: Text | None = None
    stage: Literal["draft", "closed-won"] = "draft"
    promised_outcome: Text | None = None
    decision_criteria: list[Text | None] | None = None
    objections: list[Objection | None] | None = None
    champion: Champion | None = None
    skeptic: Skeptic | None = None
    risk_flags: list[Text | None] | None = None
    success_metric: SuccessMetric | None = None
    lost_deal_cohort: Text | None = None
    review: Review | None = None
    checkin: Checkin | None = None

    @property
    def success_due(self) -> dt.date | None:
        sm = self.success_metric
        if sm is None:
            return None
        if sm.due is not None:
            return sm.due
        try:
            return self.closed + dt.timedelta(days=SUCCESS_DUE_DAYS)
        except OverflowError:  # `check` refuses such a closed date; readers skip the record
            return None


HEADER_KEYS: tuple[str, ...] = ("account", "closed", "arr", "term_months", "segment", "rep", "cs_owner", "stage")
REQUIRED_HEADER_KEYS: tuple[str, ...] = tuple(k for k in HEADER_KEYS if Record.model_fields[k].is_required())


class ReasonCount(_Shape):
    reason: Text
    count: Annotated[int, Field(ge=1)]


class LostDeal(_Shape):
    account: Text
    closed: Date
    arr: Annotated[Number, Field(ge=0)] | None = None
    reason: Text
    competitor: str | None = None
    rep: str | None = None


class Cohort(_Shape):
    id: Text
    week: Annotated[str, StringConstraints(pattern=r"^\d{4}-W\d{2}$")]
    segment: Text
    lost_count: Annotated[int, Field(ge=0)]
    top_reasons: Annotated[list[ReasonCount], Field(max_length=3)] = []
    watch: Text | None = None
    deals: list[LostDeal] = []


def sub_keys(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


# Which model describes the mapping found at a location, for did-you-mean on nested keys.
NESTED_MODELS: dict[str, type[BaseModel]] = {
    "champion": Champion,
    "skeptic": Skeptic,
    "success_metric": SuccessMetric,
    "review": Review,
    "checkin": Checkin,
    "objections[]": Objection,
    "top_reasons[]": ReasonCount,
    "deals[]": LostDeal,
}
