"""Interface counters of switches, routers and firewalls, and of declared WAN links.

Two halves, as every govops collector: ``poll()`` runs on the agent's asyncio loop, polls
all targets with bounded concurrency and a deadline per device, and swaps in an immutable
snapshot per target; ``collect()`` only reads those snapshots.

Per device, a poll is: (re)learn the interface table when needed (``if_table``), then
GET sysUpTime, ifNumber and only the needed columns of the selected interfaces, packed
into as few PDUs as the device accepts (``govops.snmp.packed_get``). The counter math is
in ``counters``; the exported ``_total`` values are agent-side accumulations (see there).

Speeds and capacities are exported in bytes/s (the naming guide's base unit, which
``promtool check metrics`` enforces: it rejects ``_bits``); the recording rules multiply
by 8 where people think in bit/s.

A target whose last good poll is older than ``stale_after`` exports no interface series
(Prometheus marks them stale) but still its ``govops_target_*`` series, which say why.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from govops.collectors import if_table as T
from govops.collectors.adaptive import AdaptiveLimit
from govops.collectors.bandwidth_targets import BandwidthConfig, LinkSpec, TargetSpec
from govops.collectors.counters import (
    CounterReading,
    Discontinuity,
    Totals,
    accumulate,
    device_rebooted,
)
from govops.errors import DeviceError, GovopsError
from govops.snmp.client import get_client
from govops.snmp.credentials import DEFAULT_PORT, SnmpCredentials, SnmpTarget
from govops.snmp.packed_get import GetPlan, Missing, PackedGetClient, Value, encode_oid
from govops.snmp.values import VarBind
from govops.util.address import target_matches
from govops.util.exposition import Family, gauge
from govops.util.failure import FailureKind, failure_kind
from govops.util.oid import Oid, parse_oid

log = logging.getLogger(__name__)

# Per interface, in this order (HC or 32-bit octets chosen per interface from the table walk).
_HC_COLUMNS = (T.IF_HC_IN_OCTETS, T.IF_HC_OUT_OCTETS)
_C32_COLUMNS = (T.IF_IN_OCTETS, T.IF_OUT_OCTETS)
_OTHER_COLUMNS = (T.IF_IN_ERRORS, T.IF_OUT_ERRORS, T.IF_IN_DISCARDS, T.IF_OUT_DISCARDS, T.IF_OPER_STATUS)
_PER_IF = len(_HC_COLUMNS) + len(_OTHER_COLUMNS)
# ifTableLastChange moves when an interface is created or deleted: a cheap reason to re-walk.
_HEAD = (T.SYS_UPTIME, T.IF_NUMBER, T.IF_TABLE_LAST_CHANGE)


# A device that answers its table walk more slowly than one poll allows: a ``timeout``, not a device fault.
_WALK_RUNNING = "interface table walk still running at the poll deadline; counters follow once it completes"


class TableReader(Protocol):
    """Reads a device's interface table (a walk); ``if_table.SnmpTableReader`` is the real one."""

    async def read(
        self, target: SnmpTarget, creds: SnmpCredentials, *, deadline: float, device: str
    ) -> T.IfTable:
        """Return the interface table of the device at ``address``."""
        ...


@dataclass(frozen=True, slots=True)
class IfSample:
    """One interface's last good values."""

    row: T.IfRow
    oper_up: bool | None
    totals: Totals


@dataclass(frozen=True, slots=True)
class TargetSnapshot:
    """What ``collect()`` exports for one target: immutable, replaced whole after every poll."""

    target: str
    up: bool
    duration_s: float
    last_success: float | None
    interfaces: tuple[IfSample, ...] = ()
    links: tuple[LinkSpec, ...] = ()
    discontinuities: tuple[tuple[str, int], ...] = ()
    polls_total: int = 0
    failures_total: int = 0
    table_reads_total: int = 0
    varbinds_per_pdu: int = 0
    uptime_ticks: int | None = None
    error: str = ""
    error_kind: FailureKind | None = None  # why the last poll failed (``util.failure``); None when it did not


