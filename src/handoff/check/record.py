"""Check one parsed record against the contract: header, the seven fields, the
AI-assist line, the Closed-Won gate, slug, cohort reference, review."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from handoff.check.ai_assist import read_ai_assist
from handoff.check.completeness import why_unfilled
from handoff.check.findings import FileResult, Finding, Severity, Status, unreadable
from handoff.record.bounds import calendar_text, in_calendar
from handoff.record.model import (
    AI_ASSIST,
    FIELDS,
    NESTED_MODELS,
    REQUIRED_HEADER_KEYS,
    SEVEN_KEYS,
    Record,
)
from handoff.record.parse import Document, ParseError
from handoff.record.pydantic_errors import type_errors
from handoff.record.text import did_you_mean, is_placeholder, looks_like_html, one_line, slugify
from handoff.record.yamlsafe import Loc


@dataclass(frozen=True)
class CheckContext:
    """What a check needs to know beyond the file: which cohorts exist, which extra keys are allowed."""

    cohort_exists: Callable[[str], bool] = lambda _id: False
    cohort_ids: Callable[[], list[str]] = list
    extra_keys: frozenset[str] = field(default_factory=frozenset)


RECORD_KEYS = tuple(Record.model_fields)
# Findings that say "not finished yet" rather than "malformed": they fail only a closed-won record.
INCOMPLETE_CODES = frozenset({"missing-field", "ai-assist", "closed-won-incomplete"})


class _Collector:
    def __init__(self, path: str, doc: Document) -> None:
        self.path, self.doc = path, doc
        self.items: list[Finding] = []

    def add(self, loc: Loc, code: str, message: str, severity: Severity = "error") -> None:
        line = self.doc.line_of(*loc) if loc else self.doc.body_line - 1
        self.items.append(Finding(self.path, line, code, message, severity))


def check_record(path: str, stem: str, parsed: Document | ParseError, ctx: CheckContext) -> FileResult:
    if isinstance(parsed, ParseError):
        return unreadable(path, "record", parsed.line, parsed.code, parsed.message)
    doc = parsed
    out = _Collector(path, doc)
    data = doc.data
    _unknown_keys(out, data, ctx.extra_keys)
    for key in REQUIRED_HEADER_KEYS:
        if key not in data:
            out.add((), "missing-key", f"missing header key `{key}`")
    for key in ("account", "segment", "rep", "cs_owner"):
        value = data.get(key)
        if isinstance(value, str) and is_placeholder(value):
            out.add((key,), "placeholder", f"`{key}` is still a placeholder ({one_line(value, 30)!r})")
    _money(out, data.get("arr"))

    clean = {k: v for k, v in data.items() if k in RECORD_KEYS}
    for key in SEVEN_KEYS:
        if key in clean:
            clean[key] = _blank_placeholders(clean[key])
    record = _validate(out, clean)

    missing: list[int | str] = []
    if record is not None:
        missing = _missing_fields(out, record, data, ctx)
        if slugify(record.account) != stem:
            want = slugify(record.account) or "?"
            shown = one_line(record.account)
            out.add(("account",), "slug-mismatch", f"file name must be `{want}.md` for account `{shown}`")
        _review(out, record)
        _dates(out, record)
    ai, ai_findings = read_ai_assist(path, doc.body, doc.body_line, doc.body_line - 1,
                                     record.rep if record is not None else None, _sev(record))
    out.items.extend(ai_findings)
    if ai is None:
        missing.append(AI_ASSIST)
    front = doc.front
    if ("<" in front or "=" in front or "script" in front.lower()) and looks_like_html(front):
        _html(out, data, ())

    if record is not None and record.stage == "closed-won" and missing:
        labels = ", ".join(str(m) for m in missing)
        out.add(("stage",), "closed-won-incomplete",
                f"closed-won needs all seven fields and the AI-assist line; missing: {labels}")
    hard = [f for f in out.items if f.severity == "error" and f.code not in INCOMPLETE_CODES]
    status: Status = "invalid" if hard or record is None else ("partial" if missing else "complete")
    return FileResult(
        path, "record", status, tuple(missing), tuple(out.items), record=record, ai_assist=ai, body=doc.body
    )


def _unknown_keys(out: _Collector, data: dict[str, Any], extra: frozenset[str]) -> None:
    for key in data:
        if key not in RECORD_KEYS and key not in extra:
            hint = did_you_mean(key, RECORD_KEYS) or "; if your team needs it, list it in handoff.toml `extra_keys`"
            out.add((key,), "unknown-key", f"unknown key `{key}`{hint}")
    for key, value in data.items():
        model = NESTED_MODELS.get(key)
        if model is not None and isinstance(value, dict):
            _unknown_sub(out, model, value, (key,))
        item_model = NESTED_MODELS.get(f"{key}[]")
        if item_model is not None and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    _unknown_sub(out, item_model, item, (key, i))


_KNOWN_SUB = {m: tuple(m.model_fields) for m in NESTED_MODELS.values()}


def _unknown_sub(out: _Collector, model: type[BaseModel], value: dict[str, Any], loc: Loc) -> None:
    known = _KNOWN_SUB[model]
    for sub in value:
        if sub not in known:
            where = ".".join(str(p) for p in loc)
            out.add((*loc, sub), "unknown-key",
                    f"unknown key `{sub}` in `{where}`{did_you_mean(sub, known)} (known: {', '.join(known)})")


_MONEY = re.compile(r"^\s*[$€£]?\s*(\d[\d,. ]*)\s*([kKmM])?\s*(?:[A-Za-z]{3})?\s*$")


def _money(out: _Collector, arr: Any) -> None:
    if not isinstance(arr, str):
        return
    m = _MONEY.match(arr)
    hint = "50000"
    if m:
        digits = m.group(1).replace(",", "").replace(" ", "")
        try:
            value = float(digits) * {"k": 1e3, "m": 1e6}.get((m.group(2) or "").lower(), 1)
            hint = f"{value:.0f}" if value.is_integer() else f"{value}"
        except ValueError:
            pass
    out.add(("arr",), "type", f"arr must be a plain number without currency or K/M: write `arr: {hint}`")


def _blank_placeholders(value: Any) -> Any:
    if isinstance(value, str):
        return None if is_placeholder(value) else value
    if isinstance(value, list):
        return [_blank_placeholders(v) for v in value]
    if isinstance(value, dict):
        return {k: _blank_placeholders(v) for k, v in value.items()}
    return value


def _validate(out: _Collector, clean: dict[str, Any]) -> Record | None:
    try:
        return Record.model_validate(clean)
    except ValidationError as e:
        for loc, message in type_errors(e, skip_missing_keys=True):
            if loc and loc[0] == "arr" and isinstance(clean.get("arr"), str):
                continue  # reported by _money with the number to write
            out.add(loc, "type", message)
        return None


def _missing_fields(out: _Collector, rec: Record, data: dict[str, Any], ctx: CheckContext) -> list[int | str]:
    severity = _sev(rec)
    missing: list[int | str] = []
    for spec in FIELDS:
        why = why_unfilled(spec.number, rec, ctx.cohort_exists)
        if why is None:
            continue
        missing.append(spec.number)
        if not why:
            continue  # said more precisely by its own finding (cohort-not-found)
        key = next((k for k in spec.keys if k in data), None)
        out.add((key,) if key else (), "missing-field", f"{spec.label} is not filled: {why}", severity)
    cohort = rec.lost_deal_cohort
    if cohort is not None and not ctx.cohort_exists(cohort):
        hint = did_you_mean(cohort, ctx.cohort_ids())
        out.add(("lost_deal_cohort",), "cohort-not-found", f"no cohort file `cohorts/{one_line(cohort)}.md`{hint}")
    return missing


def _review(out: _Collector, rec: Record) -> None:
    review = rec.review
    if review is None:
        return
    if review.status != "pending" and not review.by:
        out.add(("review",), "review-by", f"review `{review.status}` must name the CS person in `by`")
    if review.status == "rejected" and not review.reason:
        out.add(("review",), "review-reason", "a rejected review needs a `reason` the rep can act on")


def _dates(out: _Collector, rec: Record) -> None:
    """Dates whose derived dates (the default due date, check-in windows) stay on the calendar."""
    due = rec.success_metric.due if rec.success_metric is not None else None
    for loc, day in ((("closed",), rec.closed), (("success_metric", "due"), due)):
        if day is not None and not in_calendar(day):
            out.add(loc, "date-range", f"`{'.'.join(map(str, loc))}` {day.isoformat()} is off the calendar handoff "
                    f"works in: write a date {calendar_text()}")


def _sev(rec: Record | None) -> Severity:
    return "error" if rec is not None and rec.stage == "closed-won" else "info"


def _html(out: _Collector, value: Any, loc: Loc) -> None:
    for where, text in _strings(value, loc):
        if looks_like_html(text):
            dotted = ".".join(str(p) for p in where)
            out.add(where, "html", f"`{dotted}` contains HTML or script; it will be shown as plain text", "warning")


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*loc, i))

