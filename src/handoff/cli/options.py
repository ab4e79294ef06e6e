"""What the commands share: the `--date` option's parsing and the one-line refusal."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import NoReturn

import click

# A message that already starts with `path:` or `path:line:` needs no `handoff:` in front.
_LOCATED = re.compile(r"^[\w.\-/]+(?::\d+)?: ")


def iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date:
    """Click callback: `YYYY-MM-DD` (today when absent); anything else is a usage error."""
    if value is None:
        return dt.date.today()
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


def refusal(message: str) -> str:
    """The one line a refusal prints: `handoff: ` in front unless it starts with a path."""
    return message if _LOCATED.match(message) else f"handoff: {message}"


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
