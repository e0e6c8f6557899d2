"""Read server input power from a Redfish BMC (stdlib HTTP, run off the event loop).

Per chassis, the newest model the BMC offers wins:

1. ``EnvironmentMetrics`` ``PowerWatts`` / ``EnergykWh`` (Redfish 2020.4 and later, what
   ``PowerSubsystem``/``Sensors`` era BMCs fill in);
2. the deprecated ``Power`` resource, ``PowerControl[0].PowerConsumedWatts``;
3. ``PowerSubsystem/PowerSupplies/*/Metrics`` ``InputPowerWatts`` summed over the
   supplies, only when every supply reports one (a partial sum would be invented).

A chassis offering none of them, an HTTP error or a body that is not JSON makes
the target a failed reading whose error names the URL.
"""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from govops.collectors.power_model import DeviceReading, PointReading
from govops.errors import DeviceError, DeviceUnreachable
from govops.util.failure import failure_kind


@dataclass(frozen=True)
class RedfishTarget:
    """A BMC base URL (``https://10.0.0.5`` or ``http://127.0.0.1:8000``) and optional credentials."""

    base_url: str
    username: str | None = None
    password: str | None = None
    timeout: float = 5.0
    verify_tls: bool = False

    def __repr__(self) -> str:
        return f"RedfishTarget({self.base_url!r}, user={self.username!r})"


class _Client:
    def __init__(self, target: RedfishTarget) -> None:
        self.t = target
        self.base = target.base_url.rstrip("/")

    def get(self, path: str) -> dict[str, Any]:
        url = path if path.startswith("http") else f"{self.base}{path}"
        req = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - URL from config
        if self.t.username is not None:
            token = base64.b64encode(f"{self.t.username}:{self.t.password or ''}".encode()).decode()
            req.add_header("Authorization", f"Basic {token}")
        ctx = None
        if url.startswith("https") and not self.t.verify_tls:
            # BMCs ship self-signed certificates; verification is opt-in (verify_tls).
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        try:
            with urllib.request.urlopen(req, timeout=self.t.timeout, context=ctx) as resp:  # noqa: S310
                body = resp.read()
        except urllib.error.HTTPError as exc:
            raise DeviceError(f"HTTP {exc.code} from {url}", device=self.base) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeviceUnreachable(f"no answer from {url} ({exc})", device=self.base) from exc
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise DeviceError(f"{url} did not return JSON", device=self.base) from exc
        if not isinstance(doc, dict):
            raise DeviceError(f"{url} returned JSON that is not an object", device=self.base)
        return doc


def _link(doc: dict[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if isinstance(value, dict) and isinstance(value.get("@odata.id"), str):
        return str(value["@odata.id"])
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _reading(doc: dict[str, Any], key: str) -> float | None:
    item = doc.get(key)
    return _number(item.get("Reading")) if isinstance(item, dict) else None


def _chassis_point(client: _Client, chassis_path: str, identity: dict[str, str]) -> PointReading | None:
    chassis = client.get(chassis_path)
    for key in ("Manufacturer", "Model"):
        if isinstance(chassis.get(key), str) and chassis[key] and key not in identity:
            identity[key] = chassis[key]
    env_path = _link(chassis, "EnvironmentMetrics")
    if env_path:
        env = client.get(env_path)
        watts = _reading(env, "PowerWatts")
        if watts is not None:
            energy = _reading(env, "EnergykWh")
            return PointReading("it_input", watts, energy, None, f"redfish:{env_path}#PowerWatts",
                                instance=chassis_path, resettable=True)
    power_path = _link(chassis, "Power")
    if power_path:
        power = client.get(power_path)
        controls = power.get("PowerControl")
        if isinstance(controls, list) and controls and isinstance(controls[0], dict):
            watts = _number(controls[0].get("PowerConsumedWatts"))
            return PointReading("it_input", watts, None, None,
                                f"redfish:{power_path}#/PowerControl/0/PowerConsumedWatts"
                                + ("" if watts is not None else " (not reported)"),
                                instance=chassis_path)
    subsystem_path = _link(chassis, "PowerSubsystem")
    if subsystem_path:
        subsystem = client.get(subsystem_path)
        supplies_path = _link(subsystem, "PowerSupplies")
        if supplies_path:
            members = client.get(supplies_path).get("Members") or []
            readings: list[float | None] = []
            for m in members:
                psu_path = m.get("@odata.id") if isinstance(m, dict) else None
                if not isinstance(psu_path, str):
                    continue
                metrics_path = _link(client.get(psu_path), "Metrics")
                readings.append(_reading(client.get(metrics_path), "InputPowerWatts") if metrics_path else None)
            if readings:
                complete = all(r is not None for r in readings)
                total = sum(r for r in readings if r is not None) if complete else None
                return PointReading("it_input", total, None, None,
                                    f"redfish:{supplies_path}/*/Metrics#InputPowerWatts"
                                    + ("" if complete else " (a supply reports no input power)"),
                                    instance=chassis_path)
    return None


def read_bmc_sync(target: RedfishTarget) -> DeviceReading:
    """Read every chassis of one BMC (blocking; see :func:`read_bmc`)."""
    client = _Client(target)
    name = client.base
    try:
        root = client.get("/redfish/v1/")
        chassis_coll = _link(root, "Chassis") or "/redfish/v1/Chassis"
        members = client.get(chassis_coll).get("Members") or []
        points: list[PointReading] = []
        without_power: list[str] = []
        identity: dict[str, str] = {}
        for m in members:
            path = m.get("@odata.id") if isinstance(m, dict) else None
            if not isinstance(path, str):
                continue
            point = _chassis_point(client, path, identity)
            if point is None:
                without_power.append(path)
            else:
                points.append(point)
    except DeviceError as exc:
        return DeviceReading(name, "redfish", ok=False, error=str(exc), error_kind=failure_kind(exc))
    if not points:
        where = ", ".join(without_power) or chassis_coll
        return DeviceReading(name, "redfish", ok=False,
                             error=f"{name}: no EnvironmentMetrics, Power or PowerSubsystem readings in {where}",
                             error_kind="device")
    return DeviceReading(name, "redfish", ok=True, vendor=identity.get("Manufacturer"), model=identity.get("Model"),
                         points=tuple(points))


async def read_bmc(target: RedfishTarget) -> DeviceReading:
    """Read one BMC without blocking the event loop."""
    return await asyncio.to_thread(read_bmc_sync, target)
