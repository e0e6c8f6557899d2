"""The lab's power equipment in one process: Modbus-TCP facility meters and Redfish BMCs.

``python -m govops.lab.power_lab SPEC.json READY.json``. The spec (written by
``govops.lab.power_service``) lists each meter (address, port, register map, watts)
and each server BMC (address, port, identity, watts), the shared load curve and the
BMCs' basic-auth user and password file. Every reading follows one
:class:`~govops.lab.power_meter.MeterModel` curve with the same period and phase, so
the meter of a room reads exactly its PUE times the sum of its servers at any instant,
and every energy counter is the exact integral of its power.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from govops.lab.power_meter import MeterModel, MeterSimulator
from govops.lab.process import ready_process_main, serve_ready
from govops.lab.redfish import PREFIX, RedfishMockServer

CHASSIS = f"{PREFIX}/Chassis/1"


def _model(spec: dict[str, Any], watts: float, energy_kwh0: float) -> MeterModel:
    return MeterModel(float(watts), amplitude=float(spec["amplitude"]), period=float(spec["period"]),
                      energy_kwh0=energy_kwh0, t0=float(spec["t0"]))  # fmt: skip


def bmc_routes(bmc: dict[str, Any], model: MeterModel) -> dict[str, Any]:
    """A server BMC's Redfish tree: one chassis whose EnvironmentMetrics follow ``model``."""
    import time

    def metrics() -> dict[str, Any]:
        now = time.time()
        return {"@odata.id": f"{CHASSIS}/EnvironmentMetrics", "Id": "EnvironmentMetrics",
                "PowerWatts": {"Reading": round(model.power(now), 1)},
                "EnergykWh": {"Reading": round(model.energy_kwh(now), 4)}}  # fmt: skip

    return {
        PREFIX: {"@odata.id": PREFIX, "Id": "RootService", "RedfishVersion": "1.15.0",
                 "Chassis": {"@odata.id": f"{PREFIX}/Chassis"}},
        f"{PREFIX}/Chassis": {"@odata.id": f"{PREFIX}/Chassis", "Members@odata.count": 1,
                              "Members": [{"@odata.id": CHASSIS}]},
        CHASSIS: {"@odata.id": CHASSIS, "Id": "1", "ChassisType": "RackMount", "Manufacturer": bmc["vendor"],
                  "Model": bmc["model"], "SerialNumber": bmc["serial"],
                  "EnvironmentMetrics": {"@odata.id": f"{CHASSIS}/EnvironmentMetrics"}},
        f"{CHASSIS}/EnvironmentMetrics": metrics,
    }  # fmt: skip


def serve_spec(spec_path: Path, ready: Path) -> None:
    """Start every meter and BMC of the spec, write ``ready`` with the count, serve until SIGTERM."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    password = Path(spec["password_file"]).read_text(encoding="utf-8").strip()
    meters = [
        MeterSimulator(_model(spec, m["watts"], 1000.0), meter=m["meter"], host=m["host"], port=int(m["port"]))
        .start_in_thread()
        for m in spec["meters"]
    ]
    bmcs = [
        RedfishMockServer(routes=bmc_routes(b, _model(spec, b["watts"], 100.0)), host=b["host"], port=int(b["port"]),
                          auth=(spec["username"], password)).start()
        for b in spec["bmcs"]
    ]  # fmt: skip
    serve_ready(ready, {"meters": len(meters), "bmcs": len(bmcs)})
    for bmc in bmcs:
        bmc.stop()
    for meter in meters:
        meter.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``python -m govops.lab.power_lab SPEC READY``."""
    return ready_process_main("govops.lab.power_lab", serve_spec, argv)


if __name__ == "__main__":
    raise SystemExit(main())
