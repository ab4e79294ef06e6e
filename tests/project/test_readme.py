"""The README keeps its promises: every hook id documented, the two commands real."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]
README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_every_hook_id_is_in_the_readme() -> None:
    manifest = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    ids = [hook["id"] for hook in manifest]
    assert ids
    for hook_id in ids:
        assert hook_id in README, f"hook {hook_id} is not documented in README.md"


def test_the_two_commands_are_make_targets_and_ci_runs_the_test_one() -> None:
    commands = re.findall(r"^make (\w+)", README, flags=re.MULTILINE)
    assert commands[:2] == ["demo", "test"]
    makefile = (PROJECT / "Makefile").read_text()
    for target in commands[:2]:
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE)
    ci = (PROJECT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)


def test_no_tests_collected_fails_make_test() -> None:
    makefile = (PROJECT / "Makefile").read_text()
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "-eq 5" in recipe and "exit 1" in recipe
