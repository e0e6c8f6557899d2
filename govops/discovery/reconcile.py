"""Reconcile observations into the inventory: the only writer of discovery results.

Every collector (SNMP, SSH, Ansible) hands its ``Observation`` records to
``reconcile()``. In one transaction, for each observation:

- find the device: the store device it was read for (``store_name``), else by
  serial, else by management address (``mgmt_ip`` and SNMP port, when exactly one
  device has it), else by name (sysName / hostname);
- answered: create it, or update the columns that were observed (a value the
  device did not report never erases a declared one), put the rest of the facts
  under ``Device.facts[<source>]`` (a column whose source the scan could not read, ``unread``, keeps its stored
  value and evidence, reported as ``kept``), set the domestic verdict and its evidence (unless the vendor it rests
  on is kept),
  replace its interfaces and neighbours as a whole (unless ``unread``; addresses not read keep each interface's
  stored ones, entities not read the stored stack members), mark it reachable; a table whose
  walk was cut short (``partial``) is saved, marked in ``Device.partial_tables``, only where no whole table
  of it is stored (a new device, or one never read whole) and it read no fewer rows than the partial one
  stored; a whole table stored is never replaced by a cut walk, and a whole walk clears the mark;
- not answered: mark a known device unreachable (never delete it); an unknown
  address that did not answer, and a failure that is not silence (credentials
  refused, a secret missing), are left alone and reported as skipped.

Every change is recorded in history with ``source=scan``. Any error rolls the
whole transaction back: nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from govops.catalog.record import merged
from govops.catalog.vendors import VendorCatalog, default_vendors
from govops.discovery.observation import DEVICE_COLUMNS, InterfaceObs, NeighborObs, Observation
from govops.store.db import session_scope
from govops.store.discovered import TABLES, stored_rows
from govops.store.history import Source, apply_values, record
from govops.store.models import DEVICE_KINDS, Device, Interface, Neighbor
from govops.util.limits import name_problem

log = logging.getLogger(__name__)

SOURCE: Source = "scan"
# Facts that change on every scan stay out of the store (they belong to Prometheus).
VOLATILE_FACTS = frozenset({"uptime_seconds"})
# Between a cut walk's outcome and what the store kept instead ("not saved; stored rows kept"), and between why a
# part was not read and what was kept of it in discover's stderr line ("neighbors not read: ...; stored rows kept").
INSTEAD = "; "
# The facts a table read gives: a scan that could not read the table whole (``unread``) keeps the stored ones.
FACTS_OF_TABLE = {"entities": ("stack_members",), "addresses": ("mgmt_ips",)}


@dataclass(frozen=True)
class Kept:
    """What the store kept of a field or table a scan did not read whole, and why the scan did not.

    The report holds these parts; the words are made here, once, where a surface shows them.

    >>> k = Kept("stored rows", "device: silent")
    >>> k.words, k.not_read
    ('stored rows kept', 'stored rows kept, not read: device: silent')
    """

    what: str  # "stored value", "stored rows", "stored mgmt_ips"
    why: str  # why the scan did not read the part, or why its walk was cut short

    @property
    def words(self) -> str:
        """What was kept ("stored rows kept"): discover's stderr lines, after the reason they give themselves."""
        return f"{self.what} kept"

    @property
    def not_read(self) -> str:
        """What was kept and why ("stored value kept, not read: ..."): ``--json``'s ``kept``."""
        return f"{self.words}, not read: {self.why}"


def not_read_line(part: str, why: str, kept: Kept | None = None) -> str:
    """The line ``discover snmp``, ``discover ssh`` and ``parse --save`` write for a part a read missed: why, and what
    ``--save`` kept of it in the store's words.

    >>> not_read_line("lldp", "display lldp neighbor: not captured", Kept("stored rows", "not captured"))
    'lldp not read: display lldp neighbor: not captured; stored rows kept'
    """
    return f"{part} not read: {why}{INSTEAD + kept.words if kept else ''}"


