"""The check-in commands: `checkins` (due soon, or `--results` looking back) and `checkin` (record a value)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import click

from handoff.authoring.atomic import WriteRefused
from handoff.cli.options import DAYS, fail, iso_date
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, load_settings


def _root_settings() -> tuple[Path, Settings]:
    from handoff.cli.options import run_root

    root = run_root()
    try:
        return root, load_settings(root)
    except ConfigError as e:
        fail(f"{CONFIG_NAME}:{e.line}: {e.message}")


@click.command()
@click.option("--date", "date", callback=iso_date, metavar="YYYY-MM-DD", help="Count from this day (default: today).")
@click.option("--within", type=DAYS, help="Days after --date (default: checkin_days, 14).")
@click.option("--results", is_flag=True, help="Look back instead: every check-in due on or before --date, "
              "hit, miss or pending, with hit rates by rep, segment and lost-deal cohort.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def checkins(date: dt.date, within: int | None, results: bool, fmt: str) -> None:
    """Complete records whose success metric is due in the N days after the date, with measured values."""
    from handoff.authoring import checkin_results
    from handoff.authoring import checkins as listing
    from handoff.authoring.metrics import MetricsError

    root, settings = _root_settings()  # a broken handoff.toml is refused even when --within is given
    if results and within is not None:
        raise click.UsageError("--within lists what comes due; --results looks back: use one of them")
    days = within if within is not None else settings.checkin_days
    first, last = (None, date) if results else (date + dt.timedelta(days=1), date + dt.timedelta(days=days))
    try:
        found = checkin_results.collect(root, settings, date, first, last)
    except MetricsError as e:
        fail(str(e))
    if results:
        out = checkin_results.as_json(found, date) if fmt == "json" else checkin_results.as_text(found, date)
    else:
        out = listing.as_json(found, date, days) if fmt == "json" else listing.as_text(found, date, days)
    click.echo(out, nl=False)


@click.command()
@click.argument("account")
@click.option("--actual", required=True, type=float, metavar="VALUE", help="The measured value of the metric.")
@click.option("--date", "date", callback=iso_date, metavar="YYYY-MM-DD", help="When it was measured (default: today).")
@click.option("--note", metavar="TEXT", help="What the customer thought they bought, in a line, for sales to read.")
def checkin(account: str, actual: float, date: dt.date, note: str | None) -> None:
    """Record the measured success metric in the record's `checkin` block (no other line changes)."""
    from handoff.authoring.checkin import set_checkin

    if not math.isfinite(actual):
        raise click.BadParameter("must be a finite number", param_hint="--actual")
    root, _settings = _root_settings()
    try:
        done = set_checkin(root, account, actual, date, note)
    except WriteRefused as e:
        fail(e.message)
    what = f"checkin set to {done.value:g} on {done.date.isoformat()}" if done.changed else "checkin already so"
    click.echo(f"{done.path}: {what}")
