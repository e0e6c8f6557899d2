"""Write what SSH discovery (or ``govops parse --save``) observed into the inventory.

Only this module and ``discovery/reconcile.py`` write inventory rows; every field
change goes through ``store.history.apply_values`` with ``source="scan"``.
Devices are matched by serial, then management address, then name; a device
that did not answer is never deleted, only marked unreachable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from govops.platforms.facts import DeviceFacts
from govops.store.history import apply_values, record
from govops.store.models import ConfigBackup, Device, Interface, Neighbor, utcnow

# Model prefixes that say what a box is; everything else discovered over SSH is a switch.
KIND_BY_MODEL_PREFIX: tuple[tuple[str, str], ...] = (
    ("USG", "firewall"),
    ("SECPATH", "firewall"),
    ("F1000", "firewall"),
    ("SRX", "firewall"),
    ("AR", "router"),
    ("NE", "router"),
    ("CX", "router"),
    ("MSR", "router"),
    ("RSR", "router"),
    ("MX", "router"),
    ("ISR", "router"),
)


@dataclass(frozen=True)
class SshObservation:
    """What one device said over SSH (or in captured files), ready to reconcile."""

    target: str
    address: str | None
    facts: DeviceFacts
    config: str | None = None
    source: str = "ssh"
    at: dt.datetime = field(default_factory=utcnow)
    port: int = 22
    access: dict[str, Any] | None = None


@dataclass(frozen=True)
class SaveOutcome:
    """What saving one observation did."""

    device: str
    created: bool
    changed_fields: tuple[str, ...]
    config_stored: bool


def kind_for_model(model: str | None) -> str:
    """Guess the device kind from its model name.

    >>> kind_for_model("USG6555E-AC"), kind_for_model("S5720-28X"), kind_for_model(None)
    ('firewall', 'switch', 'switch')
    """
    upper = (model or "").upper()
    return next((kind for prefix, kind in KIND_BY_MODEL_PREFIX if upper.startswith(prefix)), "switch")


def find_device(
    session: Session, *, serial: str | None, address: str | None, name: str | None, port: int = 22
) -> Device | None:
    """Find a stored device by serial, then management address (and SSH port), then name.

    The port matters in the lab, where every simulated device answers on 127.0.0.1.
    """
    if serial:
        dev = session.scalars(select(Device).where(Device.serial == serial)).first()
        if dev:
            return dev
    if address:
        for dev in session.scalars(select(Device).where(Device.mgmt_ip == address)):
            if int((dev.ssh or {}).get("port") or 22) == port:
                return dev
    if name:
        return session.scalars(select(Device).where(Device.name == name)).first()
    return None


def sha256_text(text: str) -> str:
    """Return the hex SHA-256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_config(session: Session, device: Device, text: str, *, source: str, at: dt.datetime) -> bool:
    """Store a (masked) configuration when it differs from the newest stored one.

    Returns:
        True when a new version was stored.
    """
    digest = sha256_text(text)
    latest = session.scalars(
        select(ConfigBackup)
        .where(ConfigBackup.device_id == device.id)
        .order_by(ConfigBackup.taken_at.desc(), ConfigBackup.id.desc())
    ).first()
    if latest is not None and latest.sha256 == digest:
        return False
    session.add(ConfigBackup(device_id=device.id, taken_at=at, sha256=digest, text=text, source=source[:16]))
    return True


def _device_values(obs: SshObservation) -> dict[str, Any]:
    f = obs.facts
    values: dict[str, Any] = {
        "platform": f.platform,
        "reachability": "reachable",
        "last_seen": obs.at,
    }
    for column, value in (
        ("vendor", f.vendor),
        ("model", f.model),
        ("serial", f.serial),
        ("os_version", f.version),
        ("mgmt_ip", obs.address),
    ):
        if value:
            values[column] = value
    return values


def save_observation(session: Session, obs: SshObservation, *, name: str | None = None) -> SaveOutcome:
    """Reconcile one observation into the store (device, interfaces, neighbours, configuration).

    Args:
        session: Open session; the caller commits.
        obs: The observation.
        name: Device name to use (``govops parse --save --device``); defaults to the hostname.

    Returns:
        What changed.
    """
    f = obs.facts
    dev_name = name or f.hostname or obs.target
    dev = find_device(session, serial=f.serial, address=obs.address, name=dev_name, port=obs.port)
    created = dev is None
    if dev is None:
        dev = Device(name=dev_name, kind=kind_for_model(f.model), status="in_service")
        session.add(dev)
        session.flush()
        record(session, source="scan", action="create", entity_kind="device", entity_key=dev_name, at=obs.at)
    values = _device_values(obs)
    facts_json = dict(dev.facts or {})
    facts_json["ssh"] = {
        "variant": f.variant,
        "uptime": f.uptime,
        "power": [asdict(p) for p in f.power],
        "errors": f.errors,
        "source": obs.source,
    }
    values["facts"] = facts_json
    if obs.access and not dev.ssh:
        # Remember how this device was reached (credentials by reference only), so a
        # later `govops discover ssh` without targets finds it again.
        values["ssh"] = obs.access
    changes = apply_values(
        session, dev, values, entity_kind="device", entity_key=dev.name, source="scan", at=obs.at
    )
    if "interfaces" not in f.errors and f.interfaces:
        _save_interfaces(session, dev, obs)
    if "lldp" not in f.errors:
        session.execute(delete(Neighbor).where(Neighbor.device_id == dev.id, Neighbor.source == "lldp"))
        for n in f.neighbors:
            session.add(
                Neighbor(
                    device_id=dev.id,
                    local_port=n.local_port,
                    remote_name=n.remote_name,
                    remote_port=n.remote_port,
                    remote_chassis_id=n.remote_chassis_id,
                    source="lldp",
                    seen_at=obs.at,
                )
            )
    stored = store_config(session, dev, obs.config, source=obs.source, at=obs.at) if obs.config else False
    return SaveOutcome(
        device=dev.name,
        created=created,
        changed_fields=tuple(c.field for c in changes if c.field not in ("last_seen", "facts")),
        config_stored=stored,
    )


def _save_interfaces(session: Session, dev: Device, obs: SshObservation) -> None:
    existing = {i.name: i for i in session.scalars(select(Interface).where(Interface.device_id == dev.id))}
    for itf in obs.facts.interfaces:
        row = existing.get(itf.name)
        if row is None:
            row = Interface(device_id=dev.id, name=itf.name)
            session.add(row)
        apply_values(
            session,
            row,
            {
                "alias": itf.description,
                "speed_mbps": itf.speed_mbps,
                "oper_status": itf.status,
                "admin_status": "down" if (itf.status or "").startswith(("*down", "admin")) else "up",
                "mac": itf.mac,
                "ips": list(itf.ips) or None,
            },
            entity_kind="interface",
            entity_key=f"{dev.name}:{itf.name}",
            source="scan",
            at=obs.at,
        )


def mark_unreachable(session: Session, *, address: str, at: dt.datetime, port: int = 22) -> str | None:
    """Mark a stored device unreachable (never delete it); return its name when found."""
    dev = find_device(session, serial=None, address=address, name=address, port=port)
    if dev is None:
        return None
    apply_values(
        session, dev, {"reachability": "unreachable"}, entity_kind="device", entity_key=dev.name, source="scan", at=at
    )
    return dev.name
