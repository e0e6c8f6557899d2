"""SQLAlchemy 2 ORM classes of the inventory and its history, for the write path.

Each class is mapped onto its table in ``govops.store.tables`` (the one schema, in Core),
adding the relationships the importers, discovery and tracking navigate. Reports read the
tables with Core and do not load the ORM. The enumerations and column types live with the
tables and are named here too, for the modules that import them from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from govops.store import tables
from govops.store.tables import (
    BACKUP_KINDS,
    DEPARTMENT_LEVELS,
    DEVICE_KINDS,
    DEVICE_STATUSES,
    HISTORY_SOURCES,
    LINK_KINDS,
    LINK_ROLES,
    MIGRATION_STATUSES,
    MIGRATION_STRATEGIES,
    REACHABILITY,
    ROOM_LIFECYCLES,
    SEVERITIES,
    SYSTEM_ORIGINS,
    VERDICT_DIMENSIONS,
    VERDICTS,
    dimension_words,
    utcnow,
)

__all__ = [
    "BACKUP_KINDS",
    "DEPARTMENT_LEVELS",
    "DEVICE_KINDS",
    "DEVICE_STATUSES",
    "HISTORY_SOURCES",
    "LINK_KINDS",
    "LINK_ROLES",
    "MIGRATION_STATUSES",
    "MIGRATION_STRATEGIES",
    "REACHABILITY",
    "ROOM_LIFECYCLES",
    "SEVERITIES",
    "SYSTEM_ORIGINS",
    "VERDICTS",
    "VERDICT_DIMENSIONS",
    "Base",
    "ConfigBackup",
    "Department",
    "Device",
    "FigureRecord",
    "Finding",
    "HistoryEntry",
    "HostCheck",
    "Interface",
    "Link",
    "Neighbor",
    "Room",
    "System",
    "SystemHost",
    "dimension_words",
    "utcnow",
]

JsonDict = dict[str, Any]


class Base(DeclarativeBase):
    """Declarative base of every govops table: the ORM's classes map the tables of ``govops.store.tables``."""

    metadata = tables.metadata


class Department(Base):
    """A government department (部门), from province down to village."""

    __table__ = tables.departments
    __tablename__ = __table__.name
    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    level: Mapped[str]
    parent_id: Mapped[int | None]
    parent: Mapped[Department | None] = relationship(remote_side="Department.id")


class Room(Base):
    """A machine room (机房)."""

    __table__ = tables.rooms
    __tablename__ = __table__.name
    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    department_id: Mapped[int | None]
    address: Mapped[str | None]
    area_m2: Mapped[float | None]
    racks: Mapped[int | None]
    self_built: Mapped[bool | None]
    lifecycle: Mapped[str]
    pue_target: Mapped[float | None]
    pue_declared: Mapped[float | None]
    department: Mapped[Department | None] = relationship()


class Device(Base):
    """A piece of equipment: server, switch, router, firewall, storage, PDU, UPS, meter, BMC.

    ``snmp`` and ``ssh`` hold access settings with secrets *by reference only*
    (``{"community": {"env": "VAR"}}`` or ``{"file": "/path"}``), never the secret.
    ``facts`` holds what discovery observed that has no column (sysObjectID, uptime,
    disks ...). ``classification`` is the classifier's verdict with its evidence. ``partial_tables``
    marks the discovered tables whose stored rows are the first rows of a walk cut short.
    """

    __table__ = tables.devices
    __tablename__ = __table__.name
    id: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]
    room_id: Mapped[int | None]
    rack: Mapped[str | None]
    department_id: Mapped[int | None]
    vendor: Mapped[str | None]
    model: Mapped[str | None]
    serial: Mapped[str | None]
    platform: Mapped[str | None]
    mgmt_ip: Mapped[str | None]
    os: Mapped[str | None]
    os_version: Mapped[str | None]
    cpu_vendor: Mapped[str | None]
    cpu_model: Mapped[str | None]
    arch: Mapped[str | None]
    cpu_sockets: Mapped[int | None]
    cpu_cores: Mapped[int | None]
    memory_mb: Mapped[int | None]
    status: Mapped[str]
    purchased: Mapped[dt.date | None]
    eol: Mapped[dt.date | None]
    date_precision: Mapped[JsonDict | None]
    ipv6: Mapped[bool | None]
    domestic: Mapped[str | None]
    classification: Mapped[JsonDict | None]
    dimension_verdicts: Mapped[str | None]
    snmp: Mapped[JsonDict | None]
    ssh: Mapped[JsonDict | None]
    facts: Mapped[JsonDict | None]
    partial_tables: Mapped[JsonDict | None]
    reachability: Mapped[str]
    last_seen: Mapped[dt.datetime | None]
    room: Mapped[Room | None] = relationship()
    department: Mapped[Department | None] = relationship()


class Interface(Base):
    """A network interface of a device, as discovered."""

    __table__ = tables.interfaces
    __tablename__ = __table__.name
    id: Mapped[int]
    device_id: Mapped[int]
    if_index: Mapped[int | None]
    name: Mapped[str]
    descr: Mapped[str | None]
    alias: Mapped[str | None]
    type: Mapped[str | None]
    speed_mbps: Mapped[float | None]
    admin_status: Mapped[str | None]
    oper_status: Mapped[str | None]
    mac: Mapped[str | None]
    ips: Mapped[list[str] | None]


