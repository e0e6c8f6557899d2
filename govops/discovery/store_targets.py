"""Discovery targets from the store: devices with a management address and SNMP access."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Engine, select

from govops.discovery.snmp import DiscoveryTarget, store_target
from govops.errors import ConfigError
from govops.store.db import session_scope
from govops.store.models import Device


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
