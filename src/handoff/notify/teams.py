"""The Brief as an Adaptive Card message for a Teams Workflows webhook ("Post to a channel
when a webhook request is received").

The card is Adaptive Card 1.4. Every text from records and exports goes in a `TextRun` of
a `RichTextBlock`, which Teams shows as plain text (no markdown, no links from a name).
Microsoft documents 28 KB as the size limit of a message with a card
(learn.microsoft.com, "Send messages using incoming webhooks" / "Format cards in
Teams"); the lists name at most `MOST` accounts each, then "and N more" with a link to
the Gap page, fewer while the payload would pass `PAYLOAD_MAX` bytes.
"""

from __future__ import annotations

import json
from typing import Any

from handoff.notify.content import Brief, Named

PAYLOAD_MAX = 28_000  # bytes of the JSON body; 28 KB, read as the smaller 1000-byte kilobyte
MOST = 20
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _run(text: str, url: str | None = None, **style: Any) -> dict[str, Any]:
    run: dict[str, Any] = {"type": "TextRun", "text": text, **style}
    if url:
        run["selectAction"] = {"type": "Action.OpenUrl", "url": url}
    return run


def _rich(*inlines: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "RichTextBlock", "inlines": list(inlines), **extra}


def _text(text: str, **style: Any) -> dict[str, Any]:
    """A TextBlock for the handoff's own wording only (it may be read as markdown)."""
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _line(n: Named) -> dict[str, Any]:
    rep = f"rep {n.rep}, " if n.rep else ""
    return _rich(_run("• "), _run(n.account, n.url, weight="Bolder"), _run(f" ({rep}"),
                 _run(f"{n.arr} ARR" + (", high" if n.high else ""), color="Attention" if n.high else "Default"),
                 _run(f"){n.what()}"), spacing="None")


def _list(b: Brief, heading: str, accounts: tuple[Named, ...], most: int) -> list[dict[str, Any]]:
    if not accounts:
        return []
    out = [_text(heading, weight="Bolder", spacing="Medium"), *(_line(n) for n in accounts[:most])]
    rest = len(accounts) - most
    if rest > 0:
        out.append(_rich(_run(f"…and {rest} more"), *([_run(" on the "), _run("Gap page", b.gap_url)]
                                                       if b.gap_url else [_run(" (`handoff digest` lists them all)")]),
                         spacing="None"))
    return out


def card(b: Brief, most: int = MOST) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        _text(b.title, size="Large", weight="Bolder"),
        _rich(_run("Plan: ", weight="Bolder"), _run(b.plan)),
        _rich(_run("Fact: ", weight="Bolder"), _run(b.fact)),
        _rich(_run("Gap: ", weight="Bolder"), _run(b.gap)),
        *_list(b, f"No record ({len(b.missing)})", b.missing, most),
        *_list(b, f"Partial record ({len(b.partial)})", b.partial, most),
        _rich(_run("Rep who skipped the record most: ", weight="Bolder"), _run(b.skipper), spacing="Medium"),
        _rich(_run("CS lead with most rejections: ", weight="Bolder"), _run(b.rejecter)),
        _rich(_run(f"From git: {b.source}", isSubtle=True, size="Small")),
    ]
    content: dict[str, Any] = {"$schema": SCHEMA, "type": "AdaptiveCard", "version": "1.4", "body": body,
                               "msteams": {"width": "Full"}}
    if b.gap_url:
        content["actions"] = [{"type": "Action.OpenUrl", "title": "Open the Gap page", "url": b.gap_url}]
    return {"type": "message", "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": content}]}


def size(message: dict[str, Any]) -> int:
    return len(json.dumps(message, ensure_ascii=False).encode("utf-8"))


def payload(b: Brief) -> dict[str, Any]:
    """The card naming as many accounts (up to `MOST` a list) as the size limit allows."""
    for most in range(MOST, -1, -1):
        message = card(b, most)
        if size(message) <= PAYLOAD_MAX:
            return message
    return message  # pragma: no cover - names are one line of at most 80 characters
