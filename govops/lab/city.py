"""The demo city's declared devices as the lab serves them (read from ``inventory/demo-city``).

The lab simulates the city's own equipment at the city's own loopback addresses: every
device with SNMP access answers over snmpsim, every device with a network platform over
the SSH simulator, a sample of the servers over a real sshd. This module only reads the
declared inventory (the project's own files); the services decide how to serve it.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from govops.lab.process import LabError

DEMO_CITY = Path(__file__).resolve().parents[2] / "inventory" / "demo-city"
# The declared device file of the city; rooms.yaml says which rooms measure their PUE.
DEVICES_FILE = "devices.yaml"
ROOMS_FILE = "rooms.yaml"
# The declared business systems: which servers each runs on, and its 等保 level.
SYSTEMS_FILE = "systems.yaml"
# The declared WAN links: their a-end interfaces are ports of the devices that carry them.
LINKS_FILE = "links.yaml"


@dataclass(frozen=True)
class CityDevice:
    """One declared device, with what the lab needs to impersonate it."""

    name: str
    kind: str
    mgmt_ip: str
    room: str
    vendor: str
    model: str
    serial: str
    platform: str | None
    os: str | None
    os_version: str | None
    snmp: bool
    ssh: bool
    facts: dict[str, Any]
    link_interfaces: tuple[str, ...] = ()  # the a-end interfaces of the links declared on it, as declared


def _read(path: Path, key: str) -> list[dict[str, Any]]:
    return _parse(path, _text(path), key)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def _parse(path: Path, text: str, key: str) -> list[dict[str, Any]]:
    try:
        # libyaml's safe loader where built (as the importer's): the city's rows parse in a tenth of the time.
        safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        doc = yaml.load(text, Loader=safe) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise _unreadable(path, exc) from exc
    rows = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        raise LabError(f"{path}: no '{key}:' list")
    return [r for r in rows if isinstance(r, dict)]


def _unreadable(path: Path, exc: Exception) -> LabError:
    return LabError(f"{path}: cannot read the demo city ({exc})",
                    hint="run from a clone of govops (inventory/demo-city)")  # fmt: skip


def _links_text(city: Path) -> str | None:
    """The text of the city's links file (read for the devices' link interfaces and the links' probes); None when the
    city declares no links."""
    path = city / LINKS_FILE
    return _text(path) if path.exists() else None


@functools.lru_cache(maxsize=4)
def _parsed_links(path: Path, text: str) -> tuple[dict[str, Any], ...]:
    # By the file's text: `lab up` reads the links for the devices' link interfaces and for their probe addresses.
    return tuple(_parse(path, text, "links"))


def lab_address(path: Path, what: str, field: str, address: str, taken: dict[str, str]) -> None:
    """Check that the lab may serve ``what`` (a row of ``path``) at its ``field``, ``address``: a loopback address
    no other row has (``taken``: address -> the row that has it; this row is added).

    Raises:
        LabError: Naming the file, the row and the address, when it is no address, not loopback, or taken.
    """
    try:
        loopback = ipaddress.ip_address(address).is_loopback
    except ValueError:
        raise LabError(f"{path}: {what}: {field} {address!r} is not an address") from None
    # The lab serves a device or a link's far end at its own address: it must never bind (or send to) anything else.
    if not loopback:
        raise LabError(f"{path}: {what}: {field} {address!r} is not a loopback address",
                       hint="regenerate: python inventory/generate_demo_city.py")  # fmt: skip
    if address in taken:
        raise LabError(f"{path}: {taken[address]} and {what} share {field} {address}")
    taken[address] = what


def load_city(city: Path = DEMO_CITY) -> list[CityDevice]:
    """The city's declared devices, each at its own loopback address (parsed once per text of its files).

    Raises:
        LabError: If the files are missing, or a management address is not loopback or is shared.
    """
    return list(_load_city(city, _text(city / DEVICES_FILE), _links_text(city)))


@functools.lru_cache(maxsize=4)
def _load_city(city: Path, text: str, links_text: str | None) -> tuple[CityDevice, ...]:
    # Every lab service reads the city; `lab up` parses the file once. Keyed on the files' text, as the links are
    # (_parsed_links): two writes in one clock tick are still two cities.
    out: list[CityDevice] = []
    taken: dict[str, str] = {}
    a_ends: dict[str, list[str]] = {}
    for link in _parsed_links(city / LINKS_FILE, links_text) if links_text is not None else ():
        a_end = link.get("a_end")
        if isinstance(a_end, dict) and a_end.get("device") and a_end.get("interface"):
            a_ends.setdefault(str(a_end["device"]), []).append(str(a_end["interface"]))
    for row in _parse(city / DEVICES_FILE, text, "devices"):
        name, ip = str(row.get("name", "")), str(row.get("mgmt_ip", ""))
        lab_address(city / DEVICES_FILE, f"device {name}", "mgmt_ip", ip, taken)
        facts = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
        out.append(CityDevice(
            name=name, kind=str(row.get("kind", "other")), mgmt_ip=ip, room=str(row.get("room", "")),
            vendor=str(row.get("vendor", "")), model=str(row.get("model", "")), serial=str(row.get("serial", "")),
            platform=row.get("platform"), os=row.get("os"), os_version=row.get("os_version"),
            snmp=isinstance(row.get("snmp"), dict), ssh=isinstance(row.get("ssh"), dict), facts=facts,
            link_interfaces=tuple(a_ends.get(name, ())),
        ))  # fmt: skip
    return tuple(out)


def declared_links(city: Path = DEMO_CITY) -> list[dict[str, Any]]:
    """The city's declared WAN links as written (``[]`` when it declares none), parsed once per text of the file."""
    text = _links_text(city)
    # The cached rows stay as the file has them.
    return [] if text is None else copy.deepcopy(list(_parsed_links(city / LINKS_FILE, text)))


def measured_rooms(city: Path = DEMO_CITY) -> list[dict[str, Any]]:
    """Rooms whose PUE is measured: those with a declared facility meter (``kind: meter``), in file order."""
    metered = {d.room for d in load_city(city) if d.kind == "meter"}
    return [r for r in _read(city / ROOMS_FILE, "rooms") if r.get("code") in metered]


def graded_hosts(city: Path = DEMO_CITY, min_level: int = 3) -> list[str]:
    """Names of the devices that systems at 等保 level ``min_level`` or above run on (``runs_on``).

    Highest level first, then file order, each name once; ``[]`` when the city declares no systems.
    These are the machines a 等保 remediation report is about, so the lab serves them first.
    """
    path = city / SYSTEMS_FILE
    if not path.exists():
        return []
    graded: list[tuple[int, int, list[str]]] = []
    for n, row in enumerate(_read(path, "systems")):
        dengbao, hosts = row.get("dengbao"), row.get("runs_on")
        level = dengbao.get("level") if isinstance(dengbao, dict) else None
        if isinstance(level, int) and level >= min_level and isinstance(hosts, list):
            graded.append((-level, n, [str(h) for h in hosts]))
    return list(dict.fromkeys(name for _, _, hosts in sorted(graded) for name in hosts))
