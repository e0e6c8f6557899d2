"""Learn a device's interface table (IF-MIB) once, so each poll GETs only counters.

The table (ifIndex -> ifName, ifDescr, ifAlias, ifType, speed, 64-bit counter support)
changes rarely; the poller re-reads it every ``table_refresh_seconds`` (default an hour, for
renamed descriptions) and whenever sysUpTime goes back or ifNumber changes (ifIndex may be
renumbered after a reboot), ifTableLastChange moves, or an interface vanishes.
The walk uses the shared SNMP client's GETBULK over all columns at once: it runs once per
device per refresh, so its per-varbind cost matters little; the per-cycle GETs use
``govops.snmp.packed_get``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govops.collectors.counters import speed_bits_per_second
from govops.errors import DeviceError
from govops.snmp.client import get_client, require_answers
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.values import display_text
from govops.util.oid import parse_oid

SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
IF_NUMBER = "1.3.6.1.2.1.2.1.0"
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
IF_TYPE = "1.3.6.1.2.1.2.2.1.3"
IF_SPEED = "1.3.6.1.2.1.2.2.1.5"
IF_OPER_STATUS = "1.3.6.1.2.1.2.2.1.8"
IF_IN_OCTETS = "1.3.6.1.2.1.2.2.1.10"
IF_IN_DISCARDS = "1.3.6.1.2.1.2.2.1.13"
IF_IN_ERRORS = "1.3.6.1.2.1.2.2.1.14"
IF_OUT_OCTETS = "1.3.6.1.2.1.2.2.1.16"
IF_OUT_DISCARDS = "1.3.6.1.2.1.2.2.1.19"
IF_OUT_ERRORS = "1.3.6.1.2.1.2.2.1.20"
IF_NAME = "1.3.6.1.2.1.31.1.1.1.1"
IF_HC_IN_OCTETS = "1.3.6.1.2.1.31.1.1.1.6"
IF_HC_OUT_OCTETS = "1.3.6.1.2.1.31.1.1.1.10"
IF_HIGH_SPEED = "1.3.6.1.2.1.31.1.1.1.15"
IF_ALIAS = "1.3.6.1.2.1.31.1.1.1.18"
IF_TABLE_LAST_CHANGE = "1.3.6.1.2.1.31.1.5.0"

TABLE_COLUMNS = (IF_DESCR, IF_TYPE, IF_SPEED, IF_NAME, IF_HIGH_SPEED, IF_ALIAS, IF_HC_IN_OCTETS)

# IANAifType names for the common types; others export their number.
IF_TYPES = {
    1: "other", 6: "ethernetCsmacd", 23: "ppp", 24: "softwareLoopback", 53: "propVirtual",
    131: "tunnel", 135: "l2vlan", 136: "l3ipvlan", 161: "ieee8023adLag", 166: "mpls",
}


@dataclass(frozen=True, slots=True)
class IfRow:
    """One interface as the table walk found it."""

    if_index: int
    name: str
    descr: str
    alias: str
    type: str
    speed_bps: float | None
    hc: bool


@dataclass(frozen=True)
class IfTable:
    """A device's interface table, with the ifNumber and sysUpTime it was read at."""

    rows: tuple[IfRow, ...]
    if_number: int | None
    uptime: int | None


def _text(value: Any) -> str:
    # Decoded as discovery decodes a value (UTF-8, then GB18030: a Chinese agent's ifAlias; hex if binary), so a
    # polled name matches the discovered one.
    if isinstance(value, bytes):
        return display_text(value)
    return str(value).strip()


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def build_table(columns: Mapping[str, Mapping[int, Any]], if_number: int | None, uptime: int | None) -> IfTable:
    """Assemble an ``IfTable`` from walked columns (column OID -> {ifIndex: value}).

    An interface without ifName uses ifDescr (older agents have no ifXTable); one that
    appears twice under the same name keeps its ifIndex in the name so series stay apart.
    """
    indexes = sorted(set(columns.get(IF_DESCR, {})) | set(columns.get(IF_NAME, {})))
    names: dict[str, int] = {}
    rows: list[IfRow] = []
    for idx in indexes:
        descr = _text(columns.get(IF_DESCR, {}).get(idx, ""))
        name = _text(columns.get(IF_NAME, {}).get(idx, "")) or descr or f"ifIndex{idx}"
        names[name] = names.get(name, 0) + 1
        type_num = _int(columns.get(IF_TYPE, {}).get(idx))
        rows.append(
            IfRow(
                if_index=idx,
                name=name,
                descr=descr,
                alias=_text(columns.get(IF_ALIAS, {}).get(idx, "")),
                type=IF_TYPES.get(type_num, str(type_num)) if type_num is not None else "",
                speed_bps=speed_bits_per_second(
                    _int(columns.get(IF_SPEED, {}).get(idx)), _int(columns.get(IF_HIGH_SPEED, {}).get(idx))
                ),
                hc=idx in columns.get(IF_HC_IN_OCTETS, {}),
            )
        )
    rows = [r if names[r.name] == 1 else _renamed(r) for r in rows]
    return IfTable(rows=tuple(rows), if_number=if_number, uptime=uptime)


