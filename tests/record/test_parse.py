from __future__ import annotations

import os
from pathlib import Path

import frontmatter
import pytest
import yaml

from handoff.record.parse import Document, ParseError, load, parse_text

RECORD = "---\naccount: Acme\nclosed: 2026-11-18\nlist:\n  - one\n  - two: 2\n---\nBody line\n"


def test_every_key_and_item_keeps_its_file_line() -> None:
    doc = parse_text(RECORD)
    assert isinstance(doc, Document)
    assert doc.line_of("account") == 2
    assert doc.line_of("closed") == 3
    assert doc.line_of("list", 0) == 5
    assert doc.line_of("list", 1, "two") == 6
    assert doc.line_of("nothing-here") == 1
    assert doc.line_of("list", 7, "deep") == 4  # falls back to the nearest key the file has
    assert doc.body == "Body line\n" and doc.body_line == 8


def test_crlf_is_valid_and_remembered() -> None:
    doc = parse_text(RECORD.replace("\n", "\r\n"))
    assert doc.newline == "\r\n"
    assert doc.data["account"] == "Acme" and doc.line_of("list", 1, "two") == 6


def test_yaml_12_scalars_and_plain_dates() -> None:
    doc = parse_text("---\na: 2026-11-18\nb: 0x1F\nc: 1.5e+3\nd: true\ne: ~\nf: '012'\ng: .inf\n---\n")
    import datetime as dt

    assert doc.data == {"a": dt.date(2026, 11, 18), "b": 31, "c": 1500.0, "d": True, "e": None, "f": "012",
                        "g": float("inf")}


@pytest.mark.parametrize(
    ("front", "code"),
    [
        ("a: !!python/object/apply:os.system ['true']", "yaml-tag"),
        ("a: !!binary aGVsbG8=", "yaml-tag"),
        ("a: !!set {x}", "yaml-tag"),
        ("a: &x 1\nb: *x", "yaml-alias"),
        ("a: yes", "yaml-ambiguous"),
        ("a: 0b101", "yaml-ambiguous"),
        ("a: 1e3", "yaml-ambiguous"),
        ("a: 2026-11-18T10:00:00", "yaml-ambiguous"),
        ("a: 1", None),
        ("[a, b]: 1", "yaml-key"),
        ("a: 1\na: 2", "yaml-duplicate-key"),
        ("a: [1, 2", "yaml-syntax"),
    ],
)
def test_yaml_features_a_rep_never_means(front: str, code: str | None) -> None:
    if code is None:
        assert parse_text(f"---\n{front}\n---\n").data == {"a": 1}
        return
    with pytest.raises(ParseError) as info:
        parse_text(f"---\n{front}\n---\n")
    assert info.value.code == code
    assert info.value.line >= 2


def test_billion_laughs_stops_at_the_first_alias_without_expanding() -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 30)]
    with pytest.raises(ParseError) as info:
        parse_text("---\n" + "\n".join(lines) + "\n---\n")
    assert info.value.code == "yaml-alias"


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(ParseError) as info:
        parse_text("---\na: " + "[" * 50000 + "]" * 50000 + "\n---\n")
    assert info.value.code == "yaml-too-deep"
    with pytest.raises(ParseError) as info:
        parse_text("---\na: " + "[" * 2000 + "]" * 2000 + "\n---\n")
    assert info.value.code == "yaml-too-deep"


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with open(big, "wb") as f:
        f.truncate(10 * 1024 * 1024)  # sparse: costs no disk, and is never read
    result = load(big, max_bytes=256 * 1024)
    assert isinstance(result, ParseError) and result.code == "file-too-large"
    assert "10,485,760 bytes" in result.message


def test_symlink_is_not_followed_and_its_target_not_shown(tmp_path: Path) -> None:
    secret = tmp_path / "outside-secret.md"
    secret.write_text(RECORD)
    link = tmp_path / "link.md"
    os.symlink(secret, link)
    result = load(link)
    assert isinstance(result, ParseError) and result.code == "symlink"
    assert "outside-secret" not in result.message


def test_missing_file_is_a_value(tmp_path: Path) -> None:
    result = load(tmp_path / "nope.md")
    assert isinstance(result, ParseError) and result.code == "not-found"


# python-frontmatter's sharp edges (STYLE.md), shown on the library and handled by ours.

def test_sharp_edge_unclosed_block() -> None:
    text = "---\naccount: Acme\nno closing fence\n"
    assert frontmatter.loads(text).metadata == {}
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert info.value.code == "unclosed-front-matter"


def test_sharp_edge_front_matter_list() -> None:
    text = "---\n- a\n- b\n---\nbody\n"
    assert frontmatter.loads(text).metadata == {}
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert info.value.code == "not-a-mapping"


def test_sharp_edge_raw_yaml_errors() -> None:
    text = "---\na: [1\n---\n"
    with pytest.raises(yaml.YAMLError):
        frontmatter.loads(text)
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert isinstance(info.value, ValueError) and info.value.line == 3  # where libyaml gave up


def test_sharp_edge_leading_blank_lines_shift_lines() -> None:
    text = "\n\n---\na: 1\n---\n"
    assert frontmatter.loads(text).metadata == {"a": 1}  # silently accepted, lines now off by two
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert (info.value.code, info.value.line) == ("front-matter", 3)
