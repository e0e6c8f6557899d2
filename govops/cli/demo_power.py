"""The demo's power step: the lab room's meter and PDU read by the power agent's collector, PUE shown."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govops.cli.output import print_table
from govops.collectors.power import PowerCollector
from govops.collectors.power_config import PowerAgentConfig, PowerDeviceConfig, RoomConfig
from govops.lab.registry import build_registry
from govops.lab.runner import Lab
from govops.lab.service import LabDevice
from govops.snmp.client import close_client

if TYPE_CHECKING:
    from govops.cli.demo import DemoContext

LAB_ROOM = "LAB-1"
REASON_ZH = {"ok": "有效 valid", "point_missing": "计量点缺失 point missing",
             "it_above_facility": "IT 高于总用电 IT above facility"}


def _lab_room(devices: dict[str, LabDevice]) -> RoomConfig | None:
    meter, pdu = devices.get("lab-facility-meter"), devices.get("lab-apc-pdu")
    if meter is None or pdu is None or pdu.snmp is None:
        return None
    modbus = meter.facts.get("modbus", {})
    community = Path(pdu.snmp["community"]["file"]).read_text().strip()
    return RoomConfig(LAB_ROOM, [
        PowerDeviceConfig("lab-facility-meter", "modbus", f"{meter.mgmt_ip}:{modbus['port']}", "facility",
                          meter=str(modbus.get("meter", "eastron_sdm630"))),
        PowerDeviceConfig("lab-apc-pdu", "snmp", f"{pdu.mgmt_ip}:{pdu.snmp['port']}", "it", point="pdu_output",
                          community=community),
    ], pue_target=1.3)


def power_step(ctx: DemoContext) -> None:
    """Poll the lab room twice like the agent does and show each room's PUE."""
    lab = Lab(ctx.home.parent, build_registry())
    devices = {d.name: d for _status, devs in lab.status() for d in devs}
    room = _lab_room(devices)
    if room is None:
        ctx.say("  power: the lab's meter or PDU is not running; skipped")
        return
    collector = PowerCollector(PowerAgentConfig([room], interval_seconds=1.0, timeout_seconds=5.0))

    async def two_polls() -> None:
        try:
            await collector.poll()
            await asyncio.sleep(1.0)
            await collector.poll()
        finally:
            close_client()

    asyncio.run(two_polls())
    snap = collector._snapshot
    rows: list[dict[str, Any]] = [
        {"room": r.room, "category": r.category,
         "facility_w": None if r.facility_watts is None else round(r.facility_watts, 1),
         "it_w": None if r.it_watts is None else round(r.it_watts, 1),
         "pue": None if r.pue is None else round(r.pue, 2),
         "state": REASON_ZH.get(r.reason, r.reason)}
        for r in snap.rooms
    ]
    ctx.results["power"] = {"rooms": rows}
    if not ctx.quiet:
        print_table(rows, ["room", "category", "facility_w", "it_w", "pue", "state"],
                    title="机房 PUE（实测）/ machine-room PUE, measured",
                    headers={"room": "机房 room", "category": "类别 category", "facility_w": "总用电 W",
                             "it_w": "IT 用电 W", "pue": "PUE", "state": "状态 state"})
        ctx.say("  serve it continuously: `govops agent power --config agents/power.example.yml`")
