"""A facility energy meter on Modbus-TCP, simulated with pymodbus's server (SimDevice).

The meter speaks one of the catalogue's register maps (``modbus_meters``). Its
power moves: ``P(t) = watts * (1 + amplitude * sin(2*pi*t / period))`` split
evenly over three phases, and its energy register is the exact integral of that
power, so a test knows the true energy between any two instants
(:meth:`MeterModel.energy_kwh`). Bad-input modes make it answer a Modbus
exception, registers that are not the declared type, or a reset energy counter.

Run standalone: ``python -m govops.lab.power_meter --port 5020 --watts 12000``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Literal

from pymodbus.constants import ExcCodes

from govops.catalog.power import MeterRegister, ModbusMeter, modbus_meters

Mode = Literal["normal", "exception", "wrong_type"]
_FC_HOLDING = 3
_FC_INPUT = 4
_ILLEGAL_ADDRESS = 0x02


@dataclass
class MeterModel:
    """The physics of the simulated meter: power over time and its exact energy integral."""

    watts: float
    amplitude: float = 0.02
    period: float = 4.0
    energy_kwh0: float = 1000.0
    t0: float = field(default_factory=time.time)
    reset_at: float | None = None

    def power(self, t: float) -> float:
        """Total active power (W) at wall-clock time ``t``."""
        return self.watts * (1 + self.amplitude * math.sin(2 * math.pi * (t - self.t0) / self.period))

    def _integral_joules(self, t: float) -> float:
        dt = t - self.t0
        w = 2 * math.pi / self.period
        return self.watts * (dt + self.amplitude * (1 - math.cos(w * dt)) / w)

    def energy_kwh(self, t: float) -> float:
        """The energy register at ``t`` (after a reset, energy since the reset)."""
        if self.reset_at is not None and t >= self.reset_at:
            return (self._integral_joules(t) - self._integral_joules(self.reset_at)) / 3.6e6
        return self.energy_kwh0 + self._integral_joules(t) / 3.6e6


def _encode(reg: MeterRegister, value: float, pt_ct: float) -> list[int]:
    raw = value / reg.scale / (pt_ct if reg.ratio else 1.0)
    fmt = {"float32": ">f", "int32": ">i", "uint32": ">I", "int16": ">h", "uint16": ">H"}[reg.type]
    data = struct.pack(fmt, raw if reg.type == "float32" else round(raw))
    words = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
    return words if reg.word_order == "big" else list(reversed(words))


class MeterSimulator:
    """A pymodbus Modbus-TCP server whose registers follow a :class:`MeterModel`."""

    def __init__(self, model: MeterModel, *, meter: str = "eastron_sdm630", host: str = "127.0.0.1",
                 port: int = 0, unit: int = 1, pt_ct: float = 1.0) -> None:
        self.model = model
        self.meter: ModbusMeter = modbus_meters()[meter]
        self.host = host
        self.port = port
        self.unit = unit
        self.pt_ct = pt_ct
        self.mode: Mode = "normal"
        self._server: object | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()

    def _values(self, now: float) -> dict[tuple[int, int], list[int]]:
        """Encoded registers keyed by (function code, address)."""
        power = self.model.power(now)
        out: dict[tuple[int, int], list[int]] = {}
        for reg in self.meter.registers:
            phase_share = power / 3 if reg.phase else power
            value = self.model.energy_kwh(now) if reg.quantity == "energy" else phase_share
            fc = _FC_INPUT if reg.function == "input" else _FC_HOLDING
            if self.mode == "wrong_type" and reg.type == "float32":
                out[(fc, reg.address)] = [0x7FC0, 0x0000]  # NaN: what a float read of text/garbage looks like
            else:
                out[(fc, reg.address)] = _encode(reg, value, self.pt_ct)
        return out

    async def _action(  # noqa: PLR0917 - pymodbus SimAction signature
        self, function_code: int, start_address: int, address: int, count: int,
        current_registers: list[int], set_values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        if self.mode == "exception":
            return ExcCodes(_ILLEGAL_ADDRESS)
        for (fc, reg_addr), words in self._values(time.time()).items():
            if fc != function_code:
                continue
            for i, word in enumerate(words):
                idx = reg_addr + i - start_address
                if 0 <= idx < len(current_registers):
                    current_registers[idx] = word
        return None

    async def serve(self) -> None:
        """Run the server on the current loop until cancelled."""
        from pymodbus.server import ModbusTcpServer
        from pymodbus.simulator import DataType, SimData, SimDevice

        top = max(r.address + r.count for r in self.meter.registers) + 8
        block = [SimData(address=0, count=top, values=0, datatype=DataType.REGISTERS)]
        bits = [SimData(address=0, values=False, datatype=DataType.BITS)]
        device = SimDevice(id=self.unit, simdata=(list(bits), list(bits), list(block), list(block)),
                           action=self._action)
        server = ModbusTcpServer(device, address=(self.host, self.port))
        self._server = server
        await server.serve_forever(background=True)
        transport = getattr(server, "transport", None)
        if self.port == 0 and transport is not None:
            self.port = int(transport.sockets[0].getsockname()[1])
        self._ready.set()
        with contextlib.suppress(asyncio.CancelledError):
            await server.serving

    def start_in_thread(self) -> MeterSimulator:
        """Start on its own event loop in a daemon thread; returns once listening."""
        failure: list[BaseException] = []

        def runner() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self.serve())
            except asyncio.CancelledError:
                pass
            except Exception as exc:  # reported to the starting thread below
                failure.append(exc)
                self._ready.set()
            loop.close()

        self._thread = threading.Thread(target=runner, name=f"meter-{self.meter.id}", daemon=True)
        self._thread.start()
        if not self._ready.wait(10) or failure:
            raise RuntimeError(f"Modbus meter simulator did not start: {failure[0] if failure else 'timeout'}")
        return self

    def stop(self) -> None:
        """Stop the server (the meter "stops answering")."""
        if self._loop is not None and self._server is not None and not self._loop.is_closed():
            fut = asyncio.run_coroutine_threadsafe(self._server.shutdown(), self._loop)  # type: ignore[attr-defined]
            with contextlib.suppress(Exception):
                fut.result(5)
        if self._thread is not None:
            self._thread.join(5)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry for the lab."""
    parser = argparse.ArgumentParser(description="Simulated Modbus-TCP facility meter (govops lab)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5020)
    parser.add_argument("--meter", default="eastron_sdm630", choices=sorted(modbus_meters()))
    parser.add_argument("--watts", type=float, default=12000.0)
    parser.add_argument("--amplitude", type=float, default=0.05)
    parser.add_argument("--period", type=float, default=60.0)
    args = parser.parse_args(argv)
    sim = MeterSimulator(MeterModel(args.watts, args.amplitude, args.period), meter=args.meter,
                         host=args.host, port=args.port)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(sim.serve())


if __name__ == "__main__":
    main()
