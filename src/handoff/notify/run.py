"""`handoff notify slack|teams|email`: the digest as of a day, delivered or shown (`--dry-run`).

Figures come from git history as of the day (like `handoff digest`); where to deliver
(`[notify]`) and where the site lives (`[site] url`) come from the working tree's
`handoff.toml`, so a changed recipient list applies to any day's digest. Secrets come
only from the environment; a dry run needs none.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from handoff.notify import mail, slack, smtp, teams
from handoff.notify.content import build_brief
from handoff.notify.deliver import Policy, post_json
from handoff.notify.errors import NotifyError
from handoff.repo.config import CONFIG_NAME, ConfigError, Settings, load_settings

CHANNELS = ("slack", "teams", "email")
SECRETS = {"slack": "HANDOFF_SLACK_WEBHOOK_URL", "teams": "HANDOFF_TEAMS_WEBHOOK_URL", "email": smtp.VARIABLE}
_NAMES = {"slack": "Slack", "teams": "Teams"}


def notify(root: Path, channel: str, date: dt.date, days: int | None = None, high_arr: float | None = None,
           dry_run: bool = False, echo: Callable[[str], None] = print, policy: Policy | None = None,
           weekly: bool = False) -> str:
    """Deliver the digest as of `date` (with `weekly`, the weekly review of the ISO week holding
    `date`) to `channel`, or, dry, pass the payload to `echo`.
    Returns the one-line report; raises NotifyError when nothing was delivered."""
    if channel not in CHANNELS:
        raise NotifyError(f"unknown channel {channel!r}; one of {', '.join(CHANNELS)}")
    try:
        settings = load_settings(root)
    except ConfigError as e:
        raise NotifyError(f"{CONFIG_NAME}:{e.line}: {e.message}") from None
    if channel == "email" and not (settings.email_from and settings.email_to):
        raise NotifyError(f"{CONFIG_NAME} needs email_from and email_to under [notify] to send the digest by email")
    secret = os.environ.get(SECRETS[channel], "").strip()
    if not dry_run and not secret:
        raise NotifyError(f"{SECRETS[channel]} is not set; put the {channel} secret in that environment variable")
    policy = policy or Policy.from_env()  # read before the digest: a bad value fails fast
    if weekly:
        message, what = _weekly(root, channel, date, settings, dry_run)
    else:
        brief = build_brief(root, date, days, high_arr, settings.site_url)
        if channel == "email":
            message = mail.message(brief, settings.email_from, settings.email_to, stamp=not dry_run)
            what = f"email for {brief.date}"
        else:
            message = slack.payload(brief) if channel == "slack" else teams.payload(brief)
            what = f"{_NAMES[channel]} message for {brief.date}"
    if dry_run:
        echo(mail.preview(message) if isinstance(message, EmailMessage)
             else json.dumps(message, indent=2, ensure_ascii=False))
        return f"dry run: {what} not sent"
    if isinstance(message, EmailMessage):
        return smtp.send(message, secret, policy)
    return post_json(secret, message, _NAMES[channel], SECRETS[channel], policy)


def _weekly(root: Path, channel: str, date: dt.date, settings: Settings,
            dry_run: bool) -> tuple[EmailMessage | dict[str, Any], str]:
    """The weekly review of the ISO week holding `date`, as `channel` takes it, and what it is."""
    from handoff.notify import weekly
    from handoff.weekly.report import WeeklyError, weekly_report

    try:
        report = weekly_report(root, date)
    except WeeklyError as e:
        raise NotifyError(str(e)) from None
    week = report.week.week
    if channel == "email":
        return weekly.email(report, settings.email_from, settings.email_to, stamp=not dry_run), \
            f"weekly review email for {week}"
    b = weekly.brief(report)
    return (weekly.slack_payload(b) if channel == "slack" else weekly.teams_payload(b)), \
        f"{_NAMES[channel]} weekly review for {week}"
