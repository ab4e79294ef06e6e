"""`mkdocs build` with the handoff plugin on real temporary git repos, as a person runs it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gitrepo import GitRepo
from site_kit import COHORT, GENERATORS, MKDOCS_YML, SEARCH_INDEX, build, build_with, make_repo, record

pytestmark = pytest.mark.slow

FIELD_TITLES = ("1. Promised outcome", "2. Decision criteria", "3. Objections", "4. Champion and skeptic",
                "5. Risk flags", "6. Success metric", "7. Lost-deal cohort")


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def tags_of(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module", params=GENERATORS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The same repo built by each generator: (site folder, build log, generator)."""
    root = make_repo(GitRepo(tmp_path_factory.mktemp("site") / "repo"))
    done = build_with(request.param, root)
    assert done.returncode == 0, done.stderr
    return root / "site", done.stderr, request.param


def page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def article(site: Path, rel: str) -> str:
    """The page's content, without the nav and table of contents."""
    html = page(site, rel)
    return html[html.index("<article"):html.index("</article>")]


def test_the_contract_minimum_builds_strict(git_repo: GitRepo) -> None:
    git_repo.write("mkdocs.yml", MKDOCS_YML)
    (git_repo.path / "docs").mkdir()
    done = build(git_repo.path, "--strict")
    assert done.returncode == 0, done.stderr
    site = git_repo.path / "site"
    assert "Handoffs" in page(site, ".") and "No records yet" in page(site, ".")
    assert (site / "gap" / "index.html").is_file()


