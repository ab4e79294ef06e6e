"""`handoff schema`: draft 2020-12, accepts the contract's example and drafts, rejects what `check` calls malformed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from authoring_kit import CONTRACT_EXAMPLE, check_one, invoke, make_repo
from gitrepo import GitRepo
from handoff.authoring.schema import placeholder_pattern, record_schema
from handoff.record.parse import parse_text
from handoff.record.text import is_placeholder

VALIDATOR = Draft202012Validator(record_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _json(value: Any) -> Any:
    """Front matter as an editor's YAML 1.2 reader hands it to the schema: dates are text."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))


def _front(text: str) -> Any:
    return _json(parse_text(text).data)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = record_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["account", "closed", "arr", "term_months", "segment", "rep"]
    assert schema["properties"]["risk_flags"]["title"] == "field 5 (risk flags)"


def test_the_contract_example_is_valid() -> None:
    assert list(VALIDATOR.iter_errors(_front(CONTRACT_EXAMPLE))) == []


def test_a_draft_written_by_handoff_new_is_valid(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(git_repo)
    monkeypatch.chdir(git_repo.path)
    invoke("new", "Acme Logistics")
    assert list(VALIDATOR.iter_errors(_front((git_repo.path / "records/acme-logistics.md").read_text()))) == []


MALFORMED = {
    "arr-50k": ("arr: 64000", "arr: 50K"),
    "arr-dollars": ("arr: 64000", 'arr: "$50,000"'),
    "arr-negative": ("arr: 64000", "arr: -1"),
    "term-zero": ("term_months: 12", "term_months: 0"),
    "term-text": ("term_months: 12", 'term_months: "12"'),
    "unknown-key": ("risk_flags:", "risk_flag:"),
    "stage-won": ("stage: closed-won", "stage: won"),
    "closed-not-a-date": ("closed: 2026-11-18", 'closed: "18.11.2026"'),
    "no-account": ("account: Contract Example\n", ""),
    "criteria-as-text": ("decision_criteria:\n  - Works with their existing TMS without a rebuild\n"
                         "  - Live within 30 days\n  - Per-route pricing, not per-seat\n",
                         "decision_criteria: Live within 30 days\n"),
    "champion-unknown-key": ("  stake: Owns", "  stakes: Owns"),
    "target-as-words": ("  target: 7", "  target: half"),
    "rejected-without-reason": ("  status: accepted", "  status: rejected"),
    "review-status": ("  status: accepted", "  status: ok"),
    "account-placeholder": ("account: Contract Example", 'account: "[NAME]"'),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_records_are_rejected_by_the_schema_and_by_check(tmp_path: Path, case: str) -> None:
    old, new = MALFORMED[case]
    assert old in CONTRACT_EXAMPLE
    text = CONTRACT_EXAMPLE.replace(old, new, 1)
    assert list(VALIDATOR.iter_errors(_front(text))) != [], case
    (tmp_path / "records").mkdir()
    (tmp_path / "records/contract-example.md").write_text(text)
    assert check_one(tmp_path, "records/contract-example.md")[2] != [], case  # the checker agrees


@pytest.mark.parametrize("text", [
    "[NAME]", "Cut errors by [N]%", "TBD", "tbd.", " todo ", "N/A", "n/a", "?", "...", "-", "Lorem ipsum dolor",
    "", "   ", "(TBD)", "See [the deck](https://x.test)", "[ref][1]", "Real text", "TBDs remain", "N/A yet",
    "a - b", "Todo list app",
])
def test_the_placeholder_pattern_agrees_with_the_checker(text: str) -> None:
    assert (re.search(placeholder_pattern(), text) is not None) == is_placeholder(text), text


def test_extra_keys_from_handoff_toml_are_allowed(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo.write("handoff.toml", 'extra_keys = ["deal_id"]\n')
    monkeypatch.chdir(git_repo.path)
    code, out, _ = invoke("schema")
    schema = json.loads(out)
    assert code == 0 and "deal_id" in schema["properties"]
    front = _front(CONTRACT_EXAMPLE.replace("stage:", "deal_id: 4711\nstage:"))
    assert list(Draft202012Validator(schema).iter_errors(front)) == []
    assert list(VALIDATOR.iter_errors(front)) != []


def test_schema_prints_outside_a_repo_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("schema")
    assert (code, err) == (0, "") and json.loads(out) == record_schema()
