"""Read Modbus-TCP energy meters with pymodbus, driven by the ``modbus_meters`` register maps.

Every value is read with its own request (meters differ in how far one read may
span); an exception response, a timeout or registers that do not decode as the
declared type make that value ``None`` and say why in its ``source``, so a
meter never yields a fabricated number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from govops.catalog.power import MeterRegister, ModbusMeter, RegisterDecodeError, decode_registers, modbus_meters
from govops.collectors.power_model import DeviceReading, PointReading
from govops.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModbusTarget:
    """One meter: address, unit id, register map and the transformer ratios it sits behind."""

    host: str
    port: int
    meter: str
    unit: int = 1
    pt_ratio: float = 1.0
    ct_ratio: float = 1.0
    timeout: float = 2.0

    @property
    def name(self) -> str:
        """``host:port/unit`` for messages."""
        return f"{self.host}:{self.port}/{self.unit}"

    def model(self) -> ModbusMeter:
        """The register map named by ``meter``.

        Raises:
            ConfigError: Unknown meter id (lists the known ones).
        """
        meters = modbus_meters()
        if self.meter not in meters:
            raise ConfigError(f"unknown Modbus meter model {self.meter!r}; known: {', '.join(sorted(meters))}")
        return meters[self.meter]


async def _read_one(client: object, target: ModbusTarget, reg: MeterRegister) -> tuple[float | None, str, bool]:
    """Read one value: (value or None, source text, whether the meter answered at all)."""
    from pymodbus.exceptions import ModbusException

    label = f"modbus:{'IR' if reg.function == 'input' else 'HR'}{reg.address} ({reg.name})"
    read = getattr(client, "read_input_registers" if reg.function == "input" else "read_holding_registers")
    try:
        resp = await read(reg.address, count=reg.count, device_id=target.unit)
    except ModbusException as exc:
        return None, f"{label}: no answer ({exc})", False
    if resp.isError():
        code = getattr(resp, "exception_code", None)
        return None, f"{label}: Modbus exception {code}", True
    try:
        value = decode_registers(reg, list(resp.registers))
    except RegisterDecodeError as exc:
        return None, f"{label}: {exc}", True
    if reg.ratio:
        value = round(value * target.pt_ratio * target.ct_ratio, 6)
    return value, label, True


async def read_meter(target: ModbusTarget) -> DeviceReading:
    """Read every register of the meter's map; a dead meter is a failed reading."""
    from pymodbus.client import AsyncModbusTcpClient

    try:
        meter = target.model()
    except ConfigError as exc:
        return DeviceReading(target.name, "modbus", ok=False, error=str(exc), error_kind="config")
    client = AsyncModbusTcpClient(target.host, port=target.port, timeout=target.timeout, retries=0,
                                  reconnect_delay=0)
    try:
        connected = await client.connect()
        if not connected:
            return DeviceReading(target.name, "modbus", ok=False, vendor=meter.vendor, model=meter.model,
                                 error=f"{target.name}: no Modbus-TCP connection (meter down or port closed)",
                                 error_kind="unreachable")
        by_phase: dict[str, dict[str, tuple[float | None, str, bool]]] = {}
        answered = 0
        for reg in meter.registers:
            value, label, did_answer = await _read_one(client, target, reg)
            answered += int(did_answer)
            by_phase.setdefault(reg.phase or "total", {})[reg.quantity] = (value, label, reg.resettable)
    finally:
        client.close()
    if answered == 0:
        return DeviceReading(target.name, "modbus", ok=False, vendor=meter.vendor, model=meter.model,
                             error=f"{target.name}: meter stopped answering", error_kind="unreachable")
    reasons = [q[1] for quantities in by_phase.values() for q in quantities.values() if q[0] is None]
    if not any(q[0] is not None for quantities in by_phase.values() for q in quantities.values()):
        return DeviceReading(target.name, "modbus", ok=False, vendor=meter.vendor, model=meter.model,
                             error=f"{target.name}: no valid value; {reasons[0]}", error_kind="device")
    points = []
    for phase, quantities in by_phase.items():
        power = quantities.get("power")
        energy = quantities.get("energy")
        labels = [q[1] for q in (power, energy) if q is not None]
        points.append(
            PointReading(
                point=meter.point,
                watts=power[0] if power else None,
                energy_kwh=energy[0] if energy else None,
                phase=phase,
                source=" + ".join(labels),
                instance=f"{meter.id}/{phase}",
                resettable=bool(energy and energy[2]),
            )
        )
    return DeviceReading(target.name, "modbus", ok=True, vendor=meter.vendor, model=meter.model, points=tuple(points))
