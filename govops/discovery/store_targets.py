"""Discovery targets from the store: devices with a management address and SNMP access."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Engine, select

from govops.discovery.snmp_targets import DiscoveryTarget
from govops.errors import ConfigError
from govops.snmp.credentials import DEFAULT_PORT, SnmpCredentials
from govops.store.db import session_scope
from govops.store.models import Device


def store_target(name: str, mgmt_ip: str, snmp: Mapping[str, Any]) -> DiscoveryTarget:
    """A target for a store device from its ``mgmt_ip`` and ``snmp`` access (secrets by reference).

    Raises:
        ConfigError: Naming the device if its SNMP settings are malformed.
    """
    where = f"device {name}"
    creds = SnmpCredentials.from_json(snmp, where=where)
    port = snmp.get("port", DEFAULT_PORT)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError(f"{where}: snmp port must be 1-65535, got {port!r}")
    return DiscoveryTarget(mgmt_ip, port, creds, store_name=name)


def store_targets(
    engine: Engine, names: Collection[str] | None = None
) -> tuple[list[DiscoveryTarget], list[tuple[str, str]]]:
    """Targets for every device with ``mgmt_ip`` and ``snmp`` settings, and the devices whose settings are bad.

    Args:
        engine: The store.
        names: Only these devices (e.g. the lab's); None for all.

    Returns:
        (targets sorted by device name, [(device name, problem)]).
    """
    targets: list[DiscoveryTarget] = []
    problems: list[tuple[str, str]] = []
    with session_scope(engine) as session:
        rows = session.scalars(
            select(Device).where(Device.mgmt_ip.is_not(None), Device.snmp.is_not(None)).order_by(Device.name)
        )
        for dev in rows:
            if names is not None and dev.name not in names:
                continue
            snmp = dev.snmp or {}
            if not snmp.get("community") and snmp.get("version") != "3":
                continue  # an SNMP port alone (a device saved from a CLI scan) is no access
            try:
                targets.append(store_target(dev.name, str(dev.mgmt_ip), snmp))
            except ConfigError as exc:
                problems.append((dev.name, exc.message))
    return targets, problems
