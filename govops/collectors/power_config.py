"""Configuration of the power agent: rooms, their measurement points, and the devices behind them.

Shape (YAML; every error names file:line)::

    interval_seconds: 15
    timeout_seconds: 10
    rooms:
      - room: DC-A                    # room code (store `rooms.code`)
        devices:
          - name: meter-main          # label `device`
            kind: modbus              # snmp | modbus | redfish | ipmi
            address: 10.1.0.20:502
            meter: acrel_dtsd1352     # Modbus register map (catalogue id)
            ct_ratio: 40
            measures: facility        # facility | it
          - name: pdu-a1
            kind: snmp
            address: 10.1.0.31
            community_env: PDU_COMMUNITY
            measures: it
            point: pdu_output         # which point of the device (default: what it reports)

``measures: facility`` devices sum to the room's facility power; ``measures: it``
devices give IT power at the point kind they report (UPS output = PUE category 1,
PDU output = 2, IT equipment input = 3); the room uses the best category it has.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from govops.catalog.power import PointKind
from govops.errors import ConfigError, InputError
from govops.util.address import parse_address
from govops.util.schema import build
from govops.util.yamlio import load_yaml_file

DEFAULT_PORTS = {"snmp": 161, "modbus": 502}
"""Ports of the protocols whose ``address`` is host[:port]."""


@dataclass(frozen=True)
class PowerDeviceConfig:
    """One device feeding a room's measurement points."""

    name: str
    kind: Literal["snmp", "modbus", "redfish", "ipmi"]
    address: str
    measures: Literal["facility", "it"]
    point: PointKind | None = None
    community: str | None = None
    community_env: str | None = None
    meter: str | None = None
    unit: int = 1
    pt_ratio: float = 1.0
    ct_ratio: float = 1.0
    username: str | None = None
    password_env: str | None = None
    energy: Literal["device", "integrate"] = "device"

    def resolved_community(self) -> str:
        """The SNMP community, from the named environment variable when given."""
        if self.community_env:
            value = os.environ.get(self.community_env)
            if value is None:
                raise ConfigError(f"device {self.name}: environment variable {self.community_env} is not set")
            return value
        return self.community or "public"


@dataclass(frozen=True)
class RoomConfig:
    """A machine room and its devices."""

    room: str
    devices: list[PowerDeviceConfig]
    pue_target: float | None = None


@dataclass(frozen=True)
class PowerAgentConfig:
    """The power collector's configuration: its rooms and schedule."""

    rooms: list[RoomConfig]
    interval_seconds: float = 15.0
    timeout_seconds: float = 10.0
    concurrency: int = 64
    stale_after_polls: float = 2.5


def parse_rooms(raw: object, where: str) -> list[RoomConfig]:
    """Validate the ``rooms:`` list of the agent config.

    Raises:
        ConfigError: Naming ``file:line`` and the field.
    """
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: `rooms:` must list at least one room with its devices")
    rooms: list[RoomConfig] = []
    for item in raw:
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: each room is a mapping with `room:` and `devices:`")
        try:
            rooms.append(build(RoomConfig, item, where=where))
        except InputError as exc:
            raise ConfigError(str(exc)) from exc
    seen: set[tuple[str, str]] = set()
    for room in rooms:
        for dev in room.devices:
            if (room.room, dev.name) in seen:
                raise ConfigError(f"{where}: room {room.room}: device name {dev.name!r} used twice")
            seen.add((room.room, dev.name))
            if dev.kind == "modbus" and not dev.meter:
                raise ConfigError(f"{where}: room {room.room} device {dev.name}: modbus devices need `meter:`")
            if dev.kind in DEFAULT_PORTS:
                try:
                    place = f"{where}: room {room.room} device {dev.name}"
                    parse_address(dev.address, DEFAULT_PORTS[dev.kind], where=place)
                except InputError as exc:
                    raise ConfigError(str(exc)) from exc
    return rooms


def parse_config(data: object, where: str) -> PowerAgentConfig:
    """Validate a whole document holding ``rooms:`` (schedule keys optional), for tools and tests."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the power agent config is a mapping with `rooms:`")
    unknown = set(data) - {"rooms", "interval_seconds", "timeout_seconds"}
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    return PowerAgentConfig(
        parse_rooms(data.get("rooms"), where),
        float(data.get("interval_seconds", 15.0)),
        float(data.get("timeout_seconds", 10.0)),
    )


def load_config(path: Path) -> PowerAgentConfig:
    """Read a YAML file holding ``rooms:`` (see :func:`parse_config`)."""
    try:
        data = load_yaml_file(path)
    except InputError as exc:
        raise ConfigError(str(exc)) from exc
    return parse_config(data, str(path))


def runtime_problems(rooms: Iterable[RoomConfig]) -> list[str]:
    """What would fail at run time although the file parses: unresolvable hosts, unset secrets.

    ``govops agent power --check`` refuses a config with any; the agent itself marks such a device down
    and reads the others.
    """
    problems: list[str] = []
    for room in rooms:
        for dev in room.devices:
            place = f"room {room.room} device {dev.name}"
            host = dev.address
            if dev.kind in DEFAULT_PORTS:
                host = parse_address(dev.address, DEFAULT_PORTS[dev.kind], where=place)[0]
            try:
                socket.getaddrinfo(host, None)
            except (OSError, UnicodeError) as exc:
                problems.append(f"{place}: cannot resolve {host}: {exc}")
            for var in (dev.community_env, dev.password_env):
                if var and os.environ.get(var) is None:
                    problems.append(f"{place}: environment variable {var} is not set")
    return problems
