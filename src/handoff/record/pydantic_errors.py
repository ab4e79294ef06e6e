"""Turn pydantic's validation errors into one short message per location, in the contract's words."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from handoff.record.text import one_line
from handoff.record.yamlsafe import Loc

# Names pydantic appends to a location for the members of a union (`int | float`).
_UNION_MEMBERS = frozenset({"int", "float", "str", "bool", "date"})
_PLAIN = {
    "model_type": "should be `key: value` lines (a mapping)",
    "dict_type": "should be `key: value` lines (a mapping)",
    "list_type": "should be a list (`- item` lines)",
    "string_type": "should be text",
    "string_too_short": "should not be empty",
}


def type_errors(error: ValidationError, skip_missing_keys: bool) -> Iterator[tuple[Loc, str]]:
    """(location, message) per bad location; a number that is neither int nor float is said once.

    With `skip_missing_keys`, missing top-level keys are left out (the caller reports them itself).
    """
    grouped: dict[Loc, list[dict[str, Any]]] = {}
    for err in error.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        while loc and loc[-1] in _UNION_MEMBERS:
            loc = loc[:-1]
        if err["type"] == "extra_forbidden" or (skip_missing_keys and err["type"] == "missing" and len(loc) == 1):
            continue  # unknown and missing keys are reported with did-you-mean by the checker
        grouped.setdefault(loc, []).append(dict(err))
    for loc, errs in grouped.items():
        where = ".".join(str(p + 1) if isinstance(p, int) else p for p in loc)
        first = errs[0]
        if first["type"] == "missing":
            yield loc, f"missing key `{where}`"
            continue
        if len(errs) > 1:
            message = "should be a number"
        else:
            message = _PLAIN.get(first["type"]) or str(first["msg"]).replace("Input should be", "should be")
            message = message.replace("Value error, ", "")
        yield loc, f"`{where}` {message}, found {one_line(repr(first.get('input')), 40)}"
