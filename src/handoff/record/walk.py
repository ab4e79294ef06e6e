"""Composed front matter turned into plain values: each key's and list item's line kept,
each scalar read by the tag `handoff.record.yamlsafe` resolved for it (YAML 1.2, plus plain
dates), and anything else (a tag, a key that is not text, a duplicate) a `YamlProblem`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yaml.nodes import Node

from handoff.record.yamlsafe import (
    AMBIGUOUS,
    BOOL,
    CORE,
    DATE,
    FLOAT,
    INT,
    NULL,
    OURS_MAP,
    OURS_SEQ,
    PLAIN,
    QUOTED,
    STR,
    Loc,
    YamlProblem,
)


def _date(value: str, line: int) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise YamlProblem("yaml-date", line, f"`{value}` is not a real date") from e


def _float(value: str) -> float:
    low = value.lower()
    if low.endswith("inf"):
        return float("-inf") if low.startswith("-") else float("inf")
    return float("nan") if low.endswith("nan") else float(value)


def _ambiguous(value: str, line: int) -> Any:
    raise YamlProblem("yaml-ambiguous", line, f"`{value}` reads differently in YAML 1.1 and 1.2 tools; "
                      f"quote it (\"{value}\") or write it plainly (dates YYYY-MM-DD, numbers 50000)")


def _int(v: str, line: int) -> int:  # Python refuses to read an integer of over 4,300 digits
    if len(v) > 40:
        raise YamlProblem("yaml-number", line, f"a number of {len(v)} characters is too long (at most 40)")
    return int(v, 0) if v[:2] in ("0o", "0x") else int(v)


_SCALARS: dict[str, Any] = {
    PLAIN[INT]: _int,
    PLAIN[FLOAT]: lambda v, _line: _float(v),
    PLAIN[BOOL]: lambda v, _line: v.lower() == "true",
    PLAIN[NULL]: lambda _v, _line: None,
    PLAIN[DATE]: _date,
    AMBIGUOUS: _ambiguous,
}
_TEXT = frozenset({QUOTED, PLAIN[STR]})
_KEYS = frozenset({QUOTED, *PLAIN.values()})


class Walker:
    """Turns a node tree into plain values and records the line of every key and list item."""

    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.lines: dict[Loc, int] = {}

    def value(self, node: Node, loc: Loc = ()) -> Any:
        tag = node.tag
        if tag in _TEXT:
            return node.value
        if tag == OURS_MAP:
            out: dict[str, Any] = {}
            lines = self.lines
            for key_node, value_node in node.value:
                if key_node.tag not in _KEYS:
                    raise YamlProblem("yaml-key", key_node.start_mark.line, "keys must be plain words")
                key = key_node.value
                where = (*loc, key)
                if key in out:
                    raise YamlProblem(
                        "yaml-duplicate-key",
                        key_node.start_mark.line,
                        f"duplicate key `{key}` (first on line {lines[where]})",
                    )
                lines[where] = key_node.start_mark.line + self.offset
                out[key] = self.value(value_node, where)
            return out
        if tag == OURS_SEQ:
            items = []
            for i, item in enumerate(node.value):
                where = (*loc, i)
                self.lines[where] = item.start_mark.line + self.offset
                items.append(self.value(item, where))
            return items
        convert = _SCALARS.get(tag)
        if convert is None:
            raise _tag_problem(node)
        return convert(node.value, node.start_mark.line)


def _tag_problem(node: Node) -> YamlProblem:
    tag = node.tag.replace(CORE, "!!")
    return YamlProblem("yaml-tag", node.start_mark.line, f"YAML tag `{tag}` is not allowed; write plain values")
