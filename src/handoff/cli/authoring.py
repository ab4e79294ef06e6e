"""The authoring commands: `new`, `review`, `cohort`, `schema`, `prompt` (check-ins: `cli/checkins.py`).

Option parsing only; each command calls one library function. A refusal is one line
on stderr and exit 1, with nothing on disk changed.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from handoff.authoring.atomic import WriteRefused
from handoff.cli.options import fail
from handoff.record.text import one_line
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, load_settings

T = TypeVar("T")
def _attempt(action: Callable[[], T]) -> T:
    try:
        return action()
    except WriteRefused as e:
        fail(e.message)


def _root() -> Path:
    from handoff.cli.options import run_root

    return run_root()


def _settings(root: Path) -> Settings:
    try:
        return load_settings(root)
    except ConfigError as e:
        fail(f"{CONFIG_NAME}:{e.line}: {e.message}")


@click.command()
@click.argument("account")
@click.option("--force", is_flag=True, help="Overwrite an existing record.")
def new(account: str, force: bool) -> None:
    """Write records/<slug>.md for ACCOUNT from its crm/closed-won.csv row, fields as placeholders."""
    from handoff.authoring.new import create

    root = _root()
    done = _attempt(lambda: create(root, account, force))
    seven = f"field 7 set to {done.cohort}" if done.cohort else "no cohort of this segment yet"
    click.echo(f"wrote {done.path}: a draft with the seven fields as placeholders ({seven})")
    for note in done.notes:
        click.echo(f"warning: {note}", err=True)


@click.command()
@click.argument("account")
@click.argument("decision", type=click.Choice(["accept", "reject"]))
@click.option("--by", required=True, help="The CS person reviewing the record.")
@click.option("--reason", help="What the rep must fix (required with reject).")
def review(account: str, decision: str, by: str, reason: str | None) -> None:
    """Set the review block of ACCOUNT's record to accepted or rejected; no other line changes."""
    from handoff.authoring.review import set_review

    root = _root()
    done = _attempt(lambda: set_review(root, account, "accept" if decision == "accept" else "reject", by, reason))
    click.echo(f"{done.path}: review {done.status} by {done.by}{'' if done.changed else ' (already so)'}")


@click.command()
@click.option("--week", required=True, metavar="YYYY-Www", help="ISO week whose Sunday closes the 90-day look-back.")
@click.option("--segment", help="Only this segment (default: every segment with losses).")
@click.option("--force", is_flag=True, help="Overwrite existing cohort files.")
def cohort(week: str, segment: str | None, force: bool) -> None:
    """Write cohorts/<week>-<segment>.md from crm/closed-lost.csv."""
    from handoff.authoring.cohorts import parse_week, write

    gc.disable()  # one short pass over a possibly large export: no garbage cycles to find
    _attempt(lambda: parse_week(week))
    root = _root()
    run = _attempt(lambda: write(root, week, segment, force, _settings(root)))
    if not run.written:
        where = f" in segment {one_line(segment)}" if segment else ""
        click.echo(f"no lost deals{where} in the 90 days {run.window[0]}..{run.window[1]}; nothing written")
    for f in run.written:
        click.echo(f"wrote {f.path}: {len(f.deals)} lost deal{'s' if len(f.deals) != 1 else ''}")


@click.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of a record's front matter."""
    from handoff.authoring.schema import record_schema
    from handoff.repo.root import NotARepo, find_root

    try:
        extra = _settings(find_root()).extra_keys
    except NotARepo:
        extra = frozenset()
    click.echo(json.dumps(record_schema(extra), indent=2, ensure_ascii=False))


@click.command()
def prompt() -> None:
    """Print the system prompt for an AI drafting assistant."""
    from handoff.authoring.prompt import system_prompt

    click.echo(system_prompt(), nl=False)
