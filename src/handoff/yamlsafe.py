"""Safe, line-aware YAML for front matter.

The YAML is composed into nodes (libyaml when present) and turned into plain
Python values here, so no tag can ever construct an object, and every key and
list item keeps the line it came from. Scalars are read the YAML 1.2 way
(`no` is text, `012` is twelve); a plain scalar that a YAML 1.1 reader would
take differently is refused, because the same record must mean the same thing
to every tool that reads it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

Loc = tuple[str | int, ...]

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, DATE = (_T + n for n in ("str", "int", "float", "bool", "null", "timestamp"))
MAP, SEQ = _T + "map", _T + "seq"

# YAML 1.2 core schema, plus plain YYYY-MM-DD dates (the contract writes them unquoted).
_IMPLICIT: list[tuple[str, re.Pattern[str], str]] = [
    (NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    (BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    (
        FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+.0123456789",
    ),
    (DATE, re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), "0123456789"),
]

# Plain scalars a YAML 1.1 reader (PyYAML's default, many editors) turns into
# something else than the text a rep sees: booleans, octal and sexagesimal
# numbers, underscores, short dates, exponent floats without a dot.
_AMBIGUOUS = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?0[0-9_]+"
    r"|[-+]?0b[01_]+"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"
    r"|[-+]?[0-9]+[eE][-+]?[0-9]+|[-+]?[0-9]*\.[0-9]*[eE][0-9]+"
    r"|(?![0-9]{4}-[0-9]{2}-[0-9]{2}$)[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+).*)?)$"
)


class StrictResolver(BaseResolver):
    pass


for _tag, _rx, _first in _IMPLICIT:
    StrictResolver.add_implicit_resolver(_tag, _rx, list(_first))


def implicit_tag(value: str) -> str:
    if value:
        first = value[0]
        for tag, rx, starts in _IMPLICIT:
            if first in starts and rx.match(value):
                return tag
        return STR
    return NULL


_CParser = getattr(yaml, "CParser", None)
if _CParser is not None:

    class _Composer(_CParser, StrictResolver):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)  # type: ignore[misc]
            StrictResolver.__init__(self)

else:  # pragma: no cover - libyaml is in every PyYAML wheel we support

    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Composer(Reader, Scanner, Parser, Composer, StrictResolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            StrictResolver.__init__(self)


class YamlProblem(ValueError):
    """A YAML problem at a 0-based line of the YAML text."""

    def __init__(self, code: str, line: int, message: str) -> None:
        super().__init__(message)
        self.code, self.line, self.message = code, line, message


# libyaml recurses in C: tens of thousands of nested brackets crash the
# interpreter. Each level needs one of these characters, so their count bounds
# the depth and is cheap to take.
_MAX_NESTING_CHARS = 8000


def compose(text: str) -> Node | None:
    if sum(text.count(c) for c in "[{-?") > _MAX_NESTING_CHARS:
        raise YamlProblem("yaml-too-deep", 0, "front matter is nested too deeply or too long")
    loader = _Composer(text)
    try:
        node: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = " ".join(p for p in (e.context, e.problem) if p)
        line = mark.line if mark is not None else 0
        raise YamlProblem("yaml-syntax", line, f"YAML syntax: {what}") from e
    except yaml.YAMLError as e:
        raise YamlProblem("yaml-syntax", 0, f"YAML syntax: {e}") from e
    finally:
        loader.dispose()
    if "&" in text:
        _refuse_anchors(text)
    return node


def _refuse_anchors(text: str) -> None:
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        anchor = getattr(event, "anchor", None)
        if anchor and event.start_mark is not None:
            raise YamlProblem(
                "yaml-alias", event.start_mark.line, f"YAML anchor `&{anchor}` is not allowed; write each value out"
            )


class Walker:
    """Turns a node tree into plain values and records the line of every location."""

    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.lines: dict[Loc, int] = {}
        self._seen: set[int] = set()

    def value(self, node: Node, loc: Loc = ()) -> Any:
        line = node.start_mark.line + self.offset
        self.lines[loc] = line
        if id(node) in self._seen:
            raise YamlProblem("yaml-alias", node.start_mark.line, "YAML aliases (`*name`) are not allowed")
        self._seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, MappingNode):
            if node.tag != MAP:
                raise _tag_problem(node)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag not in (STR, implicit_tag(key_node.value)):
                    raise YamlProblem("yaml-key", key_node.start_mark.line, "keys must be plain words")
                key = key_node.value
                if key in out:
                    first = self.lines[(*loc, key)]
                    raise YamlProblem(
                        "yaml-duplicate-key",
                        key_node.start_mark.line,
                        f"duplicate key `{key}` (first on line {first})",
                    )
                out[key] = self.value(value_node, (*loc, key))
                self.lines[(*loc, key)] = key_node.start_mark.line + self.offset
            return out
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                raise _tag_problem(node)
            return [self.value(item, (*loc, i)) for i, item in enumerate(node.value)]
        raise _tag_problem(node)  # pragma: no cover - composer yields only these three

    def _scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        plain = node.style is None
        expected = implicit_tag(value) if plain else STR
        tag = node.tag
        if tag != expected:
            raise _tag_problem(node)
        if plain and _AMBIGUOUS.match(value):
            raise YamlProblem(
                "yaml-ambiguous",
                node.start_mark.line,
                f"`{value}` reads differently in YAML 1.1 and 1.2 tools; "
                f"quote it (\"{value}\") or write it plainly (dates YYYY-MM-DD, numbers 50000)",
            )
        if tag == STR:
            return value
        if tag == INT:
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if tag == FLOAT:
            low = value.lower()
            if low.endswith("inf"):
                return float("-inf") if low.startswith("-") else float("inf")
            return float("nan") if low.endswith("nan") else float(value)
        if tag == BOOL:
            return value.lower() == "true"
        if tag == DATE:
            try:
                return dt.date.fromisoformat(value)
            except ValueError as e:
                raise YamlProblem("yaml-date", node.start_mark.line, f"`{value}` is not a real date") from e
        return None


def _tag_problem(node: Node) -> YamlProblem:
    tag = node.tag.replace(_T, "!!")
    return YamlProblem("yaml-tag", node.start_mark.line, f"YAML tag `{tag}` is not allowed; write plain values")