@dataclass(frozen=True)
class Cut:
    """What became of the rows of a walk cut short: saved (marked partial), or not, the stored rows ``kept``.

    >>> Cut("row limit 10", read=10, saved=True).words
    'row limit 10: the first 10 rows saved, marked partial'
    >>> Cut("row limit 10", read=3, kept=Kept("stored rows", "row limit 10"), stored_partial=5).words
    'row limit 10: not saved; stored rows kept (a partial table of 5)'
    >>> Cut("silent", read=0).words
    'silent: no rows read, nothing saved'
    """

    why: str  # why the walk stopped
    read: int  # rows it read
    saved: bool = False  # they replaced the stored table
    kept: Kept | None = None  # not saved: the store kept its rows
    stored_partial: int | None = None  # the rows kept are a partial table of this many

    @property
    def words(self) -> str:
        """The reason and the outcome ("row limit 10: not saved; stored rows kept"): ``--json``'s ``partial`` and
        discover's stderr line."""
        if self.saved:
            return f"{self.why}: the first {self.read} rows saved, marked partial"
        what = "no rows read" if self.read == 0 else "not saved"
        if self.kept is None:
            return f"{self.why}: {what}, nothing saved"
        more = f" (a partial table of {self.stored_partial})" if self.stored_partial is not None else ""
        return f"{self.why}: {what}{INSTEAD}{self.kept.words}{more}"


@dataclass
class ReconcileReport:
    """What one reconciliation did, device by device."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    changes: int = 0
    matched: dict[str, str] = field(default_factory=dict)
    # Device name -> field or part -> what the store kept of it and why: the scan could not read its source
    # (``unread``).
    kept: dict[str, dict[str, Kept]] = field(default_factory=dict)
    # Device name -> table -> what became of the rows of a walk cut short (saved, or the stored table kept).
    partial: dict[str, dict[str, Cut]] = field(default_factory=dict)

    def kept_what(self, target: str, part: str) -> Kept | None:
        """What the store kept of ``part``, which the scan of ``target`` did not read whole (not read, or its walk
        cut short); None when nothing was."""
        name = self.matched.get(target) or ""
        if (kept := self.kept.get(name, {}).get(part)) is not None:
            return kept
        cut = self.partial.get(name, {}).get(part)
        return cut.kept if cut is not None else None

    def to_json(self) -> dict[str, Any]:
        """JSON shape for ``--json`` output."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unreachable": self.unreachable,
            "skipped": self.skipped,
            "changes": self.changes,
            "partial": {name: {part: cut.words for part, cut in cuts.items()} for name, cuts in self.partial.items()},
            "kept": {name: {part: k.not_read for part, k in kept.items()} for name, kept in self.kept.items()},
        }


def reconcile(
    engine: Engine,
    observations: Sequence[Observation],
    *,
    actor: str | None = None,
    vendors: VendorCatalog | None = None,
) -> ReconcileReport:
    """Write observations into the store in one transaction (see the module docstring).

    Raises:
        StoreError or any database error: the transaction is rolled back, nothing is written.
    """
    catalog = vendors or default_vendors()
    report = ReconcileReport()
    with session_scope(engine) as session:
        for obs in observations:
            _one(session, obs, report, actor, catalog)
    return report


def _port_matches(device: Device, obs: Observation) -> bool:
    """Same port, when the device's access settings for this source name one (the lab's snmpsim does)."""
    settings = {"snmp": device.snmp, "ssh": device.ssh}.get(obs.source) or {}
    port = settings.get("port")
    return not isinstance(port, int) or port == _target_port(obs)


def _target_port(obs: Observation) -> int | None:
    _, _, port = obs.target.rpartition(":")
    return int(port) if port.isdigit() else None


def _find(session: Session, obs: Observation) -> tuple[Device | None, str]:
    if obs.store_name:
        dev = session.scalars(select(Device).where(Device.name == obs.store_name)).one_or_none()
        if dev is not None:
            return dev, "store"
    serial = obs.device.get("serial") if obs.ok else None
    if serial:
        found = list(session.scalars(select(Device).where(Device.serial == serial)))
        if len(found) == 1:
            return found[0], "serial"
    if obs.mgmt_ip or not obs.ok:
        host = obs.mgmt_ip or obs.target.rpartition(":")[0].strip("[]")
        same = [d for d in session.scalars(select(Device).where(Device.mgmt_ip == host)) if _port_matches(d, obs)]
        # Several devices behind one address (the lab's snmpsim, a proxy) cannot be told apart by it.
        if len(same) == 1:
            return same[0], "mgmt_address"
    name = obs.device.get("name") if obs.ok else None
    # A name no store row can hold is not looked up (PostgreSQL refuses a NUL even in a query).
    if isinstance(name, str) and name and not name_problem(name):
        dev = session.scalars(select(Device).where(Device.name == name)).one_or_none()
        if dev is not None:
            return dev, "name"
    return None, "new"


