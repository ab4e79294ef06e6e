"""`handoff digest [--date D] [--days N] [--high-arr A] [--format text|markdown|json]`."""

from __future__ import annotations

import datetime as dt

import click

from handoff.cli.options import as_of_options, fail
from handoff.digest.format import RENDERERS


@click.command()
@as_of_options
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
