"""Safe, line-aware YAML for front matter.

The YAML is composed into nodes (libyaml when present), each scalar tagged by our
own resolver, and turned into plain Python values by `handoff.record.walk`, so no
tag can ever construct an object, and every key and list item keeps the line it
came from. Scalars are read the YAML 1.2 way
(`no` is text, `012` is twelve); a plain scalar that a YAML 1.1 reader would
take differently is refused, because the same record must mean the same thing
to every tool that reads it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

Loc = tuple[str | int, ...]

CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, DATE = (CORE + n for n in ("str", "int", "float", "bool", "null", "timestamp"))
MAP, SEQ = CORE + "map", CORE + "seq"

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


def implicit_tag(value: str) -> str:
    """The YAML 1.2 core tag of a plain scalar (plus plain dates)."""
    if value:
        first = value[0]
        for tag, rx, starts in _IMPLICIT:
            if first in starts and rx.match(value):
                return tag
        return STR
    return NULL


# Tags this resolver hands out. A node whose tag is not one of them had a tag
# written in the file (`!!python/object`, `!Ref`, `!!str`), which is refused.
_OURS = "handoff:"
QUOTED, AMBIGUOUS = _OURS + "quoted", _OURS + "ambiguous"
PLAIN = {tag: _OURS + tag for tag in (STR, INT, FLOAT, BOOL, NULL, DATE)}
OURS_MAP, OURS_SEQ = _OURS + "map", _OURS + "seq"


def plain_number(value: float) -> str:
    """A number as plain YAML that every reader takes as that number: never in exponent form
    (`1e-05` is a float in YAML 1.2 and text in YAML 1.1)."""
    text = json.dumps(value)
    return format(Decimal(text), "f") if "e" in text.lower() else text


def ambiguous(value: str) -> bool:
    """True when YAML 1.1 and 1.2 readers take this plain scalar differently."""
    return _AMBIGUOUS.match(value) is not None


class StrictResolver:
    """Names each node's type for the composer (libyaml calls this for every node)."""

    def __init__(self) -> None:
        pass

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0]:
                return QUOTED
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = AMBIGUOUS if _AMBIGUOUS.match(value) else PLAIN[implicit_tag(value)]
                if len(value) <= _REMEMBER_LEN:
                    if len(_RESOLVED) >= _REMEMBER_MAX:
                        _RESOLVED.clear()
                    _RESOLVED[value] = tag
            return tag
        return OURS_MAP if kind is MappingNode else OURS_SEQ


# Plain scalars repeat across records (every key, most enum values): their tags are kept, so
# a tree of 10,000 records resolves each key once rather than once per record.
_RESOLVED: dict[str, str] = {}
_REMEMBER_LEN, _REMEMBER_MAX = 64, 50_000


def _libyaml_parser() -> Any:
    try:
        from yaml import cyaml
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None
    return getattr(cyaml, "CParser", None)


_CParser: Any = _libyaml_parser()
if _CParser is not None:

    class _Composer(_CParser, StrictResolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
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
        if "nesting depth" in what:  # PyYAML 6.0.3+ stops deep nesting itself
            raise YamlProblem("yaml-too-deep", line, "front matter is nested too deeply") from e
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
