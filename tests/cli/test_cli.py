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


def test_a_run_about_to_exit_quickly_keeps_its_objects_to_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    from handoff.cli import options

    monkeypatch.setattr(options, "QUICK_EXIT", [])
    monkeypatch.setattr(options, "KEPT", [])
    held = object()
    options.keep_until_exit(held)
    assert options.KEPT == []  # no quick exit asked for: nothing outlives the command
    options.exit_quickly()
    options.keep_until_exit(held)
    assert options.KEPT == [held]
    other = object()
    options.keep_until_exit(other)
    assert options.KEPT == [other]  # one run's objects at most


def test_the_collector_is_paused_and_what_was_built_frozen_only_when_the_process_ends(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from handoff.cli import options

    monkeypatch.setattr(options, "QUICK_EXIT", [])
    monkeypatch.setattr(options, "ENDING", [])
    frozen = gc.get_freeze_count()
    try:
        with options.collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() and gc.get_freeze_count() == frozen  # a caller's own run: nothing frozen
        options.exit_quickly()
        with options.collector_paused():
            pass
        assert gc.get_freeze_count() == frozen  # asked for, but not under `main`: the process goes on
        options.ENDING.append(True)
        kept = [object() for _ in range(1000)]  # tracked objects built while paused
        with options.collector_paused():
            kept.append([])
        assert gc.isenabled() and gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()


def test_main_says_the_process_ends_only_while_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from handoff.cli import options
    from handoff.cli.main import main

    seen: list[list[bool]] = []
    monkeypatch.setattr("handoff.cli.main.cli.main", lambda **_kw: seen.append(list(options.ENDING)))
    main(["--version"])
    assert seen == [[True]] and options.ENDING == []


def test_pydantic_plugins_are_off_unless_the_user_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from handoff.cli.main import main

    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some_plugin")
    with pytest.raises(SystemExit):
        main(["--version"])
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "some_plugin"
