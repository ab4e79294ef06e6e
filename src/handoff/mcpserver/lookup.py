"""Finding what a tool asks for in the working tree, and refusing bad input with the CLI's one line.

Every refusal is a `Refused` whose `message` is the line `handoff` would print on
stderr for the same input (`handoff: ` in front unless it starts with a path).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handoff.authoring.atomic import WriteRefused
from handoff.authoring.review import find_record
from handoff.check.findings import FileResult
from handoff.check.run import run_check
from handoff.cli.options import refusal
from handoff.record.text import did_you_mean, one_line
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, load_settings

# Names, ids and dates are short; a longer one is refused before any work is done with it.
MAX_NAME = 200


class Refused(Exception):
    """A tool call that cannot be answered; `message` is one line, as the CLI prints it."""

    def __init__(self, message: str) -> None:
        line = refusal(one_line(message, 1000))
        super().__init__(line)
        self.message = line


def bounded(value: str, what: str, limit: int = MAX_NAME) -> str:
    """`value` stripped, refused when empty or longer than `limit` characters."""
    if len(value) > limit:
        raise Refused(f"{what} is {len(value):,} characters long; at most {limit:,} are allowed")
    value = value.strip()
    if not value:
        raise Refused(f"{what} is empty")
    return value


def parse_date(value: str | None) -> dt.date:
    """`YYYY-MM-DD`, or today when absent; the CLI's `--date` rule."""
    if value is None or not value.strip():
        return dt.date.today()
    value = bounded(value, "date", 40)
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Refused(f"Invalid value for '--date': {value!r} is not a date YYYY-MM-DD") from None


def settings(root: Path) -> Settings:
    try:
        return load_settings(root)
    except ConfigError as e:
        raise Refused(f"{CONFIG_NAME}:{e.line}: {e.message}") from e


def record_result(root: Path, account: str) -> FileResult:
    """The checked record of `account` (its name or slug), exactly as `handoff check` sees it."""
    account = bounded(account, "account")
    try:
        path, _shown = find_record(root, account)
    except WriteRefused as e:
        raise Refused(e.message) from e
    settings(root)
    return run_check(root, [path]).results[0]


def all_results(root: Path) -> tuple[FileResult, ...]:
    settings(root)
    return run_check(root, []).results


def cohort_ids(root: Path) -> list[str]:
    folder = root / "cohorts"
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def cohort_result(root: Path, cohort_id: str) -> FileResult:
    """The checked cohort file `cohorts/<id>.md`; only ids that are file stems there are looked up."""
    cohort_id = bounded(cohort_id, "id")
    ids = cohort_ids(root)
    if cohort_id not in ids:
        raise Refused(f"cohorts/{one_line(cohort_id)}.md: no such cohort{did_you_mean(cohort_id, ids)}")
    settings(root)
    return run_check(root, [root / "cohorts" / f"{cohort_id}.md"]).results[0]
