"""The README's "8am digest" section shows what really arrives: its Slack and email samples
are a dry run over the demo repo (built by demo/build_repo.py) with the section's own
settings, and its workflow lines are the packaged job's."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT
from notify_kit import notify

SECTION = (PROJECT / "README.md").read_text(encoding="utf-8").split("## The 8am digest")[1].split("\n## ")[0]
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", SECTION, flags=re.DOTALL)
SHA = re.compile(r"commit [0-9a-f]{8}")  # the demo's last commit changes with this repo's site pages


def block(lang: str, index: int = 0) -> str:
    return [text for kind, text in BLOCKS if kind == lang][index]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("notify-demo") / "demo"
    subprocess.run([sys.executable, str(PROJECT / "demo" / "build_repo.py"), str(dest), "--force"], check=True,
                   capture_output=True, env=dict(os.environ), timeout=300)
    with (dest / "handoff.toml").open("a", encoding="utf-8") as f:
        f.write("\n" + block("toml"))
    return dest


def slack_as_markup(message: dict[str, Any]) -> str:
    lines: list[str] = []
    for b in message["blocks"]:
        if b["type"] == "header" or "text" in b:
            lines.append(b["text"]["text"])
        elif "fields" in b:
            lines += [f["text"] for f in b["fields"]]
        else:
            lines += [e["text"] for e in b["elements"]]
    return "\n".join(lines) + "\n"


def test_the_slack_sample_is_the_demos_dry_run(demo: Path) -> None:
    ran = notify(demo, "slack", "--date", "2026-11-23", "--dry-run")
    assert ran.code == 0, ran.err
    message = json.loads(ran.out)
    assert block("") == message["text"] + "\n"
    assert SHA.sub("commit X", block("", 1)) == SHA.sub("commit X", slack_as_markup(message))


def test_the_email_sample_is_the_demos_dry_run(demo: Path) -> None:
    ran = notify(demo, "email", "--date", "2026-11-23", "--dry-run")
    assert ran.code == 0, ran.err
    text_part = ran.out.split("--- text/html ---")[0]
    assert SHA.sub("commit X", block("", 2)) == SHA.sub("commit X", text_part.rstrip("\n") + "\n")


def test_the_workflow_lines_are_the_packaged_job() -> None:
    job = files("handoff.notify").joinpath("workflow-job.yml").read_text(encoding="utf-8")
    assert block("yaml") == job[job.index("on:\n"):]
