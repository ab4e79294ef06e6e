"""The Brief as a Slack Block Kit message for an incoming webhook.

Slack's documented limits (api.slack.com/reference/block-kit): a header's text at most
150 characters, a section's text at most 3000, at most 10 fields of at most 2000 each,
at most 50 blocks a message. The message has a fixed shape of at most 10 blocks; each
list of accounts is one section that names the first accounts (at most `MOST` of them)
and then says "and N more", linking to the Gap page. Text from records and exports is
escaped the way Slack asks (`&`, `<`, `>`), so no name becomes a link or a mention.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handoff.notify.content import Brief, Named, fit

HEADER_MAX, SECTION_MAX, FIELD_MAX, FIELDS_MAX, BLOCKS_MAX = 150, 3000, 2000, 10, 50
MOST = 20  # accounts named per list: a chat message is read, not searched
TEXT_MAX = 3000  # the notification fallback; Slack truncates far later, but a preview is short


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(text: str, url: str | None) -> str:
    return f"<{url}|{esc(text)}>" if url else esc(text)


def _line(n: Named) -> str:
    arr = f"*{esc(n.arr)} ARR, high*" if n.high else f"{esc(n.arr)} ARR"
    rep = f"rep {esc(n.rep)}, " if n.rep else ""
    return f"• {_link(n.account, n.url)} ({rep}{arr}){esc(n.what())}"


def _more(b: Brief) -> Callable[[int], str]:
    where = f" on the {_link('Gap page', b.gap_url)}" if b.gap_url else " (`handoff digest` lists them all)"
    return lambda count: f"…and {count} more{where}"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_MAX]}}


def _list(b: Brief, heading: str, accounts: tuple[Named, ...]) -> list[dict[str, Any]]:
    if not accounts:
        return []
    lines = fit([_line(n) for n in accounts], SECTION_MAX - len(heading) - 1, _more(b), MOST)
    return [_section(heading + "\n" + "\n".join(lines))]


def fallback(b: Brief) -> str:
    """The plain `text`: what notifications, screen readers and old clients show."""
    out = esc(b.subject) + "."
    for heading, accounts in (("No record", b.missing), ("Partial", b.partial)):
        if accounts:
            kept = fit([esc(n.account) for n in accounts], TEXT_MAX // 2 - 40, _more(b), MOST, sep=2)
            out += f" {heading}: {', '.join(kept)}."
    return out


def payload(b: Brief) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": b.title[:HEADER_MAX], "emoji": False}},
        _section(f"*Plan:* {esc(b.plan)}"),
        _section(f"*Fact:* {esc(b.fact)}"),
        _section(f"*Gap:* {esc(b.gap)}"),
        *_list(b, f"*No record ({len(b.missing)})*", b.missing),
        *_list(b, f"*Partial record ({len(b.partial)})*", b.partial),
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*Rep who skipped the record most*\n{esc(b.skipper)}"[:FIELD_MAX]},
            {"type": "mrkdwn", "text": f"*CS lead with most rejections*\n{esc(b.rejecter)}"[:FIELD_MAX]}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "From git: " + esc(b.source)
                                          + (f" · {_link('Gap page', b.gap_url)}" if b.gap_url else "")}]},
    ]
    return {"text": fallback(b), "blocks": blocks}
