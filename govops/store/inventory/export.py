"""Export the inventory: canonical YAML/JSON, CSV and Excel 台账, Ansible inventory, Prometheus file_sd.

YAML and JSON hold the canonical import format, so an export re-imports to an
identical store. CSV and Excel flatten nested fields to dotted columns with the
English names or the Chinese labels of ``fields.LABELS``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from govops.platforms.registry import PLATFORMS, canonical_platform
from govops.store.inventory.fields import FLAT_FIELDS, KIND_LABELS, LABELS, flatten
from govops.store.inventory.importer import ORDER
from govops.store.inventory.query import bandwidth_polled, list_entities
from govops.store.models import DEVICE_KINDS, Device
from govops.util.ansible_data import host_address, known_hosts_problem, secret_lookup, ssh_host_vars
from govops.util.files import write_atomically, write_bytes_atomically
from govops.util.limits import name_problem, spreadsheet_row
from govops.util.shard import shard_of
from govops.vocab import ENUMS, NETWORK_KINDS, POWER_KINDS, enum_for, yes_no_label

# Where each govops agent listens (documented in docs/inventory.md). The host agent runs on every
# server; the bandwidth and power agents run centrally and poll the devices listed for them.
AGENT_PORTS = {"host": 9120, "bandwidth": 9121, "power": 9122, "inventory": 9123}


def canonical_document(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Return the whole inventory in the canonical import format (judged verdicts with their records)."""
    return {kind: export_rows(session, kind) for kind in ORDER}


def export_rows(session: Session, kind: str, *, as_text: bool = False) -> list[dict[str, Any]]:
    """The rows of ``kind`` as exports write them: ``domestic`` only where a ledger stated it.

    A verdict the classifier judged (a ledger's words, SNMP, SSH, Ansible) is the record's, not
    the ledger's: written as ``domestic`` it would come back as stated and lose its evidence.
    The device carries its ``classification`` record instead (``as_text``: JSON text, one
    spreadsheet cell), so a re-import stores the same verdict with the same evidence.
    """
    rows = list_entities(session, kind)
    if kind != "devices":
        return rows
    judged = {name: record for name, record in session.execute(
        select(Device.name, Device.classification).where(Device.classification.is_not(None)))}
    for row in rows:
        record = judged.get(row["name"])
        if not record:
            continue
        row.pop("domestic", None)
        row["classification"] = json.dumps(record, ensure_ascii=False) if as_text else record
    return rows


class _Dumper(yaml.SafeDumper):
    """Safe dumper that keeps lists of short rows readable and never sorts keys."""


def to_yaml(doc: dict[str, Any]) -> str:
    """Serialise the canonical document as readable UTF-8 YAML (Chinese kept as is)."""
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def _json_default(obj: object) -> object:
    if isinstance(obj, dt.date):
        return obj.isoformat()
    raise TypeError(type(obj).__name__)


def to_json(doc: Any) -> str:
    """Serialise as JSON with readable Chinese and ISO dates."""
    return json.dumps(doc, ensure_ascii=False, indent=2, default=_json_default)


def flat_table(kind: str, rows: list[dict[str, Any]], *, lang: str = "en") -> tuple[list[str], list[list[Any]]]:
    """Flatten rows of ``kind`` to a header and cell values (lists joined with commas).

    With ``lang="zh"`` headers are the vocabulary's Chinese labels and choices its Chinese
    words (交换机, 在用, 是/否): what an office keeps, and what import reads back unchanged.
    """
    flats = [flatten(r) for r in rows]
    present = {k for f in flats for k in f}
    columns = [c for c in FLAT_FIELDS[kind] if c in present]
    header = [LABELS.get(c, c) if lang == "zh" else c for c in columns]
    words = [_zh_words(kind, c) if lang == "zh" else None for c in columns]
    body = []
    for f in flats:
        line = []
        for c, zh in zip(columns, words, strict=True):
            value = f.get(c)
            if isinstance(value, list):
                value = ",".join(value)
            elif zh is not None and value is not None:
                value = zh.get(value, value)
            line.append(value)
        body.append(line)
    return header, body