@dataclass
class _State:
    table: T.IfTable | None = None
    table_read_at: float = 0.0
    selected: tuple[T.IfRow, ...] = ()
    plan: GetPlan | None = None
    prev: dict[str, CounterReading] = field(default_factory=dict)
    prev_uptime: int | None = None
    prev_at: float | None = None
    totals: dict[str, Totals] = field(default_factory=dict)
    oper: dict[str, bool | None] = field(default_factory=dict)
    discontinuities: Counter[str] = field(default_factory=Counter)
    polls: int = 0
    failures: int = 0
    table_reads: int = 0
    last_success: float | None = None
    need_table: bool = True
    links: tuple[LinkSpec, ...] = ()  # the target's links, named as its table names their interfaces
    address: tuple[str, int] | None = None
    last_change: int | None = None


class TargetPoller:
    """Polls one device; keeps its table, baselines and totals between polls."""

    def __init__(
        self,
        spec: TargetSpec,
        client: PackedGetClient,
        reader: TableReader,
        *,
        timeout_s: float,
        table_refresh_s: float,
    ) -> None:
        self.spec = spec
        self.client = client
        self.reader = reader
        self.timeout_s = timeout_s
        self.table_refresh_s = table_refresh_s
        self.state = _State(links=spec.links)
        self.include, self.exclude = spec.interfaces.compiled(f"target {spec.name}")
        # v1/v2c take the packed fast path; SNMPv3 (auth, privacy) goes through the shared pysnmp client.
        # The community is resolved at the first poll: a missing variable fails that target, not the agent.
        self._community: bytes | None = None
        self._version = 0 if spec.snmp.version == "1" else 1
        self.snapshot = TargetSnapshot(target=spec.name, up=False, duration_s=0.0, last_success=None, links=spec.links)
        # A table walk may outlast one poll's deadline (big chassis, busy CPU): it runs as its own task
        # with a longer deadline, and later polls wait for the same walk instead of restarting it.
        self.table_timeout_s = max(timeout_s * 3, 5.0)
        self._table_task: asyncio.Future[None] | None = None
        self._plan_oids: list[Oid] = []
        self._step = "counter GET"  # what the poll is reading now, named in its failure

    def _wanted(self, row: T.IfRow, link_ifaces: set[str]) -> bool:
        if row.name in link_ifaces:
            return True
        if self.include and not any(p.search(row.name) for p in self.include):
            return False
        return not any(p.search(row.name) for p in self.exclude)

    async def _resolve(self) -> tuple[str, int]:
        if self.state.address is None or self.state.need_table:
            loop = asyncio.get_running_loop()
            infos = await loop.getaddrinfo(self.spec.address, self.spec.port, type=socket.SOCK_DGRAM)
            if not infos:
                raise DeviceError(f"cannot resolve {self.spec.address}", device=self.spec.name)
            sockaddr = infos[0][4]
            self.state.address = (str(sockaddr[0]), int(sockaddr[1]))
        return self.state.address

    async def _learn_table(self, deadline: float) -> None:
        st = self.state
        address = await self._resolve()
        table = await self.reader.read(
            self._snmp_target(address, deadline), self.spec.snmp, deadline=deadline, device=self.spec.name
        )
        old = {r.name: r.if_index for r in st.selected}
        st.table = table
        st.table_read_at = time.monotonic()
        st.table_reads += 1
        st.need_table = False
        st.links = self._resolve_links(table)
        link_ifaces = {lk.interface for lk in st.links}
        st.selected = tuple(r for r in table.rows if self._wanted(r, link_ifaces))
        names: list[str] = list(_HEAD)
        for row in st.selected:
            octets = _HC_COLUMNS if row.hc else _C32_COLUMNS
            names.extend(f"{col}.{row.if_index}" for col in (*octets, *_OTHER_COLUMNS))
            if old.get(row.name, row.if_index) != row.if_index:
                # The name moved to another ifIndex: its next reading is another port's counter.
                st.prev.pop(row.name, None)
        keep = st.plan.max_varbinds if st.plan else self.spec.max_varbinds
        st.plan = GetPlan([_encoded_oid(n) for n in names], max_varbinds=keep)
        # Parsed OIDs only for SNMPv3 (the shared pysnmp client); v1/v2c polls send the encoded plan.
        self._plan_oids = [parse_oid(n) for n in names] if self.spec.snmp.version == "3" else []
        selected = {r.name for r in st.selected}
        for gone in set(st.prev) - selected:
            del st.prev[gone]

    def _resolve_links(self, table: T.IfTable) -> tuple[LinkSpec, ...]:
        """The links with the interface named as the device names it (a ledger writes GE0/0/1 for the device's
        GigabitEthernet0/0/1), so link and interface series join; a link whose interface the device lacks keeps
        its declared name, exports its capacity only, and is logged once per table walk."""
        out: list[LinkSpec] = []
        for link in self.spec.links:
            row = T.find_interface(link.interface, table.rows)
            if row is None:
                log.warning("%s: link %s: the device has no interface %r (nor one it abbreviates): only the link's "
                            "capacity is exported", self.spec.name, link.name, link.interface)
                out.append(link)
            else:
                out.append(link if row.name == link.interface else dataclasses.replace(link, interface=row.name))
        return tuple(out)

    async def _table_ready(self) -> None:
        if self._table_task is None:
            self._table_task = asyncio.ensure_future(
                asyncio.wait_for(self._learn_table(time.monotonic() + self.table_timeout_s), self.table_timeout_s)
            )
        task = self._table_task
        try:
            # Waits until the poll's own deadline cancels it; the walk runs on, shielded, for the next poll.
            await asyncio.shield(task)
        finally:
            if task.done():
                self._table_task = None
                if not task.cancelled():
                    task.exception()  # retrieved here so a failed walk is not logged as never awaited

    async def poll(self) -> TargetSnapshot:
        """Poll the device once within its deadline and return (and keep) the new snapshot."""
        st = self.state
        start = time.monotonic()
        deadline = start + self.timeout_s
        st.polls += 1
        try:
            await asyncio.wait_for(self._poll(deadline), self.timeout_s)
        except (GovopsError, TimeoutError, OSError) as exc:
            # A failed poll keeps nothing it read: counters are applied only after every PDU answered, a table only
            # after its walk ended. A device that stopped answering is unreachable, whichever step it stopped in.
            st.failures += 1
            kind = failure_kind(exc)
            message = (exc.message if isinstance(exc, GovopsError) else str(exc)) or "no complete answer"
            if isinstance(exc, TimeoutError) and self._table_task is not None and not self._table_task.done():
                # Said by the walk's own state, not by a second, earlier timer that a busy loop can pass unseen.
                message = f"{self.spec.name}: {_WALK_RUNNING}"
            elif isinstance(exc, TimeoutError):
                message = f"poll exceeded its {self.timeout_s:g} s deadline"
            elif isinstance(exc, OSError):
                message = f"{self.spec.name}: {message}"
            message = f"{message} (step: {self._step})"
            log.warning("%s: %s: %s", self.spec.name, kind, message)
            self.snapshot = self._snapshot(up=False, duration=time.monotonic() - start, error=message, kind=kind)
            return self.snapshot
        st.last_success = time.time()
        self.snapshot = self._snapshot(up=True, duration=time.monotonic() - start)
        return self.snapshot

    async def _poll(self, deadline: float) -> None:
        st = self.state
        if st.need_table or st.table is None or time.monotonic() - st.table_read_at > self.table_refresh_s:
            self._step = "interface table walk"
            await self._table_ready()
        self._step = "counter GET"
        values = await self._get(deadline)
        uptime = _as_int(values[0])
        if_number = _as_int(values[1])
        now = time.monotonic()
        rebooted = (
            uptime is not None
            and st.prev_uptime is not None
            and st.prev_at is not None
            and device_rebooted(st.prev_uptime, uptime, now - st.prev_at)
        )
        table = st.table
        renumbered = table is not None and if_number is not None and if_number != table.if_number
        if rebooted or renumbered:
            # After a reboot ifIndex may be renumbered: re-learn before trusting any column.
            st.discontinuities[Discontinuity.REBOOT.value if rebooted else "interfaces_changed"] += 1
            st.prev.clear()
            st.prev_uptime = st.prev_at = None
            st.need_table = True
            self._step = "interface table walk"
            await self._table_ready()
            self._step = "counter GET"
            values = await self._get(deadline)
            uptime = _as_int(values[0])
            now = time.monotonic()
        last_change = _as_int(values[2])
        if last_change is not None and st.last_change is not None and last_change != st.last_change:
            st.need_table = True  # an interface came or went: re-walk on the next cycle
        st.last_change = last_change
        self._apply(values, uptime, now)

    def _snmp_target(self, address: tuple[str, int], deadline: float) -> SnmpTarget:
        """The device with two tries per request that end before ``deadline``, with a margin, so a silent device fails
        as unreachable rather than as a poll past its deadline; no longer than one poll allows for a table walk's
        longer deadline, so a silent device fails within the poll that first asked it."""
        return SnmpTarget.lasting(address[0], address[1], self.timeout_s).before(deadline)

    async def _get_v3(self, plan: GetPlan, deadline: float) -> list[Value]:
        target = self._snmp_target(await self._resolve(), deadline)
        client = get_client()
        out: list[Value] = []
        step = max(1, plan.max_varbinds)
        for start in range(0, len(self._plan_oids), step):
            chunk = self._plan_oids[start : start + step]
            got = await client.get(target, self.spec.snmp, chunk)
            out.extend(_v3_value(got.get(oid)) for oid in chunk)
        return out

    async def _get(self, deadline: float) -> list[Value]:
        plan = self.state.plan
        if plan is None:
            raise DeviceError("no interface table learned yet", device=self.spec.name)
        if self.spec.snmp.version == "3":
            return await self._get_v3(plan, deadline)
        if self._community is None:
            ref = self.spec.snmp.community
            self._community = ref.resolve().encode("utf-8") if ref is not None else b""
        target = self._snmp_target(await self._resolve(), deadline)
        return await self.client.get(target, self._community, plan, version=self._version, in_flight=2,
                                     device=self.spec.name)

    def _apply(self, values: Sequence[Value], uptime: int | None, now: float) -> None:
        st = self.state
        elapsed = now - st.prev_at if st.prev_at is not None else 0.0
        pos = len(_HEAD)
        vanished = 0
        for row in st.selected:
            cols = values[pos : pos + _PER_IF]
            pos += _PER_IF
            if all(isinstance(v, Missing) for v in cols):
                # The interface is gone (card pulled, sub-interface deleted): drop it, re-learn next time.
                vanished += 1
                st.prev.pop(row.name, None)
                st.totals.pop(row.name, None)
                st.oper.pop(row.name, None)
                continue
            reading = CounterReading(
                in_octets=_as_int(cols[0]),
                out_octets=_as_int(cols[1]),
                in_errors=_as_int(cols[2]),
                out_errors=_as_int(cols[3]),
                in_discards=_as_int(cols[4]),
                out_discards=_as_int(cols[5]),
                octet_bits=64 if row.hc else 32,
            )
            status = _as_int(cols[6])
            st.oper[row.name] = None if status is None else status == 1
            totals, seen = accumulate(
                st.totals.get(row.name, Totals()),
                st.prev.get(row.name),
                reading,
                speed_bps=row.speed_bps,
                elapsed_s=elapsed,
                rebooted=False,
            )
            for why in seen:
                st.discontinuities[why.value] += 1
            st.totals[row.name] = totals
            st.prev[row.name] = reading
        if vanished:
            st.discontinuities["interfaces_changed"] += 1
            st.need_table = True
        st.prev_uptime = uptime
        st.prev_at = now

    def missed(self, error: str) -> TargetSnapshot:
        """Record a poll the cycle had no time for (or cut short) as a failed one, and return its snapshot."""
        if self.snapshot.polls_total == self.state.polls:  # not started: count the attempt it should have been
            self.state.polls += 1
        return self.failed(error, kind="timeout")

    def failed(self, error: str, *, kind: FailureKind = "internal") -> TargetSnapshot:
        """Record a poll that raised what ``poll`` does not expect, and return (and keep) its snapshot."""
        self.state.failures += 1
        self.snapshot = self._snapshot(up=False, duration=0.0, error=error, kind=kind)
        return self.snapshot

    def _snapshot(
        self, *, up: bool, duration: float, error: str = "", kind: FailureKind | None = None
    ) -> TargetSnapshot:
        st = self.state
        samples = tuple(
            IfSample(row=r, oper_up=st.oper.get(r.name), totals=st.totals[r.name])
            for r in st.selected
            if r.name in st.totals
        )
        return TargetSnapshot(
            target=self.spec.name,
            up=up,
            duration_s=duration,
            last_success=st.last_success,
            interfaces=samples,
            links=st.links,
            discontinuities=tuple(sorted(st.discontinuities.items())),
            polls_total=st.polls,
            failures_total=st.failures,
            table_reads_total=st.table_reads,
            varbinds_per_pdu=st.plan.max_varbinds if st.plan else 0,
            uptime_ticks=st.prev_uptime,
            error=error,
            error_kind=kind,
        )


