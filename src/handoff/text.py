"""Small text rules shared by the checker, the commands and the site."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """`Acme Logistics, Inc.` -> `acme-logistics-inc`; accents fold to ASCII (`Über` -> `uber`)."""
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_ALNUM.sub("-", ascii_only).strip("-")


PLACEHOLDER_WORDS = ("TBD", "TODO", "N/A", "n/a", "?", "...", "-", "lorem ipsum")
_WORDS = frozenset(w.lower() for w in PLACEHOLDER_WORDS)
# `[NAME]`, `[1-2 sentences]`, `[1]` as in the template; `[text](url)` and `[text][ref]` are links.
_BRACKET = re.compile(r"\[[^\[\]\n]*\](?![(\[])")


def _strip_punct(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"


def is_placeholder(text: str) -> bool:
    """True for text a rep has not really written yet (the contract's placeholder list)."""
    stripped = text.strip()
    if _BRACKET.search(stripped):
        return True
    core = _strip_punct(stripped).lower()
    if not core or core in _WORDS:
        return True
    return core.startswith("lorem ipsum")


_HTML = re.compile(r"<\s*[a-zA-Z!/?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    return _HTML.search(text) is not None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{match[0]}`?" if match else ""


def one_line(text: str, limit: int = 80) -> str:
    """Text safe to put inside a one-line message: control characters escaped, long text cut."""
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"
