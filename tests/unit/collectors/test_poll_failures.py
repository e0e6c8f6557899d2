"""Why a bandwidth poll failed, as the target's series say it: one ``govops_target_poll_error`` error, the step."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from govops.collectors import if_table as T
from govops.collectors.bandwidth_targets import TargetSpec
from govops.collectors.if_counters import TargetPoller, families
from govops.errors import DeviceError, DeviceUnreachable
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.util.exposition import render

_TABLE = T.IfTable(rows=(T.IfRow(1, "ge-0/0/1", "ge-0/0/1", "", "ethernetCsmacd", 1e9, True),), if_number=1, uptime=100)


class _Reader:
    """A table reader that raises ``fails`` or returns the one-port table; one that ``hangs`` never answers, first
    holding the whole loop for ``busy_s`` seconds, as a loaded machine does."""

    def __init__(self, fails: Exception | None = None, *, hangs: bool = False, busy_s: float = 0.0) -> None:
        self.fails, self.hangs, self.busy_s = fails, hangs, busy_s

    async def read(self, target: SnmpTarget, creds: SnmpCredentials, *, deadline: float, device: str) -> T.IfTable:
        time.sleep(self.busy_s)
        if self.hangs:
            await asyncio.Event().wait()  # set by no one: the walk outlasts any poll
        if self.fails is not None:
            raise self.fails
        return _TABLE


# A poll that must end on its own deadline waits it out; one that must not is given ample time.
_RUNS_OUT_S, _AMPLE_S = 0.3, 10.0


class _Client:
    """The counter GET: answers the plan (uptime, ifNumber, ifTableLastChange, then seven columns), or is silent."""

    def __init__(self) -> None:
        self.silent = False

    async def get(self, target: SnmpTarget, community: bytes, plan: Any, **kw: Any) -> list[Any]:
        if self.silent:
            raise DeviceUnreachable("no SNMP answer from 127.0.0.1:161 after 2 tries of 0.1 s", device="sw")
        return [100 + int(time.monotonic()), 1, 5, 1000, 2000, 0, 0, 0, 0, 1]

    def close(self) -> None:
        pass


def _poller(reader: _Reader, client: _Client | None = None, timeout_s: float = _AMPLE_S) -> TargetPoller:
    spec = TargetSpec("sw", "127.0.0.1", SnmpCredentials.v2c("public"))
    return TargetPoller(spec, client or _Client(), reader, timeout_s=timeout_s, table_refresh_s=3600)  # type: ignore[arg-type]


def _errors(poller: TargetPoller) -> list[str]:
    text = render(families([poller.snapshot], now=time.time(), stale_after_s=60))
    return [line for line in text.splitlines() if line.startswith(("govops_target_poll_error", "govops_target_up"))]


_WALK_RUNNING = ("sw: interface table walk still running at the poll deadline; counters follow once it completes "
                 "(step: interface table walk)")


@pytest.mark.parametrize(
    ("reader", "kind", "says"),
    [
        (_Reader(fails=DeviceUnreachable("no SNMP answer to get 1.3.6.1.2.1.1.3.0", device="127.0.0.1:161")),
         "unreachable", "127.0.0.1:161: no SNMP answer to get 1.3.6.1.2.1.1.3.0 (step: interface table walk)"),
        (_Reader(fails=DeviceError("interface table walk incomplete: ran out of time", device="sw")),
         "device", "sw: interface table walk incomplete: ran out of time (step: interface table walk)"),
        # A device that answers its walk more slowly than one poll allows: a timeout, not a device fault ...
        (_Reader(hangs=True), "timeout", _WALK_RUNNING),
        # ... also when the loop itself was held past the poll's deadline, so no timer fired on time.
        (_Reader(hangs=True, busy_s=_RUNS_OUT_S + 0.1), "timeout", _WALK_RUNNING),
    ],
    ids=["unreachable", "device", "slow-walk", "slow-walk-busy-loop"],
)
def test_a_failed_table_walk_is_its_kind_and_names_the_step(reader: _Reader, kind: str, says: str) -> None:
    async def go() -> TargetPoller:
        poller = _poller(reader, timeout_s=_RUNS_OUT_S if reader.hangs else _AMPLE_S)
        await poller.poll()
        for task in asyncio.all_tasks() - {asyncio.current_task()}:
            task.cancel()  # the slow walk, left running for the next poll by design
        return poller

    poller = asyncio.run(go())
    assert poller.snapshot.error == says and poller.snapshot.error_kind == kind
    assert _errors(poller) == ['govops_target_up{target="sw"} 0',
                               f'govops_target_poll_error{{error="{kind}",target="sw"}} 1']


def test_a_device_silent_at_the_counter_get_is_unreachable_and_keeps_its_last_good_counters_only() -> None:
    client = _Client()

    async def go() -> tuple[TargetPoller, list[str], tuple[Any, ...]]:
        poller = _poller(_Reader(), client)
        await poller.poll()
        good, totals = _errors(poller), poller.snapshot.interfaces
        client.silent = True
        await poller.poll()
        return poller, good, totals

    poller, good, totals = asyncio.run(go())
    assert good == ['govops_target_up{target="sw"} 1']  # no error series while polls succeed
    assert _errors(poller) == ['govops_target_up{target="sw"} 0',
                               'govops_target_poll_error{error="unreachable",target="sw"} 1']
    assert poller.snapshot.error == "sw: no SNMP answer from 127.0.0.1:161 after 2 tries of 0.1 s (step: counter GET)"
    assert poller.snapshot.interfaces == totals  # the last good poll's, nothing of the failed one


def test_a_counter_get_begun_late_in_the_poll_is_given_only_what_is_left_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table walk took most of the poll: the counter GET's two tries end before the poll's deadline, so a device
    silent by then is unreachable within this poll; a poll with its table known asks at the full try timeout."""
    asked: list[float] = []
    walked: list[float] = []
    # The walk's time passes on a clock the test moves, not on the machine's: 6 s of a 10 s poll, at once.
    skipped = [0.0]
    monotonic = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: monotonic() + skipped[0])

    class Timed(_Client):
        async def get(self, target: SnmpTarget, community: bytes, plan: Any, **kw: Any) -> list[Any]:
            asked.append(target.timeout * (target.retries + 1))
            return await super().get(target, community, plan, **kw)

    class SlowReader(_Reader):
        async def read(self, target: SnmpTarget, creds: SnmpCredentials, *, deadline: float, device: str) -> T.IfTable:
            walked.append(target.timeout * (target.retries + 1))
            skipped[0] += 6.0
            return await super().read(target, creds, deadline=deadline, device=device)

    async def go() -> TargetPoller:
        poller = _poller(SlowReader(), Timed(), timeout_s=10.0)
        await poller.poll()
        await poller.poll()
        return poller

    poller = asyncio.run(go())
    assert poller.snapshot.up, poller.snapshot.error
    # The walk's own deadline is longer than a poll (30 s): its tries still fit in one poll, a fifth spare.
    assert walked == [pytest.approx(8.0)]
    late, known = asked
    assert late < 4.0 * 0.8 + 0.01  # 6 s of the 10 s poll gone to the walk
    assert known == pytest.approx(8.0, abs=0.01)
