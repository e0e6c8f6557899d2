"""The bandwidth agent's concurrency follows answer times: no deadline missed where a fixed 256 misses many."""

from __future__ import annotations

import asyncio

from govops.collectors.adaptive import AdaptiveLimit

DEADLINE = 0.2


class SharedResponder:
    """Devices behind one responder (a simulator, a busy CPU): each answer slows with the load in flight."""

    def __init__(self) -> None:
        self.in_flight = 0

    async def answer(self) -> float:
        self.in_flight += 1
        took = 0.002 * self.in_flight
        await asyncio.sleep(took)
        self.in_flight -= 1
        return took


async def _rounds(limit: AdaptiveLimit | None, devices: int, rounds: int) -> tuple[int, int]:
    responder = SharedResponder()
    fixed = asyncio.Semaphore(256)
    missed = peak = 0

    async def one() -> None:
        nonlocal missed, peak
        if limit is None:
            async with fixed:
                peak = max(peak, responder.in_flight + 1)
                took = await responder.answer()
        else:
            await limit.acquire()
            took = await responder.answer()
            limit.release(took, DEADLINE, answered=took <= DEADLINE)
        missed += took > DEADLINE

    for _ in range(rounds):
        await asyncio.gather(*(one() for _ in range(devices)))
    return missed, (limit.peak if limit else peak)


def test_fixed_concurrency_misses_deadlines_adaptive_does_not() -> None:
    missed_fixed, peak_fixed = asyncio.run(_rounds(None, 300, 2))
    assert missed_fixed > 100 and peak_fixed > 200  # the failure mode measured at 100 real devices
    limit = AdaptiveLimit(ceiling=256)
    missed, peak = asyncio.run(_rounds(limit, 300, 4))
    assert missed == 0, (missed, peak, limit.limit)
    assert 16 < peak < 101  # it grew past its start, and stopped where answers stay well inside the deadline


def test_limit_bounds_and_dead_devices_do_not_shrink_it() -> None:
    async def go() -> AdaptiveLimit:
        limit = AdaptiveLimit(ceiling=8, floor=2, start=64)
        assert limit.limit == 8
        for _ in range(20):  # devices that never answer: their own failure, not overload
            await limit.acquire()
            limit.release(DEADLINE * 2, DEADLINE, answered=False)
        assert limit.limit == 8
        for _ in range(20):  # slow answers halve it, down to the floor
            await limit.acquire()
            limit._last_cut = 0.0
            limit.release(DEADLINE * 0.9, DEADLINE, answered=True)
        assert limit.limit == 2
        for _ in range(200):
            await limit.acquire()
            limit.release(0.0, DEADLINE, answered=True)
        assert limit.limit == 8  # fast answers grow it back to the ceiling, not past it
        return limit

    asyncio.run(go())


def test_a_cycle_out_of_time_counts_the_rest_as_missed_and_returns() -> None:
    """More devices than the period allows: the cycle returns on its budget, each device left counts a failed
    poll saying why, and the snapshots stay served (a whole-cycle timeout used to drop every series)."""
    from govops.collectors.bandwidth_targets import BandwidthConfig, TargetSpec
    from govops.collectors.if_counters import BandwidthCollector
    from govops.lab.process import free_port
    from govops.snmp.credentials import SnmpCredentials

    silent = free_port()  # nothing listens: every GET times out
    creds = SnmpCredentials.v2c("public")
    targets = tuple(TargetSpec(f"sw{i}", "127.0.0.1", creds, port=silent) for i in range(6))
    config = BandwidthConfig(targets=targets, interval_seconds=2.0, timeout_seconds=1.2, max_concurrency=1)
    collector = BandwidthCollector(config)
    loop = asyncio.new_event_loop()
    try:
        started = loop.time()
        loop.run_until_complete(collector.poll())
        took = loop.time() - started
    finally:
        # Table walks outlive a cycle by design (the next poll waits for the same walk): end them here.
        rest = asyncio.all_tasks(loop)
        for task in rest:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*rest, return_exceptions=True))
        collector.close()
        loop.close()
    # It returned on its own budget, which sits before the runtime's deadline: polled one by one, the six silent
    # targets would take 7.2 s. Bounds only the order needs, so a loaded machine's slow clock cannot fail them.
    assert collector.cycle_budget_s < collector.timeout_seconds and took < 6 * 1.2
    snaps = collector.snapshots()
    assert all(s.polls_total == 1 and s.failures_total == 1 and not s.up for s in snaps)
    missed = [s for s in snaps if "cycle (1.7 s)" in s.error]
    assert len(missed) >= 4, [s.error for s in snaps]  # at 1.2 s a poll, at most two began within the 1.7 s
    assert any("not polled within the cycle" in s.error for s in missed)


def test_waiters_get_slots_in_arrival_order_and_a_cancelled_waiter_gives_its_slot_back() -> None:
    async def go() -> None:
        limit = AdaptiveLimit(ceiling=4, floor=4, start=4)
        order: list[int] = []

        async def one(i: int) -> None:
            await limit.acquire()
            order.append(i)
            await asyncio.sleep(0)
            limit.release(1.0, DEADLINE, answered=False)  # neither fast nor slow: the limit stays 4

        await asyncio.gather(*(one(i) for i in range(200)))
        assert order == list(range(200)) and limit.peak == 4 and limit.in_flight == 0

        for _ in range(4):
            await limit.acquire()
        queued = asyncio.ensure_future(limit.acquire())
        handed = asyncio.ensure_future(limit.acquire())
        after = asyncio.ensure_future(limit.acquire())
        await asyncio.sleep(0)
        queued.cancel()  # cancelled while waiting: never counted
        limit.release(1.0, DEADLINE, answered=False)  # the slot goes to ``handed`` (``queued`` is skipped)...
        handed.cancel()  # ...which is cancelled before it runs: the slot must pass on to ``after``
        results = await asyncio.gather(queued, handed, after, return_exceptions=True)
        assert isinstance(results[0], asyncio.CancelledError) and isinstance(results[1], asyncio.CancelledError)
        assert results[2] is None and limit.in_flight == 4

    asyncio.run(go())
