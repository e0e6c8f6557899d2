"""SQLAlchemy 2 models of the inventory and its history.

Field names follow the canonical import format (see README). Enumerations are
closed sets kept here as tuples so importers, the CLI and reports share them.
Time series never live here: they belong to Prometheus.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from govops.vocab import table as vocab_table

DEPARTMENT_LEVELS = ("province", "city", "county", "township", "village")
ROOM_LIFECYCLES = ("active", "retained", "converting", "closing", "closed")
DEVICE_KINDS = vocab_table.DEVICE_KINDS  # the one list lives in the vocabulary
DEVICE_STATUSES = ("in_service", "idle", "retired")
REACHABILITY = ("unknown", "reachable", "unreachable")
LINK_KINDS = ("internet", "extranet", "private")
LINK_ROLES = ("primary", "backup")
SYSTEM_ORIGINS = ("national", "provincial", "self_built")
MIGRATION_STATUSES = ("not_assessed", "planned", "adapting", "migrating", "migrated", "exempt", "retired")
MIGRATION_STRATEGIES = ("rehost", "replatform", "refactor", "repurchase", "retire", "retain", "relocate")
BACKUP_KINDS = ("none", "local", "offsite", "local+offsite")
VERDICTS = ("domestic", "foreign", "unknown")
SEVERITIES = ("info", "warning", "critical")
HISTORY_SOURCES = ("import", "scan", "user")

JsonDict = dict[str, Any]


def utcnow() -> dt.datetime:
    """Return the current time in UTC (timezone-aware)."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment stored in UTC and read back timezone-aware on every backend.

    PostgreSQL keeps the offset (``timestamptz``); SQLite keeps text without one, and
    SQLAlchemy would write an aware datetime's wall-clock time as if it were UTC. So every
    value is converted to UTC before it is written (a naive one is taken as UTC) and
    marked UTC when read: reports give the same JSON on both backends.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Normalise to UTC before writing."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Read back as an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


# The per-dimension verdicts of a device's classification record, computed by the database from the
# record whoever writes it (an import, discovery, a person, a rewind): reports count devices by
# dimension from this short text instead of parsing 1,000,000 JSON documents. SQLite keeps it virtual
# (an ALTER TABLE cannot add a stored one) and indexed; PostgreSQL stores it. ``dimension_words``
# reads either. A trailing "+" says the record lists software items. Frozen in migration 0007_i16.
VERDICT_DIMENSIONS = ("vendor", "cpu", "os")
SQLITE_DIMENSION_VERDICTS = (
    "json_extract(classification, '$.vendor.verdict', '$.cpu.verdict', '$.os.verdict')"
    " || CASE WHEN instr(classification, '\"items\"') > 0 THEN '+' ELSE '' END"
)
POSTGRES_DIMENSION_VERDICTS = (
    "CASE WHEN classification IS NULL THEN NULL ELSE"
    " coalesce((classification -> 'vendor') ->> 'verdict', '') || ','"
    " || coalesce((classification -> 'cpu') ->> 'verdict', '') || ','"
    " || coalesce((classification -> 'os') ->> 'verdict', '')"
    " || CASE WHEN strpos(classification::text, '\"items\"') > 0 THEN '+' ELSE '' END END"
)


class DimensionVerdicts(ColumnElement[str]):
    """The expression of ``Device.dimension_verdicts`` in each dialect's SQL."""

    inherit_cache = True
    type = Text()


@compiles(DimensionVerdicts, "sqlite")
def _sqlite_dimension_verdicts(_element: DimensionVerdicts, _compiler: Any, **_kw: Any) -> str:
    return SQLITE_DIMENSION_VERDICTS


@compiles(DimensionVerdicts, "postgresql")
def _postgres_dimension_verdicts(_element: DimensionVerdicts, _compiler: Any, **_kw: Any) -> str:
    return POSTGRES_DIMENSION_VERDICTS


def dimension_words(value: str | None, dialect: str) -> tuple[list[str | None], bool]:
    """Read ``Device.dimension_verdicts``: the verdict of each of ``VERDICT_DIMENSIONS`` (None: none), listed software.

    >>> dimension_words('["domestic",null,"foreign"]+', "sqlite"), dimension_words("domestic,,foreign", "postgresql")
    ((['domestic', None, 'foreign'], True), (['domestic', None, 'foreign'], False))
    >>> dimension_words(None, "sqlite")
    ([None, None, None], False)
    """
    if not value:
        return [None] * len(VERDICT_DIMENSIONS), False
    listed = value.endswith("+")
    body = value.removesuffix("+")
    if dialect == "sqlite":
        words = json.loads(body) if body else [None] * len(VERDICT_DIMENSIONS)
        return [w if isinstance(w, str) and w else None for w in words], listed
    return [w or None for w in body.split(",")], listed


