"""Small text rules shared by the checker, the commands and the site."""

from __future__ import annotations

import difflib
import re
import string
import unicodedata
from collections.abc import Iterable

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """`Acme Logistics, Inc.` -> `acme-logistics-inc`; accents fold to ASCII (`Über` -> `uber`)."""
    if name.isascii():  # NFKD and the ASCII fold leave ASCII as it is
        return _NON_ALNUM.sub("-", name.lower()).strip("-")
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_ALNUM.sub("-", ascii_only).strip("-")


PLACEHOLDER_WORDS = ("TBD", "TODO", "N/A", "n/a", "?", "...", "-", "lorem ipsum")
_WORDS = frozenset(w.lower() for w in PLACEHOLDER_WORDS)
# `[NAME]`, `[1-2 sentences]`, `[1]` as in the template; `[text](url)` and `[text][ref]` are links.
_BRACKET = re.compile(r"\[[^\[\]\n]*\](?![(\[])")


# Whitespace and punctuation ignored around a placeholder: ASCII, plus the typographic
# marks editors substitute (ellipsis, dashes, curly quotes).
_EDGES = string.whitespace + string.punctuation + "\u00a0\u2026\u2013\u2014\u2018\u2019\u201c\u201d\u00ab\u00bb"


def is_placeholder(text: str) -> bool:
    """True for text a rep has not really written yet (the contract's placeholder list)."""
    if "[" in text and _BRACKET.search(text):
        return True
    core = text.strip(_EDGES).lower()
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


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 record`, `3 records` (`many` when the plural is not `one` + s)."""
    return f"{count} {one if count == 1 else many or one + 's'}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def md(text: str) -> str:
    """Text safe inside markdown: one line, HTML characters as entities, markdown marks escaped."""
    flat = one_line(text, 400).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)
