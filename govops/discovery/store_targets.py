"""Discovery targets from the store: devices with a management address and SNMP access, and the store devices
``--device`` picks (for SNMP and SSH discovery alike)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govops.discovery.snmp_targets import DiscoveryTarget
from govops.errors import ConfigError, InputError
from govops.snmp.credentials import DEFAULT_PORT, SnmpCredentials
from govops.store.db import session_scope
from govops.store.models import Device
from govops.vocab.values import parse_ip


def store_target(
    name: str, mgmt_ip: str, snmp: Mapping[str, Any], facts: Mapping[str, Any] | None = None
) -> DiscoveryTarget:
    """A target for a store device from its ``mgmt_ip`` and ``snmp`` access (secrets by reference).

    ``facts`` (``Device.facts``) may record the SNMP version the device answered an SNMPv2c community in (SNMPv1 or
    SNMPv2c, ``answered_version``): the device is asked that version only. Without the record it is asked as a host
    named directly is (SNMPv2c, with the SNMPv1 fallback alongside).

    Raises:
        ConfigError: Naming the device if its SNMP settings are malformed.
    """
    where = f"device {name}"
    creds = SnmpCredentials.from_json(snmp, where=where)
    port = snmp.get("port", DEFAULT_PORT)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError(f"{where}: snmp port must be 1-65535, got {port!r}")
    answered = answered_version(facts)
    if creds.version == "2c" and answered is not None:
        # The SNMPv1 request sent alongside SNMPv2c would go to an agent known to answer SNMPv2c (one more request per
        # device), and an agent known to answer SNMPv1 only would wait out SNMPv2c's timeout first.
        return DiscoveryTarget(mgmt_ip, port, creds.with_version(answered), store_name=name, v1_fallback=False)
    return DiscoveryTarget(mgmt_ip, port, creds, store_name=name)


def answered_version(facts: Mapping[str, Any] | None) -> Literal["1", "2c"] | None:
    """The SNMP version (of a community: "1" or "2c") the store records a device answering its last SNMP scan in
    (``facts["snmp"]["snmp_version"]``, written by ``discovery.reconcile``), or None.

    >>> answered_version({"snmp": {"snmp_version": "1"}}), answered_version({"snmp": {"snmp_version": "3"}})
    ('1', None)
    """
    snmp = (facts or {}).get("snmp")
    version = snmp.get("snmp_version") if isinstance(snmp, Mapping) else None
    return version if version in ("1", "2c") else None


def has_access(snmp: Mapping[str, Any] | None) -> bool:
    """Whether stored ``snmp`` settings give access: a community or v3. An SNMP port alone (a device saved from a
    CLI scan) is no access."""
    return snmp is not None and (bool(snmp.get("community")) or snmp.get("version") == "3")


def store_targets(engine: Engine) -> tuple[list[DiscoveryTarget], list[tuple[str, str]]]:
    """Targets for every device with ``mgmt_ip`` and ``snmp`` settings, and the devices whose settings are bad (a
    pick of devices is ``chosen_store_targets``).

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
            if not has_access(dev.snmp):
                continue
            try:
                targets.append(store_target(dev.name, str(dev.mgmt_ip), dev.snmp or {}, dev.facts))
            except ConfigError as exc:
                problems.append((dev.name, exc.message))
    return targets, problems


def lab_given(engine: Engine, names: Sequence[str]) -> set[str]:
    """Which of the store devices ``names`` the lab gave their access (``facts.lab``, written by ``lab up``): a
    failure of one may be the lab's, not the device's."""
    with session_scope(engine) as session:
        rows = session.scalars(select(Device).where(Device.name.in_(list(names))))
        return {dev.name for dev in rows if (dev.facts or {}).get("lab")}


def stored_address(text: str) -> str | None:
    """``text`` as the store writes a management address (``vocab.values.parse_ip``), or None: not an address."""
    try:
        return parse_ip(text)
    except ValueError:
        return None


def chosen_devices(session: Session, picks: Sequence[str]) -> list[Device]:
    """The store devices ``picks`` name, each pick a device name or a management address (every device at that
    address, written in any form ``stored_address`` reads), sorted by device name, each device once: the selection
    of ``--device`` for every discovery that asks store devices with their stored access (SNMP, SSH).

    Raises:
        InputError: Naming a pick that is no store device's name or management address.
    """
    addresses = {a for a in map(stored_address, picks) if a is not None}
    rows = list(session.scalars(
        select(Device).where(Device.name.in_(picks) | Device.mgmt_ip.in_(addresses)).order_by(Device.name)
    ))
    found = {dev.name for dev in rows} | {str(dev.mgmt_ip) for dev in rows}
    for pick in picks:
        if pick not in found and stored_address(pick) not in found:
            raise InputError("no store device has this name or management address", where=f"--device {pick!r}",
                             hint="`govops inventory list devices` lists the store's devices")
    return rows


def chosen_store_targets(engine: Engine, picks: Sequence[str]) -> list[DiscoveryTarget]:
    """SNMP targets for the store devices ``picks`` name (``chosen_devices``), asked with the stored access.

    Raises:
        InputError: Naming a pick that is no store device's name or management address.
        ConfigError: Naming a chosen device without a management address or SNMP access, or with malformed settings.
    """
    with session_scope(engine) as session:
        targets: list[DiscoveryTarget] = []
        for dev in chosen_devices(session, picks):
            if dev.mgmt_ip is None or not has_access(dev.snmp):
                what = "a management address" if dev.mgmt_ip is None else "SNMP access (a community or v3)"
                raise ConfigError(f"--device: device {dev.name} has no {what} stored",
                                  hint="import it with mgmt_ip and snmp settings, or name the address as TARGET with "
                                  "--community/--v3-user")
            targets.append(store_target(dev.name, str(dev.mgmt_ip), dev.snmp or {}, dev.facts))
    return targets
