"""Plain prose bodies skip Python-Markdown: wherever the short path answers, its HTML is Python-
Markdown's own, checked on thousands of bodies mixing prose with every character Markdown reads."""

from __future__ import annotations

import random
from pathlib import Path

from handoff.record.parse import load
from handoff.site.html import _PROSE, _markdown, body_html, plain_paragraphs, sanitise, text

PIECES = ["Priya", "Shah", "wants", "the", "depots", "live", "2026", "14", "9", "per", "1,000", "é", "Ünal", " ", " ",
          "  ", ".", ",", ";", ":", "?", "!", "'", '"', "(", ")", "/", "%", "$", "@", "+", "=", "-", "--", "---",
          "\n", "\n", "\n\n", "\n\n\n", "\n ", "\n    ", "1.", "2)", "*", "_", "**", "#", "##", ">", "<b>", "&",
          "&amp;", "`", "[", "]", "![", "|", "~~~", "```", "\t", "\\", "===", "  \n", "\r\n", "\u00a0", "x_y"]
REPO = Path(__file__).resolve().parents[2]


def markdown(body: str) -> str:
    return _markdown().reset().convert(text(body))


def test_the_short_path_gives_python_markdowns_html() -> None:
    rng = random.Random(20261201)
    taken = 0
    for n in range(6000):
        pieces = PIECES if n % 2 else PIECES[:35]  # half the bodies from prose-only pieces
        body = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40)))
        got = plain_paragraphs(text(body))
        if got is not None:
            taken += 1
            assert got == markdown(body), repr(body)
    assert taken > 1000  # the comparison really ran on many bodies


def test_the_example_records_take_the_short_path() -> None:
    bodies = [load(p).body for p in sorted((REPO / "records").glob("*.md"))]
    assert bodies and all(plain_paragraphs(text(b.strip())) == markdown(b.strip()) for b in bodies)


def test_the_sanitiser_leaves_the_short_paths_html_as_it_is() -> None:
    # The short path's HTML is not sanitised again: it must be what nh3 gives back unchanged,
    # for every character the short path lets through (every letter and digit of Unicode).
    chars = [c for c in map(chr, range(0x110000)) if _PROSE.fullmatch(f"a{c}z")]
    assert len(chars) > 100_000 and "&" not in chars and "<" not in chars
    lines = ["a" + "".join(chars[k:k + 400]) + "z" for k in range(0, len(chars), 400)]
    for k in range(0, len(lines), 20):
        body = "\n\n".join(lines[k:k + 20]) + "\nA second line.\n"
        got = plain_paragraphs(body)
        assert got is not None, body[:80]
        assert sanitise(got) == got
        assert body_html(body) == got


def test_bodies_are_sanitised_markdown_either_way() -> None:
    rng = random.Random(20261203)
    for _ in range(3000):
        body = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 40)))
        assert body_html(body) == sanitise(markdown(body)), repr(body)


def test_markup_goes_the_long_way() -> None:
    for body in ["- one\n- two", "1. first", "Call *now*", "a <b>b</b>", "A & B", "Title\n===", "    code",
                 "line  \nbreak", "see [x](y)", "a | b\n--|--\n1 | 2", "snake_case", "tab\there"]:
        assert plain_paragraphs(body) is None, body
