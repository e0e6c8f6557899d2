"""The canonical inventory format: typed rows, kinds, and the Chinese header labels.

The row dataclasses are the contract of ``govops inventory import`` (see
``docs/inventory.md``); CSV and Excel use the same fields flattened to dotted
names (``hosting.room``, ``migration.status``, ``snmp.community.env``), with
either the English name or its Chinese label as the column header. The one
``LABELS`` table serves both import and export.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from govops.util.hints import did_you_mean

DepartmentLevel = Literal["province", "city", "county", "township", "village"]
RoomLifecycle = Literal["active", "retained", "converting", "closing", "closed"]
DeviceKind = Literal["server", "switch", "router", "firewall", "storage", "pdu", "ups", "meter", "bmc", "other"]
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
    """How discovery reaches a device over SSH (secrets by reference)."""

    port: int = 22
    username: str | None = None
    password: SecretRef | None = None
    key_file: str | None = None


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


@dataclass(frozen=True)
class LinkEnd:
    """The near end of a link: a device and its interface."""

    device: str
    interface: str | None = None


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

# Sheet names and file-name stems that mean a kind (Excel 台账 are often named in Chinese).
KIND_ALIASES: dict[str, str] = {
    "departments": "departments", "department": "departments", "部门": "departments", "单位": "departments",
    "rooms": "rooms", "room": "rooms", "机房": "rooms",
    "devices": "devices", "device": "devices", "设备": "devices", "资产": "devices",
    "links": "links", "link": "links", "链路": "links", "线路": "links",
    "systems": "systems", "system": "systems", "业务系统": "systems", "系统": "systems",
}  # fmt: skip
KIND_LABELS = {"departments": "部门", "rooms": "机房", "devices": "设备", "links": "链路", "systems": "业务系统"}

# Dotted field name -> its Chinese label. Export writes these; import accepts them and the aliases below.
LABELS: dict[str, str] = {
    "code": "编码", "name": "名称", "level": "级别", "parent": "上级部门",
    "department": "部门", "address": "地址", "area_m2": "面积(平方米)", "racks": "机柜数",
    "self_built": "自建", "lifecycle": "生命周期", "pue_target": "目标PUE", "pue_declared": "申报PUE",
    "kind": "类型", "room": "机房", "rack": "机柜", "vendor": "厂商", "model": "型号", "serial": "序列号",
    "platform": "平台", "mgmt_ip": "管理IP", "os": "操作系统", "os_version": "系统版本",
    "cpu_vendor": "CPU厂商", "cpu_model": "CPU型号", "arch": "架构", "cpu_sockets": "CPU路数",
    "cpu_cores": "CPU核数", "memory_mb": "内存(MB)", "status": "状态", "purchased": "购置日期",
    "eol": "停保日期", "ipv6": "IPv6", "domestic": "国产化",
    "snmp.version": "SNMP版本", "snmp.port": "SNMP端口", "snmp.community.env": "SNMP团体名变量",
    "snmp.community.file": "SNMP团体名文件", "snmp.user": "SNMP用户",
    "snmp.auth_protocol": "SNMP认证协议", "snmp.auth_key.env": "SNMP认证密钥变量",
    "snmp.auth_key.file": "SNMP认证密钥文件", "snmp.priv_protocol": "SNMP加密协议",
    "snmp.priv_key.env": "SNMP加密密钥变量", "snmp.priv_key.file": "SNMP加密密钥文件",
    "ssh.port": "SSH端口", "ssh.username": "SSH用户", "ssh.password.env": "SSH密码变量",
    "ssh.password.file": "SSH密码文件", "ssh.key_file": "SSH密钥文件",
    "carrier": "运营商", "role": "主备", "bandwidth_mbps": "带宽(Mbps)", "a_end.device": "本端设备",
    "a_end.interface": "本端接口", "z_end": "对端部门",
    "origin": "来源", "classified": "涉密", "zone": "网络区域", "hosting.room": "部署机房",
    "hosting.cloud": "部署云", "migration.strategy": "迁移策略", "migration.wave": "迁移批次",
    "migration.status": "迁移状态", "migration.planned": "计划迁移日期", "migration.done": "完成迁移日期",
    "migration.note": "迁移说明", "dengbao.level": "等保级别", "dengbao.assessed": "测评日期",
    "dengbao.passed": "测评通过", "backup": "备份", "runs_on": "运行设备",
}  # fmt: skip
# Other headers seen in real registers, accepted on import only.
HEADER_ALIASES: dict[str, str] = {
    "代码": "code", "部门编码": "code", "机房编码": "code", "部门名称": "name", "机房名称": "name",
    "设备名称": "name", "系统名称": "name", "链路名称": "name", "主机名": "name", "所属部门": "department",
    "使用部门": "department", "所在机房": "room", "品牌": "vendor", "制造商": "vendor", "设备型号": "model",
    "SN": "serial", "管理地址": "mgmt_ip", "IP地址": "mgmt_ip", "设备类型": "kind", "购买日期": "purchased",
    "启用日期": "purchased", "过保日期": "eol", "PUE": "pue_declared",
}  # fmt: skip

TRUE_WORDS = {"true", "yes", "y", "1", "是", "有", "√", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "无", "×", "f"}


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
_LABEL_TO_FIELD = {label: name for name, label in LABELS.items()} | HEADER_ALIASES


def header_to_field(kind: str, header: str) -> str | None:
    """Map a CSV/Excel column header (English field or Chinese label) to a dotted field of ``kind``.

    >>> header_to_field("devices", "厂商"), header_to_field("devices", " Vendor ")
    ('vendor', 'vendor')
    """
    text = header.strip()
    known = FLAT_FIELDS[kind]
    for candidate in (text, text.lower(), _LABEL_TO_FIELD.get(text)):
        if candidate in known:
            return candidate
    return None


def header_hint(kind: str, header: str) -> str | None:
    """Suggest the closest field or label for an unknown header."""
    names = list(FLAT_FIELDS[kind]) + [LABELS[n] for n in FLAT_FIELDS[kind] if n in LABELS]
    return did_you_mean(header.strip(), names)


def kind_of_name(name: str) -> str | None:
    """Return the kind a sheet name or file stem means, if any.

    >>> kind_of_name("devices-2024"), kind_of_name("机房"), kind_of_name("notes")
    ('devices', 'rooms', None)
    """
    text = name.strip().lower()
    if text in KIND_ALIASES:
        return KIND_ALIASES[text]
    for alias, kind in KIND_ALIASES.items():
        if not text.startswith(alias):
            continue
        # "devices-2024" and "设备台账" both mean devices; "devicesx" does not.
        if not alias.isascii() or text[len(alias)] in "-_. 0123456789(（":
            return kind
    return None


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
