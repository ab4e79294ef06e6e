"""`handoff notify email` to a real SMTP server on 127.0.0.1 (aiosmtpd): plain SMTP with
AUTH to a loopback relay, STARTTLS and implicit TLS with a test CA; the message parsed
back (subject, both parts, escaping); and the faults, never showing the password."""

from __future__ import annotations

import email
import email.policy
import json
import os
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from conftest import PROJECT
from gitrepo import GitRepo
from notify_kit import (
    PASSWORD,
    SMTP_PASSWORD,
    USER,
    D,
    Inbox,
    LocalCA,
    Ran,
    free_port,
    make_ca,
    notify,
    seed_with_settings,
    silent_server,
)

GOLDEN = PROJECT / "tests" / "golden" / "notify"
SUBJECT = "Handoff digest 2026-11-23: 3 missing, 4 partial (2 above $50,000)"
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


class TLSController(Controller):
    """aiosmtpd's controller checks an implicit-TLS server with a client made of the
    server's own context; this one checks it with a client trusting the test CA."""

    def __init__(self, *args: Any, client: ssl.SSLContext, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def _trigger_server(self) -> None:
        import socket

        with socket.create_connection((self.hostname, self.port), 1.0) as raw, \
                self.client.wrap_socket(raw, server_hostname=self.hostname) as s:
            s.recv(1024)


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    return make_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_with_settings(tmp_path_factory.mktemp("notify-mail") / "repo").path


def server_context(ca: LocalCA) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(ca.certfile, ca.keyfile)
    return context


@contextmanager
def smtp_server(mode: str, ca: LocalCA | None = None, host: str = "127.0.0.1") -> Iterator[tuple[Inbox, int]]:
    """mode: `plain` (AUTH without TLS), `starttls` (AUTH only after STARTTLS), `smtps` (TLS on connect)."""
    inbox, port = Inbox(), free_port()
    common: dict[str, Any] = {"authenticator": inbox.authenticator, "auth_required": True}
    if mode == "plain":
        controller = Controller(inbox, hostname=host, port=port, auth_require_tls=False, **common)
    elif mode == "starttls":
        assert ca is not None
        controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_context(ca),
                                require_starttls=True, **common)
    else:
        assert ca is not None
        client = ssl.create_default_context(cafile=str(ca.cafile))
        controller = TLSController(inbox, hostname="127.0.0.1", port=port, ssl_context=server_context(ca),
                                   client=client, auth_require_tls=False, **common)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def send(root: Path, url: str, **env: str) -> Ran:
    ran = notify(root, "email", "--date", D, env={"HANDOFF_SMTP_URL": url, **env})
    assert "SECRET" not in ran.out + ran.err and USER not in ran.out + ran.err
    assert len(ran.lines) == 1, ran.lines
    return ran


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> dict[str, str]:
    assert message.get_content_type() == "multipart/alternative"
    found: dict[str, str] = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        found[part.get_content_type()] = part.get_content().replace("\r\n", "\n")  # SMTP sends CRLF
    assert list(found) == ["text/plain", "text/html"]
    return found


def test_plain_smtp_with_auth_to_a_loopback_relay_delivers_the_golden_message(seed: Path) -> None:
    with smtp_server("plain") as (inbox, port):
        ran = send(seed, f"smtp://{USER}:{SMTP_PASSWORD}@127.0.0.1:{port}")
    assert (ran.code, ran.out) == (0, f"handoff: digest for {D} sent to the SMTP server at 127.0.0.1:{port}\n")
    assert inbox.logins == [(USER, PASSWORD)]
    assert inbox.envelopes == [("handoff@example.com", ["founder@example.com", "cs@example.com"])]
    [raw] = inbox.messages
    message = parse(raw)
    assert message["Subject"] == SUBJECT
    assert message["From"] == "handoff@example.com" and message["To"] == "founder@example.com, cs@example.com"
    assert message["Date"] and message["Message-ID"]
    found = parts(message)
    golden = {"subject": message["Subject"], "from": message["From"], "to": message["To"],
              "text": found["text/plain"], "html": found["text/html"]}
    text = json.dumps(golden, indent=2, ensure_ascii=False) + "\n"
    path = GOLDEN / "seed-email.json"
    if os.environ.get("HANDOFF_WRITE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8")
    for name in ("Juniper Health", "Kestrel Freight", "Lumen Retail", "Fjord Shipping", "Granite Works",
                 "Harbor Clinics", "Iris Analytics"):
        assert name in found["text/plain"] and name in found["text/html"]
    assert '<a href="https://handoffs.example.com/accounts/fjord-shipping/">Fjord Shipping</a>' in found["text/html"]


def test_starttls_with_a_private_ca(seed: Path, ca: LocalCA) -> None:
    with smtp_server("starttls", ca) as (inbox, port):
        ran = send(seed, f"smtp://{USER}:{SMTP_PASSWORD}@127.0.0.1:{port}", HANDOFF_SMTP_CAFILE=str(ca.cafile))
    assert ran.code == 0, ran.err
    assert inbox.logins == [(USER, PASSWORD)] and parse(inbox.messages[0])["Subject"] == SUBJECT


