"""The demo's power step: the shipped power agent config polled on the lab's meters and BMCs, PUE shown.

`agents/power.example.yml` names the demo city's metered rooms without devices: their meters
(Modbus-TCP) and server BMCs (Redfish) come from the demo store, where `govops lab up`
registered them. The step polls twice as the agent does and prints each room's PUE.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from govops.agent.power_agent import load_power_agent
from govops.cli.output import print_table
from govops.collectors.power import CATEGORY_OF_POINT
from govops.kpi.definitions import kpi_by_key
from govops.lab.city import DEMO_CITY
from govops.snmp.client import close_client

if TYPE_CHECKING:
    from govops.cli.demo import DemoContext

MEASURED_KPI = "room_pue_measured"
POWER_EXAMPLE = DEMO_CITY.parents[1] / "agents" / "power.example.yml"
REASON_ZH = {"ok": "有效 valid", "point_missing": "计量点缺失 point missing",
             "it_above_facility": "IT 高于总用电 IT above facility"}
# Where the room's IT power is measured (The Green Grid category): a bare "3" tells a reader nothing.
POINT_ZH = {"ups_output": "UPS 输出 UPS output", "pdu_output": "PDU 输出 PDU output", "it_input": "IT 输入 IT input"}
CATEGORY_ZH = {cat: f"{cat} {POINT_ZH[point]}" for point, cat in CATEGORY_OF_POINT.items()}


def power_step(ctx: DemoContext) -> None:
    """Poll the metered rooms twice like the agent does and show each room's PUE."""
    engine = ctx.engine
    if engine is None:
        raise RuntimeError("the demo store must be created before the power step")
    setup = load_power_agent(POWER_EXAMPLE, lambda: engine)
    collector = setup.collectors[0]

    async def two_polls() -> None:
        try:
            await collector.poll()
            await asyncio.sleep(1.0)
            await collector.poll()
        finally:
            close_client()

    asyncio.run(two_polls())
    rows: list[dict[str, Any]] = [
        {"room": r.room, "category": r.category, "it_devices": len(r.it_devices),
         "facility_w": None if r.facility_watts is None else round(r.facility_watts, 1),
         "it_w": None if r.it_watts is None else round(r.it_watts, 1),
         "pue": None if r.pue is None else round(r.pue, 2),
         "state": REASON_ZH.get(r.reason, r.reason)}
        for r in collector.snapshot.rooms
    ]
    ctx.results["power"] = {"rooms": rows, "skipped": len(setup.skipped)}
    if not ctx.quiet:
        print_rooms(ctx, rows)
    ctx.hint("serve it continuously", f"GOVOPS_DB={ctx.db_url} govops agent power --config agents/power.example.yml")


def print_rooms(ctx: DemoContext, rows: list[dict[str, Any]]) -> None:
    """Each room's PUE now, named apart from the KPI of the same word (实测) that the headline shows as "—"."""
    shown = [{**r, "category": CATEGORY_ZH.get(str(r["category"]), r["category"])} for r in rows]
    print_table(shown, ["room", "category", "facility_w", "it_w", "pue", "state"],
                title="机房 PUE（当前功率之比） machine-room PUE now, from power",
                labels={"category": "IT 计量点", "facility_w": "总用电(W)", "it_w": "IT 用电(W)"})  # fmt: skip
    kpi = kpi_by_key(list(ctx.settings.kpis))[MEASURED_KPI]
    window = (kpi.params or {}).get("window", "")
    ctx.say(f"  此为当前功率之比；KPI {kpi.label_zh} 为 {window} 能耗之比，由 Prometheus 采集本代理得出 / "
            f"a power ratio now; the KPI {kpi.label_en} ({kpi.key}) is the {window} energy ratio, "
            "from Prometheus scraping this agent")
