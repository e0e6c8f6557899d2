"""Bench: one bandwidth or power poll of a device that is silent, or stops answering part way.

The device is a real UDP socket on loopback (``tests.integration.snmp_fake_agent``): a made-up switch with 200
ports and a UPS-MIB output table that answers its first K requests and then nothing (K=0: silent from the start;
K=-1: it answers the first poll and is silent from the second; K=-2: the first poll and one request of the
second). The collector is the agent's own (``BandwidthCollector``, ``PowerCollector``) with the shipped defaults
(60 s interval, 10 s per device). Printed per poll: wall time, the datagrams the device received in it, and what
the target's series say; then every datagram received by three deadlines later (what a poll left running sent).

Run: ``python bench/silent_device.py bandwidth|power K [timeout_seconds]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

from pysnmp.proto import api

from tests.integration.snmp_fake_agent import GoesSilent, Table

_V2 = api.PROTOCOL_MODULES[1]


def _table() -> Table:
    rows: dict[tuple[int, ...], Any] = {
        (1, 3, 6, 1, 2, 1, 1, 2, 0): _V2.ObjectIdentifier((1, 3, 6, 1, 4, 1, 99999, 1)),
        (1, 3, 6, 1, 2, 1, 1, 3, 0): _V2.TimeTicks(12345),
        (1, 3, 6, 1, 2, 1, 2, 1, 0): _V2.Integer(200),
    }
    for i in range(1, 201):
        rows[(1, 3, 6, 1, 2, 1, 2, 2, 1, 2, i)] = _V2.OctetString(f"port{i}")
        rows[(1, 3, 6, 1, 2, 1, 2, 2, 1, 3, i)] = _V2.Integer(6)
        rows[(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1, i)] = _V2.OctetString(f"p{i}")
        rows[(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, i)] = _V2.Counter64(i)
        rows[(1, 3, 6, 1, 2, 1, 33, 1, 4, 4, 1, 4, i)] = _V2.Integer(100 + i)  # upsOutputPower
    return Table(rows)


class _Bandwidth:
    def __init__(self, port: int, timeout: float) -> None:
        from govops.collectors.bandwidth_targets import BandwidthConfig, TargetSpec
        from govops.collectors.if_counters import BandwidthCollector
        from govops.snmp.credentials import SecretRef, SnmpCredentials

        os.environ["GOVOPS_BENCH_COMMUNITY"] = "public"
        spec = TargetSpec(name="dev", address="127.0.0.1", port=port,
                          snmp=SnmpCredentials(community=SecretRef(env="GOVOPS_BENCH_COMMUNITY")))
        self.col = BandwidthCollector(BandwidthConfig(targets=(spec,), interval_seconds=60, timeout_seconds=timeout))

    async def poll(self) -> str:
        await self.col.poll()
        s = self.col.snapshots()[0]
        return f"up={s.up} kind={getattr(s, 'error_kind', '-')} error={s.error!r}"


class _Power:
    def __init__(self, port: int, timeout: float) -> None:
        from govops.collectors.power import PowerCollector
        from govops.collectors.power_config import PowerAgentConfig, PowerDeviceConfig, RoomConfig

        dev = PowerDeviceConfig(name="ups", kind="snmp", address=f"127.0.0.1:{port}", measures="it",
                                point="ups_output", community="public")
        self.col = PowerCollector(PowerAgentConfig(rooms=[RoomConfig("R", [dev])], interval_seconds=60,
                                                   timeout_seconds=timeout))

    async def poll(self) -> str:
        await self.col.poll()
        d = self.col.snapshot.devices[0]
        return f"up={d.up} kind={getattr(d, 'error_kind', '-')} error={d.error!r}"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collector", choices=("bandwidth", "power"))
    parser.add_argument("answers", type=int, help="requests answered before the silence (see above)")
    parser.add_argument("timeout", type=float, nargs="?", default=10.0)
    args = parser.parse_args()
    later = args.answers < 0
    dev = GoesSilent(_table(), 10**9 if later else args.answers)
    with dev:
        col = (_Bandwidth if args.collector == "bandwidth" else _Power)(dev.port, args.timeout)
        started = time.monotonic()
        for n in (1, 2):
            before, t = dev.seen, time.monotonic()
            out = await col.poll()
            print(f"{args.collector} K={args.answers} poll {n}: {time.monotonic() - t:.2f} s, "
                  f"{dev.seen - before} datagrams; {out}")
            if later and n == 1:
                dev.answers = dev.seen + (-1 - args.answers)
        await asyncio.sleep(max(0.0, args.timeout * 3 - (time.monotonic() - started)))
        print(f"  datagrams in all, {args.timeout * 3:g} s after the first poll began: {dev.seen}")


if __name__ == "__main__":
    asyncio.run(main())
