"""`handoff schema`: JSON Schema (draft 2020-12) of a record's front matter, for editors and other tools.

Built from `model.Record` (the validator's own model) and `model.FIELDS`, so it cannot
drift from `handoff check`. It describes a *well-formed* record, in any stage: what
`handoff check` never fails as malformed (types, required header keys, unknown keys,
`arr` as a plain number, the review rules). It does not ask for the seven fields to be
filled, because a draft may be partial: the template's placeholders (`[N]`, `TBD`, ...)
are accepted where a number or date goes, exactly as the checker reads them as "not
filled yet". Completeness is `handoff check`'s job, as is "the cohort file exists".
"""

from __future__ import annotations

import copy
import re
from typing import Any

from handoff.record.model import FIELD_BY_KEY, Record
from handoff.record.text import PLACEHOLDER_WORDS

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
HEADER: dict[str, str] = {
    "account": "The customer's name; its slug (lower-case, runs of other characters as `-`) is the file name.",
    "closed": "The Closed-Won date, YYYY-MM-DD.",
    "arr": "Annual recurring revenue in the repo's currency, a plain number: `arr: 50000`, not `50K` or `$50,000`.",
    "term_months": "Contract term in months, 1 to 120.",
    "segment": "The vertical or segment; picks the lost-deal cohort.",
    "rep": "The sales rep who owns the record.",
    "cs_owner": "The CS lead taking the account (optional).",
    "stage": "`draft` may be partial; `closed-won` must pass the 7-field completeness check.",
    "review": "Set by CS in the pull request: status pending, accepted or rejected; `by`; `reason` when rejected.",
    "checkin": "Set by CS at the check-in (`handoff checkin`): the measured `value` of the success metric, its "
               "`date`, and a `note` on what the customer thought they bought. A metrics export's value wins.",
}
_EDGE = r"""[\s.,;:!?'"`*_()\-]*"""


def placeholder_pattern() -> str:
    """An ECMA-262 pattern matching the text `handoff.record.text.is_placeholder` calls a placeholder."""
    words = list(dict.fromkeys(_caseless(w) for w in PLACEHOLDER_WORDS if w.strip(".?-")))
    lorem = next(w for w in words if " " in w)  # the one the checker matches as a prefix
    words.remove(lorem)
    return rf"\[[^\[\]\n]*\](?![(\[])|^{_EDGE}(?:{'|'.join(words)}|{lorem}.*|){_EDGE}$"


def _caseless(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c if c in " /" else re.escape(c) for c in word)


def record_schema(extra_keys: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The schema; keys a repo allows in `handoff.toml` `extra_keys` are accepted with any value."""
    base = copy.deepcopy(Record.model_json_schema())
    _tidy(base)
    props: dict[str, Any] = base["properties"]
    placeholder = {"type": "string", "pattern": placeholder_pattern(), "description": "a template placeholder"}
    for key, prop in props.items():
        spec = FIELD_BY_KEY.get(key)
        if spec is not None:
            prop["title"] = spec.label
            prop["description"] = f"{spec.asks} Filled when: {spec.rule}."
        else:
            prop["description"] = HEADER[key]
            if key in ("account", "segment", "rep", "cs_owner"):
                prop["not"] = {"type": "string", "pattern": placeholder_pattern()}
    for name in ("baseline", "target", "due"):
        metric = base["$defs"]["SuccessMetric"]["properties"][name]
        metric["anyOf"].append(placeholder)
    review = base["$defs"]["Review"]
    review["allOf"] = [
        {"if": {"properties": {"status": {"const": "rejected"}}},
         "then": {"required": ["by", "reason"], "properties": {"reason": {"type": "string"}}}},
        {"if": {"properties": {"status": {"const": "accepted"}}}, "then": {"required": ["by"]}},
    ]
    for key in sorted(extra_keys):
        props.setdefault(key, {"description": "a key this repo allows in handoff.toml `extra_keys`"})
    return {
        "$schema": SCHEMA_DRAFT,
        "title": "handoff record front matter",
        "description": "The front matter of records/<slug>.md (the handoff contract, v1). "
                       "Well-formed in any stage; completeness is checked by `handoff check`.",
        "type": "object",
        "required": base["required"],
        "properties": props,
        "additionalProperties": False,
        "$defs": base["$defs"],
    }


def _tidy(node: Any) -> None:
    """pydantic's output, made plain: `int | float` as one number type, `ge` as `minimum`, no default titles."""
    if isinstance(node, list):
        for item in node:
            _tidy(item)
        return
    if not isinstance(node, dict):
        return
    node.pop("title", None)
    if "ge" in node:
        node["minimum"] = node.pop("ge")
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "integer"} in options and {"type": "number"} in options:
        options.remove({"type": "integer"})
        if len(options) == 1:
            del node["anyOf"]
            node.update(options[0])
    for key, value in list(node.items()):
        if key != "properties":
            _tidy(value)
        else:
            for prop in value.values():
                _tidy(prop)
