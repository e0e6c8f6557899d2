"""`govops discover snmp`'s table: every header in the vocabulary's Chinese beside the field name."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.cells import cell_len

from govops.catalog.verdict import Verdict, VerdictName
from govops.cli.discover_snmp import _render
from govops.discovery.observation import InterfaceObs, Observation
from govops.discovery.snmp import observation_json
from govops.vocab import header_label


def test_every_header_has_its_chinese_label(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    obs = Observation(
        "192.0.2.7:161", "snmp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), True,
        device={"sys_name": "ats-1", "vendor": "Maker", "model": "M1", "kind": "ats", "serial": "S1"},
    )  # fmt: skip
    _render([obs])
    head = next(line for line in capsys.readouterr().out.splitlines() if "target" in line)
    for field in ("name", "vendor", "model", "os", "kind", "serial", "domestic"):
        assert f"{header_label(field)} {field}" in head
    for label in ("目标 target", "接口数 ifs"):
        assert label in head


def _failed(target: str, message: str) -> Observation:
    return Observation(target, "snmp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), False, error=f"{target}: {message}",
                       error_kind="unreachable")


def test_the_table_lists_the_targets_that_answered_and_each_failure_is_a_whole_line_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A failed target has no row (a sweep's silent addresses would be rows of empty cells); its message is written
    # whole on stderr (a cell of an 80-column terminal holds a few words), as `discover ssh` does.
    monkeypatch.setenv("COLUMNS", "200")
    message = "no SNMP answer to next 1.3.6.1.2.1.1.1 (+15 more) within 2 s x 2 tries (step: IF-MIB walk)"
    found = Observation("192.0.2.8:161", "snmp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), True, device={"model": "M1"})
    _render([_failed("192.0.2.7:161", message), found])
    out, err = capsys.readouterr()
    assert "192.0.2.8:161" in out and "M1" in out
    assert "192.0.2.7" not in out and "unreachable" not in out and "error" not in out
    assert err == f"target 192.0.2.7:161: unreachable: {message}\n"
    _render([_failed("192.0.2.7:161", message)])  # nothing found: no table of empty cells, the line alone
    out, err = capsys.readouterr()
    assert out == "" and err == f"target 192.0.2.7:161: unreachable: {message}\n"


def test_the_same_failure_of_many_targets_is_one_line_naming_a_few(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The silent addresses of a sweep; one target failing otherwise keeps its own line.
    monkeypatch.setenv("COLUMNS", "200")
    silent = [_failed(f"10.9.0.{i}:161", "no SNMP answer to next 1.3.6.1.2.1.1.1 (step: system group)")
              for i in range(1, 201)]
    _render([*silent, _failed("10.9.1.1:161", "stopped answering during 1.3.6.1.2.1.2.2.1.2 (step: IF-MIB walk)")])
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "unreachable: no SNMP answer to next 1.3.6.1.2.1.1.1 (step: system group) (200 devices: 10.9.0.1:161, "
        "10.9.0.2:161, 10.9.0.3:161, 10.9.0.4:161, 10.9.0.5:161 and 195 more)",
        "target 10.9.1.1:161: unreachable: stopped answering during 1.3.6.1.2.1.2.2.1.2 (step: IF-MIB walk)",
    ]


def test_a_device_identified_but_silent_in_its_lldp_walk_is_a_row_and_a_partial_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # It answered and was identified: a row; the part it did not give is a `partial` line, as `discover ssh` writes.
    monkeypatch.setenv("COLUMNS", "200")
    why = "unreachable: 192.0.2.7:161: no SNMP answer to bulk within 2 s x 2 tries (step: LLDP-MIB walk)"
    obs = Observation("192.0.2.7:161", "snmp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), True, device={"model": "M1"},
                      unread={"neighbors": why})
    _render([obs])
    out, err = capsys.readouterr()
    assert "192.0.2.7:161" in out and "M1" in out
    assert err == ("target 192.0.2.7:161: partial: neighbors not read: unreachable: no SNMP answer to bulk within "
                   "2 s x 2 tries (step: LLDP-MIB walk)\n")


def test_a_cut_interface_walk_counts_its_rows_with_a_plus_and_says_why(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without --save: the rows read and why; the interface count is a floor ("2+"), not the device's count.
    monkeypatch.setenv("COLUMNS", "200")
    obs = Observation("192.0.2.7:161", "snmp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), True, device={"model": "M1"},
                      interfaces=(InterfaceObs(1, "ge1"), InterfaceObs(2, "ge2")), neighbors=(),
                      partial={"interfaces": "row limit 2"})  # fmt: skip
    _render([obs])
    out, err = capsys.readouterr()
    assert "│ 2+ " in out
    assert err == "target 192.0.2.7:161: partial: interfaces: row limit 2: the first 2 rows read\n"


def test_the_os_name_is_said_once_when_the_version_already_starts_with_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    card = Observation("192.0.2.9:161", "snmp", at, True, device={"os": "NOS", "os_version": "NOS v1.2.3"})
    switch = Observation("192.0.2.10:161", "snmp", at, True, device={"os": "NOS", "os_version": "4.5"})
    _render([card, switch])
    out = capsys.readouterr().out
    assert "NOS v1.2.3" in out and "NOS NOS" not in out
    assert "NOS 4.5" in out
    assert card.device["os_version"] == "NOS v1.2.3"  # the identified value itself is unchanged


@pytest.mark.parametrize(("kind", "verdict", "cells"), [
    ("ats", "domestic", ("ATS", "国产 domestic")), ("dc_power", "unknown", ("通信电源 dc_power", "未判定 unknown")),
    ("switch", "foreign", ("交换机 switch", "非国产 foreign")),
])
def test_kind_and_verdict_cells_are_the_vocabulary_s_chinese_then_the_word(
    kind: str, verdict: VerdictName, cells: tuple[str, str], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The words --json writes, each after its Chinese label from the one vocabulary (`govops.vocab`)."""
    monkeypatch.setenv("COLUMNS", "400")
    obs = Observation("192.0.2.7:161", "snmp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), True,
                      device={"sys_name": "d-1", "kind": kind}, classification=Verdict(verdict, None, ()))
    _render([obs])
    row = next(line for line in capsys.readouterr().out.splitlines() if "d-1" in line)
    assert [cell.strip() for cell in row.strip("│").split("│")][5::3] == list(cells)
    device = observation_json(obs)["device"]
    assert (device["kind"], device["domestic"]) == (kind, verdict)  # --json keeps the words


