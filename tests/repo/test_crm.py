from __future__ import annotations

import datetime as dt

import pytest

from handoff.repo.crm import CrmError, parse_lost, parse_won

LOST = "account,closed,arr,segment,rep,reason,competitor\n"
WON = "account,closed,arr,term_months,segment,rep,cs_owner\n"


def test_lost_rows_with_lines_and_extra_columns_ignored() -> None:
    text = "id," + LOST.replace("\n", ",note\n")
    text += '7,"Multi\nline Co",2026-10-02,38000,logistics,Dana,Cheaper competitor,,x\n'
    text += "8,Beta,2026-10-03,,logistics,,No budget,RouteLite,y\n"
    deals = parse_lost(text)
    assert [(d.account, d.closed, d.arr, d.line) for d in deals] == [
        ("Multi\nline Co", dt.date(2026, 10, 2), 38000, 2), ("Beta", dt.date(2026, 10, 3), None, 4)]
    assert deals[1].competitor == "RouteLite" and deals[1].rep == ""


def test_window_keeps_only_its_rows_but_checks_every_date() -> None:
    text = LOST + "A,2026-01-01,1,s,r,x,\nB,2026-10-01,oops,s,r,x,\nC,2026-11-01,5,s,r,x,\n"
    window = (dt.date(2026, 10, 15), dt.date(2026, 11, 15))
    assert [d.account for d in parse_lost(text, window=window)] == ["C"]  # B's bad arr is outside: unused
    with pytest.raises(CrmError) as info:
        parse_lost(text)
    assert (info.value.line, info.value.message) == (3, "`arr` must be a plain number >= 0, found 'oops'")
    bad_date = LOST + "A,2026-01-01,1,s,r,x,\nB,01/10/2026,1,s,r,x,\n"
    with pytest.raises(CrmError) as info:
        parse_lost(bad_date, window=window)
    assert str(info.value) == "crm/closed-lost.csv:3: `closed` must be a date YYYY-MM-DD, found '01/10/2026'"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("A,2026-02-30,1,s,r,x,", "`closed` must be a date YYYY-MM-DD, found '2026-02-30'"),
        (",2026-02-01,1,s,r,x,", "`account` is empty"),
        ("A,2026-02-01,-5,s,r,x,", "`arr` must be a plain number >= 0, found '-5'"),
        ("A,2026-02-01,1,,r,x,", "`segment` is empty"),
        ("A,2026-02-01,1,s,r,,", "`reason` is empty"),
        ("A,2026-02-01", "has 2 cells, the header has 7"),
    ],
)
def test_a_bad_lost_row_names_its_line(row: str, message: str) -> None:
    with pytest.raises(CrmError) as info:
        parse_lost(LOST + "\n" + row + "\n")
    assert (info.value.line, info.value.message) == (3, message)


def test_won_rows_and_their_errors() -> None:
    deals = parse_won("\ufeff" + WON + "Acme,2026-11-18,64000.0,12,logistics,Dana,Lee\n")
    assert deals[0].arr == 64000 and isinstance(deals[0].arr, int) and deals[0].term_months == 12
    with pytest.raises(CrmError) as info:
        parse_won(WON + "Acme,2026-11-18,64000,0,logistics,Dana,Lee\n")
    assert info.value.message == "`term_months` must be a whole number 1..120, found 0"
    with pytest.raises(CrmError) as info:
        parse_won("account,closed\nAcme,2026-11-18\n")
    assert (info.value.line, info.value.message) == (1, "header lacks column(s) term_months, segment")
    with pytest.raises(CrmError):
        parse_won("")
