"""`handoff prompt`: the drafting assistant is told exactly the validator's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from authoring_kit import check_one, invoke
from handoff.authoring.prompt import system_prompt, template
from handoff.record import model, text


@pytest.fixture
def prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("prompt")
    assert (code, err) == (0, "")
    return out


def test_the_prompt_is_the_library_text(prompt: str) -> None:
    assert prompt == system_prompt()


@pytest.mark.parametrize("spec", model.FIELDS, ids=lambda s: s.title)
def test_every_field_is_in_the_prompt_with_its_keys_question_and_rule(prompt: str, spec: model.FieldSpec) -> None:
    line = next(ln for ln in prompt.splitlines() if ln.startswith(f"{spec.number}. "))
    assert spec.title.capitalize() in line and spec.asks in line and spec.rule in line
    for key in spec.keys:
        assert f"`{key}`" in line


def test_every_placeholder_and_the_ai_assist_form_are_in_the_prompt(prompt: str) -> None:
    for word in text.PLACEHOLDER_WORDS:
        assert f"`{word}`" in prompt
    assert f"`{model.AI_ASSIST_FORM}`" in prompt


def test_the_prompt_follows_a_change_of_the_models_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = tuple(
        model.FieldSpec(s.number, s.keys, s.title, s.asks, "a list of 2 to 4 strings") if s.number == 2 else s
        for s in model.FIELDS
    )
    monkeypatch.setattr("handoff.authoring.prompt.FIELDS", changed)
    assert "Filled when: a list of 2 to 4 strings." in system_prompt()


def test_the_prompts_template_is_a_draft_the_checker_accepts(tmp_path: Path) -> None:
    header = {"account": "Acme Logistics", "closed": "2026-11-18", "arr": "64000", "term_months": "12",
              "segment": "logistics", "rep": "Dana Ruiz", "cs_owner": "Lee Park"}
    filled = template()
    for key, value in header.items():
        filled = filled.replace(f"{key}: <from the CRM row>", f"{key}: {value}")
    assert "<from the CRM row>" not in filled
    (tmp_path / "records").mkdir()
    (tmp_path / "records/acme-logistics.md").write_text(filled + "\n")
    assert check_one(tmp_path, "records/acme-logistics.md") == ("partial", (1, 2, 3, 4, 5, 6, 7, "ai_assist"), [])
