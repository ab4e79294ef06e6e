"""`handoff digest [--date D] [--days N] [--high-arr A] [--format text|markdown|json]`."""

from __future__ import annotations

import datetime as dt

import click

from handoff.cli.options import DAYS, amount, fail, iso_date
from handoff.digest.format import RENDERERS


@click.command()
@click.option("--date", "date", callback=iso_date, metavar="YYYY-MM-DD",
              help="The day to report as of: its end, in each committer's time zone (default: today).")
@click.option("--days", type=DAYS, help="Plan window: deals closed in the N days ending on --date "
              "(default: handoff.toml `days` as of that date, else 7).")
@click.option("--high-arr", "high_arr", type=float, callback=amount, metavar="AMOUNT",
              help="Count partial records above this ARR (default: handoff.toml `high_arr`, else 50000).")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text", show_default=True)
def digest(date: dt.date, days: int | None, high_arr: float | None, fmt: str) -> None:
    """Plan -> Fact -> Gap as of a day, read from the git history of the current branch."""
    from handoff.cli.options import run_root
    from handoff.digest.compute import DigestError, compute_digest

    root = run_root()
    try:
        result = compute_digest(root, date, days, high_arr)
    except DigestError as e:
        fail(str(e))
    click.echo(RENDERERS[fmt](result), nl=False)
