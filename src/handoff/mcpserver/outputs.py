"""The structured outputs of the MCP tools: pydantic models, so that each tool publishes its output schema."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Item(BaseModel):
    """One of the seven fields, or the AI-assist line, as the record holds it."""

    number: int | None = Field(description="1-7 for the seven fields; null for the AI-assist line")
    key: str = Field(description="field key(s) in the front matter, or `ai_assist`")
    title: str = Field(description='label used in messages, e.g. "field 5 (risk flags)"')
    filled: bool
    value: Any = Field(default=None, description="the field's value; placeholders read as null")
    why: str | None = Field(default=None, description="why it is not filled, as `handoff check` says it")


class Review(BaseModel):
    status: str
    by: str | None = None
    reason: str | None = None


class ReasonCount(BaseModel):
    reason: str
    count: int


class CohortSummary(BaseModel):
    id: str
    exists: bool = Field(description="whether cohorts/<id>.md exists and parses")
    week: str | None = None
    segment: str | None = None
    lost_count: int | None = Field(default=None, description="lost deals of the segment in the 90-day look-back")
    top_reasons: list[ReasonCount] = Field(default_factory=list, description="ranked, at most 3")
    watch: str | None = Field(default=None, description="what CS should expect, from the cohort")
    summary: str = Field(default="", description="the cohort's body text")


class Checkin(BaseModel):
    metric: str | None
    baseline: int | float | None = None
    target: int | float | None = None
    due: str | None = Field(description="success_metric.due, default closed + 60 days (YYYY-MM-DD)")
    owner: str = Field(description="who holds the check-in: the CS owner, else the rep")
    days_until_due: int | None = Field(default=None, description="from today; negative when overdue")
    actual: int | float | None = Field(default=None, description="the measured value: the latest on or before due, "
                                       "from the metrics export, else the record's checkin block")
    actual_date: str | None = Field(default=None, description="when `actual` was measured (YYYY-MM-DD)")
    result: str | None = Field(default=None, description="hit, miss or pending (not yet due, or no value)")
    note: str | None = Field(default=None, description="CS's note: what the customer thought they bought")


class Finding(BaseModel):
    path: str
    line: int
    code: str
    severity: str = Field(description="error, warning or info")
    message: str


class RecordOut(BaseModel):
    """One record of the working tree, as `get_record` returns it."""

    account: str
    slug: str
    path: str
    status: str = Field(description="complete, partial or invalid (malformed: see findings)")
    header: dict[str, Any] = Field(default_factory=dict, description="closed, arr, term_months, segment, rep, ...")
    fields: list[Item] = Field(default_factory=list, description="the seven fields by number, then the AI-assist line")
    missing: list[Item] = Field(default_factory=list, description="the items not filled, in order")
    review: Review | None = None
    cohort: CohortSummary | None = None
    checkin: Checkin | None = None
    findings: list[Finding] = Field(default_factory=list)
    body: str = ""


class Brief(BaseModel):
    """The CS brief at account-open: what is missing first, then what was promised and to whom."""

    account: str
    slug: str
    status: str
    missing: list[Item] = Field(description="surfaced first: ask the rep for these")
    promise: dict[str, Any] = Field(description="promised outcome, decision criteria, objections, success metric")
    people: dict[str, Any] = Field(description="champion, skeptic, rep, CS owner")
    risks: list[str | None] = Field(default_factory=list)
    pressures: CohortSummary | None = Field(description="the lost-deal cohort: top reasons we lose, what to watch")
    pressures_source: str | None = Field(default=None, description="`field 7`, or the segment's newest cohort "
                                         "when field 7 names none")
    checkin: Checkin | None = None
    review: Review | None = None
    brief: str = Field(description="the same brief as markdown text")


class CheckOut(BaseModel):
    path: str = Field(description="where the draft would live: records/<slug>.md")
    status: str = Field(description="complete, partial or invalid")
    missing: list[int | str] = Field(description="missing field numbers and `ai_assist`")
    failed: bool = Field(description="true when `handoff check` would exit 1")
    findings: list[Finding]
    lines: list[str] = Field(description="the text lines `handoff check` prints, summary last")


class AccountRow(BaseModel):
    account: str
    slug: str
    status: str = Field(description="complete, partial, invalid, or `no record` for a won deal without one")
    missing: list[int | str] = Field(default_factory=list)
    rep: str | None = None
    cs_owner: str | None = None
    segment: str | None = None
    arr: int | float | None = None
    closed: str | None = None
    stage: str | None = None
    review: str | None = None


class AccountList(BaseModel):
    accounts: list[AccountRow]
    notes: list[str] = Field(default_factory=list, description="why some rows may be absent (a CRM export problem)")


class CohortOut(CohortSummary):
    status: str = Field(default="valid", description="valid or invalid")
    deals: list[dict[str, Any]] = Field(default_factory=list, description="the lost deals behind the counts")
    accounts: list[str] = Field(default_factory=list, description="slugs of records that reference this cohort")
    findings: list[Finding] = Field(default_factory=list)


class Written(BaseModel):
    path: str
    message: str = Field(description="what `handoff new` / `handoff review` prints")
    changed: bool = True
    notes: list[str] = Field(default_factory=list)


class Digest(BaseModel):
    """The digest JSON of `handoff digest --format json` (the contract's keys, and more)."""

    model_config = ConfigDict(extra="allow")
    date: str
    days: int
    window_start: str
    planned: int = Field(description="deals closed-won in the window (crm/closed-won.csv as of the date)")
    present: int = Field(description="planned deals with a record")
    complete: int
    partial: int
    missing: int = Field(description="planned deals with no record")
    missing_accounts: list[str]
    partial_accounts: list[dict[str, Any]] = Field(description="account, slug, rep, arr, missing_fields")
    high_arr: int | float
    partial_high_arr: int = Field(description="partial records with arr above high_arr")
    blank_fields: dict[str, int] = Field(description="per field number (and ai_assist): records leaving it blank")
    top_skipper: dict[str, Any] | None = Field(description="the rep with most missing plus partial records")
    top_rejecter: dict[str, Any] | None = Field(description="the CS person with most rejections in the window")