def _column_values(obs: Observation, dev: Device | None, catalog: VendorCatalog) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for col in DEVICE_COLUMNS:
        value = obs.device.get(col)
        if value is None or value == "" or (col in obs.unread and _stored(dev, col)):
            continue  # no value, or the scan could not read the field's source: the stored value stays
        if col == "kind" and value not in DEVICE_KINDS:
            continue
        values[col] = value
    # A stored vendor naming the same maker as the reading ("Huawei", "Huawei Technologies") takes the catalogue's one
    # word for it when the reading gives that word (``VendorCatalog.name_for``: every surface shows and stores one
    # word per maker); another spelling of the same maker read ("HUAWEI") leaves the stored word alone. The maker is
    # ``maker_named``'s (the importer's lookup): a ledger's Chinese word an old import stored ("华为") is that maker.
    if dev is not None and dev.vendor and "vendor" in values:
        old, new = catalog.maker_named(dev.vendor), catalog.maker_named(values["vendor"])
        if old is not None and new is not None and old.id == new.id and values["vendor"] != new.name:
            del values["vendor"]
    return values


def _stored(dev: Device | None, col: str) -> bool:
    """Whether the store holds a value in the device's column ``col``."""
    return dev is not None and getattr(dev, col) not in (None, "")


def _kept(session: Session, obs: Observation, dev: Device) -> dict[str, Kept]:
    """The columns whose stored value a scan keeps because it could not read their source, and the tables it could
    not read whole whose stored rows or facts it keeps: column or part -> what is kept, and why."""
    facts = (dev.facts or {}).get(obs.source)
    facts = facts if isinstance(facts, dict) else {}
    out: dict[str, Kept] = {}
    for part, why in obs.unread.items():
        if part in DEVICE_COLUMNS and _stored(dev, part):
            what = "stored value"
        elif part in TABLES and stored_rows(session, dev.id, part):
            what = "stored rows"
        elif any(fact in facts for fact in FACTS_OF_TABLE.get(part, ())):
            what = f"stored {', '.join(FACTS_OF_TABLE[part])}"
        else:
            continue
        out[part] = Kept(what, why)
    return out


def _facts(obs: Observation, old: Any, kept: frozenset[str] = frozenset()) -> dict[str, Any]:
    extra = {
        k: v
        for k, v in obs.device.items()
        if k not in DEVICE_COLUMNS and k not in VOLATILE_FACTS and v not in (None, "", [])
    }
    # A part this scan could not read keeps what an earlier scan recorded for it, its evidence too.
    old = old if isinstance(old, dict) else {}
    old_evidence = old["evidence"] if isinstance(old.get("evidence"), dict) else {}
    evidence = dict(extra.get("evidence") or {})
    for part in obs.unread:
        if part in old:
            extra.setdefault(part, old[part])
        for fact in FACTS_OF_TABLE.get(part, ()):  # the rows read are not the whole table: the stored facts stay
            if fact in old:
                extra[fact] = old[fact]
        if part in kept:  # the stored value stays: so does the evidence for it, not this scan's for another value
            evidence.pop(part, None)
        if part in old_evidence:
            evidence.setdefault(part, old_evidence[part])
    if evidence:
        extra["evidence"] = evidence
    if obs.warnings:
        extra["warnings"] = list(obs.warnings)
    return extra


def _new_name(session: Session, obs: Observation) -> str:
    base = obs.device.get("name")
    if not isinstance(base, str) or name_problem(base):
        # A device names itself (sysName, hostname); a name no ledger could hold (a template, a control
        # character, 100,000 characters) is not taken: the device is named by its address instead.
        base = obs.target
    name, n = str(base), 1
    while session.scalars(select(Device.id).where(Device.name == name)).first() is not None:
        n += 1
        name = f"{base}#{n}"
    return name