def resident_bytes() -> float | None:
    """This process's resident memory (Linux), or None."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return float(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
    except (OSError, ValueError, IndexError):
        return None


@functools.lru_cache(maxsize=1 << 16)
def _encoded_oid(name: str) -> bytes:
    """The encoded OID, one object per distinct OID: devices of one model share their column.ifIndex OIDs
    (a city's 2,000 switches held ~21 KB of identical encodings each)."""
    return encode_oid(name)


def _v3_value(vb: VarBind | None) -> Value:
    if vb is None or not isinstance(vb.value, int) or isinstance(vb.value, bool):
        return Missing(0x81)
    return vb.value


def _as_int(value: Value) -> int | None:
    return value if isinstance(value, int) else None


class BandwidthCollector:
    """The ``bandwidth`` collector: interface and WAN-link counters of all configured targets."""

    name = "bandwidth"

    def __init__(
        self,
        config: BandwidthConfig,
        *,
        client: PackedGetClient | None = None,
        reader: TableReader | None = None,
        stale_after_s: float | None = None,
    ) -> None:
        self.config = config
        self.interval_seconds = config.interval_seconds
        # A cycle may take most of the period, since the adaptive limit may poll a city's devices in several
        # waves (each device still has its own timeout_seconds); what is left then counts as missed and the
        # cycle returns (``poll``). The runtime's own deadline sits above that budget.
        self.cycle_budget_s = config.interval_seconds * 0.85
        self.timeout_seconds = config.interval_seconds * 0.95
        self.stale_after_s = stale_after_s if stale_after_s is not None else config.interval_seconds * 2.5
        self.client = client or PackedGetClient()
        self.reader = reader or T.SnmpTableReader()
        self.pollers = [
            TargetPoller(
                t,
                self.client,
                self.reader,
                timeout_s=config.timeout_seconds,
                table_refresh_s=config.table_refresh_seconds,
            )
            for t in config.targets
        ]
        self.limit = AdaptiveLimit(ceiling=config.max_concurrency)

    async def poll(self) -> None:
        """Poll every target (concurrency adapted to answer times, see ``adaptive``) within the cycle's budget.

        A target not polled when the budget runs out (devices slower than the period allows) counts a failed
        poll naming why, and the others keep what they got: the cycle returns, so its snapshot is served.
        """
        limit = self.limit

        async def one(poller: TargetPoller) -> TargetSnapshot:
            try:
                await limit.acquire()
            except asyncio.CancelledError:
                poller.missed(f"not polled within the cycle ({self.cycle_budget_s:g} s): too many devices "
                              "for the interval at the speed they answer")
                raise
            started = time.monotonic()
            snap: TargetSnapshot | None = None
            try:
                snap = await poller.poll()
                return snap
            except asyncio.CancelledError:
                poller.missed(f"the cycle ({self.cycle_budget_s:g} s) ended before this poll completed")
                raise
            except Exception as exc:  # a bug or odd answer on one device must not fail the others' poll
                log.exception("%s: poll failed unexpectedly", poller.spec.name)
                snap = poller.failed(f"{type(exc).__name__}: {exc}")
                return snap
            finally:
                answered = snap is not None and snap.up
                limit.release(time.monotonic() - started, self.config.timeout_seconds, answered)

        tasks = [asyncio.ensure_future(one(p)) for p in self.pollers]
        if not tasks:
            return
        try:
            _done, late = await asyncio.wait(tasks, timeout=self.cycle_budget_s)
        finally:
            late = {t for t in tasks if not t.done()}
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
        if late:
            log.warning("%d of %d targets not polled within the cycle's %g s", len(late), len(tasks),
                        self.cycle_budget_s)

    def snapshots(self) -> tuple[TargetSnapshot, ...]:
        """Return each target's last snapshot (immutable; replaced whole by its own poll)."""
        return tuple(p.snapshot for p in self.pollers)

    def describe(self) -> list[Family]:
        """Return the empty families so the runtime can check names without polling."""
        return [*_families().values(), *self._own_families(False)]

    def collect(self) -> Iterator[Family]:
        """Yield the metric families of the last snapshots; no I/O."""
        yield from families(self.snapshots(), now=time.time(), stale_after_s=self.stale_after_s,
                            skipped=self.config.skipped)
        yield from self._own_families(True)

    def _own_families(self, with_values: bool) -> list[Family]:
        limit = gauge("govops_bandwidth_concurrency_limit",
                      "Devices polled at once now: adapts to answer times, at most max_concurrency.",
                      self.limit.limit if with_values else None)
        peak = gauge("govops_bandwidth_concurrency_peak", "Most devices polled at once since the agent started.",
                     float(self.limit.peak) if with_values else None)
        rss = resident_bytes() if with_values else None
        per = gauge("govops_bandwidth_memory_per_target_bytes",
                    "Resident memory of the agent process divided by the targets it polls "
                    "(the interpreter's fixed ~60 MB included; bench-bandwidth reports the cost per further device).",
                    rss / max(1, len(self.pollers)) if rss is not None else None)
        return [limit, peak, per]

    def probe(self, target: str) -> list[Family] | None:
        """One target's families (``/probe?target=``, by name or by ``host[:port]``), or None if not configured."""
        for poller in self.pollers:
            if target_matches(poller.spec.name, poller.spec.address, poller.spec.port, target, DEFAULT_PORT):
                return list(families([poller.snapshot], now=time.time(), stale_after_s=self.stale_after_s))
        return None

    def close(self) -> None:
        """Release the packed-GET sockets (the shared SNMP client is closed by its loop's owner)."""
        self.client.close()


_IF_LABELS = ["target", "interface"]
_LINK_LABELS = ["target", "interface", "link", "carrier", "role", "level", "site"]


def _families() -> dict[str, Family]:
    def c(name: str, doc: str, *, labels: list[str]) -> Family:
        return Family(name + "_total", doc, "counter", labels)

    def g(name: str, doc: str, *, labels: list[str]) -> Family:
        return Family(name, doc, "gauge", labels)

    fam: dict[str, Family] = {
        "if_rx": c("govops_interface_receive_bytes", "Octets received (ifHCInOctets, else ifInOctets), "
                   "accumulated by the agent across wraps and device reboots.", labels=_IF_LABELS),
        "if_tx": c("govops_interface_transmit_bytes", "Octets transmitted (ifHCOutOctets, else ifOutOctets), "
                   "accumulated by the agent across wraps and device reboots.", labels=_IF_LABELS),
        "if_rx_err": c("govops_interface_receive_errors", "Inbound packets with errors (ifInErrors).",
                       labels=_IF_LABELS),
        "if_tx_err": c("govops_interface_transmit_errors", "Outbound packets with errors (ifOutErrors).",
                       labels=_IF_LABELS),
        "if_rx_disc": c("govops_interface_receive_discards", "Inbound packets discarded (ifInDiscards).",
                        labels=_IF_LABELS),
        "if_tx_disc": c("govops_interface_transmit_discards", "Outbound packets discarded (ifOutDiscards).",
                        labels=_IF_LABELS),
        "if_up": g("govops_interface_oper_up", "1 if ifOperStatus is up(1), else 0.", labels=_IF_LABELS),
        "if_speed": g("govops_interface_speed_bytes_per_second",
                      "Port speed (ifHighSpeed, else ifSpeed) in bytes/s; absent when the device reports 0.",
                      labels=_IF_LABELS),
        "if_info": g("govops_interface_info", "Interface identity: ifIndex, type and description (ifAlias).",
                     labels=[*_IF_LABELS, "ifindex", "type", "description"]),
        "ln_rx": c("govops_link_receive_bytes", "Octets received on the a-end interface of a declared WAN link.",
                   labels=_LINK_LABELS),
        "ln_tx": c("govops_link_transmit_bytes", "Octets transmitted on the a-end interface of a declared WAN link.",
                   labels=_LINK_LABELS),
        "ln_err": c("govops_link_errors", "Errors in and out on the a-end interface of a WAN link.",
                    labels=[*_LINK_LABELS, "direction"]),
        "ln_disc": c("govops_link_discards", "Discards in and out on the a-end interface of a WAN link.",
                     labels=[*_LINK_LABELS, "direction"]),
        "ln_up": g("govops_link_oper_up", "1 if the a-end interface of the WAN link is up.", labels=_LINK_LABELS),
        "ln_speed": g("govops_link_speed_bytes_per_second", "Port speed of the WAN link's a-end interface (bytes/s).",
                      labels=_LINK_LABELS),
        "ln_cap": g("govops_link_capacity_bytes_per_second",
                    "Contracted bandwidth of the WAN link in bytes/s (not the port speed).", labels=_LINK_LABELS),
        "t_up": g("govops_target_up", "1 if the last poll of the target succeeded.", labels=["target"]),
        "t_err": g("govops_target_poll_error",
                   "1 while the target's last poll failed, error saying why: unreachable (no answer, or none after the "
                   "first ones), auth, device (an answer that made no reading), timeout, config, internal.",
                   # `error`, not `kind`: the file_sd groups label each device with its kind (switch, router ...)
                   labels=["target", "error"]),
        "t_dur": g("govops_target_poll_duration_seconds", "Duration of the last poll of the target.",
                   labels=["target"]),
        "t_last": g("govops_target_last_success_timestamp_seconds", "Unix time of the last good poll.",
                    labels=["target"]),
        "t_stale": g("govops_target_stale", "1 if the last good poll is too old to export its values.",
                     labels=["target"]),
        "t_ifs": g("govops_target_interfaces", "Interfaces exported for the target.", labels=["target"]),
        "t_vb": g("govops_target_varbinds_per_pdu", "Varbinds per GET PDU the target accepts (shrinks on tooBig).",
                  labels=["target"]),
        "t_polls": c("govops_target_polls", "Polls of the target.", labels=["target"]),
        "t_fail": c("govops_target_poll_failures", "Failed polls of the target.", labels=["target"]),
        "t_tables": c("govops_target_table_reads", "Interface table walks of the target.", labels=["target"]),
        "t_skip": g("govops_target_skipped", "1 for a configured device the agent cannot poll (reason says why).",
                    labels=["target", "reason"]),
        "t_disc": c("govops_target_discontinuities",
                    "Intervals not counted: reboot, counter_reset, implausible (beyond line rate), "
                    "interfaces_changed.", labels=["target", "reason"]),
    }
    return fam


# The interface families, each with how one interface's sample gives its value (None: no sample).
_IF_VALUES: tuple[tuple[str, Callable[[IfSample], float | None]], ...] = (
    ("if_rx", lambda s: s.totals.in_octets),
    ("if_tx", lambda s: s.totals.out_octets),
    ("if_rx_err", lambda s: s.totals.in_errors),
    ("if_tx_err", lambda s: s.totals.out_errors),
    ("if_rx_disc", lambda s: s.totals.in_discards),
    ("if_tx_disc", lambda s: s.totals.out_discards),
    ("if_up", lambda s: None if s.oper_up is None else 1.0 if s.oper_up else 0.0),
    ("if_speed", lambda s: s.row.speed_bps / 8 if s.row.speed_bps else None),
)


def _emit_targets(snapshots: Sequence[TargetSnapshot], now: float, stale_after_s: float,
                  fam: dict[str, Family]) -> list[TargetSnapshot]:
    """Add every target's own series and its links to ``fam``; return the snapshots fresh enough to export."""
    t_up, t_dur, t_last, t_stale = fam["t_up"], fam["t_dur"], fam["t_last"], fam["t_stale"]
    t_ifs, t_vb, t_polls, t_fail, t_tables = fam["t_ifs"], fam["t_vb"], fam["t_polls"], fam["t_fail"], fam["t_tables"]
    fresh: list[TargetSnapshot] = []
    for snap in snapshots:
        t = t_up.label_text([snap.target])
        stale = snap.last_success is None or now - snap.last_success > stale_after_s
        t_up.add_text(t, 1.0 if snap.up else 0.0)
        if snap.error_kind is not None and not snap.up:
            fam["t_err"].add([snap.target, snap.error_kind], 1.0)
        t_dur.add_text(t, snap.duration_s)
        if snap.last_success is not None:
            t_last.add_text(t, snap.last_success)
        t_stale.add_text(t, 1.0 if stale else 0.0)
        t_ifs.add_text(t, 0.0 if stale else float(len(snap.interfaces)))
        t_vb.add_text(t, float(snap.varbinds_per_pdu))
        t_polls.add_text(t, float(snap.polls_total))
        t_fail.add_text(t, float(snap.failures_total))
        t_tables.add_text(t, float(snap.table_reads_total))
        for reason, count in snap.discontinuities:
            fam["t_disc"].add([snap.target, reason], float(count))
        _emit_links(snap, stale, fam)
        if not stale:
            fresh.append(snap)
    return fresh


def _interface_families(fresh: Sequence[TargetSnapshot], fam: dict[str, Family]) -> Iterator[Family]:
    """Yield the interface families one at a time, each filled in its own pass and then let go.

    At a city's 2,000 devices that is ~100,000 samples per family: holding all nine families' samples
    at once (one pass filling them together) was the agent's largest transient memory.
    """
    # One rendering of {interface,target} serves the eight families that share those labels.
    label_text = fam["if_rx"].label_text
    labels = [label_text([snap.target, s.row.name]) for snap in fresh for s in snap.interfaces]
    samples = [s for snap in fresh for s in snap.interfaces]
    for key, value_of in _IF_VALUES:
        family = fam.pop(key)
        for text, sample in zip(labels, samples, strict=True):
            value = value_of(sample)
            if value is not None:
                family.add_text(text, value)
        yield family
        del family
    info = fam.pop("if_info")
    for snap in fresh:
        for s in snap.interfaces:
            info.add([snap.target, s.row.name, str(s.row.if_index), s.row.type, s.row.alias], 1.0)
    yield info


def _emit_links(snap: TargetSnapshot, stale: bool, fam: dict[str, Family]) -> None:
    """The declared WAN links of one target: capacity always, counters only from a fresh snapshot."""
    if not snap.links:
        return
    by_name = {s.row.name: s for s in snap.interfaces}
    by_descr = {s.row.descr: s for s in snap.interfaces}
    for link in snap.links:
        sample = by_name.get(link.interface) or by_descr.get(link.interface)
        labels = [snap.target, sample.row.name if sample else link.interface, link.name, link.carrier,
                  link.role, link.level, link.site]
        if link.bandwidth_mbps:
            fam["ln_cap"].add(labels, link.bandwidth_mbps * 1e6 / 8)
        if stale or sample is None:
            continue
        tot = sample.totals
        fam["ln_rx"].add(labels, tot.in_octets)
        fam["ln_tx"].add(labels, tot.out_octets)
        fam["ln_err"].add([*labels, "receive"], tot.in_errors)
        fam["ln_err"].add([*labels, "transmit"], tot.out_errors)
        fam["ln_disc"].add([*labels, "receive"], tot.in_discards)
        fam["ln_disc"].add([*labels, "transmit"], tot.out_discards)
        if sample.oper_up is not None:
            fam["ln_up"].add(labels, 1.0 if sample.oper_up else 0.0)
        if sample.row.speed_bps:
            fam["ln_speed"].add(labels, sample.row.speed_bps / 8)


def families(
    snapshots: Iterable[TargetSnapshot], *, now: float, stale_after_s: float, skipped: Iterable[tuple[str, str]] = ()
) -> Iterator[Family]:
    """Turn snapshots into metric families (what ``collect`` yields); ``skipped`` are (target, reason).

    A generator: the runtime renders each family as it comes, so only one interface family's samples
    exist at a time.
    """
    fam = _families()
    for target, reason in skipped:
        fam["t_skip"].add((target, reason), 1.0)
    fresh = _emit_targets(tuple(snapshots), now, stale_after_s, fam)
    yield from _interface_families(fresh, fam)
    yield from fam.values()  # links and targets, in their order
