"""Which interface a declared name (a ledger's, a link contract's) denotes on a device's table."""

from __future__ import annotations

import pytest

from govops.collectors.if_table import IF_ALIAS, IF_DESCR, IfRow, build_table, find_interface, interface_parts
from govops.snmp.values import VarBind
from govops.util.oid import parse_oid


def rows(*names: str, descr: dict[str, str] | None = None) -> tuple[IfRow, ...]:
    d = descr or {}
    return tuple(IfRow(i, n, d.get(n, n), "", "ethernetCsmacd", None, True) for i, n in enumerate(names, 1))


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("GigabitEthernet 0/1", ("gigabitethernet", "0/1")),
        ("100GE1/0/1", ("100ge", "1/0/1")),
        ("gei-0/1/0/1", ("gei", "0/1/0/1")),
        ("Eth-Trunk1", ("eth-trunk", "1")),
        ("GE1/0/1.100", ("ge", "1/0/1.100")),
        ("NULL", None),
    ],
)
def test_interface_parts(name: str, parts: tuple[str, str] | None) -> None:
    assert interface_parts(name) == parts


@pytest.mark.parametrize(
    ("declared", "table", "expected"),
    [
        # Huawei's short forms, which are not prefixes of the ifName.
        ("GE0/0/1", ("GigabitEthernet0/0/1", "XGigabitEthernet0/0/1", "MEth0/0/1"), "GigabitEthernet0/0/1"),
        ("XGE0/0/1", ("GigabitEthernet0/0/1", "XGigabitEthernet0/0/1"), "XGigabitEthernet0/0/1"),
        ("Eth-Trunk2", ("Eth-Trunk1", "Eth-Trunk2"), "Eth-Trunk2"),
        # H3C: XGE and BAGG name other types than Huawei's.
        ("XGE1/0/49", ("GigabitEthernet1/0/49", "Ten-GigabitEthernet1/0/49"), "Ten-GigabitEthernet1/0/49"),
        ("BAGG3", ("Bridge-Aggregation3", "Vlan-interface3"), "Bridge-Aggregation3"),
        # Cisco's prefixes, either way round; Ruijie's space before the numbering.
        ("Gi1/0/1", ("GigabitEthernet1/0/1", "TenGigabitEthernet1/0/1"), "GigabitEthernet1/0/1"),
        ("TenGigabitEthernet1/1/1", ("Gi1/1/1", "Te1/1/1"), "Te1/1/1"),
        ("Gi0/1", ("GigabitEthernet 0/1", "GigabitEthernet 0/2"), "GigabitEthernet 0/1"),
        ("ge0/0/1", ("GigabitEthernet0/0/1",), "GigabitEthernet0/0/1"),
        # The exact name wins over abbreviations.
        ("GE0/0/1", ("GE0/0/1", "GigabitEthernet0/0/1"), "GE0/0/1"),
        # Another numbering, an unknown short form, or two candidates: no interface.
        ("GE1/0/1", ("GigabitEthernet0/0/1",), None),
        ("GE1/0/1", ("GigabitEthernet1/0/10",), None),
        ("QE0/0/1", ("GigabitEthernet0/0/1",), None),
        ("E0/1", ("Ethernet0/1", "Eth-Trunk0/1"), None),
    ],
)
def test_find_interface(declared: str, table: tuple[str, ...], expected: str | None) -> None:
    row = find_interface(declared, rows(*table))
    assert (row.name if row else None) == expected


def test_a_description_names_the_interface_too() -> None:
    # Older agents without ifXTable: the name is ifDescr's, and a ledger may write either.
    table = rows("Gi0/1", "Gi0/2", descr={"Gi0/1": "GigabitEthernet0/1", "Gi0/2": "GigabitEthernet0/2"})
    hit = find_interface("GigabitEthernet0/2", table)
    assert hit is not None and hit.name == "Gi0/2"


def test_build_table_decodes_a_chinese_agents_gb18030_alias_and_pads() -> None:
    # Polling decodes as discovery does: before, UTF-8 with U+FFFD marks in place of every Chinese character.
    columns = {IF_DESCR: {1: b"GE0/0/1\x00\x00", 2: b"GE0/0/2 "},
               IF_ALIAS: {1: "至政务云机房 刘䶮".encode("gb18030"), 2: bytes([0xFF, 0xFE])}}
    table = build_table(columns, None, None)
    assert [(r.name, r.alias) for r in table.rows] == [("GE0/0/1", "至政务云机房 刘䶮"), ("GE0/0/2", "ÿþ")]


def test_build_table_decodes_a_binary_name_as_discovery_does() -> None:
    # A name of control bytes reads as discovery stores it (hex), so the polled row matches the discovered one.
    raw = bytes([1, 2, 0x1B])
    table = build_table({IF_DESCR: {1: raw}}, None, None)
    assert table.rows[0].name == VarBind(parse_oid("1.3.6.1.2.1.2.2.1.2.1"), "octets", raw).text() == "01:02:1b"