# Short forms of interface types that are not a prefix of the type's ifName (a prefix, as Cisco's Gi, Te, Po or
# Ruijie's Ag, abbreviates by itself): what Huawei's and H3C's `display interface brief` print, and so what
# ledgers (台账) and link contracts record. XGE is Huawei's XGigabitEthernet and H3C's Ten-GigabitEthernet.
SHORT_TYPES: dict[str, tuple[str, ...]] = {
    "ge": ("gigabitethernet",),
    "xge": ("xgigabitethernet", "ten-gigabitethernet"),
    "fge": ("fortygige",),
    "hge": ("hundredgige",),
    "bagg": ("bridge-aggregation",),
    "ragg": ("route-aggregation",),
}
# Type, then numbering: "GigabitEthernet 0/1" -> (gigabitethernet, 0/1), "100GE1/0/1" -> (100ge, 1/0/1),
# "gei-0/1/0/1" -> (gei, 0/1/0/1), "Eth-Trunk1" -> (eth-trunk, 1).
_PARTS = re.compile(r"(\d*\D+?)-?(\d[\d/:.]*)")


def interface_parts(name: str) -> tuple[str, str] | None:
    """(type, numbering) of an interface name, lower case and without spaces; None when it has no numbering."""
    m = _PARTS.fullmatch("".join(name.split()).lower())
    return (m.group(1), m.group(2)) if m else None


def _abbreviates(short: str, full: str) -> bool:
    return full.startswith(short) or full in SHORT_TYPES.get(short, ())


def names_same_interface(a: str, b: str) -> bool:
    """Whether two names denote one interface: equal, or one's type abbreviates the other's on the same numbering."""
    if a == b:
        return True
    pa, pb = interface_parts(a), interface_parts(b)
    if pa is None or pb is None or pa[1] != pb[1]:
        return False
    return _abbreviates(pa[0], pb[0]) or _abbreviates(pb[0], pa[0])


def find_interface(declared: str, rows: Sequence[IfRow]) -> IfRow | None:
    """The row a declared name (a ledger's ``GE0/0/1``, ``Gi1/0/1``) denotes: by ifName, then ifDescr, exactly;
    else the one row whose ifName or ifDescr it abbreviates (None when none or several do)."""
    hit = next((r for r in rows if r.name == declared), None) or next((r for r in rows if r.descr == declared), None)
    if hit is not None:
        return hit
    found = [r for r in rows if names_same_interface(declared, r.name) or names_same_interface(declared, r.descr)]
    return found[0] if len(found) == 1 else None


def _renamed(row: IfRow) -> IfRow:
    return IfRow(row.if_index, f"{row.name}#{row.if_index}", row.descr, row.alias, row.type, row.speed_bps, row.hc)


class SnmpTableReader:
    """Read IF-MIB columns with the shared SNMP client (``govops.snmp``): GETBULK over all columns at once."""

    async def read(
        self, target: SnmpTarget, creds: SnmpCredentials, *, deadline: float, device: str
    ) -> IfTable:
        """Walk the table columns plus ifNumber and sysUpTime before ``deadline`` (``time.monotonic()``).

        Raises:
            DeviceUnreachable: The device did not answer, or stopped answering during the walk.
            DeviceError: It answered with an SNMP error, or the walk ran out of time or rows.
        """
        client = get_client()
        head = await client.get(target, creds, [parse_oid(SYS_UPTIME), parse_oid(IF_NUMBER)])
        uptime = _int(head[parse_oid(SYS_UPTIME)].value) if parse_oid(SYS_UPTIME) in head else None
        if_number = _int(head[parse_oid(IF_NUMBER)].value) if parse_oid(IF_NUMBER) in head else None
        roots = [parse_oid(c) for c in TABLE_COLUMNS]
        # An agent that stops answering part way is unreachable, not a device error: its rows so far are no table.
        walk = require_answers(target, await client.walk_columns(target, creds, roots, deadline=deadline))
        if not walk.complete:
            raise DeviceError(f"interface table walk incomplete: {walk.detail}", device=device)
        columns: dict[str, dict[int, Any]] = {}
        for col, root in zip(TABLE_COLUMNS, roots, strict=True):
            rows: dict[int, Any] = {}
            for vb in walk.rows(root):
                if len(vb.oid) == len(root) + 1:
                    rows[vb.oid[-1]] = vb.value
            columns[col] = rows
        return build_table(columns, if_number, uptime)
