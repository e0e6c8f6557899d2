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
from govops.lab.city import DEMO_CITY
from govops.snmp.client import close_client

if TYPE_CHECKING:
    from govops.cli.demo import DemoContext

POWER_EXAMPLE = DEMO_CITY.parents[1] / "agents" / "power.example.yml"
REASON_ZH = {"ok": "有效 valid", "point_missing": "计量点缺失 point missing",
             "it_above_facility": "IT 高于总用电 IT above facility"}


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
        print_table(rows, ["room", "category", "facility_w", "it_w", "pue", "state"],
                    title="机房 PUE（实测）/ machine-room PUE, measured",
                    headers={"room": "机房 room", "category": "类别 category", "facility_w": "总用电 W",
                             "it_w": "IT 用电 W", "pue": "PUE", "state": "状态 state"})
    ctx.hint("serve it continuously", f"GOVOPS_DB={ctx.db_url} govops agent power --config agents/power.example.yml")
