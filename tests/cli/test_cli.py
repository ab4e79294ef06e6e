from __future__ import annotations

import pytest
from click.testing import CliRunner

from handoff.cli.main import _LAZY, cli

CONTRACT_COMMANDS = ["check", "checkin", "checkins", "cohort", "crm", "diff", "digest", "init", "mcp", "new", "notify",
                     "pages", "prompt", "review", "schema", "weekly"]


def test_the_contracts_commands_are_all_there() -> None:
    result = CliRunner().invoke(cli, ["--help"], catch_exceptions=False)
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == CONTRACT_COMMANDS == sorted(_LAZY)


@pytest.mark.parametrize("name", CONTRACT_COMMANDS)
def test_every_command_loads_and_explains_itself(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli {name}") or result.output.startswith(f"Usage: handoff {name}")


def test_unknown_command_is_a_usage_error() -> None:
    assert CliRunner().invoke(cli, ["chekc"]).exit_code == 2
