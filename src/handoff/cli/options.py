"""What the commands share: the `--date` option's parsing and the one-line refusal."""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from handoff.record.bounds import MAX_DAYS, calendar_text, in_calendar
from handoff.repo.config import MAX_ARR

# A message that already starts with `path:` or `path:line:` needs no `handoff:` in front.
_LOCATED = re.compile(r"^[\w.\-/]+(?::\d+)?: ")


def iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date:
    """Click callback: `YYYY-MM-DD` (today when absent); anything else is a usage error."""
    if value is None:
        return dt.date.today()
    try:
        if len(value) != 10:
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    if not in_calendar(day):
        raise click.BadParameter(f"{value} is off the calendar handoff works in: give a date {calendar_text()}")
    return day


def amount(_ctx: click.Context, _param: click.Parameter, value: float | None) -> float | None:
    """Click callback for an ARR threshold: a finite number from 0 to MAX_ARR (None when absent)."""
    if value is not None and not (math.isfinite(value) and 0 <= value <= MAX_ARR):
        raise click.BadParameter(f"{value} is not an amount from 0 to {MAX_ARR:,.0f}")
    return value


DAYS = click.IntRange(1, MAX_DAYS)
F = TypeVar("F", bound=Callable[..., Any])


def as_of_options(command: F) -> F:
    """`--date`, `--days` and `--high-arr` as the digest reads them (digest, notify, pages)."""
    for option in reversed([
        click.option("--date", "date", callback=iso_date, metavar="YYYY-MM-DD",
                     help="The day to report as of: its end, in each committer's time zone (default: today)."),
        click.option("--days", type=DAYS, help="Plan window: deals closed in the N days ending on --date "
                     "(default: handoff.toml `days` as of that date, else 7)."),
        click.option("--high-arr", "high_arr", type=float, callback=amount, metavar="AMOUNT",
                     help="Count partial records above this ARR (default: handoff.toml `high_arr`, else 50000)."),
    ]):
        command = option(command)
    return command


def refusal(message: str) -> str:
    """The one line a refusal prints: `handoff: ` in front unless it starts with a path."""
    return message if _LOCATED.match(message) else f"handoff: {message}"


# Set by a command that builds a large heap (`handoff pages` at 10,000 accounts holds some
# 300 MB of small objects): the console script then ends without tearing the heap down
# object by object, which takes longer than a second there. Output is flushed first.
QUICK_EXIT: list[bool] = []


KEPT: list[object] = []  # at most one run's objects, freed by the quick exit itself
ENDING: list[bool] = []  # set by `handoff.cli.main.main` while it runs: a quick exit asked for is taken


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while a command builds millions of objects that live to its end:
    the collector would walk them again and again (half a second of `handoff pages` at 10,000
    accounts) for little cyclic garbage. When the process is about to end (a quick exit under
    `main`), what was built is frozen before the collector is back on: its first pass would
    otherwise walk every object made since it was paused, for nothing."""
    gc.disable()
    try:
        yield
    finally:
        if QUICK_EXIT and ENDING:
            gc.freeze()
        gc.enable()


def exit_quickly() -> None:
    """Ask `handoff.cli.main.main` to end this process without the interpreter's teardown."""
    QUICK_EXIT.append(True)


def keep_until_exit(value: object) -> None:
    """Hold `value` until the process ends, when a quick exit was asked for: freeing a large
    run's objects as the command returns costs tens of milliseconds the exit never needs."""
    KEPT[:] = [value] if QUICK_EXIT else []


def fail(message: str) -> NoReturn:
    """Refuse: one line on stderr, exit 1."""
    click.echo(refusal(message), err=True)
    sys.exit(1)


def run_root() -> Path:
    """The repo root for a command, or exit 1 with one line when there is none."""
    from handoff.repo.root import NotARepo, find_root

    try:
        return find_root()
    except NotARepo as e:
        fail(str(e))


SITE_EXTRA = 'pip install "handoff-records[site]"'


def require_site(command: str) -> None:
    """Refuse in one line when the `site` extra (MkDocs, Markdown, nh3) is not installed."""
    import importlib.util

    missing = [name for name in ("mkdocs", "markdown", "nh3") if importlib.util.find_spec(name) is None]
    if missing:
        fail(f"{command} needs the site extra ({', '.join(missing)} not installed): {SITE_EXTRA}")
