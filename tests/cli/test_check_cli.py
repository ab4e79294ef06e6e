from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handoff.cli.main import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "example-files"
GOOD = EXAMPLES / "records" / "positive" / "contract-example.md"
COHORT = EXAMPLES / "cohorts" / "positive" / "2026-W46-logistics.md"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # a root marker is all `check` needs; it never runs git
    for folder in ("records", "cohorts"):
        (tmp_path / folder).mkdir()
    shutil.copyfile(GOOD, tmp_path / "records" / "contract-example.md")
    shutil.copyfile(COHORT, tmp_path / "cohorts" / COHORT.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_clean_repo_exits_zero_with_a_summary(repo: Path) -> None:
    summary = "checked 1 record (1 complete, 0 partial) and 1 cohort: 0 invalid, 0 errors, 0 warnings\n"
    assert run("check") == (0, summary)


def test_findings_are_path_line_code_message_and_exit_one(repo: Path) -> None:
    bad = (repo / "records" / "contract-example.md").read_text().replace("risk_flags:", "risk_flag:")
    (repo / "records" / "contract-example.md").write_text(bad)
    code, out = run("check")
    assert code == 1
    assert out.splitlines()[0] == (
        "records/contract-example.md:28: unknown-key unknown key `risk_flag`; did you mean `risk_flags`?"
    )


def test_every_file_is_checked_before_exiting(repo: Path) -> None:
    (repo / "records" / "broken-one.md").write_text("no front matter\n")
    (repo / "records" / "broken-two.md").write_text("---\na: [\n---\n")
    code, out = run("check")
    assert code == 1
    assert "records/broken-one.md:1: no-front-matter" in out and "records/broken-two.md:3: yaml-syntax" in out
    assert out.endswith("checked 3 records (1 complete, 0 partial) and 1 cohort: 2 invalid, 2 errors, 0 warnings\n")


def test_paths_are_relative_to_the_root_from_a_subdirectory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "records")
    (repo / "records" / "x.md").write_text("nope\n")
    code, out = run("check", "x.md")
    assert (code, out.splitlines()[0]) == (1, "records/x.md:1: no-front-matter has no front matter; "
                                              "start the file with a `---` line")


def test_json_lists_status_missing_and_findings_per_file(repo: Path) -> None:
    draft = EXAMPLES / "records" / "positive" / "draft-missing-5-and-7.md"
    shutil.copyfile(draft, repo / "records" / draft.name)
    code, out = run("check", "--format", "json")
    data = json.loads(out)
    assert code == 0
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path["records/draft-missing-5-and-7.md"]["status"] == "partial"
    assert by_path["records/draft-missing-5-and-7.md"]["missing"] == [5, 7]
    assert by_path["records/contract-example.md"] == {
        "path": "records/contract-example.md", "kind": "record", "status": "complete", "missing": [], "findings": []}
    assert by_path["cohorts/2026-W46-logistics.md"]["status"] == "valid"
    assert data["summary"]["partial"] == 1
    finding = by_path["records/draft-missing-5-and-7.md"]["findings"][0]
    assert finding == {"line": 28, "code": "missing-field", "severity": "info",
                       "message": "field 5 (risk flags) is not filled: risk flag 1 is still a placeholder"}


def test_github_annotations(repo: Path) -> None:
    (repo / "records" / "odd,name.md").write_text("---\naccount: x\n")
    code, out = run("check", "--format", "github", "records/odd,name.md")
    assert code == 1
    assert out == ("::error file=records/odd%2Cname.md,line=1,title=unclosed-front-matter::"
                   "front matter opened on line 1 is never closed by `---`\n")


def test_warnings_print_but_exit_zero(repo: Path) -> None:
    shutil.copyfile(EXAMPLES / "records" / "positive" / "html-in-field.md", repo / "records" / "html-in-field.md")
    code, out = run("check", "records/html-in-field.md")
    assert code == 0
    assert "html warning: `champion.name` contains HTML" in out


def test_unknown_format_is_a_usage_error(repo: Path) -> None:
    assert run("check", "--format", "xml")[0] == 2


def test_missing_path_is_a_finding(repo: Path) -> None:
    assert run("check", "records/nope.md") == (
        1, "records/nope.md:1: not-found no such file\n"
           "checked 1 record (0 complete, 0 partial) and 0 cohorts: 1 invalid, 1 error, 0 warnings\n")


def test_a_folder_argument_checks_the_markdown_inside(repo: Path) -> None:
    (repo / "records" / "notes.txt").write_text("not a record")
    code, out = run("check", "records")
    summary = "checked 1 record (1 complete, 0 partial) and 0 cohorts: 0 invalid, 0 errors, 0 warnings\n"
    assert (code, out) == (0, summary)


def test_control_characters_in_file_names_stay_on_one_line(repo: Path) -> None:
    (repo / "records" / "evil\nname.md").write_text("x")
    code, out = run("check", "records/evil\nname.md")
    assert code == 1
    assert out.splitlines()[0].startswith("records/evil\\nname.md:1: no-front-matter")


def test_extra_keys_from_handoff_toml(repo: Path) -> None:
    text = (repo / "records" / "contract-example.md").read_text().replace("stage:", "deal_id: 0061x\nstage:")
    (repo / "records" / "contract-example.md").write_text(text)
    assert run("check")[0] == 1
    (repo / "handoff.toml").write_text('extra_keys = ["deal_id"]\n')
    assert run("check")[0] == 0


def test_bad_handoff_toml_is_a_finding(repo: Path) -> None:
    (repo / "handoff.toml").write_text('currency = "USD"\ndays = = 3\n')
    code, out = run("check")
    assert code == 1
    assert out.startswith("handoff.toml:2: config TOML syntax:")
    assert out.endswith("checked 0 records (0 complete, 0 partial) and 0 cohorts: 1 invalid, 1 error, 0 warnings\n")


def test_outside_any_repo_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "not inside a handoff repo" in result.output


def test_a_key_with_a_newline_stays_on_one_line(repo: Path) -> None:
    text = (repo / "records" / "contract-example.md").read_text().replace("stage:", '"risk\\nflags": 1\nstage:')
    (repo / "records" / "contract-example.md").write_text(text)
    code, out = run("check")
    assert code == 1
    assert out.splitlines()[0] == (
        "records/contract-example.md:9: unknown-key unknown key `risk\\nflags`; did you mean `risk_flags`?"
    )
