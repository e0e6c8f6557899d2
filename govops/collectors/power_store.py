"""A power-agent room given without ``devices:``: its meters and server BMCs, taken from the store.

The store already knows every device's room, address and (by reference) credentials; an
agent config naming only ``room: R01`` polls:

- the room's in-service **meters** (``kind: meter``) as its facility input, over Modbus-TCP
  with the catalogue register map of their model;
- its in-service **servers** whose BMC the store can reach (Redfish) as IT equipment input
  (PUE category 3).

Modbus and Redfish access have no inventory column yet: they are read from
``Device.facts.lab`` (``modbus: {port, unit, meter}``, ``redfish: {url, username,
password: {file}}``), which ``govops lab up`` writes for the demo city. A meter without it
is polled on port 502; a server without it is skipped with that reason.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from govops.catalog.power import modbus_meters
from govops.collectors.power_config import DEFAULT_PORTS, PowerDeviceConfig, RoomConfig, room_qualified
from govops.errors import ConfigError

Skipped = tuple[str, str]


def meter_for_model(model: str | None) -> str | None:
    """The catalogue's Modbus register map for a meter model (case-insensitive), or None."""
    for meter in modbus_meters().values():
        if model and meter.model.lower() == model.lower():
            return meter.id
    return None


def _lab(facts: Any, key: str) -> dict[str, Any]:
    lab = facts.get("lab") if isinstance(facts, dict) else None
    access = lab.get(key) if isinstance(lab, dict) else None
    return access if isinstance(access, dict) else {}


def meter_device(name: str, mgmt_ip: str, model: str | None, facts: Any) -> PowerDeviceConfig | Skipped:
    """A store meter as a facility point, or why it cannot be polled."""
    access = _lab(facts, "modbus")
    meter = access.get("meter") or meter_for_model(model)
    if not isinstance(meter, str):
        return name, f"no Modbus register map for model {model!r}"
    port = access.get("port", DEFAULT_PORTS["modbus"])
    return PowerDeviceConfig(name, "modbus", f"{mgmt_ip}:{port}", "facility", meter=meter,
                             unit=int(access.get("unit", 1)))  # fmt: skip


def server_device(name: str, facts: Any) -> PowerDeviceConfig | Skipped:
    """A store server's BMC as an IT-input point, or why it cannot be polled."""
    access = _lab(facts, "redfish")
    url, password = access.get("url"), access.get("password")
    if not isinstance(url, str):
        return name, "no BMC (Redfish) access in the store"
    return PowerDeviceConfig(name, "redfish", url, "it", point="it_input", username=access.get("username"),
                             password=password if isinstance(password, dict) else None)  # fmt: skip


def rooms_from_store(engine: Any, rooms: list[RoomConfig]) -> tuple[list[RoomConfig], list[Skipped]]:
    """Fill every room given without devices from the store; return the rooms and what was skipped.

    Raises:
        ConfigError: A room is not in the store, or has neither a meter nor a reachable BMC.
    """
    from sqlalchemy import select

    from govops.store.db import session_scope
    from govops.store.models import Device, Room

    out: list[RoomConfig] = []
    skipped: list[Skipped] = []
    with session_scope(engine) as session:
        for room in rooms:
            if room.devices:
                out.append(room)
                continue
            row = session.scalars(select(Room).where(Room.code == room.room)).first()
            if row is None:
                raise ConfigError(f"room {room.room} is not in the store",
                                  hint="import the inventory (govops inventory import), or list the room's devices")
            devices: list[PowerDeviceConfig] = []
            query = select(Device).where(Device.room_id == row.id, Device.status != "retired",  # idle still draws power
                                         Device.kind.in_(("meter", "server")), Device.mgmt_ip.is_not(None))
            for dev in session.scalars(query.order_by(Device.name)):
                got = (meter_device(dev.name, str(dev.mgmt_ip), dev.model, dev.facts) if dev.kind == "meter"
                       else server_device(dev.name, dev.facts))  # fmt: skip
                if isinstance(got, PowerDeviceConfig):
                    devices.append(got)
                else:
                    skipped.append((room_qualified(room.room, got[0]), got[1]))
            if not any(d.measures == "facility" for d in devices) or not any(d.measures == "it" for d in devices):
                raise ConfigError(
                    f"room {room.room}: the store has no meter and reachable BMC to measure its PUE with",
                    hint="list the room's devices in the config, or run `govops lab up` on the demo city",
                )
            out.append(replace(room, devices=devices))
    return out, skipped