def _one(
    session: Session, obs: Observation, report: ReconcileReport, actor: str | None, catalog: VendorCatalog
) -> None:
    dev, how = _find(session, obs)
    at = obs.observed_at
    if not obs.ok:
        # Only silence is unreachability: refused credentials or a missing secret say nothing about it.
        if dev is None or obs.error_kind != "unreachable":
            report.skipped.append(obs.target)
            return
        changes = apply_values(
            session, dev, {"reachability": "unreachable"}, entity_kind="device", entity_key=dev.name,
            source=SOURCE, actor=actor, at=at,
        )
        report.changes += len(changes)
        report.unreachable.append(dev.name)
        report.matched[obs.target] = dev.name
        return
    created = dev is None
    if dev is None:
        name = _new_name(session, obs)
        kind = obs.device.get("kind") if obs.device.get("kind") in DEVICE_KINDS else "other"
        dev = Device(name=name, kind=kind, mgmt_ip=obs.mgmt_ip)
        port = _target_port(obs)
        if obs.source == "snmp" and port not in (None, 161):
            dev.snmp = {"port": port}
        elif obs.source == "ssh" and port not in (None, 22):
            # Issue 4: several SSH devices behind one address (the lab) are told apart by port.
            dev.ssh = {"port": port}
        session.add(dev)
        session.flush()
        record(session, source=SOURCE, action="create", entity_kind="device", entity_key=name,
               new={"target": obs.target}, actor=actor, at=at)
        report.changes += 1
    values = _column_values(obs, None if created else dev, catalog)
    kept = {} if created else _kept(session, obs, dev)
    if kept:
        report.kept.setdefault(dev.name, {}).update(kept)
    # The address that answered becomes the management address only if none is known:
    # a device answering on another of its addresses must not flap the declared one.
    if dev.mgmt_ip is None and obs.mgmt_ip:
        values["mgmt_ip"] = obs.mgmt_ip
    # The domestic verdict is the vendor's: a vendor the scan could not read keeps the stored verdict with it.
    if obs.classification is not None and "vendor" not in kept:
        values["domestic"] = obs.classification.verdict
        values["classification"] = merged(dev.classification, obs.classification_record() or {})
    values["facts"] = {**(dev.facts or {}),
                       obs.source: _facts(obs, (dev.facts or {}).get(obs.source), frozenset(kept))}
    values["reachability"] = "reachable"
    changes = apply_values(session, dev, values, entity_kind="device", entity_key=dev.name, source=SOURCE,
                           actor=actor, at=at)
    dev.last_seen = at  # not history: it changes on every scan
    n = len(changes)
    # A table not read (``unread``) keeps what the store has; one cut short is saved only where none is whole.
    old_marks = dict(dev.partial_tables or {})
    marks = dict(old_marks)
    replaced: dict[str, int] = {}  # part -> the changes its rows made
    if obs.interfaces is not None and _takes(session, dev, obs, "interfaces", marks=marks, report=report):
        replaced["interfaces"] = _replace_interfaces(session, dev, obs.interfaces, actor, at,
                                                     keep_ips="addresses" in obs.unread)
    if obs.neighbors is not None and _takes(session, dev, obs, "neighbors", marks=marks, report=report):
        replaced["neighbors"] = _replace_neighbors(session, dev, obs.neighbors, actor, at)
    for part, changed in replaced.items():
        if not changed and part in marks and part in old_marks:
            # The rows saved were the stored ones: a partial table keeps the mark of the scan that first saved them
            # (a cut walk reading the same first rows every day is no change).
            marks[part] = old_marks[part]
    n += sum(replaced.values())
    n += len(apply_values(session, dev, {"partial_tables": marks or None}, entity_kind="device",
                          entity_key=dev.name, source=SOURCE, actor=actor, at=at))
    report.changes += n
    report.matched[obs.target] = dev.name
    if created:
        report.created.append(dev.name)
    elif n:
        report.updated.append(dev.name)
    else:
        report.unchanged.append(dev.name)
    log.debug("reconciled %s -> %s (%s, %d changes)", obs.target, dev.name, how, n)


