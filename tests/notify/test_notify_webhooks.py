"""Slack and Teams webhooks posted to a real HTTP server on 127.0.0.1 (pytest-httpserver),
and the faults: 500 then 200, 429 with Retry-After, 403, connection refused, a server that
never answers. Each: the exit code, one line, and never the webhook's secret path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from conftest import PROJECT
from handoff.notify.deliver import Policy, post_json, retry_after
from handoff.notify.errors import NotifyError
from notify_kit import SECRET, D, Ran, free_port, notify, seed_with_settings, silent_server

GOLDEN = PROJECT / "tests" / "golden" / "notify"
PATH = f"/services/{SECRET}"
ENV = {"slack": "HANDOFF_SLACK_WEBHOOK_URL", "teams": "HANDOFF_TEAMS_WEBHOOK_URL"}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_with_settings(tmp_path_factory.mktemp("notify-hooks") / "repo").path


def send(root: Path, channel: str, url: str, **env: str) -> Ran:
    ran = notify(root, channel, "--date", D, env={ENV[channel]: url, **env})
    assert SECRET not in ran.out + ran.err and "SECRET" not in ran.out + ran.err
    assert len(ran.lines) == 1, ran.lines
    return ran


def hook(httpserver: HTTPServer, path: str = PATH) -> str:
    return f"http://127.0.0.1:{httpserver.port}{path}"


def posted(httpserver: HTTPServer) -> list[dict[str, object]]:
    return [json.loads(req.get_data()) for req, _ in httpserver.log]


@pytest.mark.parametrize(("channel", "status", "name"), [("slack", 200, "Slack"), ("teams", 202, "Teams")])
def test_the_seed_digest_arrives_as_the_golden_payload(seed: Path, httpserver: HTTPServer, channel: str,
                                                       status: int, name: str) -> None:
    httpserver.expect_oneshot_request(PATH, method="POST").respond_with_data("ok", status=status)
    ran = send(seed, channel, hook(httpserver))
    assert ran.code == 0
    assert ran.out == f"handoff: digest for {D} delivered to the {name} webhook at 127.0.0.1:{httpserver.port}\n"
    [(request, _)] = httpserver.log
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert posted(httpserver) == [json.loads((GOLDEN / f"seed-{channel}.json").read_text(encoding="utf-8"))]


def test_a_500_is_retried_and_the_message_is_delivered_once(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(PATH, method="POST").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request(PATH, method="POST").respond_with_data("ok", status=200)
    ran = send(seed, "slack", hook(httpserver))
    assert ran.code == 0 and ran.out.endswith("(after 2 attempts)\n")
    assert len(httpserver.log) == 2 and [r.status_code for _, r in httpserver.log] == [500, 200]
    httpserver.check_assertions()


def test_a_429_with_retry_after_is_retried(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(PATH, method="POST").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "0"}))
    httpserver.expect_ordered_request(PATH, method="POST").respond_with_data("ok")
    ran = send(seed, "teams", hook(httpserver))
    assert ran.code == 0 and len(httpserver.log) == 2


def test_the_wait_honours_retry_after_capped_else_backs_off(httpserver: HTTPServer) -> None:
    waits: list[float] = []
    for header in ("7", "3600", None):
        headers = {"Retry-After": header} if header else {}
        httpserver.expect_ordered_request("/hook", method="POST").respond_with_response(
            Response("", status=429, headers=headers))
    httpserver.expect_ordered_request("/hook", method="POST").respond_with_data("ok")
    report = post_json(hook(httpserver, "/hook"), {"text": "x"}, "Slack", "HANDOFF_SLACK_WEBHOOK_URL",
                       Policy(timeout=5, base=2.0, sleep=waits.append))
    assert waits == [7.0, 60.0, 8.0]  # Retry-After; capped at 60 s; no header: 2 s doubled twice
    assert report.endswith("(after 4 attempts)")
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past: at once


def test_429_every_time_gives_up_after_four_attempts(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_response(
        Response("", status=429, headers={"Retry-After": "0"}))
    ran = send(seed, "slack", hook(httpserver))
    assert (ran.code, ran.err) == (1, f"handoff: Slack webhook at 127.0.0.1:{httpserver.port}: HTTP 429; "
                                      "gave up after 4 attempts\n")
    assert len(httpserver.log) == 4


def test_a_403_is_not_retried(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_data("invalid_token", status=403)
    ran = send(seed, "slack", hook(httpserver))
    assert (ran.code, ran.err) == (1, f"handoff: Slack webhook at 127.0.0.1:{httpserver.port}: HTTP 403 "
                                      "(invalid_token); not retried (check HANDOFF_SLACK_WEBHOOK_URL)\n")
    assert len(httpserver.log) == 1


def test_an_answer_echoing_the_secret_is_not_shown(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_data("B0SECRET", status=404)
    ran = send(seed, "slack", hook(httpserver))
    assert ran.code == 1 and "HTTP 404; not retried" in ran.err


def test_a_redirect_is_not_followed(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_response(
        Response("", status=302, headers={"Location": "http://127.0.0.1:1/elsewhere"}))
    ran = send(seed, "slack", hook(httpserver))
    assert ran.code == 1 and "HTTP 302; not retried" in ran.err and len(httpserver.log) == 1


def test_connection_refused(seed: Path) -> None:
    port = free_port()
    ran = send(seed, "slack", f"http://127.0.0.1:{port}{PATH}")
    assert (ran.code, ran.err) == (1, f"handoff: Slack webhook at 127.0.0.1:{port}: connection refused; "
                                      "gave up after 4 attempts\n")


def test_a_server_that_never_answers_times_out(seed: Path) -> None:
    with silent_server() as port:
        ran = send(seed, "teams", f"http://127.0.0.1:{port}{PATH}", HANDOFF_NOTIFY_TIMEOUT="0.3")
    assert (ran.code, ran.err) == (1, f"handoff: Teams webhook at 127.0.0.1:{port}: no answer within 0.3 s; "
                                      "not retried, as the message may have arrived\n")


@pytest.mark.parametrize(("url", "line"), [
    ("", "handoff: HANDOFF_SLACK_WEBHOOK_URL is not set; put the slack secret in that environment variable"),
    (f"http://hooks.example.com{PATH}", "handoff: HANDOFF_SLACK_WEBHOOK_URL must be an https:// URL"),
    (f"hooks.slack.com{PATH}", "handoff: HANDOFF_SLACK_WEBHOOK_URL is not a https:// or http:// URL"),
    (f"https://[{SECRET}{PATH}", "handoff: HANDOFF_SLACK_WEBHOOK_URL is not a https:// or http:// URL"),
])
def test_a_missing_or_unusable_url_is_refused_without_showing_it(seed: Path, url: str, line: str) -> None:
    ran = send(seed, "slack", url)
    assert (ran.code, ran.err) == (1, line + "\n")


@pytest.mark.parametrize(("name", "value"), [("HANDOFF_NOTIFY_TIMEOUT", "0"), ("HANDOFF_NOTIFY_RETRY_BASE", "x")])
def test_bad_timing_settings_are_refused(seed: Path, name: str, value: str) -> None:
    ran = send(seed, "slack", "https://hooks.example.com/x", **{name: value})
    assert ran.code == 1 and ran.err.startswith(f"handoff: {name} must be a number of seconds")


def test_a_dry_run_sends_nothing(seed: Path, httpserver: HTTPServer) -> None:
    ran = notify(seed, "slack", "--date", D, "--dry-run", env={ENV["slack"]: hook(httpserver)})
    assert ran.code == 0 and json.loads(ran.out)["blocks"] and httpserver.log == []


def test_the_library_refuses_with_notify_error(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        return Response("", status=400)

    httpserver.expect_request("/x").respond_with_handler(handler)
    with pytest.raises(NotifyError, match="HTTP 400; not retried"):
        post_json(hook(httpserver, "/x"), {}, "Slack", "V", Policy(timeout=5, sleep=lambda _: None))
