"""Read many power targets at once, whatever protocol each speaks.

Used by ``govops power read``: each target becomes one :class:`DeviceReading`;
a target that fails never stops the others (failure is data).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from govops.collectors.power_config import DEFAULT_PORTS
from govops.collectors.power_ipmi import IpmiTarget, read_ipmi
from govops.collectors.power_modbus import ModbusTarget, read_meter
from govops.collectors.power_model import DeviceReading
from govops.collectors.power_redfish import RedfishTarget, read_bmc
from govops.collectors.power_snmp import read_device
from govops.collectors.power_snmp_access import SharedSnmp, SnmpAccess, v2c
from govops.errors import GovopsError
from govops.snmp.client import close_client
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.util.address import parse_address
from govops.util.failure import failure_kind

TargetKind = Literal["snmp", "modbus", "redfish", "ipmi"]


@dataclass(frozen=True)
class ReadOptions:
    """Protocol options shared by every target of one ``power read``."""

    community: str = "public"
    snmp_creds: SnmpCredentials | None = None
    meter: str = "eastron_sdm630"
    unit: int = 1
    username: str | None = None
    password: str | None = None
    # ipmitool reads the password from the environment itself (-E), so IPMI needs the variable's name.
    password_env: str = "IPMI_PASSWORD"  # noqa: S105 - the name of a variable, not a password
    timeout: float = 2.0
    concurrency: int = 32


def guess_kind(target: str) -> TargetKind:
    """A URL is Redfish; anything else is SNMP unless ``--kind`` says otherwise."""
    return "redfish" if target.startswith(("http://", "https://")) else "snmp"


async def read_one(target: str, kind: TargetKind, opts: ReadOptions) -> DeviceReading:
    """Read one target with the protocol ``kind``."""
    try:
        if kind == "snmp":
            host, port = parse_address(target, DEFAULT_PORTS["snmp"])
            if opts.snmp_creds is not None:
                access: SnmpAccess = SharedSnmp(SnmpTarget(host, port, timeout=opts.timeout), opts.snmp_creds)
            else:
                access = v2c(host, port, opts.community, timeout=opts.timeout)
            return await read_device(target, access)
        if kind == "modbus":
            host, port = parse_address(target, DEFAULT_PORTS["modbus"])
            return await read_meter(ModbusTarget(host, port, opts.meter, unit=opts.unit, timeout=opts.timeout))
        if kind == "redfish":
            url = target if target.startswith(("http://", "https://")) else f"https://{target}"
            return await read_bmc(RedfishTarget(url, opts.username, opts.password, timeout=opts.timeout * 2))
        return await read_ipmi(IpmiTarget(target, opts.username, opts.password_env))
    except GovopsError as exc:
        return DeviceReading(target, kind, ok=False, error=str(exc), error_kind=failure_kind(exc))


async def read_all(targets: Sequence[str], kind: TargetKind | None, opts: ReadOptions) -> list[DeviceReading]:
    """Read every target concurrently (bounded), results in the order given."""
    sem = asyncio.Semaphore(max(1, opts.concurrency))

    async def bounded(t: str) -> DeviceReading:
        async with sem:
            return await read_one(t, kind or guess_kind(t), opts)

    try:
        return list(await asyncio.gather(*(bounded(t) for t in targets)))
    finally:
        close_client()  # the shared SNMP client is bound to this event loop
