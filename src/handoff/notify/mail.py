"""The Brief as an email: a text part and an HTML part, every field escaped with markupsafe.

Email has no size limit worth the name, so it names every account of the Gap.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from markupsafe import Markup, escape

from handoff.notify.content import Brief, Named


def _text_line(n: Named) -> str:
    return f"- {n.account} ({n.detail()}){n.what()}" + (f"\n  {n.url}" if n.url else "")


def text(b: Brief) -> str:
    lines = [b.title, "", f"Plan: {b.plan}", f"Fact: {b.fact}", f"Gap: {b.gap}"]
    for heading, accounts in (("No record", b.missing), ("Partial record", b.partial)):
        if accounts:
            lines += ["", f"{heading} ({len(accounts)}):", *map(_text_line, accounts)]
    lines += ["", f"Rep who skipped the record most: {b.skipper}", f"CS lead with most rejections: {b.rejecter}",
              "", f"From git: {b.source}"]
    if b.gap_url:
        lines.append(f"Gap page: {b.gap_url}")
    return "\n".join(lines) + "\n"


def _name(n: Named) -> Markup:
    return Markup('<a href="{}">{}</a>').format(n.url, n.account) if n.url else escape(n.account)


def _html_line(n: Named) -> Markup:
    arr = Markup("<strong>{}</strong>").format(n.arr_part()) if n.high else escape(n.arr_part())
    return Markup("<li>{} ({}{}){}</li>").format(_name(n), n.rep_part(), arr, n.what())


def html(b: Brief) -> str:
    parts = [Markup("<h2>{}</h2>").format(b.title),
             Markup("<p><strong>Plan:</strong> {}<br>\n<strong>Fact:</strong> {}<br>\n<strong>Gap:</strong> {}</p>")
             .format(b.plan, b.fact, b.gap)]
    for heading, accounts in (("No record", b.missing), ("Partial record", b.partial)):
        if accounts:
            items = Markup("\n").join(_html_line(n) for n in accounts)
            parts.append(Markup("<h3>{} ({})</h3>\n<ul>\n{}\n</ul>").format(heading, len(accounts), items))
    parts.append(Markup("<p><strong>Rep who skipped the record most:</strong> {}<br>\n"
                        "<strong>CS lead with most rejections:</strong> {}</p>").format(b.skipper, b.rejecter))
    gap = Markup(' · <a href="{}">Gap page</a>').format(b.gap_url) if b.gap_url else ""
    parts.append(Markup('<p style="color:#666;font-size:small">From git: {}{}</p>').format(b.source, gap))
    body = Markup("\n").join(parts)
    return str(Markup('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{}</title></head>\n'
                      "<body>\n{}\n</body></html>\n").format(b.subject, body))


def message(b: Brief, sender: str, to: tuple[str, ...], stamp: bool = True) -> EmailMessage:
    """The email; `stamp=False` leaves out Date and Message-ID, which change on every run."""
    return compose(b.subject, sender, to, text(b), html(b), stamp)


def compose(subject: str, sender: str, to: tuple[str, ...], plain: str, rich: str, stamp: bool = True) -> EmailMessage:
    """A multipart/alternative email: the text part, then the HTML part."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    if stamp:
        msg["Date"] = formatdate(localtime=False, usegmt=True)
        msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    msg.set_content(plain)
    msg.add_alternative(rich, subtype="html")
    return msg


def preview(msg: EmailMessage) -> str:
    """The email as a person reads it: its headers, then each part decoded under its type."""
    head = "".join(f"{k}: {v}\n" for k, v in msg.items() if k.lower() not in ("content-type", "mime-version"))
    parts = [f"--- {part.get_content_type()} ---\n{part.get_content()}" for part in msg.iter_parts()
             if isinstance(part, EmailMessage)]
    return head + "\n" + "\n".join(parts)
