"""Export the inventory: canonical YAML/JSON, CSV and Excel 台账, Ansible inventory, Prometheus file_sd.

YAML and JSON hold the canonical import format, so an export re-imports to an
identical store. CSV and Excel flatten nested fields to dotted columns with the
English names or the Chinese labels of ``fields.LABELS``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from govops.store.inventory.fields import FLAT_FIELDS, KIND_LABELS, LABELS, flatten
from govops.store.inventory.importer import ORDER
from govops.store.inventory.query import list_entities
from govops.util.ansible_data import env_lookup, host_address
from govops.util.limits import name_problem

# Where each govops agent listens (documented in docs/inventory.md). The host agent runs on every
# server; the bandwidth and power agents run centrally and poll the devices listed for them.
AGENT_PORTS = {"host": 9120, "bandwidth": 9121, "power": 9122, "inventory": 9123}
BANDWIDTH_KINDS = ("switch", "router", "firewall")
POWER_KINDS = ("pdu", "ups", "meter", "bmc")


def canonical_document(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Return the whole inventory in the canonical import format."""
    return {kind: list_entities(session, kind) for kind in ORDER}


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
    """Flatten rows of ``kind`` to a header and cell values (lists joined with commas)."""
    flats = [flatten(r) for r in rows]
    present = {k for f in flats for k in f}
    columns = [c for c in FLAT_FIELDS[kind] if c in present]
    header = [LABELS.get(c, c) if lang == "zh" else c for c in columns]
    body = []
    for f in flats:
        line = []
        for c in columns:
            value = f.get(c)
            if isinstance(value, list):
                value = ",".join(value)
            line.append(value)
        body.append(line)
    return header, body


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
        rows = list_entities(session, kind)
        if not rows:
            continue
        header, body = flat_table(kind, rows, lang=lang)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([_cell_text(v) for v in line] for line in body)
        path = out_dir / f"{kind}.csv"
        path.write_text(buf.getvalue(), encoding="utf-8-sig")
        written.append(path)
    return written


def write_xlsx(session: Session, path: Path, *, lang: str = "en") -> Path:
    """Write one workbook with a sheet per kind (sheet names in Chinese with ``lang="zh"``)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for kind in ORDER:
        rows = list_entities(session, kind)
        if not rows:
            continue
        sheet = book.create_sheet(KIND_LABELS[kind] if lang == "zh" else kind)
        header, body = flat_table(kind, rows, lang=lang)
        sheet.append(header)
        for line in body:
            sheet.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _group(prefix: str, value: str) -> str:
    """Return a valid Ansible group name.

    >>> _group("platform", "huawei_vrp"), _group("room", "R-01")
    ('platform_huawei_vrp', 'room_r_01')
    """
    return f"{prefix}_" + re.sub(r"[^a-z0-9_]", "_", value.lower())


def ansible_inventory(session: Session) -> tuple[dict[str, Any], list[str]]:
    """Build an Ansible YAML inventory grouped by room, department, kind and platform.

    Devices without a management address or retired are left out (named in the returned notes),
    and so are devices whose name or address is not one Ansible can take safely.
    Passwords stay references: an ``env`` reference becomes an Ansible ``lookup('env', ...)``.
    Serialise with ``to_ansible_yaml``, which marks every string ``!unsafe``.
    """
    hosts: dict[str, dict[str, Any]] = {}
    groups: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    refused: list[str] = []
    for dev in list_entities(session, "devices"):
        if dev.get("status") == "retired":
            continue
        if not dev.get("mgmt_ip"):
            skipped.append(dev["name"])
            continue
        address = host_address(dev["mgmt_ip"])
        if address is None or name_problem(dev["name"]):
            refused.append(repr(dev["name"][:40]))
            continue
        hv: dict[str, Any] = {"ansible_host": address, "govops_kind": dev["kind"]}
        for key in ("room", "department", "platform", "vendor", "model"):
            if dev.get(key):
                hv[f"govops_{key}"] = dev[key]
        ssh = dev.get("ssh") or {}
        if ssh.get("port") and ssh["port"] != 22:
            hv["ansible_port"] = ssh["port"]
        if ssh.get("username"):
            hv["ansible_user"] = ssh["username"]
        password = ssh.get("password") or {}
        if password.get("env"):
            try:
                hv["ansible_password"] = env_lookup(password["env"])
            except ValueError:
                refused.append(repr(dev["name"][:40]))
                continue
        if ssh.get("key_file"):
            hv["ansible_ssh_private_key_file"] = ssh["key_file"]
        hosts[dev["name"]] = hv
        for prefix, key in (("room", "room"), ("dept", "department"), ("kind", "kind"), ("platform", "platform")):
            if dev.get(key):
                groups.setdefault(_group(prefix, str(dev[key])), {"hosts": {}})["hosts"][dev["name"]] = None
    inventory = {"all": {"hosts": hosts, "children": dict(sorted(groups.items()))}}
    notes = [f"{len(skipped)} devices without mgmt_ip left out: {', '.join(skipped[:10])}"] if skipped else []
    if refused:
        notes.append(f"{len(refused)} devices with an invalid name, address or password variable left out: "
                     f"{', '.join(refused[:10])}")
    return inventory, notes


def prometheus_sd(session: Session, agent: str) -> list[dict[str, Any]]:
    """Return Prometheus file_sd target groups for one agent role.

    ``host``: every in-service server with a management address, ``ip:9120``.
    ``bandwidth``/``power``: the switches, routers and firewalls / PDUs, UPSes, meters
    and BMCs the central agents poll, as SNMP addresses (``ip`` or ``ip:port``), for
    relabelling into ``__param_target`` as with snmp_exporter.
    """
    kinds = {"host": ("server",), "bandwidth": BANDWIDTH_KINDS, "power": POWER_KINDS}[agent]
    groups = []
    for dev in list_entities(session, "devices"):
        if dev["kind"] not in kinds or dev.get("status", "in_service") != "in_service" or not dev.get("mgmt_ip"):
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