# Rows shaped as the demo city's lab devices (made-up values of the same widths): a lab address with its port, the
# vendor catalogue's long names, a VRP release, a firewall, twelve-character serials.
_Row = tuple[str, str, str, str, str | None, str | None, str, VerdictName]
_CITY_LIKE: list[_Row] = [
    ("127.20.0.101:33551", "extranet-fw-01", "New H3C Technologies", "S5130-52S-EI", "Comware", "7.1.070 (6616P05)",
     "firewall", "domestic"),
    ("127.20.0.102:33551", "acc-sw-r02-11", "Huawei Technologies", "S5720-52X-PWR-SI-AC", "VRP",
     "5.170 (V200R019C10SPC500)", "switch", "domestic"),
    ("127.20.0.103:33551", "pdu-r02-a", "Vertiv (Liebert, Emerson Network Power)", "MPH2", None, None, "pdu",
     "foreign"),
]


def _table_on_a_terminal(rows: list[_Row], width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    """The table of ``rows`` (each answered, 13 interfaces, a 12-character serial) on a ``width``-column terminal."""
    from rich.console import Console

    from govops.cli import output

    terminal = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=True)
    monkeypatch.setattr(output, "console", terminal)
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    _render([
        Observation(target, "snmp", at, True, interfaces=tuple(InterfaceObs(i, f"ge{i}") for i in range(1, 14)),
                    device={"sys_name": name, "vendor": vendor, "model": model, "os": os, "os_version": version,
                            "kind": kind, "serial": f"SN{n:010d}"}, classification=Verdict(verdict, None, ()))
        for n, (target, name, vendor, model, os, version, kind, verdict) in enumerate(rows)
    ])
    return terminal.file.getvalue()  # type: ignore[attr-defined, no-any-return]

