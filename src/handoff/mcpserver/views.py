"""Records and cohorts of the working tree as the tools' structured outputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from handoff.authoring.checkins import actual_of, result_of
from handoff.authoring.metrics import Measured, MetricsError, read_metrics
from handoff.check.findings import FileResult
from handoff.check.findings import Finding as CheckFinding
from handoff.mcpserver import outputs as out
from handoff.mcpserver.lookup import Refused, cohort_ids, cohort_result
from handoff.record.model import AI_ASSIST, AI_ASSIST_TITLE, FIELDS, HEADER_KEYS, SUCCESS_DUE_DAYS, Record
from handoff.record.text import slugify
from handoff.repo.config import ConfigError, load_settings


def finding(f: CheckFinding) -> out.Finding:
    return out.Finding(path=f.path, line=f.line, code=f.code, severity=f.severity, message=f.message)


def _why(result: FileResult, item: int | str) -> str | None:
    """What `handoff check` said about a missing item (its message after the label)."""
    for f in result.findings:
        if item == AI_ASSIST and f.code == "ai-assist":
            return f.message
        if isinstance(item, int) and f.code == "missing-field" and f.message.startswith(f"field {item} "):
            return f.message.split(": ", 1)[-1]
        if item == 7 and f.code == "cohort-not-found":
            return f.message
    return None


def items(result: FileResult) -> list[out.Item]:
    """The seven fields by number, then the AI-assist line; values with placeholders read as null."""
    rec = result.record
    data = rec.model_dump(mode="json") if rec is not None else {}
    found: list[out.Item] = []
    for spec in FIELDS:
        filled = rec is not None and spec.number not in result.missing
        value: Any = {k: data.get(k) for k in spec.keys} if len(spec.keys) > 1 else data.get(spec.keys[0])
        found.append(out.Item(number=spec.number, key=", ".join(spec.keys), title=spec.label, filled=filled,
                              value=value, why=None if filled else _why(result, spec.number) or "not filled"))
    ai = result.ai_assist
    found.append(out.Item(
        number=None, key=AI_ASSIST, title=AI_ASSIST_TITLE, filled=ai is not None,
        value={"agent": ai.agent, "reviewer": ai.reviewer} if ai is not None else None,
        why=None if ai is not None else _why(result, AI_ASSIST) or "not filled"))
    return found


def review(rec: Record | None) -> out.Review | None:
    if rec is None or rec.review is None:
        return None
    return out.Review(status=rec.review.status, by=rec.review.by, reason=rec.review.reason)


def checkin(rec: Record | None, today: dt.date, root: Path | None = None) -> out.Checkin | None:
    """The 60-day check-in of a record: its success metric, when it is due, and the measured
    value against the target (an unreadable metrics export leaves the value out)."""
    if rec is None:
        return None
    sm = rec.success_metric
    due = rec.success_due or rec.closed + dt.timedelta(days=SUCCESS_DUE_DAYS)
    actual, actual_date, result = None, None, None
    if sm is not None and sm.target is not None:
        measured = _measured(root).get(slugify(rec.account), []) if root is not None else []
        actual, day, _source = actual_of(rec, measured, due)
        actual_date = day.isoformat() if day else None
        result = result_of(sm.baseline, sm.target, actual, due, today)
    return out.Checkin(metric=sm.metric if sm else None, baseline=sm.baseline if sm else None,
                       target=sm.target if sm else None, due=due.isoformat(), owner=rec.cs_owner or rec.rep,
                       days_until_due=(due - today).days, actual=actual, actual_date=actual_date, result=result,
                       note=rec.checkin.note if rec.checkin is not None else None)


def _measured(root: Path) -> dict[str, list[Measured]]:
    try:
        return read_metrics(root, load_settings(root).metrics)
    except (MetricsError, ConfigError):
        return {}


def cohort_summary(root: Path, cohort_id: str | None) -> out.CohortSummary | None:
    if cohort_id is None:
        return None
    if cohort_id not in cohort_ids(root):
        return out.CohortSummary(id=cohort_id, exists=False)
    return cohort_view(root, cohort_result(root, cohort_id), cohort_id)


def cohort_view(root: Path, result: FileResult, cohort_id: str) -> out.CohortOut:
    c = result.cohort
    if c is None:
        return out.CohortOut(id=cohort_id, exists=False, status="invalid",
                             findings=[finding(f) for f in result.findings])
    return out.CohortOut(
        id=cohort_id, exists=True, status=result.status, week=c.week, segment=c.segment, lost_count=c.lost_count,
        top_reasons=[out.ReasonCount(reason=r.reason, count=r.count) for r in c.top_reasons], watch=c.watch,
        summary=result.body.strip(), deals=[d.model_dump(mode="json", exclude_none=True) for d in c.deals],
        findings=[finding(f) for f in result.findings])


def record_view(root: Path, result: FileResult, today: dt.date) -> out.RecordOut:
    rec = result.record
    found = items(result)
    slug = Path(result.path).stem
    header = {k: v for k, v in rec.model_dump(mode="json").items() if k in HEADER_KEYS} if rec is not None else {}
    try:
        cohort = cohort_summary(root, rec.lost_deal_cohort if rec is not None else None)
    except Refused:
        cohort = None
    return out.RecordOut(
        account=rec.account if rec is not None else slug, slug=slug, path=result.path, status=result.status,
        header=header, fields=found, missing=[i for i in found if not i.filled], review=review(rec),
        cohort=cohort, checkin=checkin(rec, today, root), findings=[finding(f) for f in result.findings],
        body=result.body.strip())


def account_row(result: FileResult) -> out.AccountRow:
    rec = result.record
    slug = Path(result.path).stem
    if rec is None:
        return out.AccountRow(account=slug, slug=slug, status=result.status, missing=list(result.missing))
    return out.AccountRow(
        account=rec.account, slug=slug, status=result.status, missing=list(result.missing),
        rep=rec.rep, cs_owner=rec.cs_owner, segment=rec.segment, arr=rec.arr, closed=rec.closed.isoformat(),
        stage=rec.stage, review=rec.review.status if rec.review else None)
