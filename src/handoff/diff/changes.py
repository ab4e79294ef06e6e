"""One change per record or cohort between two sides of a handoff repo, judged by the checker.

Each side is checked as it stood: its own cohorts (field 7 refers to them) and its own
handoff.toml (`extra_keys`). A field counts as changed when it is filled on both sides
and its value differs; as filled or emptied when only one side fills it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handoff.check.cohort import check_cohort
from handoff.check.findings import FileResult
from handoff.check.record import CheckContext, check_record
from handoff.record.model import FIELD_BY_NUMBER
from handoff.record.parse import Document, ParseError, parse_or_error
from handoff.repo.config import ConfigError, Settings, parse_settings
from handoff.repo.diffs import Comparison, FileChange, Side

ITEMS: tuple[int | str, ...] = (1, 2, 3, 4, 5, 6, 7, "ai_assist")


@dataclass(frozen=True)
class RecordDiff:
    kind: str  # record | cohort
    status: str  # added | removed | modified | renamed
    old_path: str | None
    new_path: str | None
    name: str  # the account (or cohort id)
    before: str | None  # completeness: complete, partial (5, 7), invalid; cohorts valid/invalid
    after: str | None
    filled: tuple[int | str, ...] = ()
    emptied: tuple[int | str, ...] = ()
    changed: tuple[int, ...] = ()
    review: tuple[str, str] | None = None  # (before, after) when the status changed
    review_by: str = ""
    stage: tuple[str, str] | None = None  # (before, after) when the stage changed

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""


@dataclass(frozen=True)
class Report:
    base: str
    head: str
    records: tuple[RecordDiff, ...]
    cohorts: tuple[RecordDiff, ...]


def _settings(side: Side) -> Settings:
    try:
        return parse_settings(side.config) if side.config is not None else Settings()
    except ConfigError:
        return Settings()  # `handoff check` reports a bad handoff.toml; the diff still shows the records


def _context(side: Side) -> tuple[CheckContext, int]:
    ids = sorted(side.cohorts)
    settings = _settings(side)
    return CheckContext(cohort_exists=side.cohorts.__contains__, cohort_ids=lambda: ids,
                        extra_keys=settings.extra_keys), settings.max_file_bytes


def _parse(raw: bytes | None, max_bytes: int = Settings().max_file_bytes) -> Document | ParseError:
    if raw is None:
        return ParseError("unreadable", 1, "cannot be read")
    if len(raw) > max_bytes:
        return ParseError("file-too-large", 1, f"is {len(raw):,} bytes, over the {max_bytes:,}-byte limit")
    return parse_or_error(raw)


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1][:-3]


def label(result: FileResult) -> str:
    if result.status == "partial":
        return f"partial ({', '.join(str(m) for m in result.missing)})"
    return result.status


def _data(doc: Document | ParseError) -> dict[str, Any]:
    return doc.data if isinstance(doc, Document) else {}


def _review(data: dict[str, Any]) -> tuple[str, str]:
    review = data.get("review")
    if not isinstance(review, dict):
        return "none", ""
    return str(review.get("status") or "none"), str(review.get("by") or "")


def _record(change: FileChange, base_side: tuple[CheckContext, int], head_side: tuple[CheckContext, int]
            ) -> RecordDiff:
    (base, base_max), (head, head_max) = base_side, head_side
    old_doc = _parse(change.old, base_max) if change.old_path else None
    new_doc = _parse(change.new, head_max) if change.new_path else None
    old = check_record(change.old_path, _stem(change.old_path), old_doc, base) \
        if change.old_path and old_doc is not None else None
    new = check_record(change.new_path, _stem(change.new_path), new_doc, head) \
        if change.new_path and new_doc is not None else None
    old_data, new_data = _data(old_doc) if old_doc else {}, _data(new_doc) if new_doc else {}
    name = str(new_data.get("account") or old_data.get("account") or _stem(change.new_path or change.old_path or ""))
    filled: list[int | str] = []
    emptied: list[int | str] = []
    changed: list[int] = []
    if old is not None and new is not None and old.status != "invalid" and new.status != "invalid":
        for item in ITEMS:
            was, now = item not in old.missing, item not in new.missing
            if now and not was:
                filled.append(item)
            elif was and not now:
                emptied.append(item)
            elif was and now and isinstance(item, int) and any(
                    old_data.get(k) != new_data.get(k) for k in FIELD_BY_NUMBER[item].keys):
                changed.append(item)
    (review_before, _), (review_after, by) = _review(old_data), _review(new_data)
    stage = (str(old_data.get("stage", "draft")), str(new_data.get("stage", "draft")))
    return RecordDiff("record", change.status, change.old_path, change.new_path, name,
                      label(old) if old else None, label(new) if new else None, tuple(filled), tuple(emptied),
                      tuple(changed), (review_before, review_after) if old and new and review_before != review_after
                      else None, by, stage if old and new and stage[0] != stage[1] else None)


def _cohort(change: FileChange) -> RecordDiff:
    old = check_cohort(change.old_path, _stem(change.old_path), _parse(change.old)) if change.old_path else None
    new = check_cohort(change.new_path, _stem(change.new_path), _parse(change.new)) if change.new_path else None
    return RecordDiff("cohort", change.status, change.old_path, change.new_path,
                      _stem(change.new_path or change.old_path or ""), old.status if old else None,
                      new.status if new else None)


def diff_records(comparison: Comparison) -> Report:
    base, head = _context(comparison.base), _context(comparison.head)
    records: list[RecordDiff] = []
    cohorts: list[RecordDiff] = []
    for change in comparison.changes:
        if (change.new_path or change.old_path or "").startswith("records/"):
            records.append(_record(change, base, head))
        else:
            cohorts.append(_cohort(change))
    return Report(comparison.base.label, comparison.head.label, tuple(records), tuple(cohorts))
