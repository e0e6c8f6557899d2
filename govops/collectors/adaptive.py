"""How many devices to poll at once: a limit that follows how fast devices answer (AIMD).

A fixed ``max_concurrency`` is wrong both ways: too high and every device's answer
queues behind everyone else's (the agent's CPU, the network, a shared simulator),
so all of them miss their deadlines together (a third of the polls failed at 100
devices with 256 at once); too low and a city's 2,000 devices do not fit in the
poll period. So the limit moves, as TCP's congestion window does:

- a poll answered within a quarter of its deadline adds ``1/limit`` (one more slot
  per round of fast answers);
- a poll that ran past half its deadline while the limit was above the floor
  halves it (at most once per round, so one burst does not collapse it);
- ``ceiling`` (the config's ``max_concurrency``) and ``floor`` bound it.

A dead or slow device holds one slot for at most its own deadline and never
shrinks the limit by itself: only slow answers from devices that do answer do
(their latency is what the limit controls). Timeouts of a device that never
answered are its own failure, not a sign of overload.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque


class AdaptiveLimit:
    """A semaphore whose size follows observed latency (see the module doc).

    Waiters queue first in, first out, and a release wakes only the waiters that now fit:
    a cycle starts every device's poll at once, so waking all of them on every release
    (a condition's ``notify_all``) cost O(devices²) task switches per cycle, the agent's
    main CPU cost at 500 devices.
    """

    def __init__(self, *, ceiling: int, floor: int = 4, start: int = 16) -> None:
        self.ceiling = max(1, ceiling)
        self.floor = max(1, min(floor, self.ceiling))
        self.limit = float(max(self.floor, min(start, self.ceiling)))
        self.in_flight = 0
        self.peak = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._last_cut = 0.0

    async def acquire(self) -> None:
        """Wait for a slot (in arrival order)."""
        if not self._waiters and self.in_flight < int(self.limit):
            self._take()
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter  # the slot is taken on this waiter's behalf by ``_wake``
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # handed a slot, cancelled before running: give it back
                self.in_flight -= 1
                self._wake()
            raise

    def release(self, took_s: float, deadline_s: float, answered: bool) -> None:
        """Free a slot and adjust the limit from how long an answering device took."""
        if answered and took_s <= deadline_s / 4:
            self.limit = min(float(self.ceiling), self.limit + 1.0 / self.limit)
        elif answered and took_s > deadline_s / 2:
            now = time.monotonic()
            if now - self._last_cut > deadline_s / 2:  # one cut per round of slow answers
                self._last_cut = now
                self.limit = max(float(self.floor), self.limit / 2)
        self.in_flight -= 1
        self._wake()

    def _take(self) -> None:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)

    def _wake(self) -> None:
        while self._waiters and self.in_flight < int(self.limit):
            waiter = self._waiters.popleft()
            if waiter.done():  # cancelled while queued (the cycle ran out of time)
                continue
            self._take()
            waiter.set_result(None)