class Base(DeclarativeBase):
    """Declarative base of every govops table."""


class Department(Base):
    """A government department (部门), from province down to village."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    parent: Mapped[Department | None] = relationship(remote_side="Department.id")


class Room(Base):
    """A machine room (机房)."""

    __tablename__ = "rooms"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(512))
    area_m2: Mapped[float | None] = mapped_column(Float)
    racks: Mapped[int | None] = mapped_column(Integer)
    self_built: Mapped[bool | None] = mapped_column(Boolean)
    lifecycle: Mapped[str] = mapped_column(String(16), default="active")
    pue_target: Mapped[float | None] = mapped_column(Float)
    pue_declared: Mapped[float | None] = mapped_column(Float)
    department: Mapped[Department | None] = relationship()


class Device(Base):
    """A piece of equipment: server, switch, router, firewall, storage, PDU, UPS, meter, BMC.

    ``snmp`` and ``ssh`` hold access settings with secrets *by reference only*
    (``{"community": {"env": "VAR"}}`` or ``{"file": "/path"}``), never the secret.
    ``facts`` holds what discovery observed that has no column (sysObjectID, uptime,
    disks ...). ``classification`` is the classifier's verdict with its evidence.
    """

    __tablename__ = "devices"
    # Covering indexes for report counts over 100,000 devices (migration 0002_i9); they also serve lookups by
    # kind or room, which have no index of their own (0006_i16: each index costs every import row).
    __table_args__ = (
        Index("ix_devices_report_kind", "kind", "department_id", "domestic", "status", "ipv6"),
        Index("ix_devices_report_room", "room_id", "kind", "status"),
        # SQLite computes a virtual column when it is read: the index holds it (and what reports filter on).
        Index("ix_devices_dimensions", "dimension_verdicts", "status", "department_id").ddl_if(dialect="sqlite"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # indexed first in ix_devices_report_kind
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))  # first in ix_devices_report_room
    rack: Mapped[str | None] = mapped_column(String(64))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    vendor: Mapped[str | None] = mapped_column(String(128))
    model: Mapped[str | None] = mapped_column(String(255))
    serial: Mapped[str | None] = mapped_column(String(255), index=True)
    platform: Mapped[str | None] = mapped_column(String(64))
    mgmt_ip: Mapped[str | None] = mapped_column(String(64), index=True)
    os: Mapped[str | None] = mapped_column(String(128))
    os_version: Mapped[str | None] = mapped_column(String(128))
    cpu_vendor: Mapped[str | None] = mapped_column(String(128))
    cpu_model: Mapped[str | None] = mapped_column(String(255))
    arch: Mapped[str | None] = mapped_column(String(32))
    cpu_sockets: Mapped[int | None] = mapped_column(Integer)
    cpu_cores: Mapped[int | None] = mapped_column(Integer)
    memory_mb: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="in_service")
    purchased: Mapped[dt.date | None] = mapped_column(Date)
    eol: Mapped[dt.date | None] = mapped_column(Date)
    # Dates a ledger gave only to the month or year: column -> "month" | "year" (the column holds the first day).
    date_precision: Mapped[JsonDict | None] = mapped_column(JSON)
    ipv6: Mapped[bool | None] = mapped_column(Boolean)
    domestic: Mapped[str | None] = mapped_column(String(16))  # in ix_devices_report_kind
    classification: Mapped[JsonDict | None] = mapped_column(JSON)
    # Computed by the database from ``classification`` (never written): see DimensionVerdicts.
    dimension_verdicts: Mapped[str | None] = mapped_column(Text, Computed(DimensionVerdicts(), persisted=True))
    snmp: Mapped[JsonDict | None] = mapped_column(JSON)
    ssh: Mapped[JsonDict | None] = mapped_column(JSON)
    facts: Mapped[JsonDict | None] = mapped_column(JSON)
    reachability: Mapped[str] = mapped_column(String(16), default="unknown")
    last_seen: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    room: Mapped[Room | None] = relationship()
    department: Mapped[Department | None] = relationship()


class Interface(Base):
    """A network interface of a device, as discovered."""

    __tablename__ = "interfaces"
    __table_args__ = (UniqueConstraint("device_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), index=True)
    if_index: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    descr: Mapped[str | None] = mapped_column(String(512))
    alias: Mapped[str | None] = mapped_column(String(512))
    type: Mapped[str | None] = mapped_column(String(64))
    speed_mbps: Mapped[float | None] = mapped_column(Float)
    admin_status: Mapped[str | None] = mapped_column(String(16))
    oper_status: Mapped[str | None] = mapped_column(String(16))
    mac: Mapped[str | None] = mapped_column(String(32))
    ips: Mapped[list[str] | None] = mapped_column(JSON)


class Neighbor(Base):
    """An LLDP (or CDP) neighbour seen from a device port: the start of a topology."""

    __tablename__ = "neighbors"
    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), index=True)
    local_port: Mapped[str | None] = mapped_column(String(255))
    remote_name: Mapped[str | None] = mapped_column(String(255))
    remote_port: Mapped[str | None] = mapped_column(String(255))
    remote_chassis_id: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(16), default="lldp")
    seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Link(Base):
    """A WAN link of the e-government extranet or the internet egress."""

    __tablename__ = "links"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str | None] = mapped_column(String(16))
    carrier: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(16))
    bandwidth_mbps: Mapped[float | None] = mapped_column(Float)
    a_device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), index=True)
    a_interface: Mapped[str | None] = mapped_column(String(255))
    z_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    ipv6: Mapped[bool | None] = mapped_column(Boolean)
    a_device: Mapped[Device | None] = relationship()
    z_department: Mapped[Department | None] = relationship()


class System(Base):
    """A business system (业务系统) with its hosting, migration, 等保 and backup state."""

    __tablename__ = "systems"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    origin: Mapped[str | None] = mapped_column(String(16))
    classified: Mapped[bool] = mapped_column(Boolean, default=False)
    zone: Mapped[str | None] = mapped_column(String(32))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    cloud: Mapped[str | None] = mapped_column(String(128))
    migration_strategy: Mapped[str | None] = mapped_column(String(16))
    migration_wave: Mapped[int | None] = mapped_column(Integer)
    migration_status: Mapped[str] = mapped_column(String(16), default="not_assessed", index=True)
    migration_planned: Mapped[dt.date | None] = mapped_column(Date)
    migration_done: Mapped[dt.date | None] = mapped_column(Date)
    migration_note: Mapped[str | None] = mapped_column(Text)
    dengbao_level: Mapped[int | None] = mapped_column(Integer)
    dengbao_assessed: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[JsonDict | None] = mapped_column(JSON)
    dengbao_passed: Mapped[bool | None] = mapped_column(Boolean)
    backup: Mapped[str | None] = mapped_column(String(16))
    ipv6: Mapped[bool | None] = mapped_column(Boolean)
    department: Mapped[Department | None] = relationship()
    room: Mapped[Room | None] = relationship()
    hosts: Mapped[list[Device]] = relationship(secondary="system_hosts")


class SystemHost(Base):
    """Which devices a system runs on (``runs_on``)."""

    __tablename__ = "system_hosts"
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id", ondelete="CASCADE"), primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True)


class HistoryEntry(Base):
    """One change to the inventory: what, old, new, when, from which source, by whom."""

    __tablename__ = "history"
    # (at, id): the newest entries in order (migration 0008_i18).
    __table_args__ = (Index("ix_history_entity", "entity_kind", "entity_key"), Index("ix_history_at_id", "at", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete
    entity_kind: Mapped[str] = mapped_column(String(32))
    entity_key: Mapped[str] = mapped_column(String(255))
    field: Mapped[str | None] = mapped_column(String(64))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)


class ConfigBackup(Base):
    """A running configuration of a device, secrets masked, one row per distinct version."""

    __tablename__ = "config_backups"
    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), index=True)
    taken_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="ssh")


class Finding(Base):
    """An audit finding (configuration, default credentials, compliance) on a device or system."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), index=True)
    system_id: Mapped[int | None] = mapped_column(ForeignKey("systems.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(128))
    severity: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(512))
    advice: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    source: Mapped[str] = mapped_column(String(32), default="config_audit")
    first_seen: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class HostCheck(Base):
    """The latest result of one 等保 host rule on one server (pass, fail or unknown), with its evidence.

    Failures also live as ``findings`` (source ``dengbao_host``) with their open/resolved
    lifecycle; this table keeps every rule's current state, passes included, so a report
    can say how far a system is from passing.
    """

    __tablename__ = "host_checks"
    __table_args__ = (UniqueConstraint("device_id", "rule"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    clause: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FigureRecord(Base):
    """A headline figure recorded by a scan or ``report --record``, for trends."""

    __tablename__ = "figures"
    __table_args__ = (Index("ix_figures_name_at", "name", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    name: Mapped[str] = mapped_column(String(128))
    value: Mapped[float | None] = mapped_column(Float)
    scope: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="report")