class Neighbor(Base):
    """An LLDP (or CDP) neighbour seen from a device port: the start of a topology."""

    __table__ = tables.neighbors
    __tablename__ = __table__.name
    id: Mapped[int]
    device_id: Mapped[int]
    local_port: Mapped[str | None]
    remote_name: Mapped[str | None]
    remote_port: Mapped[str | None]
    remote_chassis_id: Mapped[str | None]
    source: Mapped[str]
    seen_at: Mapped[dt.datetime]


class Link(Base):
    """A WAN link of the e-government extranet or the internet egress."""

    __table__ = tables.links
    __tablename__ = __table__.name
    id: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]
    level: Mapped[str | None]
    carrier: Mapped[str | None]
    role: Mapped[str | None]
    bandwidth_mbps: Mapped[float | None]
    a_device_id: Mapped[int | None]
    a_interface: Mapped[str | None]
    z_department_id: Mapped[int | None]
    ipv6: Mapped[bool | None]
    probe: Mapped[JsonDict | None]
    a_device: Mapped[Device | None] = relationship()
    z_department: Mapped[Department | None] = relationship()


class System(Base):
    """A business system (业务系统) with its hosting, migration, 等保 and backup state."""

    __table__ = tables.systems
    __tablename__ = __table__.name
    id: Mapped[int]
    name: Mapped[str]
    department_id: Mapped[int | None]
    origin: Mapped[str | None]
    classified: Mapped[bool]
    zone: Mapped[str | None]
    room_id: Mapped[int | None]
    cloud: Mapped[str | None]
    migration_strategy: Mapped[str | None]
    migration_wave: Mapped[int | None]
    migration_status: Mapped[str]
    migration_planned: Mapped[dt.date | None]
    migration_done: Mapped[dt.date | None]
    migration_note: Mapped[str | None]
    dengbao_level: Mapped[int | None]
    dengbao_assessed: Mapped[dt.date | None]
    date_precision: Mapped[JsonDict | None]
    dengbao_passed: Mapped[bool | None]
    backup: Mapped[str | None]
    ipv6: Mapped[bool | None]
    department: Mapped[Department | None] = relationship()
    room: Mapped[Room | None] = relationship()
    hosts: Mapped[list[Device]] = relationship(secondary="system_hosts")


class SystemHost(Base):
    """Which devices a system runs on (``runs_on``)."""

    __table__ = tables.system_hosts
    __tablename__ = __table__.name
    system_id: Mapped[int]
    device_id: Mapped[int]


class HistoryEntry(Base):
    """One change to the inventory: what, old, new, when, from which source, by whom."""

    __table__ = tables.history
    __tablename__ = __table__.name
    id: Mapped[int]
    at: Mapped[dt.datetime]
    source: Mapped[str]
    actor: Mapped[str | None]
    action: Mapped[str]
    entity_kind: Mapped[str]
    entity_key: Mapped[str]
    field: Mapped[str | None]
    old: Mapped[Any]
    new: Mapped[Any]


class ConfigBackup(Base):
    """A running configuration of a device, secrets masked, one row per distinct version."""

    __table__ = tables.config_backups
    __tablename__ = __table__.name
    id: Mapped[int]
    device_id: Mapped[int]
    taken_at: Mapped[dt.datetime]
    sha256: Mapped[str]
    text: Mapped[str]
    source: Mapped[str]


class Finding(Base):
    """An audit finding (configuration, default credentials, compliance) on a device or system."""

    __table__ = tables.findings
    __tablename__ = __table__.name
    id: Mapped[int]
    device_id: Mapped[int | None]
    system_id: Mapped[int | None]
    rule_id: Mapped[str]
    severity: Mapped[str]
    title: Mapped[str]
    advice: Mapped[str | None]
    evidence: Mapped[str | None]
    status: Mapped[str]
    source: Mapped[str]
    first_seen: Mapped[dt.datetime]
    last_seen: Mapped[dt.datetime]


class HostCheck(Base):
    """The latest result of one 等保 host rule on one server (pass, fail or unknown), with its evidence.

    Failures also live as ``findings`` (source ``dengbao_host``) with their open/resolved
    lifecycle; this table keeps every rule's current state, passes included, so a report
    can say how far a system is from passing.
    """

    __table__ = tables.host_checks
    __tablename__ = __table__.name
    id: Mapped[int]
    device_id: Mapped[int]
    rule: Mapped[str]
    clause: Mapped[str]
    severity: Mapped[str]
    status: Mapped[str]
    evidence: Mapped[list[dict[str, Any]]]
    checked_at: Mapped[dt.datetime]


class FigureRecord(Base):
    """A headline figure recorded by a scan or ``report --record``, for trends."""

    __table__ = tables.figures
    __tablename__ = __table__.name
    id: Mapped[int]
    at: Mapped[dt.datetime]
    name: Mapped[str]
    value: Mapped[float | None]
    scope: Mapped[str | None]
    source: Mapped[str]
