"""`handoff weekly [--date D] [--format text|markdown|json]`."""

from __future__ import annotations

import datetime as dt

import click

from handoff.cli.options import fail, iso_date
from handoff.weekly.format import RENDERERS


@click.command()
@click.option("--date", "date", callback=iso_date, metavar="YYYY-MM-DD",
              help="A day of the ISO week to review (default: today); read as of that week's Sunday.")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text", show_default=True)
def weekly(date: dt.date, fmt: str) -> None:
    """The weekly review: per rep and CS reviewer, from the git history of the current branch."""
    from handoff.cli.options import run_root
    from handoff.weekly.report import WeeklyError, weekly_report

    root = run_root()
    try:
        report = weekly_report(root, date)
    except WeeklyError as e:
        fail(str(e))
    click.echo(RENDERERS[fmt](report), nl=False)