def _takes(
    session: Session, dev: Device, obs: Observation, part: str, *, marks: dict[str, Any], report: ReconcileReport
) -> bool:
    """Whether the rows read of ``part`` replace the stored table; ``marks`` (part -> partial mark) follows.

    A table read whole always does, and is whole. The first rows of a walk cut short do only where the store holds
    no whole table of the part (none at all, or one marked partial with no more rows than were read now): a device
    first read by a cut walk keeps what was read, marked, rather than nothing; a whole table is never cut down.
    """
    if part in obs.unread:
        return False
    read = len((obs.interfaces if part == "interfaces" else obs.neighbors) or ())
    why = obs.partial.get(part)
    if why is None:
        marks.pop(part, None)
        return True
    stored = stored_rows(session, dev.id, part)
    if read == 0 and not stored:
        cut = Cut(why, read)
    elif read == 0 or (stored and part not in marks) or read < stored:
        # The stored rows (whole, or a partial table of more rows) stay: said as for a part not read.
        cut = Cut(why, read, kept=Kept("stored rows", why), stored_partial=stored if read and part in marks else None)
    else:
        cut = Cut(why, read, saved=True)
    report.partial.setdefault(dev.name, {})[part] = cut
    if not cut.saved:
        return False
    marks[part] = {"reason": why, "at": obs.observed_at.isoformat(), "source": obs.source}
    return True


def _iface_row(i: InterfaceObs) -> dict[str, Any]:
    return {
        "if_index": i.index,
        "name": i.name,
        "descr": i.descr,
        "alias": i.alias,
        "type": i.type,
        "speed_mbps": i.speed_mbps,
        "admin_status": i.admin_status,
        "oper_status": i.oper_status,
        "mac": i.mac,
        "ips": list(i.ips) or None,
    }


def _replace_interfaces(
    session: Session, dev: Device, interfaces: Sequence[InterfaceObs], actor: str | None, at: dt.datetime,
    *, keep_ips: bool = False,
) -> int:
    """Replace the device's interfaces by those read; ``keep_ips``: the addresses were not read (IP-MIB), so an
    interface keeps the addresses stored for it (by name)."""
    old_rows = list(session.scalars(select(Interface).where(Interface.device_id == dev.id)))
    old = sorted((_row_dict(r) for r in old_rows), key=lambda d: str(d["name"]))
    stored_ips = {r["name"]: r["ips"] for r in old} if keep_ips else {}
    # Interface names are unique per device in the store; a repeated name keeps its first row.
    seen: set[str] = set()
    new = []
    for i in interfaces:
        if i.name in seen:
            continue
        seen.add(i.name)
        new.append(_iface_row(i) | ({"ips": stored_ips[i.name]} if i.name in stored_ips else {}))
    new_sorted = sorted(new, key=lambda d: str(d["name"]))
    if old == new_sorted:
        return 0
    session.execute(delete(Interface).where(Interface.device_id == dev.id))
    session.add_all(Interface(device_id=dev.id, **row) for row in new)
    record(session, source=SOURCE, action="update", entity_kind="device", entity_key=dev.name, field="interfaces",
           old=[r["name"] for r in old], new=[r["name"] for r in new], actor=actor, at=at)
    return 1


def _row_dict(row: Interface) -> dict[str, Any]:
    return {
        "if_index": row.if_index,
        "name": row.name,
        "descr": row.descr,
        "alias": row.alias,
        "type": row.type,
        "speed_mbps": row.speed_mbps,
        "admin_status": row.admin_status,
        "oper_status": row.oper_status,
        "mac": row.mac,
        "ips": row.ips,
    }


def _neighbor_key(n: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(n.get(k) or "") for k in ("local_port", "remote_name", "remote_port", "remote_chassis_id"))


def _replace_neighbors(
    session: Session, dev: Device, neighbors: Sequence[NeighborObs], actor: str | None, at: dt.datetime
) -> int:
    old_rows = list(session.scalars(select(Neighbor).where(Neighbor.device_id == dev.id)))
    old = sorted(
        _neighbor_key({"local_port": r.local_port, "remote_name": r.remote_name, "remote_port": r.remote_port,
                       "remote_chassis_id": r.remote_chassis_id})
        for r in old_rows
    )
    new = sorted(_neighbor_key(n.to_json()) for n in neighbors)
    if old == new:
        return 0
    session.execute(delete(Neighbor).where(Neighbor.device_id == dev.id))
    session.add_all(
        Neighbor(device_id=dev.id, local_port=n.local_port, remote_name=n.remote_name, remote_port=n.remote_port,
                 remote_chassis_id=n.remote_chassis_id, source=n.source, seen_at=at)
        for n in neighbors
    )
    record(session, source=SOURCE, action="update", entity_kind="device", entity_key=dev.name, field="neighbors",
           old=len(old), new=len(new), actor=actor, at=at)
    return 1
