"""The tables of the inventory and its history: the one schema, in SQLAlchemy Core.

Field names follow the canonical import format (see README). Enumerations are
closed sets kept here as tuples so importers, the CLI and reports share them.
Time series never live here: they belong to Prometheus.

The ORM classes of the write path (``govops.store.models``) are mapped onto these
tables; a report reads them with Core ``select()``s and never loads the ORM (a third
of a report's start-up at 100,000 devices; ``tests/unit/reports/test_read_path.py``).
Alembic's migrations own the schema in a store: a change here comes with its migration.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.ext.compiler import compiles

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
    """The expression of ``devices.dimension_verdicts`` in each dialect's SQL."""

    inherit_cache = True
    type = Text()


@compiles(DimensionVerdicts, "sqlite")
def _sqlite_dimension_verdicts(_element: DimensionVerdicts, _compiler: Any, **_kw: Any) -> str:
    return SQLITE_DIMENSION_VERDICTS


@compiles(DimensionVerdicts, "postgresql")
def _postgres_dimension_verdicts(_element: DimensionVerdicts, _compiler: Any, **_kw: Any) -> str:
    return POSTGRES_DIMENSION_VERDICTS


def dimension_words(value: str | None, dialect: str) -> tuple[list[str | None], bool]:
    """Read ``devices.dimension_verdicts``: the verdict of each of ``VERDICT_DIMENSIONS`` (None: none), listed software.

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


metadata = MetaData()


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _required(name: str, type_: Any, **kw: Any) -> Column[Any]:
    """A column that is never NULL."""
    return Column(name, type_, nullable=False, **kw)


# A government department (部门), from province down to village.
departments = Table(
    "departments",
    metadata,
    _id(),
    _required("code", String(64), unique=True),
    _required("name", String(255)),
    _required("level", String(16)),
    Column("parent_id", ForeignKey("departments.id"), index=True),
)

# A machine room (机房).
rooms = Table(
    "rooms",
    metadata,
    _id(),
    _required("code", String(64), unique=True),
    _required("name", String(255)),
    Column("department_id", ForeignKey("departments.id"), index=True),
    Column("address", String(512)),
    Column("area_m2", Float),
    Column("racks", Integer),
    Column("self_built", Boolean),
    _required("lifecycle", String(16), default="active"),
    Column("pue_target", Float),
    Column("pue_declared", Float),
)

# A piece of equipment: server, switch, router, firewall, storage, PDU, UPS, meter, BMC.
# ``snmp`` and ``ssh`` hold access settings with secrets *by reference only*
# (``{"community": {"env": "VAR"}}`` or ``{"file": "/path"}``), never the secret.
# ``facts`` holds what discovery observed that has no column (sysObjectID, uptime,
# disks ...). ``classification`` is the classifier's verdict with its evidence.
devices = Table(
    "devices",
    metadata,
    _id(),
    _required("name", String(255), unique=True),
    _required("kind", String(16)),  # indexed first in ix_devices_report_kind
    Column("room_id", ForeignKey("rooms.id")),  # first in ix_devices_report_room
    Column("rack", String(64)),
    Column("department_id", ForeignKey("departments.id"), index=True),
    Column("vendor", String(128)),
    Column("model", String(255)),
    Column("serial", String(255), index=True),
    Column("platform", String(64)),
    Column("mgmt_ip", String(64), index=True),
    Column("os", String(128)),
    Column("os_version", String(128)),
    Column("cpu_vendor", String(128)),
    Column("cpu_model", String(255)),
    Column("arch", String(32)),
    Column("cpu_sockets", Integer),
    Column("cpu_cores", Integer),
    Column("memory_mb", Integer),
    _required("status", String(16), default="in_service"),
    Column("purchased", Date),
    Column("eol", Date),
    # Dates a ledger gave only to the month or year: column -> "month" | "year" (the column holds the first day).
    Column("date_precision", JSON),
    Column("ipv6", Boolean),
    Column("domestic", String(16)),  # in ix_devices_report_kind
    Column("classification", JSON),
    # Computed by the database from ``classification`` (never written): see DimensionVerdicts.
    Column("dimension_verdicts", Text, Computed(DimensionVerdicts(), persisted=True)),
    Column("snmp", JSON),
    Column("ssh", JSON),
    Column("facts", JSON),
    # The discovered tables (``interfaces``, ``neighbors``) whose stored rows are only the first ones a walk cut
    # short read: table -> {"reason": "row limit 5000", "at": ISO time, "source": "snmp"}; None: each is whole.
    Column("partial_tables", JSON),
    _required("reachability", String(16), default="unknown"),
    Column("last_seen", UtcDateTime),
    # Covering indexes for report counts over 100,000 devices (migration 0002_i9); they also serve lookups by
    # kind or room, which have no index of their own (0006_i16: each index costs every import row).
    Index("ix_devices_report_kind", "kind", "department_id", "domestic", "status", "ipv6"),
    Index("ix_devices_report_room", "room_id", "kind", "status"),
    # SQLite computes a virtual column when it is read: the index holds it (and what reports filter on).
    Index("ix_devices_dimensions", "dimension_verdicts", "status", "department_id").ddl_if(dialect="sqlite"),
)

# A network interface of a device, as discovered.
interfaces = Table(
    "interfaces",
    metadata,
    _id(),
    _required("device_id", ForeignKey("devices.id", ondelete="CASCADE"), index=True),
    Column("if_index", Integer),
    _required("name", String(255)),
    Column("descr", String(512)),
    Column("alias", String(512)),
    Column("type", String(64)),
    Column("speed_mbps", Float),
    Column("admin_status", String(16)),
    Column("oper_status", String(16)),
    Column("mac", String(32)),
    Column("ips", JSON),
    UniqueConstraint("device_id", "name"),
)

# An LLDP (or CDP) neighbour seen from a device port: the start of a topology.
neighbors = Table(
    "neighbors",
    metadata,
    _id(),
    _required("device_id", ForeignKey("devices.id", ondelete="CASCADE"), index=True),
    Column("local_port", String(255)),
    Column("remote_name", String(255)),
    Column("remote_port", String(255)),
    Column("remote_chassis_id", String(255)),
    _required("source", String(16), default="lldp"),
    _required("seen_at", UtcDateTime, default=utcnow),
)

# A WAN link of the e-government extranet or the internet egress.
links = Table(
    "links",
    metadata,
    _id(),
    _required("name", String(255), unique=True),
    _required("kind", String(16)),
    Column("level", String(16)),
    Column("carrier", String(64)),
    Column("role", String(16)),
    Column("bandwidth_mbps", Float),
    Column("a_device_id", ForeignKey("devices.id"), index=True),
    Column("a_interface", String(255)),
    Column("z_department_id", ForeignKey("departments.id"), index=True),
    Column("ipv6", Boolean),
    # Where the bandwidth agent probes the far end: {address, tcp_port}, as a config file link's `probe:`.
    Column("probe", JSON),
)

# A business system (业务系统) with its hosting, migration, 等保 and backup state.
systems = Table(
    "systems",
    metadata,
    _id(),
    _required("name", String(255), unique=True),
    Column("department_id", ForeignKey("departments.id"), index=True),
    Column("origin", String(16)),
    _required("classified", Boolean, default=False),
    Column("zone", String(32)),
    Column("room_id", ForeignKey("rooms.id"), index=True),
    Column("cloud", String(128)),
    Column("migration_strategy", String(16)),
    Column("migration_wave", Integer),
    _required("migration_status", String(16), default="not_assessed", index=True),
    Column("migration_planned", Date),
    Column("migration_done", Date),
    Column("migration_note", Text),
    Column("dengbao_level", Integer),
    Column("dengbao_assessed", Date),
    Column("date_precision", JSON),
    Column("dengbao_passed", Boolean),
    Column("backup", String(16)),
    Column("ipv6", Boolean),
)

# Which devices a system runs on (``runs_on``).
system_hosts = Table(
    "system_hosts",
    metadata,
    Column("system_id", ForeignKey("systems.id", ondelete="CASCADE"), primary_key=True),
    Column("device_id", ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True),
)

# One change to the inventory: what, old, new, when, from which source, by whom.
history = Table(
    "history",
    metadata,
    _id(),
    _required("at", UtcDateTime, default=utcnow),
    _required("source", String(16)),
    Column("actor", String(128)),
    _required("action", String(16)),  # create | update | delete
    _required("entity_kind", String(32)),
    _required("entity_key", String(255)),
    Column("field", String(64)),
    Column("old", JSON, nullable=True),
    Column("new", JSON, nullable=True),
    Index("ix_history_entity", "entity_kind", "entity_key"),
    Index("ix_history_at_id", "at", "id"),  # (at, id): the newest entries in order (migration 0008_i18)
)

# A running configuration of a device, secrets masked, one row per distinct version.
config_backups = Table(
    "config_backups",
    metadata,
    _id(),
    _required("device_id", ForeignKey("devices.id", ondelete="CASCADE"), index=True),
    _required("taken_at", UtcDateTime, default=utcnow, index=True),
    _required("sha256", String(64)),
    _required("text", Text),
    _required("source", String(16), default="ssh"),
)

# An audit finding (configuration, default credentials, compliance) on a device or system.
findings = Table(
    "findings",
    metadata,
    _id(),
    Column("device_id", ForeignKey("devices.id", ondelete="CASCADE"), index=True),
    Column("system_id", ForeignKey("systems.id", ondelete="CASCADE"), index=True),
    _required("rule_id", String(128)),
    _required("severity", String(16), index=True),
    _required("title", String(512)),
    Column("advice", Text),
    Column("evidence", Text),
    _required("status", String(16), default="open", index=True),
    _required("source", String(32), default="config_audit"),
    _required("first_seen", UtcDateTime, default=utcnow),
    _required("last_seen", UtcDateTime, default=utcnow),
)

# The latest result of one 等保 host rule on one server (pass, fail or unknown), with its evidence.
# Failures also live as ``findings`` (source ``dengbao_host``) with their open/resolved
# lifecycle; this table keeps every rule's current state, passes included, so a report
# can say how far a system is from passing.
host_checks = Table(
    "host_checks",
    metadata,
    _id(),
    _required("device_id", ForeignKey("devices.id", ondelete="CASCADE"), index=True),
    _required("rule", String(64)),
    _required("clause", String(32)),
    _required("severity", String(16)),
    _required("status", String(16), index=True),
    _required("evidence", JSON, default=list),
    _required("checked_at", DateTime(timezone=True), default=utcnow),
    UniqueConstraint("device_id", "rule"),
)

# A headline figure recorded by a scan or ``report --record``, for trends.
figures = Table(
    "figures",
    metadata,
    _id(),
    _required("at", UtcDateTime, default=utcnow),
    _required("name", String(128)),
    Column("value", Float),
    Column("scope", String(64)),
    _required("source", String(16), default="report"),
    Index("ix_figures_name_at", "name", "at"),
)

# Each table's columns under one name, for the read path (reports, KPIs: Core, never the ORM).
ConfigBackup = config_backups.c
Department = departments.c
Device = devices.c
Finding = findings.c
HistoryEntry = history.c
HostCheck = host_checks.c
Link = links.c
Room = rooms.c
System = systems.c
SystemHost = system_hosts.c
