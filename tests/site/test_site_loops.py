"""The weekly and check-in pages as pure functions: figures in, escaped markdown out."""

from __future__ import annotations

import datetime as dt

from handoff.authoring.checkins import Checkin
from handoff.site.pages_checkins import checkins_page
from handoff.site.pages_weekly import rate_chart, weekly_page
from handoff.weekly.model import CsFigures, RepFigures, WeekFigures, WeeklyReport

EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def week(n: int, reps: tuple[RepFigures, ...] = (), cs: tuple[CsFigures, ...] = ()) -> WeekFigures:
    start = dt.date.fromisocalendar(2026, n, 1)
    return WeekFigures(f"2026-W{n:02d}", start, start + dt.timedelta(days=6), 2, reps, cs, None)


def rep(name: str, reviews: int, rejections: int) -> RepFigures:
    return RepFigures(name, 3, 2, 1, 1.5, reviews, rejections)


def test_weekly_page_tables_and_trend() -> None:
    weeks = [week(n, (rep("Dana Ruiz", 2, n % 2),)) for n in range(40, 47)]
    this = week(47, (rep("Dana Ruiz", 4, 1), rep(EVIL, 0, 0)), (CsFigures("Lee Park", 3, 1, 0.5),))
    out = weekly_page(WeeklyReport(this, tuple(weeks[-4:])), [*weeks, this], "../../gap/")
    assert out.startswith('---\ntitle: "Weekly review 2026-W47"\n---\n')
    assert ("<tr><td>Dana Ruiz</td><td>3</td><td>2</td><td>1</td><td>1.5</td><td>4</td><td>1</td><td>25%</td>"
            "<td>50%</td><td>0%</td><td>50%</td><td>0%</td></tr>") in out
    assert "<tr><td>Lee Park</td><td>3</td><td>1</td><td>0.5</td></tr>" in out
    assert '<a href="../../gap/">Back to the Gap page</a>' in out


def test_hostile_names_are_escaped_everywhere() -> None:
    this = week(47, (rep(EVIL, 2, 1),), (CsFigures(EVIL, 2, 1, None),))
    out = weekly_page(WeeklyReport(this, ()), [this])
    assert "<script" not in out and "<img" not in out and "onerror=alert(2)>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in out


def test_rate_chart_draws_one_line_per_rep_with_gaps() -> None:
    # Dana: 50% in W45, no review in W46, 100% in W47: two points, at y = 30 + 160 - 80 and 30 + 160 - 160.
    weeks = [week(45, (rep("Dana", 2, 1),)), week(46, (rep("Dana", 0, 0),)), week(47, (rep("Dana", 1, 1),))]
    svg = str(rate_chart(weeks, "Rates"))
    assert '<polyline points="48,110 176,30" fill="none" stroke="#3f51b5"' in svg
    assert svg.count("<polyline") == 1 and 'aria-label="Rates"' in svg
    assert "No review in these weeks." in str(rate_chart([week(47)], "Rates"))


def checkin(account: str, result: str, **kw: object) -> Checkin:
    base: dict[str, object] = dict(account=account, slug=account.lower().replace(" ", "-"), metric="Errors",
                                   baseline=14, target=7, due=dt.date(2027, 1, 17), owner="Lee Park", path="",
                                   rep="Dana Ruiz", segment="logistics", lost_deal_cohort="2026-W46-logistics",
                                   promised_outcome="Halve errors", actual=6, actual_date=dt.date(2027, 1, 10),
                                   result=result)
    return Checkin(**(base | kw))  # type: ignore[arg-type]


def test_checkins_page_promised_against_achieved_and_hit_rates() -> None:
    found = [checkin("Acme", "hit"), checkin("Birch", "miss", actual=9, rep="Raj Patel",
                                                note="Thought dashboards were included",
                                                note_date=dt.date(2027, 1, 20)),
             checkin("Cobalt", "pending", actual=None, actual_date=None, baseline=None, note="An old note",
                     note_date=dt.date(2026, 12, 1))]
    out = checkins_page(found, dt.date(2027, 2, 1), lambda slug: f"../accounts/{slug}/" if slug != "cobalt" else None)
    assert ('<tr><td><a href="../accounts/acme/">Acme</a></td><td>Halve errors</td><td>Errors</td><td>14</td>'
            '<td>7</td><td>2027-01-17</td><td>6</td><td>2027-01-10</td>'
            '<td><span class="handoff-badge handoff-ok">hit</span></td></tr>') in out
    assert "<tr><td>Cobalt</td><td>Halve errors</td><td>Errors</td><td>—</td><td>7</td><td>2027-01-17</td><td>—</td>" \
           in out
    assert "<tr><td>Dana Ruiz</td><td>1</td><td>0</td><td>1</td><td>100%</td></tr>" in out
    assert "<tr><td>logistics</td><td>1</td><td>1</td><td>1</td><td>50%</td></tr>" in out
    assert "<tr><td>2026-W46-logistics</td><td>1</td><td>1</td><td>1</td><td>50%</td></tr>" in out
    assert "Thought dashboards were included" in out and "An old note" not in out  # notes of the last 4 weeks


def test_checkins_page_escapes_record_text() -> None:
    found = [checkin(EVIL, "miss", promised_outcome=EVIL, metric=EVIL, rep=EVIL, segment=EVIL,
                     lost_deal_cohort=EVIL, note=EVIL, note_date=dt.date(2027, 1, 30))]
    out = checkins_page(found, dt.date(2027, 2, 1))
    assert "<script" not in out and "<img" not in out
    assert out.count("&lt;script&gt;") == 9  # account, outcome, metric; 3 hit-rate tables; note: account, rep, note


def test_no_checkin_due_says_so() -> None:
    out = checkins_page([], dt.date(2027, 2, 1))
    assert "<p>No check-in has come due yet.</p>" in out and "Hit rate" not in out
