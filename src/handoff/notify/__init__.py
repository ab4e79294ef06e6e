"""Notify: the digest delivered where the founder reads at 8am (Slack, Teams, email).

`content` turns a digest into a channel-neutral `Brief` (named accounts with reps, ARR and
site links); `slack`, `teams` and `mail` render it within each channel's documented limits;
`deliver` posts webhooks with timeouts and bounded retries, `mail` sends through SMTP;
`run.notify` is the one function `handoff notify` calls. Exports: `notify`, `NotifyError`,
`CHANNELS`.
"""

from handoff.notify.errors import NotifyError
from handoff.notify.run import CHANNELS, notify

__all__ = ["CHANNELS", "NotifyError", "notify"]
