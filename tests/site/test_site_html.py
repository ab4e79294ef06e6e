"""The site's building blocks: escaping, the body sanitiser, SVG charts, links, options."""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import random
import re
import string
import unicodedata

import pytest
import yaml
from mkdocs.config.base import ValidationError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from handoff.record.text import slugify
from handoff.site.data import _stem
from handoff.site.html import body_html, front_matter_title, render, with_code
from handoff.site.links import Linker, relative, relative_url, url
from handoff.site.options import AtLeast, IsoDate
from handoff.site.svg import WeekBar, bar_chart, weekly_chart

ATTACKS = [
    ("<script>alert(1)</script>", "alert"),
    ('<img src=x onerror="alert(1)">', "onerror"),
    ('<iframe src="https://example.com"></iframe>', "iframe"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', "onload"),
    ("[x](javascript:alert(1))", "javascript"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
    ("<style>body{display:none}</style>", "display"),
    ('<p style="background:url(https://example.com/x.png)">x</p>', "example.com"),
    ('<form action="https://example.com"><input name=a></form>', "<input"),
    ("![pixel](https://example.com/pixel.png)", "example.com"),
    ('<object data="x.swf"></object><embed src="x.swf">', "swf"),
]


@pytest.mark.parametrize(("body", "gone"), ATTACKS)
def test_body_sanitiser_removes_active_content(body: str, gone: str) -> None:
    assert gone.lower() not in str(body_html(body)).lower()


def test_body_keeps_ordinary_markdown_and_starts_headings_at_h3() -> None:
    html = str(body_html("# Notes\n\nA **bold** [deck](https://example.com/deck) and `code`.\n\n- one\n- two\n"))
    assert "<h3" in html and "<h1" not in html
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html and "<li>one</li>" in html
    assert 'href="https://example.com/deck"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_render_escapes_arguments_and_drops_control_characters() -> None:
    out = render("<p>{}</p><a title=\"{}\">x</a>", "<b>&\x02wzxhzdk:0\x03", '" onclick="x')
    assert str(out) == '<p>&lt;b&gt;&amp;wzxhzdk:0</p><a title="&#34; onclick=&#34;x">x</a>'


def test_front_matter_title_is_escaped_and_valid_yaml() -> None:
    line = front_matter_title('</title><script>alert("x")</script>: ok')
    assert yaml.safe_load(line) == {"title": "&lt;/title&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;: ok"}


def test_messages_show_backticked_parts_as_code() -> None:
    assert str(with_code("unknown key `<x>` here")) == "unknown key <code>&lt;x&gt;</code> here"
    assert str(with_code("one ` tick")) == "one ` tick"


def test_bar_chart_has_a_size_and_escaped_labels() -> None:
    svg = str(bar_chart([("<script>x</script>", 3), ("Budget", 1)], "Top reasons"))
    assert re.match(r'<svg [^>]*width="640" height="76" viewBox="0 0 640 76"', svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 2 and "<title>Top reasons</title>" in svg


def test_weekly_chart_draws_two_bars_a_week_and_says_when_empty() -> None:
    points = [WeekBar(dt.date(2026, 11, 8) + dt.timedelta(weeks=i), 4 + i, i) for i in range(3)]
    svg = str(weekly_chart(points, "Per week"))
    # one swatch in the legend, then one bar per week
    assert svg.count('fill="#9fa8da"></rect>') == 4 and svg.count('fill="#2e7d32"></rect>') == 4
    assert "Week ending 2026-11-22: 6 planned, 2 complete" in svg
    assert "No planned handoffs yet." in str(weekly_chart([], "Per week"))


@pytest.mark.parametrize(("directory_urls", "expected"), [
    (True, ("../../cohorts/2026-W46-logistics/", "../../gap/", "../../")),
    (False, ("../cohorts/2026-W46-logistics.html", "../gap.html", "../index.html")),
])
def test_links_follow_use_directory_urls(directory_urls: bool, expected: tuple[str, str, str]) -> None:
    linker = Linker("accounts/acme.md", directory_urls)
    assert (linker.to("cohorts/2026-W46-logistics.md"), linker.to("gap.md"), linker.to("index.md")) == expected


def test_page_stems_are_what_splitext_gives() -> None:
    # A record's page slug starts from its file name's stem, taken as string work: it must be
    # what posixpath gives, leading dots, dot-only names and dots in folders included.
    parts = ["a", ".", "..", ".md", "a.b", "..md", "x.", "", "é.md", "a.b.md", " .md"]
    paths = ["/".join(p) for n in (1, 2, 3) for p in itertools.product(parts, repeat=n)]
    for path in paths:
        assert _stem(path) == posixpath.splitext(posixpath.basename(path))[0], path


def test_slugs_of_ascii_names_are_those_of_the_unicode_fold() -> None:
    # ASCII names skip the NFKD fold (it leaves them as they are); the slug must not change.
    rng = random.Random(11)
    alphabet = string.printable + "ÜÉéß\u2013\u00a0ﬁ"
    names = ["Acme Logistics, Inc.", "--x--", "", "ﬁne", "Über", *("".join(rng.choices(alphabet, k=rng.randrange(12)))
                                                              for _ in range(5000))]
    for name in names:
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
        assert slugify(name) == re.sub(r"[^a-z0-9]+", "-", folded).strip("-"), name


def test_source_links_are_what_relpath_gives() -> None:
    # Zensical's links are relative to the page's source file: the same as posixpath.relpath,
    # made without asking the OS for the working directory.
    parts = ["accounts", "cohorts", "x.md", "index.md", "a"]
    targets = ["/".join(p) for n in (1, 2, 3) for p in itertools.product(parts, repeat=n)]
    folders = ["", "./a", "a//b", "../up", *("/".join(p) for n in (1, 2) for p in itertools.product(parts, repeat=n))]
    for target in [*targets, "a/./b", "../z"]:
        for folder in folders:
            assert relative(target, folder) == posixpath.relpath(target, folder or "."), (target, folder)
    linker = Linker("accounts/acme.md", "source")
    assert (linker.to("cohorts/2026-W46-logistics.md"), linker.to("index.md")) == ("../cohorts/2026-W46-logistics.md",
                                                                                    "../index.md")


def test_page_urls_are_what_mkdocs_gives() -> None:
    # MkDocs' links are its page URLs, made as string work for plain page paths (a site has
    # 50,000 links): every path, plain or odd, gets MkDocs' own URL, in both URL styles.
    parts = ["accounts", "cohorts", "x.md", "index.md", "README.md", "readme.md", "a", "a b.md", "é.md", ".md",
             "..md", ".x.md", "x.markdown", "_x.md", "-x.md", "a.b.md", ".", "..", "", "x%20.md", "2026-W46-x.md"]
    paths = ["/".join(p) for n in (1, 2, 3) for p in itertools.product(parts, repeat=n)]
    for path in paths:
        for directory in (True, False):
            assert url.__wrapped__(path, directory) == File(path, None, "", directory).url, (path, directory)


def test_relative_page_urls_are_what_mkdocs_gives() -> None:
    urls = ["./", ".", "", "/", "a/", "a", "a/b/", "a/b.html", "x.html", "a//b/", "a/./b/", "../a/", "a/../b/", "/a/",
            "index.html", "a.b/", "a.b/c.html", "a/b/c/", "cohorts/2026-W46-x/", "accounts/acme/", "accounts.html"]
    for target in urls:
        for base in urls:
            assert relative_url(target, base) == get_relative_url(target, base), (target, base)
    linker = Linker("accounts/acme.md", True)
    assert (linker.to("cohorts/2026-W46-logistics.md"), linker.to("index.md")) == ("../../cohorts/2026-W46-logistics/",
                                                                                    "../../")


def test_options_validate_dates_and_numbers() -> None:
    date = IsoDate()
    assert date.validate("2026-11-23") == dt.date(2026, 11, 23)
    assert date.validate(dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)
    assert date.validate(None) is None
    with pytest.raises(ValidationError, match="expected a date YYYY-MM-DD"):
        date.validate("23/11/2026")
    days = AtLeast(1, integer=True)
    assert days.validate(7) == 7
    for bad in (0, 1.5, True, "7"):
        with pytest.raises(ValidationError):
            days.validate(bad)
    assert AtLeast(0, integer=False).validate(50000.5) == 50000.5


def test_a_long_body_stays_out_of_the_search_index() -> None:
    from handoff.site.html import SEARCH_MAX_WORDS, body_block

    assert "data-search-exclude" not in body_block("word " * SEARCH_MAX_WORDS)
    assert body_block("word " * (SEARCH_MAX_WORDS + 1)).startswith('<div class="handoff-body" data-search-exclude>')
