"""The canonical inventory format: typed rows, kinds, and the Chinese header labels.

The row dataclasses are the contract of ``govops inventory import`` (see
``docs/inventory.md``); CSV and Excel use the same fields flattened to dotted
names (``hosting.room``, ``migration.status``, ``snmp.community.env``), with
the English name, its Chinese label or an alias as the column header: all of
them come from the one vocabulary, ``govops.vocab``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from govops.util.hints import did_you_mean
from govops.vocab import HeaderMatch, header_index, header_label, kind_label, match_header
from govops.vocab import kind_of_name as kind_of_name  # noqa: PLC0414 (re-exported for the importers)
from govops.vocab.table import DeviceKind

DepartmentLevel = Literal["province", "city", "county", "township", "village"]
RoomLifecycle = Literal["active", "retained", "converting", "closing", "closed"]
DeviceStatus = Literal["in_service", "idle", "retired"]
Verdict = Literal["domestic", "foreign", "unknown"]
LinkKind = Literal["internet", "extranet", "private"]
LinkRole = Literal["primary", "backup"]
Origin = Literal["national", "provincial", "self_built"]
MigrationStatus = Literal["not_assessed", "planned", "adapting", "migrating", "migrated", "exempt", "retired"]
Strategy = Literal["rehost", "replatform", "refactor", "repurchase", "retire", "retain", "relocate"]
Backup = Literal["none", "local", "offsite", "local+offsite"]
SnmpVersion = Literal["1", "2c", "3"]


@dataclass(frozen=True)
class SecretRef:
    """A secret given by reference only: an environment variable or a file, never the value."""

    env: str | None = None
    file: str | None = None


@dataclass(frozen=True)
class SnmpAccess:
    """How discovery reaches a device over SNMP (secrets by reference)."""

    version: SnmpVersion = "2c"
    port: int = 161
    community: SecretRef | None = None
    user: str | None = None
    auth_protocol: str | None = None
    auth_key: SecretRef | None = None
    priv_protocol: str | None = None
    priv_key: SecretRef | None = None


@dataclass(frozen=True)
class SshAccess:
    """How discovery reaches a device over SSH (secrets by reference).

    ``python`` is the interpreter Ansible runs on a server; ``root`` the directory its fact
    module reads the machine under (``/``; the lab's servers are trees). Both are what
    `govops lab up` writes, so an exported store re-imports to the same one. ``known_hosts`` is a
    file the device's host key is checked against instead of the user's ~/.ssh/known_hosts (the
    lab's servers: their keys, which the lab writes).
    """

    port: int = 22
    username: str | None = None
    password: SecretRef | None = None
    key_file: str | None = None
    python: str | None = None
    root: str | None = None
    known_hosts: str | None = None


@dataclass(frozen=True)
class DepartmentRow:
    """A department (部门)."""

    code: str
    name: str
    level: DepartmentLevel
    parent: str | None = None


@dataclass(frozen=True)
class RoomRow:
    """A machine room (机房). ``pue_declared`` is the PUE the room reports on paper."""

    code: str
    name: str
    department: str | None = None
    address: str | None = None
    area_m2: float | None = None
    racks: int | None = None
    self_built: bool | None = None
    lifecycle: RoomLifecycle = "active"
    pue_target: float | None = None
    pue_declared: float | None = None


@dataclass(frozen=True)
class DeviceRow:
    """A device. ``domestic`` is a declared verdict; the classifier may replace it with evidence."""

    name: str
    kind: DeviceKind
    room: str | None = None
    rack: str | None = None
    department: str | None = None
    vendor: str | None = None
    model: str | None = None
    serial: str | None = None
    platform: str | None = None
    mgmt_ip: str | None = None
    os: str | None = None
    os_version: str | None = None
    cpu_vendor: str | None = None
    cpu_model: str | None = None
    arch: str | None = None
    cpu_sockets: int | None = None
    cpu_cores: int | None = None
    memory_mb: int | None = None
    status: DeviceStatus = "in_service"
    purchased: dt.date | None = None
    eol: dt.date | None = None
    ipv6: bool | None = None
    domestic: Verdict | None = None
    snmp: SnmpAccess | None = None
    ssh: SshAccess | None = None
    # The judged verdict with its evidence (govops.catalog.record), as exports write it (JSON text in a
    # spreadsheet cell); `domestic` is then left out: it is the record's, not stated by a ledger.
    classification: Any = None


@dataclass(frozen=True)
class LinkEnd:
    """The near end of a link: a device and its interface."""

    device: str
    interface: str | None = None


@dataclass(frozen=True)
class LinkProbe:
    """Where the bandwidth agent probes a link's far end: an IP address (ICMP echo), else TCP to ``tcp_port``."""

    address: str
    tcp_port: int = 443


@dataclass(frozen=True)
class LinkRow:
    """A WAN link; ``z_end`` is the department code it reaches."""

    name: str
    kind: LinkKind
    level: DepartmentLevel | None = None
    carrier: str | None = None
    role: LinkRole | None = None
    bandwidth_mbps: float | None = None
    a_end: LinkEnd | None = None
    z_end: str | None = None
    ipv6: bool | None = None
    probe: LinkProbe | None = None


@dataclass(frozen=True)
class Hosting:
    """Where a system runs: a machine room or a cloud."""

    room: str | None = None
    cloud: str | None = None


@dataclass(frozen=True)
class Migration:
    """Cloud migration state of a system."""

    strategy: Strategy | None = None
    wave: int | None = None
    status: MigrationStatus = "not_assessed"
    planned: dt.date | None = None
    done: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Dengbao:
    """等保 (MLPS 2.0) state of a system."""

    level: int | None = None
    assessed: dt.date | None = None
    passed: bool | None = None


@dataclass(frozen=True)
class SystemRow:
    """A business system (业务系统)."""

    name: str
    department: str | None = None
    origin: Origin | None = None
    classified: bool = False
    zone: str | None = None
    hosting: Hosting | None = None
    migration: Migration | None = None
    dengbao: Dengbao | None = None
    backup: Backup | None = None
    ipv6: bool | None = None
    runs_on: list[str] = field(default_factory=list)


KINDS: dict[str, type[Any]] = {
    "departments": DepartmentRow,
    "rooms": RoomRow,
    "devices": DeviceRow,
    "links": LinkRow,
    "systems": SystemRow,
}
# The key field of each kind: codes for departments and rooms, names for the rest.
KEY_FIELD = {"departments": "code", "rooms": "code", "devices": "name", "links": "name", "systems": "name"}

KIND_LABELS = {kind: kind_label(kind) for kind in KINDS}


def _unwrap_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(inner) == 1:
            return inner[0]
    return tp


def flat_fields(cls: type[Any], prefix: str = "") -> dict[str, Any]:
    """Return the dotted field names of a row class and their scalar types, nested dataclasses opened.

    >>> list(flat_fields(LinkEnd))
    ['device', 'interface']
    """
    out: dict[str, Any] = {}
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        tp = _unwrap_optional(hints[f.name])
        if dataclasses.is_dataclass(tp):
            out.update(flat_fields(typing.cast(type[Any], tp), f"{prefix}{f.name}."))
        else:
            out[f"{prefix}{f.name}"] = tp
    return out


FLAT_FIELDS: dict[str, dict[str, Any]] = {kind: flat_fields(cls) for kind, cls in KINDS.items()}
# Dotted field name -> the Chinese header an export writes (the vocabulary's label).
LABELS: dict[str, str] = {
    name: header_label(name) for name in dict.fromkeys(n for flat in FLAT_FIELDS.values() for n in flat)
}


@functools.cache
def _header_index(kind: str) -> dict[str, str]:
    return header_index(kind, FLAT_FIELDS[kind])


def header_match(kind: str, header: str) -> HeaderMatch | None:
    """Return what a CSV/Excel column header means for ``kind`` (field and any unit in parentheses)."""
    return match_header(_header_index(kind), header)


def header_to_field(kind: str, header: str) -> str | None:
    """Map a CSV/Excel column header (English field, Chinese label or alias) to a dotted field of ``kind``.

    >>> header_to_field("devices", "厂商"), header_to_field("devices", " Vendor "), header_to_field("rooms", "状态")
    ('vendor', 'vendor', 'lifecycle')
    """
    found = header_match(kind, header)
    return found.field if found else None


def header_hint(kind: str, header: str) -> str | None:
    """Suggest the closest field or label for an unknown header."""
    names = list(FLAT_FIELDS[kind]) + [LABELS[n] for n in FLAT_FIELDS[kind]]
    return did_you_mean(header.strip(), names)


def unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    """Turn dotted keys into nested mappings.

    >>> unflatten({"a_end.device": "r1", "name": "x"})
    {'a_end': {'device': 'r1'}, 'name': 'x'}
    """
    out: dict[str, Any] = {}
    for key, value in flat.items():
        parts = key.split(".")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def flatten(nested: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Turn nested mappings into dotted keys (inverse of ``unflatten``).

    >>> flatten({"hosting": {"room": "R1"}, "name": "x"})
    {'hosting.room': 'R1', 'name': 'x'}
    """
    out: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out
