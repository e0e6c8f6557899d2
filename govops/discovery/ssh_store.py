"""Hand what SSH discovery (or ``govops parse --save``) observed to ``discovery.reconcile``.

The device row, its interfaces and neighbours and the vendor verdict go through
``reconcile()`` (the one writer of discovery results, history ``source=scan``).
What reconcile does not know about is written here afterwards: the SSH access
settings (credentials by reference only) when the device has none, and the
running configuration as a new version when its masked text changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govops.catalog.vendors import classify_device, default_vendors
from govops.discovery.observation import InterfaceObs, NeighborObs, Observation
from govops.discovery.reconcile import Kept, reconcile
from govops.platforms.base import Fact
from govops.platforms.facts import DeviceFacts
from govops.platforms.registry import get_platform
from govops.store.db import session_scope
from govops.store.history import apply_values
from govops.store.models import ConfigBackup, Device, utcnow
from govops.util.failure import FailureKind

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
    """What one device said over SSH (or in captured files), ready to reconcile.

    ``facts`` is None for a device that did not answer (``error_kind`` says why).
    """

    target: str
    address: str | None
    facts: DeviceFacts | None
    config: str | None = None
    source: str = "ssh"
    at: dt.datetime = field(default_factory=utcnow)
    port: int = 22
    access: dict[str, Any] | None = None
    store_name: str | None = None
    name: str | None = None
    error: str | None = None
    error_kind: FailureKind | None = None


@dataclass(frozen=True)
class SaveOutcome:
    """What saving one observation did."""

    device: str
    created: bool
    changed: bool
    config_stored: bool
    # Fact ("lldp") -> what the store kept of it, not read by this scan.
    kept: dict[str, Kept] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """JSON shape for ``--json`` output: what was kept in ``discover snmp --save``'s words ("stored rows kept")."""
        return {**self.__dict__, "kept": {fact: k.words for fact, k in self.kept.items()}}


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


# The facts that fill a table of the store, by reconcile's part name.
TABLE_FACTS: dict[Fact, str] = {"interfaces": "interfaces", "lldp": "neighbors"}


def facts_read(facts: DeviceFacts, fact: Fact) -> bool:
    """Whether ``fact`` was read from the device: a command of its platform reads it, and did."""
    return fact not in facts.errors and get_platform(facts.platform).reads(fact, facts.variant)


def why_not_read(facts: DeviceFacts, fact: Fact) -> str | None:
    """Why ``fact`` was not read (the command's error, or that no command of the platform reads it); None if read."""
    if fact in facts.errors:
        return facts.errors[fact]
    return None if facts_read(facts, fact) else f"no command of {facts.platform} reads it"


def to_observation(obs: SshObservation) -> Observation:
    """Turn an SSH observation into reconcile's ``Observation`` (vendor verdict from the catalogue)."""
    target = f"{obs.address}:{obs.port}" if obs.address else f"capture:{obs.name or obs.target}"
    if obs.facts is None:
        return Observation(
            target=target, source=obs.source, observed_at=obs.at, ok=False, error=obs.error,
            error_kind=obs.error_kind or "device",
            store_name=obs.store_name, mgmt_ip=obs.address,
        )  # fmt: skip
    f = obs.facts
    device: dict[str, Any] = {
        "name": obs.name or f.hostname,
        "vendor": f.vendor,
        "model": f.model,
        "serial": f.serial,
        "os_version": f.version,
        "platform": f.platform,
        "kind": kind_for_model(f.model),
        "variant": f.variant,
        "power": [asdict(p) for p in f.power],
        "errors": dict(f.errors),
    }
    verdict = classify_device(default_vendors(), vendor=f.vendor, texts={"model": f.model})
    interfaces = tuple(
        InterfaceObs(
            index=None,
            name=i.name,
            alias=i.description,
            speed_mbps=i.speed_mbps,
            admin_status="down" if (i.status or "").startswith(("*down", "admin")) else "up",
            oper_status=i.status,
            mac=i.mac,
            ips=i.ips,
        )
        for i in f.interfaces
    )
    neighbors = tuple(NeighborObs(n.local_port, n.remote_name, n.remote_port, n.remote_chassis_id) for n in f.neighbors)
    return Observation(
        target=target,
        source=obs.source,
        observed_at=obs.at,
        ok=True,
        device=device,
        classification=verdict,
        # A fact that could not be read, or that no command of the platform reads, leaves the stored rows alone
        # rather than emptying them (ZXROS over SSH would wipe the LLDP neighbours SNMP read).
        interfaces=interfaces if facts_read(f, "interfaces") else None,
        neighbors=neighbors if facts_read(f, "lldp") else None,
        store_name=obs.store_name,
        mgmt_ip=obs.address,
        warnings=tuple(f"{fact}: {err}" for fact, err in f.errors.items()),
        # So reconcile says what the store kept of them ("stored rows kept"), as for a part an SNMP walk missed.
        unread={part: why for fact, part in TABLE_FACTS.items() if (why := why_not_read(f, fact)) is not None},
    )


def save_observations(engine: Engine, observations: Sequence[SshObservation]) -> dict[str, SaveOutcome]:
    """Reconcile the observations, then store access settings and configurations.

    Returns:
        Per observation ``target``: the device it landed on and what changed.
    """
    pairs = [(obs, to_observation(obs)) for obs in observations]
    report = reconcile(engine, [o for _, o in pairs])
    out: dict[str, SaveOutcome] = {}
    with session_scope(engine) as session:
        for obs, robs in pairs:
            name = report.matched.get(robs.target)
            if name is None or obs.facts is None:
                continue
            dev = session.scalars(select(Device).where(Device.name == name)).one()
            if obs.access and not (dev.ssh or {}).get("username"):
                # Remember how the device was reached (credentials by reference only), so a
                # later `govops discover ssh` without targets finds it again.
                access = {**(dev.ssh or {}), **obs.access}
                apply_values(session, dev, {"ssh": access}, entity_kind="device", entity_key=dev.name,
                             source="scan", at=obs.at)  # fmt: skip
            stored = store_config(session, dev, obs.config, source=obs.source, at=obs.at) if obs.config else False
            out[obs.target] = SaveOutcome(
                device=name,
                created=name in report.created,
                changed=name in report.updated or name in report.created,
                config_stored=stored,
                kept={
                    fact: kept for fact, part in TABLE_FACTS.items() if (kept := report.kept_what(robs.target, part))
                },
            )
    return out
