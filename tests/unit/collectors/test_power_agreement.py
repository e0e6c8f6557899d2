"""Power readings over every real power-device walk (snmp/ + snmp-more/), against LibreNMS's sensors.

The collector's own code (``read_device``) runs on each walk of a device LibreNMS
files as ``power`` (UPS, PDU, meter) or that has watt sensors, read in process by
``RecordedAccess``. For every LibreNMS power sensor govops reads, the value must be
within 1%; sensors govops does not read are counted and listed, so the coverage is
visible. The table is printed (``-s``) and written to ``build/power-agreement.md``.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from govops.collectors.power_model import DeviceReading
from govops.collectors.power_snmp import read_device
from govops.collectors.power_snmp_access import RecordedAccess
from govops.snmp.recorded import RecordedAgent

REPO = Path(__file__).resolve().parents[3]
SUMMARY = REPO / "build" / "power-agreement.md"
# Power-class sensors that are not a device's power draw or delivery (LibreNMS files them as power too).
NOT_DRAW = ("poe", "transceiver", " rx ", " tx ", "dom ", "sfp", "reflected", "forward", "max power", "installed",
            "budget", "idle", "peak", "min usage", "cooling capacity", "bypass")
FLOOR_READ_SHARE = 0.5  # share of LibreNMS's power sensors on power devices that govops reads (raise it)


def power_walks(corpus: Path) -> list[tuple[str, Path, list[dict[str, object]]]]:
    out = []
    for folder in ("snmp", "snmp-more"):
        for exp in sorted((corpus / folder).glob("*.expected.json")):
            doc = json.loads(exp.read_text())
            dev = doc["os"]["discovery"]["devices"][0]
            sensors = (doc.get("sensors") or {}).get("discovery", {}).get("sensors", []) if isinstance(
                doc.get("sensors"), dict) else []
            watts = [s for s in sensors if s.get("sensor_class") == "power"
                     and not any(w in f" {str(s.get('sensor_descr', '')).lower()} " for w in NOT_DRAW)]
            if dev.get("type") == "power" or watts:
                stem = exp.name.removesuffix(".expected.json")
                out.append((f"{folder}/{stem}", exp.with_name(stem + ".snmprec"), watts))
    return out


@pytest.fixture(scope="module")
def readings(corpus: Path) -> dict[str, tuple[DeviceReading, list[dict[str, object]]]]:
    async def run() -> dict[str, tuple[DeviceReading, list[dict[str, object]]]]:
        out = {}
        for stem, walk, sensors in power_walks(corpus):
            access = RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), stem)
            out[stem] = (await read_device(stem, access), sensors)
        return out

    return asyncio.run(run())


def test_power_within_one_percent_of_librenms(readings: dict[str, tuple[DeviceReading, list]]) -> None:
    lines = ["# Power readings vs LibreNMS (snmp/ + snmp-more/)", "",
             "| walk | LibreNMS watt sensors | read by govops | within 1% |", "|---|---|---|---|"]
    total = read = agree = 0
    wrong: list[str] = []
    unmetered: list[str] = []
    for stem, (reading, sensors) in sorted(readings.items()):
        ours = {"." + oid: p.watts for p in reading.points for oid in p.oids}
        n_read = n_ok = 0
        for s in sensors:
            oid, want = str(s["sensor_oid"]), float(s["sensor_current"])  # type: ignore[arg-type]
            if oid not in ours:
                continue
            n_read += 1
            got = ours[oid]
            if got is not None and abs(got - want) <= max(0.01 * abs(want), 0.01):
                n_ok += 1
            elif got is None and want == 0:
                # govops takes a 0 W input on mains, or a NULL, as "not metered" (docs/power.md); LibreNMS shows 0.
                unmetered.append(f"{stem} {oid} ({s['sensor_descr']})")
            else:
                wrong.append(f"{stem} {oid} ({s['sensor_descr']}): ours={got} librenms={want}")
        total, read, agree = total + len(sensors), read + n_read, agree + n_ok
        if sensors or reading.points:
            lines.append(f"| {stem} | {len(sensors)} | {n_read} | {n_ok} |")
    lines += ["", f"Total: {read} of {total} LibreNMS watt sensors read; {agree} within 1%; {len(unmetered)} "
              "reported as not metered where LibreNMS shows 0 W.", "", "## Not metered (ours) / 0 W (LibreNMS)", "",
              *unmetered, "", "## Wrong", "", *wrong]
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines))
    assert not wrong, "a reading govops makes is within 1% of LibreNMS's: " + "; ".join(wrong)
    assert total and read / total >= FLOOR_READ_SHARE, (read, total)