def test_a_folder_without_git_builds_strict(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    (tmp_path / "docs").mkdir()
    done = build(tmp_path, "--strict")
    assert done.returncode == 0, done.stderr


def test_every_record_and_cohort_has_a_page(built: tuple[Path, str, str]) -> None:
    site = built[0]
    accounts = sorted(p.name for p in (site / "accounts").iterdir() if p.is_dir())
    assert accounts == ["acme-logistics", "beta-freight", "delta-cargo", "early-bird", "evil-corp"]
    assert (site / "cohorts" / "2026-W46-logistics" / "index.html").is_file()
    for name in accounts:
        html = page(site, f"accounts/{name}")
        assert all(title in html for title in FIELD_TITLES), name


def test_a_partial_draft_shows_what_is_missing_where_the_field_would_be(built: tuple[Path, str, str]) -> None:
    html = article(built[0], "accounts/beta-freight")
    assert "partial (2 missing)" in html
    risk = html.index("5. Risk flags")
    assert html.index("Missing: 5. risk flags") > risk
    assert html.index("Missing: 5. risk flags") < html.index("6. Success metric")
    assert "Add at least one risk flag" in html
    assert "Missing: 7. lost-deal cohort" in html


def test_a_malformed_record_warns_with_path_line_and_shows_its_findings(built: tuple[Path, str, str]) -> None:
    site, log, generator = built
    prefix = "WARNING -  " if generator == "mkdocs" else "warning: "
    assert f"{prefix}records/delta-cargo.md:37: unknown-key unknown key `risk_flag`; did you mean" in log
    html = page(site, "accounts/delta-cargo")
    assert "This record is malformed" in html and "records/delta-cargo.md:37" in html
    assert "Traceback" not in log


def test_strict_fails_on_a_malformed_record_without_a_traceback(git_repo: GitRepo) -> None:
    git_repo.write("mkdocs.yml", MKDOCS_YML)
    git_repo.write("docs/.gitkeep", "")
    git_repo.write("records/broken.md", "---\naccount: [\n---\n")
    git_repo.write("records/no-front.md", "just text\n")
    done = build(git_repo.path, "--strict")
    assert done.returncode == 1
    assert "records/broken.md:3: yaml-syntax" in done.stderr
    assert "records/no-front.md:1: no-front-matter" in done.stderr
    assert "Aborted with 2 warnings in strict mode" in done.stdout
    assert "Traceback" not in done.stderr


def test_account_page_has_header_review_cohort_link_and_history(built: tuple[Path, str, str]) -> None:
    html = page(built[0], "accounts/acme-logistics")
    for text in ("$64,000", "12 months", "2026-11-18", "logistics", "Dana Ruiz", "Lee Park", "closed-won",
                 'accepted</span> <span class="handoff-by">by Lee Park',
                 "Drafted by <strong>DealDesk Assistant</strong>"):
        assert text in html, text
    assert 'href="../../cohorts/2026-W46-logistics/"' in html
    history = html[html.index('id="history"'):]
    assert re.search(r"<td>2026-11-19 16:30 \+0100</td><td>Dana Ruiz</td><td>Complete Acme handoff</td>", history)
    assert history.index("Complete Acme handoff") < history.index("Draft Acme handoff")  # newest first


def test_cohort_page_has_chart_watch_deals_and_won_accounts(built: tuple[Path, str, str]) -> None:
    html = page(built[0], "cohorts/2026-W46-logistics")
    assert re.search(r'<svg[^>]* width="640" height="\d+"', html)
    assert "Expect price comparison at month 4-6" in html and "Blue Anchor Shipping" in html
    for slug in ("acme-logistics", "delta-cargo", "early-bird", "evil-corp"):
        assert f'href="../../accounts/{slug}/"' in html
    assert "beta-freight" not in html  # it names no cohort


def test_gap_page_has_the_digest_as_of_date_with_accounts_linked(built: tuple[Path, str, str]) -> None:
    html = article(built[0], "gap")
    figures = re.findall(r'<span class="handoff-label">(\w+)</span><span class="handoff-big">(\d+)</span>', html)
    assert dict(figures) == {"Planned": "4", "Present": "3", "Complete": "1", "Partial": "2", "Missing": "1"}
    assert "<td>Gamma Routes</td>" in html  # missing: no page to link to
    assert '<a href="../accounts/beta-freight/">Beta Freight</a>' in html
    assert "Most missing or partial records: Sam Ortiz (2)" in html
    assert "Week ending 2026-11-22: 4 planned, 1 complete" in html  # the weekly chart, from history
    assert re.search(r'<a href="../accounts/early-bird/">Early Bird</a></td><td>Mis-routed shipments per 1,000</td>'
                     r"<td>14</td><td>7</td><td>2026-12-01</td><td>Lee Park</td>", html)  # a check-in due


def test_home_links_gap_accounts_and_cohorts(built: tuple[Path, str, str]) -> None:
    html = page(built[0], ".")
    assert 'href="gap/"' in html and 'href="accounts/acme-logistics/"' in html
    assert 'href="cohorts/2026-W46-logistics/"' in html


def test_no_record_text_reaches_the_page_as_html(built: tuple[Path, str, str]) -> None:
    parsed = tags_of(built[0] / "accounts" / "evil-corp" / "index.html")
    html = page(built[0], "accounts/evil-corp")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html  # shown as text in the fields
    assert not any("__pwned" in s for s in parsed.scripts)
    for tag, attrs in parsed.tags:
        assert tag not in ("iframe", "embed", "object"), tag
        for name, value in attrs.items():
            assert not (name.startswith("on") and "__pwned" in value), (tag, name)
            assert not value.strip().lower().startswith("javascript:"), (tag, name, value)
    assert "<svg onload" not in html and "<img src=\"x\"" not in html


def test_the_site_loads_nothing_from_the_internet(built: tuple[Path, str, str]) -> None:
    site = built[0]
    for html_file in site.rglob("*.html"):
        for tag, attrs in tags_of(html_file).tags:
            for name in ("src", "href", "srcset", "data"):
                value = attrs.get(name, "")
                if tag == "a" or not value:
                    continue  # a link is followed only when clicked
                assert not re.match(r"^(https?:)?//", value), (html_file, tag, value)
    assert not [p for p in site.rglob("*.html") if "fonts.googleapis" in p.read_text(encoding="utf-8")]
    assert (site / SEARCH_INDEX[built[2]]).is_file()


def test_links_between_generated_pages_resolve(built: tuple[Path, str, str]) -> None:
    site = built[0]
    checked = 0
    for html_file in site.rglob("index.html"):
        for tag, attrs in tags_of(html_file).tags:
            href = attrs.get("href", "")
            if tag != "a" or not href or re.match(r"^[a-z]+:|^#|^//", href):
                continue
            target = (html_file.parent / href.split("#")[0]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (html_file, href)
            checked += 1
    assert checked > 50


def test_links_resolve_without_directory_urls(git_repo: GitRepo) -> None:
    root = make_repo(git_repo)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "use_directory_urls: false\n")
    assert build(root).returncode == 0
    html = (root / "site" / "accounts" / "acme-logistics.html").read_text(encoding="utf-8")
    assert 'href="../cohorts/2026-W46-logistics.html"' in html
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="gap.html"' in home and 'href="accounts/acme-logistics.html"' in home


def test_nav_lists_our_pages_first_then_the_repos_own_and_no_single_accounts(git_repo: GitRepo) -> None:
    make_repo(git_repo)
    git_repo.write("docs/about.md", "# About\n")
    assert build(git_repo.path).returncode == 0
    home = page(git_repo.path / "site", ".")
    nav = re.findall(r'<a href="([^"#]*)" class="md-nav__link[^"]*">', home)
    assert nav == [".", "gap/", "accounts/", "cohorts/", "about/"]


def test_the_repos_own_index_wins_over_the_generated_home(git_repo: GitRepo) -> None:
    git_repo.write("mkdocs.yml", MKDOCS_YML)
    git_repo.write("docs/index.md", "# Our handoffs\n\nSee the [gap](gap.md).\n")
    git_repo.write("records/acme.md", record("Acme", drop=("lost_deal_cohort",)))
    done = build(git_repo.path, "--strict")
    assert done.returncode == 0, done.stderr
    home = page(git_repo.path / "site", ".")
    assert "Our handoffs" in home and 'href="gap/"' in home
    assert (git_repo.path / "site" / "accounts" / "acme" / "index.html").is_file()


def test_a_record_and_a_cohort_called_index_keep_the_index_pages(git_repo: GitRepo) -> None:
    git_repo.write("mkdocs.yml", MKDOCS_YML)
    git_repo.write("docs/.gitkeep", "")
    git_repo.write("records/index.md", record("Index", cohort="index"))
    git_repo.write("cohorts/index.md", COHORT.replace("id: 2026-W46-logistics", "id: index"))
    done = build(git_repo.path, "--strict")
    assert done.returncode == 0, done.stderr
    site = git_repo.path / "site"
    assert "<h1>Accounts</h1>" in page(site, "accounts") and "<h1>Cohorts</h1>" in page(site, "cohorts")
    assert "<h1>Index</h1>" in page(site, "accounts/index-2")
    assert "<h1>Cohort index</h1>" in page(site, "cohorts/index-cohort")
    assert 'href="../../cohorts/index-cohort/"' in page(site, "accounts/index-2")


def test_a_bad_option_is_a_config_error_not_a_traceback(git_repo: GitRepo) -> None:
    git_repo.write("mkdocs.yml", MKDOCS_YML.replace("[search, handoff]", "[search, {handoff: {date: '2026-13-01'}}]"))
    git_repo.write("docs/.gitkeep", "")
    done = build(git_repo.path)
    assert done.returncode == 1
    assert "expected a date YYYY-MM-DD, found '2026-13-01'" in done.stderr
    assert "Traceback" not in done.stderr
