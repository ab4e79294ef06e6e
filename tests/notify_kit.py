"""Shared by the notify tests: the seed repo with delivery settings, the CLI in-process,
real local servers (a TCP listener that never answers, aiosmtpd) and a test CA."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gitrepo import GitRepo
from handoff.cli.main import cli

sys.path.insert(0, str(Path(__file__).parent / "digest"))
from test_digest import COHORT, record, seed_repo, slug  # noqa: E402  (the digest's own seed history)

__all__ = ["COHORT", "record", "slug"]

D = "2026-11-23"
SITE = "https://handoffs.example.com/"
SETTINGS = ('[notify]\nemail_from = "handoff@example.com"\nemail_to = ["founder@example.com", "cs@example.com"]\n'
            f'[site]\nurl = "{SITE}"\n')
SECRET = "T0SECRET/B0SECRET/xoxSECRETTOKEN"  # the part of a webhook URL that must never be shown
USER, PASSWORD = "digest-bot", "pa:ss@SECRET"
SMTP_PASSWORD = "pa%3Ass%40SECRET"  # PASSWORD percent-encoded for the URL


def seed_with_settings(path: Path) -> GitRepo:
    """The digest's seed history; delivery settings in the working tree (never committed:
    they must not change the figures as of D)."""
    repo = seed_repo(GitRepo(path))
    repo.write("handoff.toml", SETTINGS)
    return repo


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return (self.out + self.err).splitlines()


def notify(root: Path, *args: str, env: dict[str, str] | None = None) -> Ran:
    """`handoff notify ARGS` in-process from `root`, with `env` over a clean notify environment."""
    base = {k: None for k in os.environ if k.startswith("HANDOFF_")}
    base |= {"HANDOFF_NOTIFY_RETRY_BASE": "0.01", "HANDOFF_NOTIFY_TIMEOUT": "5"} | (env or {})
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["notify", *args], env=base, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Ran(result.exit_code, result.stdout, result.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections (the kernel's backlog) and never says a word."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield s.getsockname()[1]


@dataclass
class LocalCA:
    cafile: Path
    certfile: Path
    keyfile: Path


def make_ca(folder: Path) -> LocalCA:
    """A CA and a server certificate for 127.0.0.1 and localhost, signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "handoff test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    out = LocalCA(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    out.cafile.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    out.certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    out.keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    return out


@dataclass
class Inbox:
    """What an aiosmtpd server received: messages (raw bytes) and the logins it accepted."""

    messages: list[bytes] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope.content)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def authenticator(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
        if ok:
            self.logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=ok, handled=False)