def test_implicit_tls_smtps(seed: Path, ca: LocalCA) -> None:
    with smtp_server("smtps", ca) as (inbox, port):
        ran = send(seed, f"smtps://{USER}:{SMTP_PASSWORD}@127.0.0.1:{port}", HANDOFF_SMTP_CAFILE=str(ca.cafile))
    assert ran.code == 0, ran.err
    assert inbox.logins == [(USER, PASSWORD)] and len(inbox.messages) == 1


def test_an_untrusted_certificate_is_refused(seed: Path, ca: LocalCA) -> None:
    with smtp_server("starttls", ca) as (inbox, port):
        ran = send(seed, f"smtp://{USER}:{SMTP_PASSWORD}@127.0.0.1:{port}")
    assert (ran.code, ran.err) == (1, f"handoff: SMTP server at 127.0.0.1:{port}: TLS failed "
                                      "(SSLCertVerificationError; for a private CA set HANDOFF_SMTP_CAFILE)\n")
    assert inbox.messages == []


def test_a_wrong_password_is_refused_without_showing_it(seed: Path) -> None:
    with smtp_server("plain") as (inbox, port):
        ran = send(seed, f"smtp://{USER}:wrongSECRET@127.0.0.1:{port}")
    assert (ran.code, ran.err) == (1, f"handoff: SMTP server at 127.0.0.1:{port}: login refused (SMTP 535); "
                                      "check HANDOFF_SMTP_URL\n")
    assert inbox.messages == []


def outward_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.250", 9))  # UDP: picks the outgoing interface, sends nothing
        except OSError:
            return None
        address: str = s.getsockname()[0]
    return None if address.startswith("127.") else address


def test_no_password_in_clear_to_a_remote_host_without_starttls(seed: Path) -> None:
    address = outward_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    with smtp_server("plain", host=address) as (inbox, port):
        ran = send(seed, f"smtp://{USER}:{SMTP_PASSWORD}@{address}:{port}")
    assert ran.code == 1 and "offers no STARTTLS; refusing to send the password in clear" in ran.err
    assert inbox.logins == []


def test_a_script_name_arrives_escaped_in_html(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("crm/closed-won.csv", "account,closed,arr,term_months,segment,rep,cs_owner\n"
                                     f"<script>alert(1)</script> Corp,{D},90000,12,x,Dana <b>Ruiz</b>,\n")
    repo.commit("Plan", f"{D}T09:00:00+00:00")
    repo.write("handoff.toml", '[notify]\nemail_from = "a@example.com"\nemail_to = "b@example.com"\n')
    with smtp_server("plain") as (inbox, port):
        ran = send(repo.path, f"smtp://{USER}:{SMTP_PASSWORD}@127.0.0.1:{port}")
    assert ran.code == 0
    found = parts(parse(inbox.messages[0]))
    assert "<script>" not in found["text/html"] and "<b>" not in found["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Corp" in found["text/html"]
    assert "Dana &lt;b&gt;Ruiz&lt;/b&gt;" in found["text/html"]
    assert "- <script>alert(1)</script> Corp (rep Dana <b>Ruiz</b>, $90,000 ARR, high ARR)" in found["text/plain"]


def test_connection_refused(seed: Path) -> None:
    port = free_port()
    ran = send(seed, f"smtp://127.0.0.1:{port}")
    assert (ran.code, ran.err) == (1, f"handoff: SMTP server at 127.0.0.1:{port}: connection refused; "
                                      "gave up after 4 attempts\n")


def test_a_server_that_never_answers_times_out(seed: Path) -> None:
    with silent_server() as port:
        ran = send(seed, f"smtps://{USER}:{SMTP_PASSWORD}@127.0.0.1:{port}", HANDOFF_NOTIFY_TIMEOUT="0.3")
    assert (ran.code, ran.err) == (1, f"handoff: SMTP server at 127.0.0.1:{port}: no answer within 0.3 s\n")


def test_email_needs_its_addresses_in_handoff_toml(seed: Path, tmp_path: Path) -> None:
    repo = seed_with_settings(tmp_path / "repo")
    repo.write("handoff.toml", "")
    ran = send(repo.path, "smtp://127.0.0.1:1")
    assert (ran.code, ran.err) == (1, "handoff: handoff.toml needs email_from and email_to under [notify] "
                                      "to send the digest by email\n")
    repo.write("handoff.toml", '[notify]\nemail_to = "not an address"\n')
    ran = send(repo.path, "smtp://127.0.0.1:1")
    assert (ran.code, ran.err) == (1, "handoff.toml:1: [notify] `email_to` must be a plain email "
                                      "address like `cs-leads@example.com`\n")


def test_the_dry_run_shows_the_message_and_sends_nothing(seed: Path) -> None:
    ran = notify(seed, "email", "--date", D, "--dry-run")
    assert ran.code == 0 and ran.err == ""
    assert ran.out.startswith(f"Subject: {SUBJECT}\nFrom: handoff@example.com\nTo: founder@example.com, "
                              "cs@example.com\n\n--- text/plain ---\nHandoff digest for 2026-11-23\n")
    assert "--- text/html ---\n<!DOCTYPE html>" in ran.out
