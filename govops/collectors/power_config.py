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

Secrets are references, as everywhere in govops: ``community: {env: VAR}`` or
``{file: PATH}``, ``password: {env: VAR}`` or ``{file: PATH}``. A room given without
``devices:`` takes them from the store (``govops.collectors.power_store``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

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
    community: Any = None  # a value, or a reference {env: VAR} | {file: PATH} (checked by parse_rooms)
    community_env: str | None = None
    meter: str | None = None
    unit: int = 1
    pt_ratio: float = 1.0
    ct_ratio: float = 1.0
    username: str | None = None
    password: Any = None  # a reference {env: VAR} | {file: PATH} (checked by parse_rooms)
    password_env: str | None = None
    energy: Literal["device", "integrate"] = "device"

    def resolved_community(self) -> str:
        """The SNMP community: its reference ({env} or {file}), the named variable, or the value given.

        Raises:
            ConfigError: The variable is unset or the file unreadable (naming the device).
        """
        if self.community is not None and not isinstance(self.community, str):
            return _resolve(self.community, f"device {self.name}: community")
        if self.community_env:
            value = os.environ.get(self.community_env)
            if value is None:
                raise ConfigError(f"device {self.name}: environment variable {self.community_env} is not set")
            return value
        return str(self.community or "public")

    def resolved_password(self) -> str | None:
        """The BMC password from its reference ({env} or {file}) or the named variable; None without one.

        Raises:
            ConfigError: The variable is unset or the file unreadable (naming the device).
        """
        if self.password is not None:
            return _resolve(self.password, f"device {self.name}: password")
        return os.environ.get(self.password_env) if self.password_env else None

    def secret_problems(self) -> list[str]:
        """What would fail at run time about this device's secrets (for ``--check``)."""
        problems = []
        for resolve in (self.resolved_community if self.kind == "snmp" else None,
                        self.resolved_password if self.kind == "redfish" else None):  # fmt: skip
            try:
                if resolve is not None:
                    resolve()
            except ConfigError as exc:
                problems.append(str(exc).splitlines()[0])
        return problems


def _resolve(ref: Any, where: str) -> str:
    from govops.snmp.credentials import SecretRef

    return SecretRef.read(ref, place=where)[1]


@dataclass(frozen=True)
class RoomConfig:
    """A machine room and its devices."""

    room: str
    devices: list[PowerDeviceConfig] = field(default_factory=list)
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
    check_targets(rooms, where)
    for room in rooms:
        for dev in room.devices:
            _check_secret_refs(dev, f"{where}: room {room.room} device {dev.name}")
            if dev.kind == "modbus" and not dev.meter:
                raise ConfigError(f"{where}: room {room.room} device {dev.name}: modbus devices need `meter:`")
            if dev.kind in DEFAULT_PORTS:
                try:
                    place = f"{where}: room {room.room} device {dev.name}"
                    parse_address(dev.address, DEFAULT_PORTS[dev.kind], where=place)
                except InputError as exc:
                    raise ConfigError(str(exc)) from exc
    return rooms


def room_qualified(room: str, device: str) -> str:
    """A device's name within the agent: a name may recur in another room, ``ROOM/NAME`` does not.

    It is the device's ``/probe?target=`` and its file_sd target.

    >>> room_qualified("R01", "meter-main")
    'R01/meter-main'
    """
    return f"{room}/{device}"


def check_targets(rooms: list[RoomConfig], where: str) -> None:
    """Refuse two devices with one ``room_qualified`` name (``/probe`` would not know which to answer).

    Raises:
        ConfigError: A name used twice in a room, or two rooms and names that join to one
            (``A/B`` + ``c``, ``A`` + ``B/c``).
    """
    seen: dict[str, tuple[str, str]] = {}
    for room in rooms:
        for dev in room.devices:
            target = room_qualified(room.room, dev.name)
            if target not in seen:
                seen[target] = (room.room, dev.name)
                continue
            other = seen[target]
            if other == (room.room, dev.name):
                raise ConfigError(f"{where}: room {room.room}: device name {dev.name!r} used twice")
            raise ConfigError(f"{where}: room {room.room} device {dev.name!r} and room {other[0]} device "
                              f"{other[1]!r} share the /probe target {target!r}", hint="rename one of the devices")


def _check_secret_refs(dev: PowerDeviceConfig, place: str) -> None:
    from govops.snmp.credentials import SecretRef

    if dev.community is not None and not isinstance(dev.community, str):
        SecretRef.from_json(dev.community, where=f"{place}: community")
    if dev.password is not None:
        SecretRef.from_json(dev.password, where=f"{place}: password")


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
