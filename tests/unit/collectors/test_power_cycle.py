"""The power collector's cycle: slow devices cost only their own readings, never the other rooms' series."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from govops.catalog.power import PointKind
from govops.collectors.power import DeviceState, PowerCollector
from govops.collectors.power_config import parse_config
from govops.collectors.power_model import DeviceReading, PointReading
from govops.util.exposition import render


class SlowDevicesCollector(PowerCollector):
    """The real cycle, with device reads replaced at their seam: ``slow-*`` devices never answer."""

    async def _read(self, st: DeviceState, deadline: float) -> DeviceReading:
        if st.cfg.name.startswith("slow"):
            await asyncio.sleep(3600)
        watts = 1500.0 if st.cfg.measures == "facility" else 1000.0
        point: PointKind = "facility_input" if st.cfg.measures == "facility" else "it_input"
        return DeviceReading(st.cfg.name, "snmp", ok=True, points=(PointReading(point, watts, None, None, "test"),))


def _device(name: str, measures: str) -> dict[str, str]:
    return {"name": name, "kind": "snmp", "address": "127.0.0.1", "measures": measures}


def test_a_cycle_out_of_time_publishes_what_it_read_and_fails_only_the_rest() -> None:
    config = parse_config({"rooms": [
        {"room": "A", "devices": [_device("meter", "facility"), _device("pdu", "it")]},
        {"room": "B", "devices": [_device(f"slow-{i}", "it") for i in range(4)] + [_device("mainB", "facility")]},
    ]}, "test.yml")
    # One read at a time: the slow devices queue behind each other far past the collector's timeout.
    collector = SlowDevicesCollector(replace(config, timeout_seconds=0.5, concurrency=1))
    asyncio.run(collector.poll())  # returns: the slow devices would take an hour
    text = render(collector.collect())
    assert 'govops_room_pue{category="3",room="A"} 1.5' in text
    assert 'govops_power_up{room="A",target="meter"} 1' in text
    devices = {d.device: d for d in collector.snapshot.devices}
    slow = [d for name, d in devices.items() if name.startswith("slow")]
    assert all(not d.up and d.error for d in slow)
    assert any("not read within the cycle" in (d.error or "") for d in slow)
    # On its own budget, inside the runtime's timeout (0.5 s): said by the budget, not raced on this machine's clock.
    assert not devices["mainB"].up and "not read within the cycle (0.45 s)" in (devices["mainB"].error or "")
