"""Safe HTML for generated pages: every value escaped, every record body sanitised.

Pages are built from `Markup` templates: `Markup("<td>{}</td>").format(value)`
escapes `value`, so text from a record or cohort never becomes live HTML. A
record's markdown body is converted with Python-Markdown and then cleaned by
nh3 (ammonia) with a short allow-list: no scripts, styles, frames, images,
forms, event handlers or `javascript:` URLs. Images are left out on purpose:
a body image would load from the internet or from a path the site lacks. A body of
plain prose paragraphs (most notes) is turned into `<p>` paragraphs directly: the same
HTML both steps give, which holds no character the sanitiser would change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import TYPE_CHECKING

import nh3
from markupsafe import Markup, escape

if TYPE_CHECKING:
    import markdown

# Control characters (kept: tab, newline, carriage return) can collide with
# Python-Markdown's placeholders; a record never needs them on a page.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

BODY_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
})
BODY_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def text(value: object) -> str:
    """A value as plain text without control characters (not yet escaped)."""
    s = value if type(value) is str else str(value)
    return _CONTROL.sub("", s) if _CONTROL.search(s) else s


# `Markup(s)` checks for `__html__` on every call; strings built here are already safe, so
# they become Markup directly (pages have 100,000s of fields).
_safe: Callable[[str], Markup] = partial(str.__new__, Markup)


def esc(value: object) -> Markup:
    return escape(text(value))


# What `esc` changes in a string: markupsafe's five characters and the control characters.
_SPECIAL = re.compile("[&<>'\"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _arg(value: object) -> str:
    if type(value) is str and not _SPECIAL.search(value):
        return value  # nothing to escape or drop (most fields): as `esc` would give it, without a Markup made
    return value if isinstance(value, Markup) else escape(text(value))


def render(template: str, *args: object, **kwargs: object) -> Markup:
    """`template` is trusted HTML written here; every argument is escaped unless it is `Markup`.

    Same result as `Markup(template).format(...)` for plain `{}` fields (the only kind
    used here), without its per-field formatter: pages have 100,000s of fields."""
    if kwargs:
        return _safe(template.format(*map(_arg, args), **{k: _arg(v) for k, v in kwargs.items()}))
    return _safe(template.format(*map(_arg, args)))


def join(parts: Iterable[Markup], sep: str = "") -> Markup:
    return _safe(sep.join(p if isinstance(p, Markup) else escape(p) for p in parts))


def with_code(message: str) -> Markup:
    """A checker message with its `backticked` parts as <code>, everything escaped."""
    parts = text(message).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show it as written
        return esc(message)
    return join(Markup("<code>{}</code>").format(p) if i % 2 else esc(p) for i, p in enumerate(parts))


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    import markdown  # here: plain prose (the most common body) never needs it

    # One converter for the whole build (MkDocs renders pages one at a time); reset() between bodies.
    return markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", "toc"],
                             extension_configs={"toc": {"baselevel": 3}}, output_format="html")


# A line of plain prose: it starts with a letter or digit (not a list number), and holds only
# letters, digits, spaces and punctuation that Markdown leaves alone mid-line.
_PROSE = re.compile(r"(?!\d+[.)])[^\W_](?:[^\W_]|[ .,;:?!'\"()/%$@+=-])*(?<! )")


def plain_paragraphs(body: str) -> str | None:
    """Python-Markdown's HTML for a body of plain prose paragraphs, made without it (most record
    bodies are such notes); None for anything else, which goes through Python-Markdown."""
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in body.split("\n"):
        if not line:
            if lines:
                paragraphs.append("<p>" + "\n".join(lines) + "</p>")
                lines = []
        elif _PROSE.fullmatch(line):
            lines.append(line)
        else:
            return None
    if lines:
        paragraphs.append("<p>" + "\n".join(lines) + "</p>")
    return "\n".join(paragraphs)


def body_html(body: str) -> Markup:
    """A record's or cohort's markdown body as sanitised HTML; its headings start at h3
    so they sit under the page's own sections."""
    plain = text(body)
    converted = plain_paragraphs(plain)
    if converted is not None:
        # Letters, digits, spaces and the listed punctuation in <p> paragraphs: nothing the
        # sanitiser changes (tested over every such character), so it is not run again.
        return Markup(converted)
    return Markup(sanitise(_markdown().reset().convert(plain)))


def sanitise(html: str) -> str:
    """HTML cleaned by nh3 to the body's allow-list."""
    return nh3.clean(
        html,
        tags=set(BODY_TAGS),
        clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript"},
        attributes={k: set(v) for k, v in BODY_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# Zensical refuses a search entry over 8,192 token positions, failing the whole build; a body
# longer than this many words stays out of the search index (its page is still built).
SEARCH_MAX_WORDS = 4000


def body_block(body: str) -> Markup:
    """A record's or cohort's body as the page shows it: sanitised HTML in a `handoff-body` div."""
    exclude = Markup(" data-search-exclude" if len(body.split()) > SEARCH_MAX_WORDS else "")
    return render('<div class="handoff-body"{}>{}</div>', exclude, body_html(body))


def front_matter_title(title: str) -> str:
    """A page's front matter `title:` line. The value is HTML-escaped because MkDocs
    themes print `page.meta.title` without escaping; JSON quoting makes it valid YAML."""
    return f"title: {json.dumps(str(esc(' '.join(text(title).split()))))}"


def page(title: str, blocks: Iterable[str | Markup]) -> str:
    """A generated markdown page: front matter, then blocks separated by blank lines.

    Blocks are raw HTML (one top-level element each, no blank lines inside) or
    markdown headings written here, so the page renders with no markdown
    extension configured."""
    parts = [f"---\n{front_matter_title(title)}\n---", *[str(b).strip("\n") for b in blocks]]
    return "\n\n".join(p for p in parts if p) + "\n"
