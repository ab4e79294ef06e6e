"""The notify step of the digest workflow `handoff init` writes, run as GitHub runs it
(`bash -eo pipefail`) against a real webhook server on 127.0.0.1: the daily digest to each
channel with a secret, and the weekly review on the configured weekday."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_httpserver import HTTPServer

from handoff.init.scaffold import plan
from notify_kit import seed_with_settings

SECRETS = ("HANDOFF_SLACK_WEBHOOK_URL", "HANDOFF_TEAMS_WEBHOOK_URL", "HANDOFF_SMTP_URL")


def _job() -> dict[str, Any]:
    text = dict(plan("plain", "mkdocs"))[".github/workflows/handoff-digest.yml"].decode()
    job: dict[str, Any] = yaml.safe_load(text)["jobs"]["digest"]
    return job


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_with_settings(tmp_path_factory.mktemp("init-notify") / "repo").path


def run_step(root: Path, weekly_on: str, **secrets: str) -> subprocess.CompletedProcess[str]:
    job = _job()
    step = next(s for s in job["steps"] if "handoff notify" in s.get("run", ""))
    assert set(step["env"]) == set(SECRETS)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDOFF_")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update({"TZ": job["env"]["TZ"], "WEEKLY_ON": weekly_on})
    env.update({name: "" for name in SECRETS} | secrets | {"HANDOFF_NOTIFY_RETRY_BASE": "0.01"})
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=root, env=env,
                          capture_output=True, text=True, check=False, timeout=120)


def test_on_an_ordinary_day_only_the_digest_goes_out(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    done = run_step(seed, "0", HANDOFF_SLACK_WEBHOOK_URL=httpserver.url_for("/hook"))
    assert done.returncode == 0, done.stderr
    [(request, _)] = httpserver.log
    assert json.loads(request.get_data())["blocks"][0]["text"]["text"].startswith("Handoff digest for ")


def test_on_the_weekly_day_the_weekly_review_follows_the_digest(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    today = subprocess.run(["date", "+%u"], capture_output=True, text=True, check=True).stdout.strip()
    done = run_step(seed, today, HANDOFF_TEAMS_WEBHOOK_URL=httpserver.url_for("/hook"))
    assert done.returncode == 0, done.stderr
    titles = [json.loads(r.get_data())["attachments"][0]["content"]["body"][0]["text"] for r, _ in httpserver.log]
    assert len(titles) == 2
    assert titles[0].startswith("Handoff digest for ") and titles[1].startswith("Weekly review ")
    assert done.stdout.splitlines()[1].startswith("handoff: weekly review for ")


def test_a_failed_channel_fails_the_job_without_showing_the_secret(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/services/SECRET", method="POST").respond_with_data("no", status=403)
    done = run_step(seed, "0", HANDOFF_SLACK_WEBHOOK_URL=httpserver.url_for("/services/SECRET"))
    assert done.returncode == 1 and "HTTP 403" in done.stderr and "SECRET" not in done.stderr + done.stdout
