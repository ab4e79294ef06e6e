"""The tags of plain scalars are kept between files: a kept tag is the tag a fresh resolve gives,
for every kind of plain scalar, and the store stays within its bound."""

from __future__ import annotations

import pytest

from handoff.record import yamlsafe
from handoff.record.parse import ParseError, parse_text

VALUES = ["12", "012", "0x1F", "1.5", ".inf", "-.Inf", ".nan", "true", "False", "yes", "no", "on", "~", "null",
          "2026-11-18", "2026-1-8", "1e5", "1_000", "12:30", "plain words", "a-b", "+1", "0o17"]


def read(values: list[str]) -> list[object]:
    out: list[object] = []
    for v in values:
        try:
            out.append(parse_text(f"---\nvalue: {v}\n---\n").data["value"])
        except ParseError as e:
            out.append(("refused", e.code))
    return out


def test_kept_tags_read_as_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    yamlsafe._RESOLVED.clear()
    fresh = read(VALUES)
    assert set(VALUES) <= set(yamlsafe._RESOLVED)
    assert repr(read(VALUES)) == repr(fresh)  # now every tag comes from the store (repr: nan != nan)
    assert fresh[0] == 12 and fresh[3] == 1.5 and fresh[9] == ("refused", "yaml-ambiguous")
    monkeypatch.setattr(yamlsafe, "_RESOLVED", {v: yamlsafe.PLAIN[yamlsafe.STR] for v in VALUES})
    assert read(["12"]) == ["12"]  # the store is what answers: a wrong entry would show


def test_the_store_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_REMEMBER_MAX", 10)
    yamlsafe._RESOLVED.clear()
    assert read([f"word{i}" for i in range(25)]) == [f"word{i}" for i in range(25)]
    assert len(yamlsafe._RESOLVED) <= 10
    long = "x" * (yamlsafe._REMEMBER_LEN + 1)
    assert read([long]) == [long] and long not in yamlsafe._RESOLVED
