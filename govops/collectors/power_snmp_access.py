"""SNMP v2c GET and walk for the power collector (pysnmp 7, v1arch, asyncio).

A minimal client kept beside the power collector until the shared
``govops.snmp`` client is merged; the collector only needs :class:`SnmpAccess`,
so swapping the implementation touches this module alone. Values come back as
``int`` (INTEGER, Gauge, Counter, TimeTicks), ``str`` (OCTET STRING, OID) or
``None`` (NULL, noSuchObject, noSuchInstance, endOfMibView).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from govops.errors import DeviceError, DeviceUnreachable

SnmpValue = int | str | None

_MAX_VARBINDS_PER_GET = 40


class SnmpAccess(Protocol):
    """What the power collector needs from an SNMP client."""

    async def get(self, oids: Sequence[str]) -> dict[str, SnmpValue]:
        """Fetch scalars/instances; missing ones map to ``None``."""
        ...

    async def walk(self, oid: str) -> dict[str, SnmpValue]:
        """Walk a subtree; keys are full dotted OIDs without a leading dot."""
        ...


def _convert(value: Any) -> SnmpValue:
    name = type(value).__name__
    if name in ("NoSuchObject", "NoSuchInstance", "EndOfMibView", "Null"):
        return None
    if name in ("Integer", "Integer32", "Unsigned32", "Gauge32", "Counter32", "Counter64", "TimeTicks"):
        return int(value)
    if name == "OctetString":
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.hex()
    if name == "ObjectIdentifier":
        return str(value)
    return str(value)


@dataclass
class V2cTarget:
    """One agent reached with SNMP v2c."""

    host: str
    port: int
    community: str
    timeout: float = 2.0
    retries: int = 1

    def __post_init__(self) -> None:
        self._transport: Any = None

    @property
    def name(self) -> str:
        """``host:port`` for messages (the community never appears)."""
        return f"{self.host}:{self.port}"

    @property
    def _dispatcher(self) -> Any:
        return _dispatcher_for_loop()

    async def _target(self) -> Any:
        from pysnmp.hlapi.v1arch.asyncio import UdpTransportTarget

        if self._transport is None:
            try:
                self._transport = await UdpTransportTarget.create(
                    (self.host, self.port), timeout=self.timeout, retries=self.retries
                )
            except Exception as exc:  # pysnmp raises its own error types for bad addresses
                raise DeviceUnreachable(f"cannot resolve or reach: {exc}", device=self.name) from exc
        return self._transport

    def _check(self, err_ind: Any, err_status: Any, err_index: Any, what: str) -> None:
        if err_ind:
            raise DeviceUnreachable(f"no SNMP answer to {what} ({err_ind})", device=self.name,
                                    hint="check address, port, community and ACLs")
        if err_status and int(err_status) != 0:
            raise DeviceError(f"SNMP error {err_status.prettyPrint()} at varbind {err_index} of {what}",
                              device=self.name)

    async def get(self, oids: Sequence[str]) -> dict[str, SnmpValue]:
        """GET the OIDs in chunks; missing instances map to ``None``."""
        from pysnmp.hlapi.v1arch.asyncio import CommunityData, ObjectIdentity, ObjectType, get_cmd

        out: dict[str, SnmpValue] = {}
        target = await self._target()
        for start in range(0, len(oids), _MAX_VARBINDS_PER_GET):
            chunk = oids[start : start + _MAX_VARBINDS_PER_GET]
            err_ind, err_status, err_index, var_binds = await get_cmd(
                self._dispatcher,
                CommunityData(self.community, mpModel=1),  # noqa: S508 - v2c is what the devices speak
                target,
                *(ObjectType(ObjectIdentity(o)) for o in chunk),
                lookupMib=False,
            )
            self._check(err_ind, err_status, err_index, f"GET {chunk[0]}")
            for name, value in var_binds:
                out[str(name)] = _convert(value)
        return out

    async def walk(self, oid: str) -> dict[str, SnmpValue]:
        """Walk ``oid`` with GETBULK (25 repetitions)."""
        from pysnmp.hlapi.v1arch.asyncio import CommunityData, ObjectIdentity, ObjectType, bulk_cmd

        out: dict[str, SnmpValue] = {}
        target = await self._target()
        prefix = oid + "."
        cursor = oid
        for _ in range(10_000):
            err_ind, err_status, err_index, var_binds = await bulk_cmd(
                self._dispatcher,
                CommunityData(self.community, mpModel=1),  # noqa: S508 - v2c is what the devices speak
                target,
                0,
                25,
                ObjectType(ObjectIdentity(cursor)),
                lookupMib=False,
            )
            self._check(err_ind, err_status, err_index, f"walk {oid}")
            if not var_binds:
                return out
            for name, value in var_binds:
                key = str(name)
                if not key.startswith(prefix) or type(value).__name__ == "EndOfMibView":
                    return out
                out[key] = _convert(value)
                cursor = key
        return out

    def close(self) -> None:
        """Forget the transport; the per-loop dispatcher is shared and stays open."""
        self._transport = None


_DISPATCHERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()


def _dispatcher_for_loop() -> Any:
    """One pysnmp dispatcher per event loop: creating one costs tens of ms (MIB setup)."""
    from pysnmp.hlapi.v1arch.asyncio import SnmpDispatcher

    loop = asyncio.get_running_loop()
    dispatcher = _DISPATCHERS.get(loop)
    if dispatcher is None:
        dispatcher = SnmpDispatcher()
        _DISPATCHERS[loop] = dispatcher
    return dispatcher
