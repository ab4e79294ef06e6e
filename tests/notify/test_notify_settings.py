"""`[notify]` and `[site]` in handoff.toml: what is accepted, and bad values as `config` findings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from handoff.cli.main import cli
from handoff.repo.config import ConfigError, parse_settings


def test_good_values() -> None:
    s = parse_settings(b'[notify]\nemail_from = "handoff@example.com"\nemail_to = "cs@example.com"\n'
                       b'[site]\nurl = "https://example.github.io/handoffs/"\n')
    assert (s.email_from, s.email_to, s.site_url) == ("handoff@example.com", ("cs@example.com",),
                                                       "https://example.github.io/handoffs")
    assert parse_settings(b"").site_url == "" and parse_settings(b"").email_to == ()


@pytest.mark.parametrize(("toml", "message"), [
    ('[site]\nurl = "ftp://example.com"', "[site] `url` must be the site's http(s) address"),
    ('[site]\nurl = "javascript:alert(1)"', "[site] `url` must be the site's http(s) address"),
    ('[site]\nurl = "https://example.com/a>b"', "[site] `url` must be the site's http(s) address"),
    ('[site]\nurl = "https://user:pw@example.com/"', "[site] `url` must be the site's http(s) address"),
    ('[site]\nurl = "http://[::1"', "[site] `url` must be the site's http(s) address"),
    ("[site]\nurl = 5", "[site] `url` must be the site's http(s) address"),
    ('[site]\nlink = "https://example.com"', "unknown setting `site.link`; known: url"),
    ('site = "https://example.com"', "`site` must be a table: [site]"),
    ('[notify]\nemail_to = "Dana <dana@example.com>"', "[notify] `email_to` must be a plain email address"),
    ('[notify]\nemail_to = "a@example.com\\r\\nBcc: x@evil.com"', "[notify] `email_to` must be a plain email"),
    ('[notify]\nemail_to = "dañа@example.com"', "[notify] `email_to` must be a plain email address"),
    ("[notify]\nemail_to = []", "[notify] `email_to` must be an address or a list of 1 to 50 addresses"),
    ('[notify]\nemail_from = ["a@example.com"]', "[notify] `email_from` must be a plain email address"),
    ('[notify]\nslack = "https://hooks.slack.com/x"', "unknown setting `notify.slack`; known: email_from, email_to"),
])
def test_bad_values_are_refused(toml: str, message: str) -> None:
    with pytest.raises(ConfigError) as e:
        parse_settings(toml.encode())
    assert e.value.message.startswith(message)


def test_handoff_check_reports_a_bad_value_as_a_config_finding(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "handoff.toml").write_text('[site]\nurl = "handoffs.example.com"\n', encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == ("handoff.toml:1: config [site] `url` must be the site's http(s) address, "
                                             "like `https://handoffs.example.com/`")
