"""`handoff notify slack|teams|email [--date D] [--days N] [--high-arr A] [--dry-run]`: option parsing only."""

from __future__ import annotations

import datetime as dt

import click

from handoff.cli.options import DAYS, amount, fail, iso_date, run_root


@click.command()
@click.argument("channel", type=click.Choice(["slack", "teams", "email"]))
@click.option("--date", "date", callback=iso_date, metavar="YYYY-MM-DD",
              help="The day to report as of: its end, in each committer's time zone (default: today).")
@click.option("--days", type=DAYS,
              help="Plan window: deals closed in the N days ending on --date "
                   "(default: handoff.toml `days` as of that date, else 7).")
@click.option("--high-arr", "high_arr", type=float, callback=amount, metavar="AMOUNT",
              help="Count partial records above this ARR (default: handoff.toml `high_arr`, else 50000).")
@click.option("--weekly", is_flag=True, help="Send the weekly review of the ISO week holding --date instead of "
              "the digest (--days and --high-arr do not apply).")
@click.option("--dry-run", is_flag=True, help="Print the payload (JSON for slack and teams, the email) "
              "and send nothing.")
def notify(channel: str, date: dt.date, days: int | None, high_arr: float | None, weekly: bool,
           dry_run: bool) -> None:
    """Send the digest as of a day to Slack, Teams or by email.

    Secrets come from the environment only: HANDOFF_SLACK_WEBHOOK_URL, HANDOFF_TEAMS_WEBHOOK_URL,
    HANDOFF_SMTP_URL (smtp://user:pass@host:port with STARTTLS, or smtps://). Email goes from
    and to the addresses under [notify] in handoff.toml; links need [site] url.
    """
    from handoff.notify import NotifyError
    from handoff.notify import notify as run

    root = run_root()
    try:
        report = run(root, channel, date, days, high_arr, dry_run, echo=click.echo, weekly=weekly)
    except NotifyError as e:
        fail(str(e))
    if not dry_run:
        what = "weekly review" if weekly else "digest"
        click.echo(f"handoff: {what} for {date.isoformat()} {report}")