def _zh_words(kind: str, column: str) -> dict[Any, str] | None:
    """Return value -> Chinese word for a choice or yes/no column, else None."""
    if FLAT_FIELDS[kind][column] is bool:
        return {True: yes_no_label(True), False: yes_no_label(False)}
    enum = enum_for(kind, column)
    if enum is None:
        return None
    as_int = FLAT_FIELDS[kind][column] is int
    return {(int(w.value) if as_int else w.value): w.zh for w in ENUMS[enum]}


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(session: Session, out_dir: Path, *, lang: str = "en") -> list[Path]:
    """Write one CSV per kind into ``out_dir`` (UTF-8 with BOM, so Excel shows Chinese right)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ORDER:
        rows = export_rows(session, kind, as_text=True)
        if not rows:
            continue
        header, body = flat_table(kind, rows, lang=lang)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        # A cell starting = + - @ would run as a formula in a spreadsheet: OWASP's quote prefix.
        writer.writerows(spreadsheet_row(_cell_text(v) for v in line) for line in body)
        path = out_dir / f"{kind}.csv"
        write_atomically(path, "\ufeff" + buf.getvalue())  # an interrupted export never leaves half a sheet
        written.append(path)
    return written


def write_xlsx(session: Session, path: Path, *, lang: str = "en") -> Path:
    """Write one workbook with a sheet per kind (sheet names in Chinese with ``lang="zh"``)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for kind in ORDER:
        rows = export_rows(session, kind, as_text=True)
        if not rows:
            continue
        sheet = book.create_sheet(KIND_LABELS[kind] if lang == "zh" else kind)
        header, body = flat_table(kind, rows, lang=lang)
        sheet.append(header)
        for line in body:
            sheet.append([_text_cell(sheet, v) for v in line])
    path.parent.mkdir(parents=True, exist_ok=True)
    data = io.BytesIO()
    book.save(data)
    write_bytes_atomically(path, data.getvalue())  # never half a workbook (Ctrl-C, a full disk)
    return path


