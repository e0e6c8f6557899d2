"""What a power reading is: per device, a list of measurement points.

Shared by every power source (SNMP, Modbus, Redfish, IPMI), by ``govops power
read`` and by the power agent. A value the device does not report is ``None``,
never 0; the ``source`` says where each number came from and, when a number is
missing, why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from govops.catalog.power import PointKind
from govops.util.failure import FailureKind

SourceKind = Literal["snmp", "modbus", "redfish", "ipmi"]


@dataclass(frozen=True)
class PointReading:
    """One measured point of a device: power and/or its energy counter."""

    point: PointKind
    watts: float | None
    energy_kwh: float | None
    phase: str | None
    source: str
    instance: str = ""
    resettable: bool = False
    oids: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape (exactly these keys)."""
        return {
            "point": self.point,
            "watts": self.watts,
            "energy_kwh": self.energy_kwh,
            "phase": self.phase,
            "source": self.source,
        }


@dataclass(frozen=True)
class DeviceReading:
    """The outcome of reading one target; a failure is data, not an exception."""

    target: str
    kind: SourceKind
    ok: bool
    error: str | None = None
    vendor: str | None = None
    model: str | None = None
    points: tuple[PointReading, ...] = field(default_factory=tuple)
    error_kind: FailureKind | None = None  # why it failed (``util.failure.failure_kind``); None: ``device`` if not ok

    @property
    def failure(self) -> FailureKind | None:
        """Why it failed, in the agents' and discovery's words (``device`` when the reader named no kind)."""
        return None if self.ok else self.error_kind or "device"

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape of one result."""
        return {
            "target": self.target,
            "ok": self.ok,
            "error": self.error,
            "error_kind": self.failure,
            "device": {"vendor": self.vendor, "model": self.model},
            "points": [p.to_json() for p in self.points],
        }


@dataclass(frozen=True)
class PointTotal:
    """The sum over a device's instances/phases of one point kind."""

    watts: float | None
    energy_kwh: float | None
    energy_resettable: bool
    why_missing: str | None = None


def total_for(points: Iterable[PointReading], kind: str) -> PointTotal:
    """Sum every instance and phase of ``kind``; one unreported value makes the sum unknown.

    A device that reports phases and no total is summed; a partial sum would be
    a fabricated number, so any missing phase makes the total ``None``.
    """
    selected = [p for p in points if p.point == kind]
    # A meter reports phases and its own total: use the total, never add both.
    if any(p.phase == "total" for p in selected):
        selected = [p for p in selected if p.phase == "total"]
    if not selected:
        return PointTotal(None, None, False, f"device reports no {kind} point")
    watts_values = [p.watts for p in selected]
    energy_values = [p.energy_kwh for p in selected]
    watts: float | None = None
    why: str | None = None
    if all(v is not None for v in watts_values):
        watts = float(sum(v for v in watts_values if v is not None))
    else:
        missing = [p.source for p in selected if p.watts is None]
        why = f"not reported: {', '.join(missing)}"
    energy: float | None = None
    if all(v is not None for v in energy_values):
        energy = float(sum(v for v in energy_values if v is not None))
    resettable = any(p.resettable for p in selected)
    return PointTotal(watts, energy, resettable, why)
