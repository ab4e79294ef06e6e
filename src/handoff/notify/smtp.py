"""Sending the email through SMTP (`smtplib`), from the secret URL in `HANDOFF_SMTP_URL`.

`smtp://user:pass@host:port` (port 587 by default) upgrades with STARTTLS when the server
offers it; `smtps://user:pass@host:port` (465 by default) is TLS from the first byte.
User and password are percent-decoded (`%40` for `@`). Certificates are verified against
the system's CAs, or the bundle in `HANDOFF_SMTP_CAFILE` (a private CA, or a test's).
A password is never sent in clear: without TLS it is refused, except to a loopback host
(a local relay). Retried like a webhook: a connection that cannot be opened and the
server's transient 4xx answers. Messages name the host and port and SMTP's code, never
the user, the password or what the server said.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from handoff.notify.deliver import Policy, Transient, host_of, is_loopback, with_retries
from handoff.notify.errors import NotifyError

VARIABLE = "HANDOFF_SMTP_URL"
CAFILE = "HANDOFF_SMTP_CAFILE"


def _context() -> ssl.SSLContext:
    cafile = os.environ.get(CAFILE) or None
    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError):
        raise NotifyError(f"{CAFILE} names no readable CA bundle") from None


def send(msg: EmailMessage, url: str, policy: Policy) -> str:
    """Send `msg`; the one-line report of delivery, or NotifyError."""
    host_of(url, ("smtp", "smtps"), VARIABLE)
    parts = urlsplit(url.strip())
    implicit = parts.scheme == "smtps"
    host, port = parts.hostname or "", parts.port or (465 if implicit else 587)
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    where = f"SMTP server at {host}:{port}"
    context = _context()

    def attempt() -> None:
        try:
            client = (smtplib.SMTP_SSL(host, port, timeout=policy.timeout, context=context) if implicit
                      else smtplib.SMTP(host, port, timeout=policy.timeout))
            with client:
                client.ehlo()
                if not implicit and client.has_extn("starttls"):
                    client.starttls(context=context)
                    client.ehlo()
                elif not implicit and user and not _loopback(client):
                    raise NotifyError(f"{where} offers no STARTTLS; refusing to send the password in clear "
                                      f"(use smtps:// if it speaks TLS on connect)")
                if user:
                    client.login(user, password)
                client.send_message(msg)
        except NotifyError:
            raise
        except smtplib.SMTPAuthenticationError as e:
            raise NotifyError(f"{where}: login refused (SMTP {e.smtp_code}); check {VARIABLE}") from None
        except smtplib.SMTPNotSupportedError:
            raise NotifyError(f"{where}: does not support login (AUTH); drop the user from {VARIABLE}") from None
        except smtplib.SMTPRecipientsRefused as e:
            codes = sorted({code for code, _ in e.recipients.values()})
            _answer(codes[0] if codes else 550, f"{where}: recipients refused", "check [notify] email_to")
        except smtplib.SMTPResponseException as e:
            _answer(e.smtp_code, f"{where}: refused the message", "")
        except smtplib.SMTPServerDisconnected:
            raise Transient("the server closed the connection") from None
        except (ssl.SSLError, ssl.CertificateError) as e:
            raise NotifyError(f"{where}: TLS failed ({type(e).__name__}; for a private CA set {CAFILE})") from None
        except TimeoutError:
            raise NotifyError(f"{where}: no answer within {policy.timeout:g} s") from None
        except ConnectionRefusedError:
            raise Transient("connection refused") from None
        except smtplib.SMTPException as e:
            raise NotifyError(f"{where}: {type(e).__name__}") from None
        except OSError as e:
            raise Transient(f"network error ({e.strerror or type(e).__name__})") from None

    tries = with_retries(attempt, where, policy)
    return f"sent to the {where}" + (f" (after {tries} attempts)" if tries > 1 else "")


def _loopback(client: smtplib.SMTP) -> bool:
    """Whether the connection really goes to this machine (by the peer's address, not its name)."""
    sock = getattr(client, "sock", None)
    try:
        return isinstance(sock, socket.socket) and is_loopback(str(sock.getpeername()[0]))
    except OSError:
        return False


def _answer(code: int, what: str, hint: str) -> None:
    if 400 <= code <= 499:
        raise Transient(f"{what} (SMTP {code}, temporary)")
    raise NotifyError(f"{what} (SMTP {code}); not retried" + (f"; {hint}" if hint else ""))