def _text_cell(sheet: Any, value: Any) -> Any:
    """A text cell is text: openpyxl would store one starting with `=` as a live formula."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # XML cannot hold most control characters (a device may report them): written as escapes.
    value = ILLEGAL_CHARACTERS_RE.sub(lambda m: ascii(m.group())[1:-1], value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


# Kinds no playbook reaches over SSH by default: network devices speak network_cli, facility devices
# (PDUs, UPSes, DC power systems, meters, BMCs) and appliances speak SNMP, Modbus or Redfish. Each is a group under
# `govops_devices`, which the playbooks leave out (`hosts: all:!govops_devices`).
DEVICE_GROUPS = {
    "govops_network": NETWORK_KINDS,
    "govops_facility": POWER_KINDS,
    # Every other kind but servers (storage, cameras, environment monitors, transport, other): none runs a playbook.
    "govops_appliance": tuple(k for k in DEVICE_KINDS if k != "server" and k not in (*NETWORK_KINDS, *POWER_KINDS)),
}
NETWORK_CONNECTION = "ansible.netcommon.network_cli"
_INVALID_GROUP_CHARS = re.compile(r"[^\w]")


def group_names(prefix: str, values: Iterable[str]) -> dict[str, str]:
    """Return value -> Ansible group name, distinct for distinct values and valid for Ansible.

    Letters of any script are kept (Ansible takes Unicode word characters: 一号机房 stays 一号机房);
    other characters become ``_``. When two values would then meet (JF-01 and JF_01), the one
    that changed gets a short digest of itself, so no two rooms ever share a group.

    >>> group_names("room", ["一号机房", "二号机房", "市政务云", "JF-01", "JF_01"])["JF-01"]
    'room_JF_01_de6af0'
    >>> group_names("platform", ["huawei_vrp"])
    {'huawei_vrp': 'platform_huawei_vrp'}
    """
    unique = sorted(set(values))
    plain = {v: f"{prefix}_" + _INVALID_GROUP_CHARS.sub("_", v) for v in unique}
    taken: dict[str, int] = {}
    for name in plain.values():
        taken[name] = taken.get(name, 0) + 1
    out = {}
    for value, name in plain.items():
        clash = taken[name] > 1 and name != f"{prefix}_{value}"
        out[value] = f"{name}_{hashlib.sha256(value.encode()).hexdigest()[:6]}" if clash else name
    return out


def ansible_inventory(session: Session) -> tuple[dict[str, Any], list[str]]:
    """Build an Ansible YAML inventory grouped by room, department, kind and platform.

    Network devices carry ``ansible_connection`` (network_cli) and, where the platform has one,
    ``ansible_network_os``; network, facility and appliance devices sit in the groups under
    ``govops_devices``, which no playbook targets by default. Devices without a management
    address or retired are left out (named in the returned notes), and so are devices whose
    name or address is not one Ansible can take safely. Passwords stay references: an ``env``
    reference becomes an Ansible ``lookup('env', ...)``, a ``file`` one a ``lookup('file', ...)``.
    Serialise with ``to_ansible_yaml``, which marks every string ``!unsafe``.
    """
    hosts: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    refused: list[str] = []
    no_network_os: set[str] = set()
    members: dict[tuple[str, str], list[str]] = {}
    for dev in list_entities(session, "devices"):
        if dev.get("status") == "retired":
            continue
        if not dev.get("mgmt_ip"):
            skipped.append(dev["name"])
            continue
        hv = _host_vars(dev, refused, no_network_os)
        if hv is None:
            continue
        hosts[dev["name"]] = hv
        for prefix, key in (("room", "room"), ("dept", "department"), ("kind", "kind"), ("platform", "platform")):
            if dev.get(key):
                value = canonical_platform(str(dev[key])) if key == "platform" else str(dev[key])
                members.setdefault((prefix, value), []).append(dev["name"])
    groups = _groups(members)
    inventory = {"all": {"hosts": hosts, "children": groups}}
    notes = [f"{len(skipped)} devices without mgmt_ip left out: {', '.join(skipped[:10])}"] if skipped else []
    if refused:
        notes.append(f"{len(refused)} devices with an invalid name, address, password reference or ssh.known_hosts "
                     f"left out: {', '.join(refused[:10])}")
    if no_network_os:
        notes.append("no Ansible network OS for platform(s) " + ", ".join(sorted(no_network_os))
                     + ": their devices have ansible_connection but no ansible_network_os")
    return inventory, notes


def _host_vars(dev: dict[str, Any], refused: list[str], no_network_os: set[str]) -> dict[str, Any] | None:
    address = host_address(dev["mgmt_ip"])
    if address is None or name_problem(dev["name"]):
        refused.append(repr(dev["name"][:40]))
        return None
    hv: dict[str, Any] = {"ansible_host": address, "govops_kind": dev["kind"]}
    for key in ("room", "department", "platform", "vendor", "model"):
        if dev.get(key):
            hv[f"govops_{key}"] = canonical_platform(dev[key]) if key == "platform" else dev[key]
    if dev["kind"] in DEVICE_GROUPS["govops_network"]:
        hv["ansible_connection"] = NETWORK_CONNECTION
        platform = PLATFORMS.get(canonical_platform(dev.get("platform") or ""))
        if platform is not None and platform.ansible_network_os:
            hv["ansible_network_os"] = platform.ansible_network_os
        else:
            no_network_os.add(dev.get("platform") or "(none)")
    ssh = dev.get("ssh") or {}
    if ssh.get("known_hosts") and known_hosts_problem(str(ssh["known_hosts"])):
        refused.append(repr(dev["name"][:40]))  # /dev/null or a directory: host keys would go unchecked
        return None
    try:
        # The password stays a reference, read where the inventory is used (env or file lookup).
        password = secret_lookup(ssh["password"]) if ssh.get("password") else None
    except (ValueError, AttributeError):
        refused.append(repr(dev["name"][:40]))
        return None
    return {**hv, **ssh_host_vars(ssh, password)}


def _groups(members: dict[tuple[str, str], list[str]]) -> dict[str, Any]:
    names: dict[tuple[str, str], str] = {}
    for prefix in {p for p, _ in members}:
        named = group_names(prefix, [v for p, v in members if p == prefix])
        names.update({(prefix, v): n for v, n in named.items()})
    groups: dict[str, Any] = {names[key]: {"hosts": dict.fromkeys(hosts)} for key, hosts in members.items()}
    devices: dict[str, Any] = {}
    for parent, kinds in DEVICE_GROUPS.items():
        children: dict[str, Any] = {names[("kind", k)]: {} for k in kinds if ("kind", k) in names}
        if children:
            devices[parent] = {"children": children}
    if devices:
        groups["govops_devices"] = {"children": devices}
    return dict(sorted(groups.items()))


def prometheus_sd(session: Session, agent: str, shard: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Return Prometheus file_sd target groups for the host or bandwidth agent (of one shard: ``(index, count)``).

    ``host``: every in-service server with a management address, ``ip:9120``.
    ``bandwidth``: exactly the devices its store mode polls (``query.bandwidth_polled``), as SNMP
    addresses (``ip`` or ``ip:port``), for relabelling into ``__param_target`` as with snmp_exporter.
    With ``shard``, only the devices ``govops agent bandwidth --shard`` polls, so each site's
    Prometheus probes its own agent (docs/deployment.md). The power agent's list comes from its
    config, not the store alone (``govops.agent.power_agent.power_file_sd``).
    """
    kinds = {"host": ("server",), "bandwidth": NETWORK_KINDS}[agent]
    polled = set(session.scalars(select(Device.name).where(bandwidth_polled()))) if agent == "bandwidth" else None
    groups = []
    for dev in list_entities(session, "devices"):
        if dev["kind"] not in kinds or dev.get("status", "in_service") != "in_service" or not dev.get("mgmt_ip"):
            continue
        if polled is not None and dev["name"] not in polled:
            continue
        if shard is not None and shard_of(dev["name"], shard[1]) != shard[0]:
            continue
        if agent == "host":
            target = f"{dev['mgmt_ip']}:{AGENT_PORTS['host']}"
        else:
            port = (dev.get("snmp") or {}).get("port", 161)
            target = dev["mgmt_ip"] if port == 161 else f"{dev['mgmt_ip']}:{port}"
        labels = {"device": dev["name"], "kind": dev["kind"], "govops_agent": agent}
        for key in ("room", "department", "platform", "domestic"):
            if dev.get(key):
                labels[key] = str(dev[key])
        groups.append({"targets": [target], "labels": labels})
    return groups
