"""Delivery with a timeout and bounded retries, never showing a secret.

A webhook URL is a secret (whoever holds it can post to the channel), so messages name
only its host and port, and the HTTP status. Retried, with exponential backoff or the
server's `Retry-After` (capped): 429, 5xx, and a connection that could not be opened or
was dropped before an answer. Not retried: any other status (400, 403, 404: the URL or
payload is wrong and will stay wrong) and a timeout (the message may have arrived; a
second post could show it twice). Redirects are not followed: a webhook does not
redirect, and following one would carry the message elsewhere.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import json
import re
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from handoff import __version__
from handoff.notify.errors import NotifyError, env_seconds

_TOKEN = re.compile(r"^[A-Za-z0-9_.\- ]{1,60}$")  # Slack's answers: `invalid_payload`, `no_service`


@dataclass(frozen=True)
class Policy:
    """Timeout per attempt, attempts, and waits between them (seconds)."""

    timeout: float = 10.0
    attempts: int = 4
    base: float = 1.0  # first backoff wait; doubles each attempt
    max_wait: float = 60.0  # cap on any wait, Retry-After included
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    @classmethod
    def from_env(cls) -> Policy:
        """`HANDOFF_NOTIFY_TIMEOUT` (0.1 to 120 s, default 10) and `HANDOFF_NOTIFY_RETRY_BASE`
        (0 to 60 s, default 1): for slow networks, and for tests that must not wait."""
        return cls(timeout=env_seconds("HANDOFF_NOTIFY_TIMEOUT", 10.0, 0.1, 120.0),
                   base=env_seconds("HANDOFF_NOTIFY_RETRY_BASE", 1.0, 0.0, 60.0))

    def wait(self, attempt: int, retry_after: float | None) -> float:
        wanted = self.base * 2 ** (attempt - 1) if retry_after is None else retry_after
        return max(0.0, min(wanted, self.max_wait))


class Transient(Exception):
    """This attempt failed in a way the next one may not."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


def with_retries(attempt: Callable[[], None], where: str, policy: Policy) -> int:
    """Run `attempt` until it returns, at most `policy.attempts` times; the count it took."""
    for n in range(1, policy.attempts + 1):
        try:
            attempt()
            return n
        except Transient as e:
            if n == policy.attempts:
                raise NotifyError(f"{where}: {e.reason}; gave up after {n} attempts") from None
            policy.sleep(policy.wait(n, e.retry_after))
    raise AssertionError("unreachable")  # pragma: no cover


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a `Retry-After` header: a number of seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def host_of(url: str, schemes: tuple[str, ...], variable: str) -> str:
    """`host` or `host:port` of a secret URL, refusing (without echoing it) one that is not usable."""
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port, parts = None, None, None
    if parts is None or not host or parts.scheme not in schemes:
        raise NotifyError(f"{variable} is not a {' or '.join(s + '://' for s in schemes)} URL")
    return f"{host}:{port}" if port else host


def is_loopback(host: str) -> bool:
    """`localhost` or a loopback address (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post_json(url: str, message: dict[str, Any], what: str, variable: str, policy: Policy) -> str:
    """POST `message` as JSON to the webhook in `url`; the one-line report of delivery.
    https is required, except to a loopback host (a local relay, or a test)."""
    host = host_of(url, ("https", "http"), variable)
    if urlsplit(url.strip()).scheme == "http" and not is_loopback(urlsplit(url.strip()).hostname or ""):
        raise NotifyError(f"{variable} must be an https:// URL")
    where = f"{what} webhook at {host}"
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url.strip(), data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": f"handoff-records/{__version__}"})

    def attempt() -> None:
        try:
            with _OPENER.open(request, timeout=policy.timeout) as response:
                response.read(65536)
        except urllib.error.HTTPError as e:
            code, wait = e.code, retry_after(e.headers.get("Retry-After") if e.headers else None)
            answer = e.read(200).decode("utf-8", "replace").strip() if e.fp else ""
            e.close()
            if code == 429 or 500 <= code <= 599:
                raise Transient(f"HTTP {code}", wait) from None
            said = f" ({answer})" if _TOKEN.match(answer) and answer not in url else ""
            raise NotifyError(f"{where}: HTTP {code}{said}; not retried (check {variable})") from None
        except urllib.error.URLError as e:
            _network(e.reason, where, policy)
        except (TimeoutError, http.client.HTTPException, OSError) as e:
            _network(e, where, policy)

    tries = with_retries(attempt, where, policy)
    return f"delivered to the {where}" + (f" (after {tries} attempts)" if tries > 1 else "")


def _network(reason: object, where: str, policy: Policy) -> None:
    if isinstance(reason, TimeoutError):
        raise NotifyError(f"{where}: no answer within {policy.timeout:g} s; not retried, "
                          f"as the message may have arrived") from None
    if isinstance(reason, ssl.SSLError):
        raise NotifyError(f"{where}: TLS failed ({type(reason).__name__})") from None
    if isinstance(reason, ConnectionRefusedError):
        raise Transient("connection refused") from None
    if isinstance(reason, http.client.RemoteDisconnected):
        raise Transient("the server closed the connection without an answer") from None
    text = reason.strerror if isinstance(reason, OSError) and reason.strerror else type(reason).__name__
    raise Transient(f"network error ({text})") from None
