"""`handoff notify CHANNEL --weekly`: the weekly review of the seed history (week 2026-W47)
to a real webhook server and a real SMTP server on 127.0.0.1, and a hostile rep name."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from pytest_httpserver import HTTPServer

from notify_kit import PASSWORD, SMTP_PASSWORD, USER, Inbox, free_port, notify, seed_with_settings

WEEK = "2026-11-22"  # a Sunday: the seed's reviews and rejections fall in 2026-W47
SUBJECT = "Handoff weekly review 2026-W47: 4 reviews, 3 rejections (75%)"
REPS = ["Raj Patel", "Dana Ruiz", "Marcus Obi", "Sofia Lindqvist"]  # most rejections first
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_with_settings(tmp_path_factory.mktemp("notify-weekly") / "repo").path


def _dry(seed: Path, channel: str) -> dict[str, object]:
    ran = notify(seed, channel, "--weekly", "--date", WEEK, "--dry-run")
    assert ran.code == 0, ran.err
    payload: dict[str, object] = json.loads(ran.out)
    return payload


def test_slack_weekly_names_every_rep_most_rejections_first_and_every_reviewer(seed: Path) -> None:
    payload = _dry(seed, "slack")
    assert payload["text"] == f"{SUBJECT}. 2026-11-16 to 2026-11-22; time standard 2 days."
    blocks = payload["blocks"]
    assert isinstance(blocks, list)
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Weekly review 2026-W47"}}
    reps = blocks[2]["text"]["text"]
    assert [reps.index(f"*{name}*") for name in REPS] == sorted(reps.index(f"*{name}*") for name in REPS)
    assert "3 reviews, 3 rejections, rejection rate 100%" in reps
    assert "_weeks before:_ W43" in reps
    cs = blocks[3]["text"]["text"]
    assert cs.startswith("*CS reviewers*\n• *Lee Park*: 3 reviews, 2 rejections")
    assert "Hannah Cole" in cs
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)


def test_teams_weekly_is_an_adaptive_card_with_each_name_as_plain_text(seed: Path) -> None:
    payload = _dry(seed, "teams")
    [attachment] = payload["attachments"]  # type: ignore[misc]
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    runs = [run["text"] for block in card["body"] if block["type"] == "RichTextBlock" for run in block["inlines"]]
    for name in [*REPS, "Lee Park", "Hannah Cole"]:
        assert name in runs


def test_slack_weekly_is_posted_once_to_the_webhook(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/services/T0/B0/SECRET", method="POST").respond_with_data("ok")
    url = httpserver.url_for("/services/T0/B0/SECRET")
    ran = notify(seed, "slack", "--weekly", "--date", WEEK, env={"HANDOFF_SLACK_WEBHOOK_URL": url})
    assert ran.code == 0, ran.err
    assert ran.out.startswith(f"handoff: weekly review for {WEEK} ")
    assert "SECRET" not in ran.out + ran.err
    [(request, _response)] = httpserver.log
    assert request.get_json() == _dry(seed, "slack")


def test_email_weekly_carries_the_text_review_and_an_escaped_html_part(tmp_path: Path) -> None:
    repo = seed_with_settings(tmp_path / "repo")
    # A rep named with markup, committed before the week's end so that the review names him.
    plan = (repo.path / "crm" / "closed-won.csv").read_text()
    repo.write("crm/closed-won.csv", plan + "Zeta Corp,2026-11-20,1000,12,logistics,<b>Eve</b>,Lee Park\n")
    repo.commit("plan: Zeta Corp", date="2026-11-21T09:00:00+00:00")
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, auth_require_tls=False,
                            authenticator=inbox.authenticator, auth_required=True)
    controller.start()
    try:
        ran = notify(repo.path, "email", "--weekly", "--date", WEEK,
                     env={"HANDOFF_SMTP_URL": f"smtp://{USER}:{SMTP_PASSWORD}@127.0.0.1:{port}"})
    finally:
        controller.stop()
    assert ran.code == 0, ran.err
    assert PASSWORD not in ran.out + ran.err
    [raw] = inbox.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == SUBJECT
    text, html = (part.get_content() for part in message.iter_parts())  # type: ignore[attr-defined]
    assert text.startswith("Weekly review 2026-W47: 2026-11-16 to 2026-11-22")
    assert "- <b>Eve</b>: 1 closed, 0 complete" in text
    assert "<strong>&lt;b&gt;Eve&lt;/b&gt;</strong>" in html and "<b>Eve</b>" not in html
    for name in REPS:
        assert f"<strong>{name}</strong>" in html


def test_weekly_refuses_a_shallow_clone_in_one_line(tmp_path: Path, seed: Path) -> None:
    import subprocess

    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", seed.as_uri(), str(shallow)], check=True)
    ran = notify(shallow, "slack", "--weekly", "--date", WEEK, "--dry-run")
    assert ran.code == 1 and len(ran.lines) == 1
    assert "fetch-depth: 0" in ran.err
