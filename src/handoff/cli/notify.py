"""`handoff notify slack|teams|email [--date D] [--days N] [--high-arr A] [--dry-run]`: option parsing only."""

from __future__ import annotations

import datetime as dt

import click

from handoff.cli.options import as_of_options, fail, run_root


@click.command()
@click.argument("channel", type=click.Choice(["slack", "teams", "email"]))
@as_of_options
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
