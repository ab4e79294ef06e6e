"""The weekly review (`handoff weekly`) as a Slack message, a Teams card or an email.

The seed reviews "CS rejection rate per rep" weekly; this sends that review where the
sales manager reads. It names every rep and CS reviewer with the week's figures and, for
reps, the rejection rate of the weeks before ("repeatedly" made visible). Past a
channel's limits it names the first ones (most rejections first) and says how many more.
The wording is `handoff weekly`'s own (`handoff.weekly.format`).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from markupsafe import Markup, escape

from handoff.notify import mail, slack, teams
from handoff.record.text import one_line, plural
from handoff.weekly.format import as_text, days, pct, rep_line, source_line, trend_line
from handoff.weekly.model import WeeklyReport

MOST = 25  # people named per list in a chat message


@dataclass(frozen=True)
class Line:
    name: str  # one line, at most 80 characters
    figures: str
    trend: str  # the weeks before, for reps; empty for CS reviewers


@dataclass(frozen=True)
class WeeklyBrief:
    title: str  # `Weekly review 2026-W47`
    subject: str  # `Handoff weekly review 2026-W47: 4 reviews, 1 rejection (25%)`
    span: str  # `2026-11-16 to 2026-11-22; time standard 2 days`
    reps: tuple[Line, ...]
    cs: tuple[Line, ...]
    source: str


def brief(report: WeeklyReport) -> WeeklyBrief:
    w = report.week
    reviews = sum(r.reviews for r in w.reps)
    rejections = sum(r.rejections for r in w.reps)
    rate = f" ({pct(rejections / reviews)})" if reviews else ""
    by_rejections = sorted(w.reps, key=lambda r: (-r.rejections, -(r.rejection_rate or 0), r.rep))
    reps = tuple(Line(one_line(r.rep or "(no rep)", 80), rep_line(r, w.sla_days),
                      trend_line(report, r.rep) if report.previous else "") for r in by_rejections)
    cs = tuple(Line(one_line(c.cs, 80), f"{plural(c.reviews, 'review')}, {plural(c.rejections, 'rejection')}, median "
                    f"{days(c.median_days_to_review)} from complete record to review", "")
               for c in sorted(w.cs, key=lambda c: (-c.rejections, c.cs)))
    return WeeklyBrief(
        title=f"Weekly review {w.week}",
        subject=f"Handoff weekly review {w.week}: {plural(reviews, 'review')}, {plural(rejections, 'rejection')}{rate}",
        span=f"{w.start.isoformat()} to {w.end.isoformat()}; time standard {plural(w.sla_days, 'day')}",
        reps=reps, cs=cs, source=source_line(w))


def _more(count: int) -> str:
    return f"…and {count} more (`handoff weekly` lists them all)"


def slack_payload(b: WeeklyBrief) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": b.title[:150]}},
        slack._section(slack.esc(b.span)),
    ]
    for heading, lines in (("*Reps* (most rejections first)", b.reps), ("*CS reviewers*", b.cs)):
        shown: list[str] = []
        for line in lines[:MOST]:
            text = f"• *{slack.esc(line.name)}*: {slack.esc(line.figures)}"
            if line.trend:
                text += f"\n   _weeks before:_ {slack.esc(line.trend)}"
            if len(heading) + sum(len(s) + 1 for s in shown) + len(text) + 80 > slack.SECTION_MAX:
                break
            shown.append(text)
        rest = len(lines) - len(shown)
        body = "\n".join(shown) if lines else "• none this week"
        blocks.append(slack._section(f"{heading}\n{body}" + (f"\n{_more(rest)}" if rest else "")))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": slack.esc(f"From git: {b.source}")}]})
    fallback = f"{b.subject}. {b.span}."[: slack.TEXT_MAX]
    return {"text": slack.esc(fallback), "blocks": blocks}


def _teams_line(line: Line) -> dict[str, Any]:
    runs = [teams._run("• "), teams._run(line.name, weight="Bolder"), teams._run(f": {line.figures}")]
    if line.trend:
        runs.append(teams._run(f" (weeks before: {line.trend})", isSubtle=True))
    return teams._rich(*runs, spacing="None")


def _card(b: WeeklyBrief, most: int) -> dict[str, Any]:
    body: list[dict[str, Any]] = [teams._text(b.title, size="Large", weight="Bolder"), teams._rich(teams._run(b.span))]
    for heading, lines in (("Reps (most rejections first)", b.reps), ("CS reviewers", b.cs)):
        body.append(teams._text(heading, weight="Bolder", spacing="Medium"))
        body += [_teams_line(line) for line in lines[:most]] or [teams._rich(teams._run("none this week"))]
        if len(lines) > most:
            body.append(teams._rich(teams._run(_more(len(lines) - most)), spacing="None"))
    body.append(teams._rich(teams._run(f"From git: {b.source}", isSubtle=True, size="Small")))
    content = {"$schema": teams.SCHEMA, "type": "AdaptiveCard", "version": "1.4", "body": body,
               "msteams": {"width": "Full"}}
    return {"type": "message", "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": content}]}


def teams_payload(b: WeeklyBrief) -> dict[str, Any]:
    """The card naming as many people (up to `MOST` a list) as Teams' size limit allows."""
    for most in range(MOST, -1, -1):
        message = _card(b, most)
        if teams.size(message) <= teams.PAYLOAD_MAX:
            break
    return message


def _html(b: WeeklyBrief) -> str:
    def rows(lines: tuple[Line, ...]) -> Markup:
        items = [Markup("<li><strong>{}</strong>: {}{}</li>").format(
            line.name, line.figures, Markup("<br><small>weeks before: {}</small>").format(line.trend)
            if line.trend else "") for line in lines]
        return Markup("<ul>{}</ul>").format(Markup("").join(items)) if items else Markup("<p>none this week</p>")

    body = Markup("<h2>{}</h2><p>{}</p><h3>Reps (most rejections first)</h3>{}<h3>CS reviewers</h3>{}"
                  "<p><small>From git: {}</small></p>").format(b.title, b.span, rows(b.reps), rows(b.cs), b.source)
    return str(Markup('<!doctype html><html><head><meta charset="utf-8"><title>{}</title></head>'
                      "<body>\n{}\n</body></html>\n").format(escape(b.subject), body))


def email(report: WeeklyReport, sender: str, to: tuple[str, ...], stamp: bool = True) -> EmailMessage:
    """Text part: `handoff weekly`'s text; HTML part: the same figures, every name escaped."""
    b = brief(report)
    return mail.compose(b.subject, sender, to, as_text(report), _html(b), stamp)