@pytest.mark.parametrize(("width", "hidden"), [
    (160, ()), (120, ("操作系统 os", "序列号 serial", "接口数 ifs")),
    (80, ("名称 name", "型号 model", "操作系统 os", "序列号 serial", "接口数 ifs")),
])
def test_the_table_fits_the_terminal_and_shows_every_column_at_160(
    width: int, hidden: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a 160-column terminal hid `接口数 ifs` (vendor and OS names were given 20 cells before anything wrapped).
    Narrower, the verdict, the kind and the vendor stay longest."""
    text = _table_on_a_terminal(_CITY_LIKE, width, monkeypatch)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    flat = " ".join(text.split())  # the footer wraps at 80 columns
    if hidden:
        assert f"hidden to fit {width} columns ({len(hidden)}): {', '.join(hidden)}; the JSON" in flat
    else:
        assert "hidden to fit" not in flat and "│ 13 " in text and "SN0000000002" in text
    for kept in ("127.20.0.102:33551", "非国产", "国产 domestic", "防火墙"):
        assert kept in text


@pytest.mark.parametrize(("width", "hidden"), [
    (160, ("序列号 serial",)), (120, ("名称 name", "操作系统 os", "序列号 serial", "接口数 ifs")),
])
def test_an_ipv6_target_with_a_port_costs_the_serial_not_the_interface_count(
    width: int, hidden: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: at 160 columns an IPv6 target with its port (33 cells) and a 20-cell model hid the serial and `ifs`.
    The serial gives way first (12 cells read for the ledger, where `ifs` takes 3), and the target is never folded."""
    rows = [("[2001:db8:1234:5678::a:101]:16100", *_CITY_LIKE[1][1:3], "S5731-H48T4XC-K-ACDC", *_CITY_LIKE[1][4:]),
            *_CITY_LIKE[::2]]
    text = _table_on_a_terminal(rows, width, monkeypatch)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "│ [2001:db8:1234:5678::a:101]:16100 │" in text  # whole, on one line
    flat = " ".join(text.split())
    assert f"hidden to fit {width} columns ({len(hidden)}): {', '.join(hidden)}; the JSON" in flat
    assert ("│ 13 " in text) is (width == 160)


def test_cells_are_plain_text_never_markup(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: a cell was rich markup. An IPv6 target `[fd00::a:1]:161` was read as a tag and printed `:161`, and
    `::a:` in `[2001:db8::a:101]` became an emoji; a name could set styles. Report tables print cells the same way."""
    from govops.cli.report_table import print_report
    from govops.reports.model import Column, Report, Section, Table

    monkeypatch.setenv("COLUMNS", "400")
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    _render([Observation(target, "snmp", at, True, device={"sys_name": name})
             for target, name in (("[fd00::a:1]:161", "sw [bold]x[/bold]"), ("[2001:db8::a:101]:1161", "sw-2"))])
    out = capsys.readouterr().out
    assert "│ [fd00::a:1]:161 " in out and "sw [bold]x[/bold]" in out and "[2001:db8::a:101]:1161" in out, out
    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), color_system=None)
    report = Report("links", "Links", "en", at.date(), at, sections=[Section("s", "S", tables=[
        Table("t", "T", [Column("peer", "Peer")], [{"peer": "[fe80::a:1]:22"}])])])
    print_report(report, console)
    assert "│ [fe80::a:1]:22 │" in console.file.getvalue()  # type: ignore[attr-defined]
