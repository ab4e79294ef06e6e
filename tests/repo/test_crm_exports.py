"""The one CRM reader on exports as the vendors write them, and every refusal it owes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handoff.repo.config import ConfigError, parse_settings
from handoff.repo.crm.model import CrmError
from handoff.repo.crm.options import CrmConfig, parse_crm
from handoff.repo.crm.reader import read_export

EXPORTS = Path(__file__).resolve().parents[1] / "example-files" / "crm"
D = dt.date


def _config(**table: object) -> CrmConfig:
    return parse_crm(table)


def _both(config: CrmConfig, name: str) -> tuple[list[tuple[str, dt.date, float, str]], list[tuple[str, str]]]:
    export = read_export((EXPORTS / name).read_bytes(), f"crm/{name}", config, ("won", "lost"))
    assert [str(e) for e in export.errors] == []
    return ([(d.account, d.closed, d.arr, d.segment) for d in export.won],
            [(d.account, d.reason) for d in export.lost])


def test_hubspot_deals_export_with_bom_crlf_and_a_newline_in_a_name() -> None:
    config = _config(preset="hubspot", won="crm/deals.csv", lost="crm/deals.csv",
                     columns={"segment": "Segment", "term_months": "Contract term (months)"})
    won, lost = _both(config, "hubspot-deals.csv")
    assert won == [("Acme Logistics", D(2026, 11, 18), 64000, "Logistics"),
                   ("Mercy Clinics (East)", D(2026, 11, 20), 41000, "Healthcare")]  # a line break reads as a space
    assert lost == [("Northwind Freight", "Cheaper competitor")]  # the open deal is neither


def test_salesforce_opportunities_report_with_us_dates_and_dollar_amounts() -> None:
    config = _config(preset="salesforce", won="crm/opps.csv", lost="crm/opps.csv", date_format="%m/%d/%Y",
                     columns={"segment": "Segment", "term_months": "Contract Term"})
    won, lost = _both(config, "salesforce-opportunities.csv")
    assert won == [("Acme Logistics", D(2026, 11, 18), 64000, "Logistics"),
                   ("Mercy Clinics", D(2026, 11, 20), 41000, "Healthcare")]
    assert lost == [("Northwind Freight", "Price")]


def test_a_european_export_semicolons_windows_1252_and_decimal_comma() -> None:
    raw = (EXPORTS / "salesforce-eu-cp1252.csv").read_bytes()
    auto = _config(preset="salesforce", won="crm/o.csv", lost="crm/o.csv", date_format="%d.%m.%Y", decimal=",")
    with pytest.raises(CrmError) as info:
        read_export(raw, "crm/o.csv", auto, ("won",))
    assert str(info.value) == ('crm/o.csv:2: byte 0xEB is not utf-8; export it as UTF-8 CSV, or set `encoding` in '
                               '[crm] of handoff.toml (e.g. "cp1252")')
    config = _config(preset="salesforce", won="crm/o.csv", lost="crm/o.csv", date_format="%d.%m.%Y", decimal=",",
                     encoding="cp1252", columns={"segment": "Segment", "term_months": "Contract Term"})
    export = read_export(raw, "crm/o.csv", config, ("won", "lost"))
    assert export.delimiter == ";" and export.errors == []
    assert [(d.account, d.closed, d.arr, d.rep) for d in export.won] == [
        ("Café Noir GmbH", D(2026, 11, 18), 58000, "Zoë Müller")]
    assert [(d.account, d.arr) for d in export.lost] == [("Brauerei Nord", 12500)]


def test_pipedrive_deals_export_status_and_times() -> None:
    config = _config(preset="pipedrive", won="crm/deals.csv", lost="crm/deals.csv",
                     columns={"segment": "Deal - Segment", "term_months": "Deal - Term (months)"})
    won, lost = _both(config, "pipedrive-deals.csv")
    assert won == [("Acme Logistics", D(2026, 11, 18), 64000, "Logistics"),
                   ("Mercy Clinics", D(2026, 11, 20), 41000, "Healthcare")]
    assert lost == [("Northwind Freight", "Cheaper competitor")]


def test_utf16_with_bom_and_tabs() -> None:
    text = "account\tclosed\tarr\tterm_months\tsegment\nAcme\t2026-11-18\t5\t12\tx\n"
    export = read_export(text.encode("utf-16"), "crm/w.csv", _config(delimiter="\t"), ("won",))
    assert (export.encoding, export.delimiter, [d.account for d in export.won]) == ("utf-16", "\t", ["Acme"])


WON = "account,closed,arr,term_months,segment\n"
HUB = "Deal Name,Close Date,Amount,Deal Stage\n"


@pytest.mark.parametrize(("config", "text", "message"), [
    (_config(preset="hubspot"), HUB + "Acme,03/04/2026,5,Closed Won\n",
     'crm/closed-won.csv:2: `closed` ("Close Date") must be a date YYYY-MM-DD, found \'03/04/2026\'; day and month '
     'cannot be told apart: set `date_format` in [crm] of handoff.toml (e.g. "%m/%d/%Y" or "%d.%m.%Y")'),
    (_config(preset="hubspot"), HUB + "A,2026-11-01,$5,Closed Won\nB,2026-11-02,EUR 7,Closed Won\n",
     "crm/closed-won.csv:3: `arr` is in EUR, line 2 in $: one currency per file; export the deals of one currency, "
     "or convert them first"),
    (_config(preset="hubspot"), HUB + "A,2026-11-01,58k,Closed Won\n",
     'crm/closed-won.csv:2: `arr` ("Amount") must be an amount like 58,000.00, $58,000 or USD 58,000 '
     '(decimal = "."), found \'58k\'; fix the cell or `decimal` in [crm] of handoff.toml'),
    (_config(preset="hubspot"), HUB + "Acme Inc,2026-11-01,1,Closed Won\nx,,,Open\nACME INC.,2026-11-02,2,closed won\n",
     "crm/closed-won.csv:4: `account` 'ACME INC.' is the deal of line 2 again (slug acme-inc); one deal per account: "
     "remove or merge one of the rows"),
    (CrmConfig(), WON + "日本語,2026-11-18,1,12,x\n",
     "crm/closed-won.csv:2: `account` '日本語' has no letters or digits to name its record file; fix the account "
     "name in the CRM"),
    (CrmConfig(), WON + "!!!,2026-11-18,1,12,x\n",
     "crm/closed-won.csv:2: `account` '!!!' has no letters or digits to name its record file; fix the account "
     "name in the CRM"),
    (CrmConfig(), WON + "A,2026-W47-4,1,12,x\n", "crm/closed-won.csv:2: `closed` must be a date YYYY-MM-DD, found "
                                              "'2026-W47-4'"),
    (CrmConfig(), WON + "A,2026-11-18,58_000,12,x\n", "crm/closed-won.csv:2: `arr` must be a plain number >= 0, found "
                                                   "'58_000'"),
    (CrmConfig(), WON + "A,2026-11-18,1e300,12,x\n", "crm/closed-won.csv:2: `arr` must be a plain number >= 0, found "
                                                  "'1e300'"),
    (CrmConfig(), WON + "A,9999-12-31,1,12,x\n", "crm/closed-won.csv:2: `closed` must be a date YYYY-MM-DD, found "
                                              "'9999-12-31'"),
    (_config(preset="hubspot"), "Deal Name;Close Date,Amount\n",
     "crm/closed-won.csv:1: the header holds `,` and `;`: set `delimiter` in [crm] of handoff.toml to the one that "
     "separates columns"),
    (_config(preset="salesforce"), "Account Name,Close Date\n",
     "crm/closed-won.csv:1: header lacks the column(s) for arr ('Amount'); stage ('Stage'); map them in "
     "[crm.columns] of handoff.toml"),
])
def test_nothing_is_guessed(config: CrmConfig, text: str, message: str) -> None:
    try:
        export = read_export(text.encode(), "crm/closed-won.csv", config, ("won",))
    except CrmError as e:
        assert str(e) == message
        return
    assert [str(e) for e in export.errors] == [message]


def test_every_bad_row_is_reported_not_only_the_first() -> None:
    text = WON + "A,2026-11-18,x,12,s\nB,2026-11-18,1,12,s\nC,2026-13-01,1,12,s\n,2026-11-18,1,12,s\n"
    export = read_export(text, "crm/closed-won.csv", CrmConfig(), ("won",))
    assert [(e.line, e.message[:12]) for e in export.errors] == [(2, "`arr` must b"), (4, "`closed` mus"),
                                                                (5, "`account` is")]
    assert [d.account for d in export.won] == ["B"]


def test_a_date_time_counts_on_its_own_calendar_day() -> None:
    text = HUB + "A,2026-11-18T23:30:00-05:00,1,Closed Won\nB,2026-11-19 00:10:00Z,1,Closed Won\n"
    export = read_export(text, "crm/w.csv", _config(preset="hubspot"), ("won",))
    assert [d.closed for d in export.won] == [D(2026, 11, 18), D(2026, 11, 19)]


@pytest.mark.parametrize(("toml", "line", "message"), [
    ('days = 7\n\n[crm]\npreset = "zoho"\n', 3, "[crm] `preset` must be one of plain, hubspot, salesforce, "
                                                "pipedrive; found 'zoho'"),
    ('[crm]\nwon = "../secrets.csv"\n', 1, "[crm] `won` must be a file under crm/, e.g. \"crm/deals.csv\"; found "
                                          "'../secrets.csv'"),
    ('[crm]\nwon = "crm/d.csv"\nlost = "crm/d.csv"\npreset = "plain"\n', 1,
     "[crm] `won` and `lost` are the same file: set `won_stages` and `lost_stages` so each row is one or the other"),
    ('[crm]\nencoding = "klingon"\n', 1, "[crm] `encoding` 'klingon' is not a text encoding; e.g. \"cp1252\""),
    ('[crm]\nencoding = "rot13"\n', 1, "[crm] `encoding` 'rot13' is not a text encoding; e.g. \"cp1252\""),
    ('[crm]\ndecimal = "_"\n', 1, '[crm] `decimal` must be "." or ","'),
    ('[crm]\n[crm.columns]\naccount_name = "Account"\n', 1, "[crm.columns] `account_name` is not a contract name; "
     "known: account, closed, arr, term_months, segment, rep, cs_owner, stage, reason, competitor, currency"),
])
def test_a_bad_crm_table_is_a_config_error_at_its_line(toml: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(toml.encode())
    assert (info.value.line, info.value.message) == (line, message)


def test_the_contract_example_table_reads() -> None:
    toml = ('[crm]\npreset = "salesforce"\nwon = "crm/closed-won.csv"\nlost = "crm/closed-lost.csv"\n'
            'delimiter = "auto"\nencoding = "auto"\ndate_format = "auto"\nwon_stages = []\nlost_stages = []\n'
            '[crm.columns]\naccount = "Account Name"\n')
    crm = parse_settings(toml.encode()).crm
    assert crm.preset == "salesforce" and crm.headers()["account"] == ("Account Name",)
    assert crm.stages("won") == frozenset() and not crm.is_v1  # `[]`: every row of the won export is won
    assert parse_settings(b'[crm]\npreset = "salesforce"\n').crm.stages("won") == {"closed won"}  # the preset's
    assert parse_settings(b"").crm.is_v1
    assert parse_settings(b'[crm]\npreset = "plain"\nwon_stages = []\ndelimiter = "auto"\n').crm.is_v1


LOST = "account,closed,arr,segment,rep,reason,competitor\n"


@pytest.mark.parametrize(("row", "message"), [
    ("A,2026-W47-4,1,s,r,x,", "`closed` must be a date YYYY-MM-DD, found '2026-W47-4'"),
    ("A,2026-11-18,58_000,s,r,x,", "`arr` must be a plain number >= 0, found '58_000'"),
    ("A,2026-11-18,1e300,s,r,x,", "`arr` must be a plain number >= 0, found '1e300'"),
    ("A,2026-11-18,nan,s,r,x,", "`arr` must be a plain number >= 0, found 'nan'"),
])
def test_the_lost_fast_path_refuses_what_the_reader_refuses(row: str, message: str) -> None:
    from handoff.repo.crm.plain import parse_lost

    window = (D(2026, 8, 24), D(2026, 11, 22))
    with pytest.raises(CrmError) as info:
        parse_lost(LOST + '"Multi\nline",2026-11-01,1,s,r,x,\n' + row + "\n", window=window)
    assert (info.value.line, info.value.message) == (4, message)


def test_hostile_bytes_are_rows_with_a_line_not_tracebacks() -> None:
    config = _config(preset="hubspot")
    for raw in (b"\x00\x01\x02", b"Deal Name,Close Date,Amount,Deal Stage\n\x00,,,\n", b"\xff\xfe\x00",
                b'Deal Name,Close Date,Amount,Deal Stage\n"' + b"x" * 200_000 + b'",2026-01-01,1,Closed Won\n',
                HUB.encode() + b"A,2026-11-18,99999999999999999999,Closed Won\n"):
        try:
            export = read_export(raw, "crm/d.csv", config, ("won",))
        except CrmError as e:
            assert e.line >= 1
            continue
        assert all(e.line >= 1 for e in export.errors)


@pytest.mark.parametrize("cell", ["1" + " " * 100_000 + "x", "1," * 50_000, "2026-11-18" + "9" * 100_000])
def test_a_huge_cell_is_refused_by_its_length(cell: str) -> None:
    text = HUB + f'A,"{cell}",1,Closed Won\nB,2026-11-18,"{cell}",Closed Won\n'
    export = read_export(text, "crm/d.csv", _config(preset="hubspot"), ("won",))
    assert [e.line for e in export.errors] == [2, 3]


def test_a_row_read_again_in_a_later_export_is_the_same_deal_at_its_new_line() -> None:
    # Week after week an export repeats the last one's rows: each is read once per run, yet every
    # export still gets its own lines, its own duplicates and its own currency check.
    first = read_export(WON + "A,2026-11-18,100,12,s\nB,2026-11-19,200,12,s\n", "crm/closed-won.csv",
                        CrmConfig(), ("won",))
    later = read_export(WON + "Z,2026-11-20,300,12,s\nB,2026-11-19,200,12,s\nA,2026-11-18,100,12,s\n"
                        "a,2026-11-18,100,12,s\n", "crm/closed-won.csv", CrmConfig(), ("won",))
    assert [(d.account, d.arr, d.line) for d in first.won] == [("A", 100, 2), ("B", 200, 3)]
    assert [(d.account, d.arr, d.line) for d in later.won] == [("Z", 300, 2), ("B", 200, 3), ("A", 100, 4)]
    assert [(e.line, e.message[:30]) for e in later.errors] == [(5, "`account` 'a' is the deal of l")]
    hub = _config(preset="hubspot", won="crm/deals.csv", lost="crm/deals.csv")
    usd = "Deal Name,Close Date,Amount,Deal Stage,Currency\n"
    rows = "A,2026-11-18,1,Closed Won,USD\nB,2026-11-19,1,Closed Won,EUR\n"
    assert [e.line for e in read_export(usd + rows, "crm/deals.csv", hub, ("won",)).errors] == [3]
    swapped = read_export(usd + "B,2026-11-19,1,Closed Won,EUR\nA,2026-11-18,1,Closed Won,USD\n", "crm/deals.csv",
                          hub, ("won",))
    assert [(e.line, e.message[:13]) for e in swapped.errors] == [(3, "`arr` is in U")]
