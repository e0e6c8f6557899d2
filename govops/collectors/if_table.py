"""Learn a device's interface table (IF-MIB) once, so each poll GETs only counters.

The table (ifIndex -> ifName, ifDescr, ifAlias, ifType, speed, 64-bit counter support)
changes rarely; the poller re-reads it every ``table_refresh_seconds`` and whenever
sysUpTime goes back or ifNumber changes (ifIndex may be renumbered after a reboot).
The walk uses pysnmp's GETBULK: it runs once per device per refresh, so its per-varbind
cost does not matter; the per-cycle GETs use ``govops.snmp.packed_get``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govops.collectors.counters import speed_bits_per_second
from govops.errors import DeviceError, DeviceUnreachable

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

TABLE_COLUMNS = (IF_DESCR, IF_TYPE, IF_SPEED, IF_NAME, IF_HIGH_SPEED, IF_ALIAS, IF_HC_IN_OCTETS)

# IANAifType names for the common types; others export their number.
IF_TYPES = {
    1: "other", 6: "ethernetCsmacd", 23: "ppp", 24: "softwareLoopback", 53: "propVirtual",
    131: "tunnel", 135: "l2vlan", 136: "l3ipvlan", 161: "ieee8023adLag", 166: "mpls",
}


@dataclass(frozen=True)
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
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip("\x00").strip()
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


def _renamed(row: IfRow) -> IfRow:
    return IfRow(row.if_index, f"{row.name}#{row.if_index}", row.descr, row.alias, row.type, row.speed_bps, row.hc)


class PysnmpTableReader:
    """Walk IF-MIB columns with pysnmp (one engine per process), SNMP v1/v2c."""

    def __init__(self) -> None:
        self._engine: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _get_engine(self) -> Any:
        loop = asyncio.get_running_loop()
        if self._engine is None or self._loop is not loop:
            # pysnmp's transports belong to the loop that opened them; one engine per loop (per process).
            from pysnmp.hlapi.v3arch.asyncio import SnmpEngine

            self._engine = SnmpEngine()
            self._loop = loop
        return self._engine

    async def read(
        self, address: tuple[str, int], community: str, version: str, *, timeout: float, device: str
    ) -> IfTable:
        """Walk the table columns plus ifNumber and sysUpTime.

        Raises:
            DeviceUnreachable: The device did not answer.
            DeviceError: It answered with an SNMP error.
        """
        from pysnmp.hlapi.v3arch.asyncio import (
            CommunityData,
            ContextData,
            ObjectIdentity,
            ObjectType,
            UdpTransportTarget,
            bulk_walk_cmd,
            get_cmd,
            walk_cmd,
        )

        engine = self._get_engine()
        auth = CommunityData(community, mpModel=0 if version == "1" else 1)
        target = await UdpTransportTarget.create(address, timeout=max(0.2, timeout / 2), retries=1)
        ctx = ContextData()

        async def check(err_ind: Any, err_status: Any, err_index: Any) -> None:
            if err_ind:
                raise DeviceUnreachable(f"interface table walk: {err_ind}", device=device)
            if err_status and int(err_status):
                raise DeviceError(f"interface table walk: SNMP error {err_status.prettyPrint()}", device=device)

        err_ind, err_status, err_index, var_binds = await get_cmd(
            engine, auth, target, ctx, ObjectType(ObjectIdentity(SYS_UPTIME)), ObjectType(ObjectIdentity(IF_NUMBER))
        )
        await check(err_ind, err_status, err_index)
        uptime = _int(var_binds[0][1]) if var_binds else None
        if_number = _int(var_binds[1][1]) if len(var_binds) > 1 else None

        async def walk(column: str) -> dict[int, Any]:
            out: dict[int, Any] = {}
            prefix = tuple(int(p) for p in column.split("."))
            walker = (
                walk_cmd(engine, auth, target, ctx, ObjectType(ObjectIdentity(column)), lexicographicMode=False)
                if version == "1"
                else bulk_walk_cmd(
                    engine, auth, target, ctx, 0, 50, ObjectType(ObjectIdentity(column)), lexicographicMode=False
                )
            )
            async for e_ind, e_status, e_index, binds in walker:
                await check(e_ind, e_status, e_index)
                for oid, value in binds:
                    parts = tuple(oid)
                    if parts[: len(prefix)] != prefix or len(parts) != len(prefix) + 1:
                        continue
                    out[parts[-1]] = bytes(value) if hasattr(value, "asOctets") else _int(value)
            return out

        # At most two walks in flight per device: a small switch CPU answers SNMP at low priority.
        gate = asyncio.Semaphore(2)

        async def gated(column: str) -> dict[int, Any]:
            async with gate:
                return await walk(column)

        results = await asyncio.gather(*(gated(c) for c in TABLE_COLUMNS))
        return build_table(dict(zip(TABLE_COLUMNS, results, strict=True)), if_number, uptime)
