"""The power agent's collector: device power, energy counters and each room's PUE.

``poll()`` reads every configured device concurrently (SNMP devices are
discovered once, then only their planned OIDs are fetched), updates the energy
counters and swaps in an immutable snapshot; ``collect()`` only turns that
snapshot into metric families. Metrics:

- ``govops_power_watts{room,point,target}``: power at the device's point.
- ``govops_energy_joules_total{room,point,target,role,method}``: the device's own
  counter (``method="device_counter"``, user resets detected and bridged) or, for
  devices without one, power integrated over time (``method="integrated"``, never
  across a gap longer than the staleness window). ``role`` is ``facility``, ``it``
  (the IT points of the room's best PUE category) or ``other``.
- ``govops_room_pue{room,category}``: instantaneous facility / IT power, only when valid.
- ``govops_room_pue_valid{room,reason}``: 1 with ``reason="ok"``, else 0 and why.
- ``govops_power_up{room,target}``, ``govops_power_last_success_timestamp_seconds{room,point,target}``
  (``target`` names the polled device, as in the bandwidth agent).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from govops.collectors.power_config import (
    DEFAULT_PORTS,
    PowerAgentConfig,
    PowerDeviceConfig,
    RoomConfig,
    room_qualified,
)
from govops.collectors.power_ipmi import IpmiTarget, read_ipmi
from govops.collectors.power_modbus import ModbusTarget, read_meter
from govops.collectors.power_model import DeviceReading, PointTotal, total_for
from govops.collectors.power_redfish import RedfishTarget, read_bmc
from govops.collectors.power_snmp import SnmpPlan, compose, discover, poll
from govops.collectors.power_snmp_access import SharedSnmp, SnmpValue
from govops.errors import GovopsError
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.util.address import parse_address, target_matches
from govops.util.exposition import Family
from govops.util.failure import FailureKind, failure_kind

log = logging.getLogger(__name__)

# The Green Grid / ISO/IEC 30134-2: where IT energy is measured.
CATEGORY_OF_POINT = {"ups_output": "1", "pdu_output": "2", "it_input": "3"}
JOULES_PER_KWH = 3.6e6
# A drop of the device counter larger than this fraction is a reset; smaller
# drops are float32 register jitter and are ignored.
RESET_DROP_FRACTION = 0.1


@dataclass
class EnergyCounter:
    """A monotonic joule counter fed by a device counter or by integrating power."""

    method: str
    joules: float = 0.0
    resets: int = 0
    last_kwh: float | None = None
    last_watts: float | None = None
    last_time: float | None = None

    def feed_counter(self, kwh: float) -> None:
        """Advance from a device counter reading (kWh), bridging user resets."""
        if self.last_kwh is None:
            self.joules = kwh * JOULES_PER_KWH
        elif kwh >= self.last_kwh:
            self.joules += (kwh - self.last_kwh) * JOULES_PER_KWH
        elif kwh <= self.last_kwh * (1 - RESET_DROP_FRACTION):
            # Reset to (near) zero: the energy since the reset is the new reading.
            self.resets += 1
            self.joules += kwh * JOULES_PER_KWH
        else:
            return  # jitter: keep the higher reference
        self.last_kwh = kwh

    def feed_power(self, watts: float, now: float, max_gap: float) -> None:
        """Integrate power (trapezoid) since the previous reading, unless the gap is too long."""
        if self.last_watts is not None and self.last_time is not None and 0 < now - self.last_time <= max_gap:
            self.joules += (self.last_watts + watts) / 2 * (now - self.last_time)
        self.last_watts = watts
        self.last_time = now


@dataclass
class DeviceState:
    """Everything the agent keeps about one device between polls."""

    room: str
    cfg: PowerDeviceConfig
    plan: SnmpPlan | None = None
    reading: DeviceReading | None = None
    last_success: float | None = None
    last_error: str | None = None
    last_error_kind: FailureKind | None = None
    counter: EnergyCounter | None = None
    point: str | None = None
    discovery: Discovery | None = None
    narrowed: bool = False


@dataclass
class Discovery:
    """One device's discovery of its power objects (``discover``), which outlives the poll that began it if it must:
    the next poll waits for the same one. Its requests end before the deadline of the poll waiting for it, which
    that poll hands in as it waits (``wait``); while none waits, they ask at the full try timeout."""

    access: SharedSnmp
    waited_until: float | None = None  # the waiting poll's deadline (monotonic s), while one waits
    task: asyncio.Task[tuple[dict[str, SnmpValue], SnmpPlan]] = field(init=False)

    def __post_init__(self) -> None:
        self.task = asyncio.ensure_future(discover(self))
        # A discovery that fails while no poll waits on it is retried next poll; mark it retrieved.
        self.task.add_done_callback(lambda t: None if t.cancelled() else t.exception())

    @property
    def failed(self) -> bool:
        """Ended with an error (a poll no longer waits for it: the next begins another)."""
        return self.task.done() and self.task.exception() is not None

    async def wait(self, deadline: float) -> tuple[dict[str, SnmpValue], SnmpPlan]:
        """The values and plan found, waited for until ``deadline`` (the waiting poll's), which bounds the requests
        made meanwhile.

        Raises:
            TimeoutError: Not found by ``deadline``; the discovery goes on.
        """
        self.waited_until = deadline
        try:
            return await asyncio.wait_for(asyncio.shield(self.task), timeout=max(0.0, deadline - time.monotonic()))
        finally:
            self.waited_until = None

    async def get(self, oids: Sequence[str]) -> dict[str, SnmpValue]:
        """GET, bounded by the waiting poll's deadline (``SnmpAccess``)."""
        return await self.access.until(self.waited_until).get(oids)

    async def walk(self, oid: str) -> dict[str, SnmpValue]:
        """Walk, bounded by the waiting poll's deadline (``SnmpAccess``)."""
        return await self.access.until(self.waited_until).walk(oid)


@dataclass(frozen=True)
class DeviceSample:
    """The immutable per-device part of a snapshot."""

    room: str
    device: str
    point: str | None
    measures: str
    up: bool
    fresh: bool
    watts: float | None
    joules: float | None
    method: str | None
    resets: int
    last_success: float | None
    error: str | None
    error_kind: FailureKind | None = None


@dataclass(frozen=True)
class RoomSample:
    """The immutable per-room part of a snapshot."""

    room: str
    category: str | None
    pue: float | None
    reason: str
    facility_watts: float | None
    it_watts: float | None
    it_devices: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Snapshot:
    """One complete poll."""

    devices: tuple[DeviceSample, ...]
    rooms: tuple[RoomSample, ...]
    taken_at: float
    targets: tuple[tuple[str, float], ...] = ()


def room_pue(room: RoomConfig, samples: dict[str, DeviceSample]) -> RoomSample:
    """Compute a room's instantaneous PUE at the best category it has, or say why not.

    Pure: ``samples`` maps device name to its sample for this room.
    """
    facility = [d for d in room.devices if d.measures == "facility"]
    it_devs = [d for d in room.devices if d.measures == "it"]
    categories: dict[str, list[PowerDeviceConfig]] = {}
    for d in it_devs:
        point = samples[d.name].point if d.name in samples else None
        cat = CATEGORY_OF_POINT.get(point or "")
        if cat:
            categories.setdefault(cat, []).append(d)
    if not facility:
        return RoomSample(room.room, None, None, "no_facility_point", None, None)
    if not categories:
        return RoomSample(room.room, None, None, "no_it_point", None, None)
    best = max(categories)
    chosen = categories[best]
    names = frozenset(d.name for d in chosen)
    fac_values = [samples[d.name].watts if samples[d.name].fresh else None for d in facility]
    it_values = [samples[d.name].watts if samples[d.name].fresh else None for d in chosen]
    if any(v is None for v in fac_values) or any(v is None for v in it_values):
        return RoomSample(room.room, best, None, "point_missing", None, None, names)
    fac = float(sum(v for v in fac_values if v is not None))
    it = float(sum(v for v in it_values if v is not None))
    if it <= 0:
        return RoomSample(room.room, best, None, "it_zero", fac, it, names)
    if it > fac:
        return RoomSample(room.room, best, None, "it_above_facility", fac, it, names)
    return RoomSample(room.room, best, round(fac / it, 6), "ok", fac, it, names)


class PowerCollector:
    """Polls power devices and serves PUE; implements the agent runtime's ``Collector`` protocol."""

    name = "power"

    def __init__(self, config: PowerAgentConfig, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self.interval_seconds = config.interval_seconds
        self.timeout_seconds = config.timeout_seconds
        self._clock = clock
        self._states = [DeviceState(room.room, dev) for room in config.rooms for dev in room.devices]
        self._snmp: dict[int, SharedSnmp] = {}
        self._snapshot = Snapshot((), (), 0.0)
        self.readings = 0

    # ---- polling ---------------------------------------------------------
    async def _read(self, st: DeviceState, deadline: float) -> DeviceReading:
        """Read one device for the poll that gives up at ``deadline`` (monotonic s)."""
        cfg = st.cfg
        timeout = min(self._device_deadline(), 5.0)
        if cfg.kind == "snmp":
            target = self._snmp.get(id(st))
            if target is None:
                host, port = parse_address(cfg.address, DEFAULT_PORTS["snmp"])
                # Two tries within the deadline, each request's shortened to what is left of it (SnmpTarget.before):
                # a device silent from the start or after its first answers fails as unreachable, not as a reading
                # past its deadline.
                target = SharedSnmp(SnmpTarget.lasting(host, port, timeout), SnmpCredentials.v2c(
                    cfg.resolved_community()))
                self._snmp[id(st)] = target
            step = "power discovery" if st.plan is None else "power poll"
            try:
                if st.plan is None:
                    values = await self._discovered(st, target, deadline)
                else:
                    values = await poll(target.until(deadline), st.plan)
                plan = st.plan
            except GovopsError as exc:
                # Nothing of a failed read is kept: a discovery's walks or a poll's GET stop at the first silence.
                st.plan = None  # rediscover once it answers again
                st.narrowed = False
                return DeviceReading(cfg.name, "snmp", ok=False, error=f"{exc.message} (step: {step})",
                                     error_kind=failure_kind(exc))
            except TimeoutError:
                return DeviceReading(cfg.name, "snmp", ok=False, error_kind="timeout",
                                     error="discovering the device's power objects (step: power discovery)")
            # The vendor and model were named once, at discovery (a narrowed plan no longer reads their objects).
            return compose(cfg.name, values, plan.identity if plan is not None else None)
        if cfg.kind == "modbus":
            host, port = parse_address(cfg.address, DEFAULT_PORTS["modbus"])
            return await read_meter(ModbusTarget(host, port, cfg.meter or "", unit=cfg.unit, pt_ratio=cfg.pt_ratio,
                                                 ct_ratio=cfg.ct_ratio, timeout=timeout))
        if cfg.kind == "redfish":
            return await read_bmc(RedfishTarget(cfg.address, cfg.username, cfg.resolved_password(), timeout=timeout))
        return await read_ipmi(IpmiTarget(cfg.address, cfg.username, cfg.password_env or "IPMI_PASSWORD"))

    async def _discovered(self, st: DeviceState, target: SharedSnmp, deadline: float) -> dict[str, SnmpValue]:
        """Wait (until the poll's ``deadline``) for the device's discovery, which outlives one poll if it must."""
        if st.discovery is None or st.discovery.failed:
            st.discovery = Discovery(target)
        found = st.discovery
        try:
            values, plan = await found.wait(deadline)
        finally:
            if found.task.done():
                st.discovery = None
        st.plan = plan
        return values

    def _device_deadline(self) -> float:
        return max(0.2, self.timeout_seconds * 0.8)

    def _point_of(self, st: DeviceState, reading: DeviceReading) -> str | None:
        if st.cfg.point:
            return st.cfg.point
        kinds = [p.point for p in reading.points]
        if st.cfg.measures == "facility":
            for k in ("facility_input", "ups_input"):
                if k in kinds:
                    return k
        for k in ("it_input", "pdu_output", "ups_output", "facility_input", "ups_input", "outlet"):
            if k in kinds:
                return k
        return None

    def _update(self, st: DeviceState, reading: DeviceReading, now: float) -> None:
        self.readings += 1
        if not reading.ok:
            st.last_error = reading.error
            st.last_error_kind = reading.failure
            # One line per failed reading, as the bandwidth agent logs a failed poll: the device, why, the step.
            log.warning("%s: %s: %s", st.cfg.name, st.last_error_kind, (reading.error or "").splitlines()[0])
            return
        st.reading = reading
        st.last_error = None
        st.last_error_kind = None
        st.last_success = now
        st.point = st.point or self._point_of(st, reading)
        if st.point is not None and st.plan is not None and not st.narrowed:
            st.plan = st.plan.narrowed(st.point)
            st.narrowed = True
        if st.point is None:
            st.last_error = "device reports none of the point kinds"
            st.last_error_kind = "device"
            return
        total: PointTotal = total_for(reading.points, st.point)
        use_counter = st.cfg.energy == "device" and total.energy_kwh is not None
        if st.counter is None:
            st.counter = EnergyCounter("device_counter" if use_counter else "integrated")
        if st.counter.method == "device_counter":
            if total.energy_kwh is not None:
                st.counter.feed_counter(total.energy_kwh)
        elif total.watts is not None:
            st.counter.feed_power(total.watts, now, self._max_gap())

    def _max_gap(self) -> float:
        return self.config.interval_seconds * self.config.stale_after_polls

    async def poll(self) -> None:
        """Read every device once (bounded concurrency, a deadline each) and swap in a new snapshot.

        The cycle has a budget inside the runtime's timeout: devices still queued or reading when it runs
        out count a failed reading saying so, and the snapshot of everything read is swapped in all the
        same, so a few slow devices never cost the other rooms their readings (nor the agent its series).
        """
        sem = asyncio.Semaphore(self.config.concurrency)
        budget = self.timeout_seconds * 0.9

        async def one(st: DeviceState) -> None:
            async with sem:
                # The poll's deadline for this device, from when it is read: its SNMP requests end before it.
                deadline = time.monotonic() + self._device_deadline()
                try:
                    reading = await asyncio.wait_for(self._read(st, deadline), timeout=self._device_deadline())
                except TimeoutError:
                    reading = DeviceReading(st.cfg.name, st.cfg.kind, ok=False, error_kind="timeout",
                                            error=f"no reading within {self.timeout_seconds:g} s")
                except GovopsError as exc:
                    reading = DeviceReading(st.cfg.name, st.cfg.kind, ok=False, error=str(exc),
                                            error_kind=failure_kind(exc))
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # one device's odd answer or a bug must not fail every room's poll
                    log.exception("%s: read failed unexpectedly", st.cfg.name)
                    reading = DeviceReading(st.cfg.name, st.cfg.kind, ok=False, error=f"{type(exc).__name__}: {exc}",
                                            error_kind="internal")
                self._update(st, reading, self._clock())

        tasks = {asyncio.ensure_future(one(st)): st for st in self._states}
        try:
            if tasks:
                await asyncio.wait(tasks, timeout=budget)
        finally:
            late = [task for task in tasks if not task.done()]
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
                log.warning("%d of %d power devices not read within the cycle's %g s", len(late), len(tasks), budget)
            for task in late:
                st = tasks[task]
                self._update(st, DeviceReading(st.cfg.name, st.cfg.kind, ok=False, error_kind="timeout", error=(
                    f"not read within the cycle ({budget:g} s): too many slow devices for the timeout")),
                    self._clock())
            self._snapshot = self._build_snapshot(self._clock())

    @property
    def snapshot(self) -> Snapshot:
        """The last complete poll (what a scrape serves)."""
        return self._snapshot

    def _build_snapshot(self, now: float) -> Snapshot:
        samples: list[DeviceSample] = []
        for st in self._states:
            fresh = st.last_success is not None and now - st.last_success <= self._max_gap()
            watts = None
            if fresh and st.reading is not None and st.point is not None:
                watts = total_for(st.reading.points, st.point).watts
            samples.append(
                DeviceSample(
                    room=st.room, device=st.cfg.name, point=st.point, measures=st.cfg.measures,
                    up=st.last_error is None and fresh,
                    fresh=fresh, watts=watts,
                    joules=st.counter.joules if st.counter and fresh and (
                        st.counter.last_kwh is not None or st.counter.last_time is not None) else None,
                    method=st.counter.method if st.counter else None,
                    resets=st.counter.resets if st.counter else 0,
                    last_success=st.last_success, error=st.last_error,
                    error_kind=st.last_error_kind,
                )
            )
        rooms = []
        for room in self.config.rooms:
            by_name = {s.device: s for s in samples if s.room == room.room}
            rooms.append(room_pue(room, by_name))
        targets = tuple((r.room, r.pue_target) for r in self.config.rooms if r.pue_target is not None)
        return Snapshot(tuple(samples), tuple(rooms), now, targets)

    # ---- exposition (no I/O) ------------------------------------------------
    def describe(self) -> list[Family]:
        """Metric families without samples (no I/O at registration)."""
        return self._families(Snapshot((), (), 0.0))

    def collect(self) -> list[Family]:
        """Metric families from the last complete snapshot."""
        return self._families(self._snapshot)

    def probe(self, target: str) -> list[Family] | None:
        """The families of the devices ``target`` names (``/probe?target=``) with their rooms' PUE, or None.

        ``ROOM/NAME`` (``room_qualified``, the file_sd target) names one device. A bare name or an address
        names every device that has it (a name may recur in another room): all of them, each under its room.
        """
        picked = {(st.room, st.cfg.name) for st in self._states if _names(st, target)}
        if not picked:
            return None
        snap = self._snapshot
        mine = tuple(d for d in snap.devices if (d.room, d.device) in picked)
        theirs = {room for room, _ in picked}
        rooms = tuple(r for r in snap.rooms if r.room in theirs)
        return self._families(Snapshot(mine, rooms, snap.taken_at))

    @staticmethod
    def _families(snap: Snapshot) -> list[Family]:
        dev = ["room", "point", "target"]  # `target`: the polled device, as in the bandwidth agent
        watts = Family("govops_power_watts", "Power at a measurement point (W).", "gauge", dev)
        energy = Family(
            "govops_energy_joules_total",
            "Energy at a measurement point (J): device counter with resets bridged, or integrated power.",
            "counter", [*dev, "role", "method"])
        resets = Family("govops_energy_meter_resets_total",
                        "Resets of a device energy counter detected by the agent.", "counter", ["room", "target"])
        up = Family("govops_power_up", "1 when the device's last poll succeeded.", "gauge", ["room", "target"])
        error = Family("govops_power_poll_error",
                       "1 while the device's last poll failed, error saying why: unreachable (no answer, or none after "
                       "the first ones), auth, device (an answer that made no reading), timeout, config, internal.",
                       "gauge", ["room", "target", "error"])  # the bandwidth agent's label name for the same word
        last = Family("govops_power_last_success_timestamp_seconds",
                      "Unix time of the device's last successful reading.", "gauge", dev)
        pue = Family("govops_room_pue", "Instantaneous PUE: facility power / IT power.", "gauge", ["room", "category"])
        valid = Family("govops_room_pue_valid", "1 when the room's PUE is valid; reason says why not.", "gauge",
                       ["room", "reason"])
        target = Family("govops_room_pue_target", "The room's PUE target from the agent config.", "gauge", ["room"])
        it_devices = {(r.room, d) for r in snap.rooms for d in r.it_devices}
        for s in snap.devices:
            point = s.point or "unknown"
            up.add([s.room, s.device], 1.0 if s.up else 0.0)
            if s.error is not None:
                error.add([s.room, s.device, s.error_kind or "device"], 1.0)
            if s.last_success is not None:
                last.add([s.room, point, s.device], s.last_success)
            if s.watts is not None:
                watts.add([s.room, point, s.device], s.watts)
            if s.joules is not None and s.method:
                role = "facility" if s.measures == "facility" else "it" if (s.room, s.device) in it_devices else "other"
                energy.add([s.room, point, s.device, role, s.method], s.joules)
            if s.method == "device_counter":
                resets.add([s.room, s.device], float(s.resets))
        for room, value in snap.targets:
            target.add([room], value)
        for r in snap.rooms:
            valid.add([r.room, r.reason], 1.0 if r.pue is not None else 0.0)
            if r.pue is not None and r.category:
                pue.add([r.room, r.category], r.pue)
        return [watts, energy, resets, up, error, last, pue, valid, target]


def _names(st: DeviceState, target: str) -> bool:
    """Whether ``target`` names this device: ``ROOM/NAME``, its name, or its address (host[:port])."""
    if target == room_qualified(st.room, st.cfg.name):
        return True
    host, port = _own_address(st.cfg.address, st.cfg.kind)
    return target_matches(st.cfg.name, host, port, target, DEFAULT_PORTS.get(st.cfg.kind, 161))


@functools.lru_cache(maxsize=4096)
def _own_address(address: str, kind: str) -> tuple[str, int]:
    """A device's configured address as (host, port), parsed once: every /probe compares it with every device's."""
    port = DEFAULT_PORTS.get(kind, 0)
    try:
        return parse_address(address, port) if port else (address, 0)
    except GovopsError:
        return address, port
