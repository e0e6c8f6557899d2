"""The runtime every govops agent shares: scheduling, health, exposition, shutdown.

One process, one asyncio loop in a background thread, one HTTP server. Each
collector has two halves:

- ``async poll()`` runs on the loop on its own schedule, under its own timeout,
  and swaps in a complete snapshot (blocking work goes through
  ``loop.run_in_executor``);
- ``collect()`` does no I/O and yields metric families from that snapshot.

After each completed poll the runtime calls ``collect()`` once and caches the
rendered text, so a scrape only concatenates cached text and a few health
lines: a slow or hung device never stretches a scrape. The runtime measures
every collector (``govops_collector_*``) and itself (``govops_agent_*``):

- a poll that raises ``NoData`` succeeded with nothing to report (not a failure);
- a collector counts as failed (``govops_collector_success`` 0) after
  ``failure_threshold`` consecutive failed polls;
- what is served ages by time, not by failure count: after every poll, failed
  or not, the runtime renders ``collect()`` again, so a collector that keeps
  per-target freshness (bandwidth, power) withdraws only the targets whose last
  good poll is too old and keeps serving the others; the collector's text as a
  whole is withdrawn (Prometheus marks it stale) only once its last successful
  poll is older than its staleness window: the collector's own
  ``stale_after_seconds`` if it has one (the inventory's counts stay true for an
  hour of store outage), else ``failure_threshold`` poll intervals;
- it is polled again on the next cycle, so recovery needs no restart;
- a poll running longer than its timeout shows as failed at once, even if it
  blocks the loop (the scrape is served from another thread).

This module runs on Python 3.6 inside the host-agent zipapp (standard library only).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import platform
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from govops import __version__
from govops.collectors.base import NoData
from govops.errors import ConfigError
from govops.util.exposition import Family, gauge, render, render_chunks

__all__ = ["Agent", "Collector", "CollectorState", "Metric", "NoData", "build_collectors", "run_agent",
           "run_configured_agent"]

if TYPE_CHECKING:
    from govops.agent.config import AgentConfig, CollectorFactory

try:  # typing.Protocol is 3.8+; on 3.7 the protocol is documentation only.
    from typing import Protocol  # novermin
except ImportError:  # pragma: no cover - Python 3.7
    Protocol = object  # type: ignore[assignment,unused-ignore]

log = logging.getLogger(__name__)

Metric = Family
"""A metric family: the one type every collector yields (``govops.util.exposition.Family``)."""


class Collector(Protocol):
    """What an agent runs: a scheduled poll and a pure collect."""

    name: str
    interval_seconds: float
    timeout_seconds: float

    async def poll(self) -> None:
        """Fetch new values and swap in a complete snapshot (runs on the agent's loop)."""
        ...

    def collect(self) -> Iterable[Metric]:
        """Yield metric families from the last complete snapshot; no I/O."""
        ...

    def describe(self) -> Iterable[Metric]:
        """Yield the families this collector exports (samples may be empty)."""
        ...


class CollectorState:
    """What the runtime knows about one collector; written on the loop, read by scrapes."""

    def __init__(self, collector: Collector, stale_after: float) -> None:
        self.collector = collector
        self.name = collector.name
        self.text: list[bytes] = []  # the rendered snapshot, one encoded chunk per family (a scrape joins them)
        self.stale_after = stale_after
        self.last_success_mono: float | None = None
        self.consecutive_failures = 0
        self.failed = False
        self.ever_succeeded = False
        self.polls = 0
        self.failures = 0
        self.timeouts = 0
        self.last_duration: float | None = None
        self.last_success: float | None = None
        self.poll_started: float | None = None
        self.last_error: str | None = None

    def overdue(self, now: float) -> bool:
        """Whether a poll is running past its timeout (the loop may be blocked)."""
        started = self.poll_started
        return started is not None and now - started > self.collector.timeout_seconds + 0.25

    def serving(self, now: float) -> bool:
        """Whether the collector's text is fresh enough to serve (its last good poll within its window)."""
        last = self.last_success_mono
        return last is not None and now - last <= self.stale_after and not self.overdue(now)


def _health_families(agent: Agent, now_mono: float) -> list[Family]:
    up = Family("govops_collector_success", "Whether the collector's last polls succeeded (1) or it failed (0).",
                labelnames=("collector",))
    dur = Family("govops_collector_poll_duration_seconds", "Duration of the collector's last completed poll.",
                 labelnames=("collector",))
    last = Family("govops_collector_last_success_timestamp_seconds",
                  "Unix time of the collector's last successful poll.", labelnames=("collector",))
    consecutive = Family("govops_collector_consecutive_failures", "Failed polls in a row (0 after a success).",
                         labelnames=("collector",))
    polls = Family("govops_collector_polls_total", "Polls started.", "counter", ("collector",))
    fails = Family("govops_collector_poll_failures_total", "Polls that failed or timed out.", "counter",
                   ("collector",))
    timeouts = Family("govops_collector_poll_timeouts_total", "Polls cancelled at their timeout.", "counter",
                      ("collector",))
    for st in agent.states:
        labels = (st.name,)
        overdue = st.overdue(now_mono)
        never_ok = not st.ever_succeeded and st.consecutive_failures > 0
        ok = 0.0 if st.failed or overdue or never_ok else 1.0
        up.add(labels, ok)
        if st.last_duration is not None:
            dur.add(labels, st.last_duration)
        if st.last_success is not None:
            last.add(labels, st.last_success)
        consecutive.add(labels, float(st.consecutive_failures + (1 if overdue else 0)))
        polls.add(labels, float(st.polls))
        fails.add(labels, float(st.failures))
        timeouts.add(labels, float(st.timeouts))
    info = Family("govops_agent_info", "Agent identity; always 1.", labelnames=("agent", "version", "python"))
    info.add((agent.name, __version__, platform.python_version()), 1.0)
    start = Family("govops_agent_start_time_seconds", "Unix time the agent started.")
    start.add((), agent.started_at)
    requests = Family("govops_agent_http_requests_total", "HTTP requests answered, by status code.", "counter",
                      ("code",))
    for code, count in sorted(agent.requests.items()):
        requests.add((str(code),), float(count))
    enabled = Family("govops_agent_collectors", "Collectors enabled in this agent.")
    enabled.add((), float(len(agent.states)))
    return [info, start, enabled, requests, up, dur, last, consecutive, polls, fails, timeouts, *process_families()]


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _boot_time() -> float | None:
    try:
        with open("/proc/stat", "rb") as fh:
            for raw in fh:
                if raw.startswith(b"btime "):
                    return float(raw.split()[1])
    except OSError:
        pass
    return None


_BOOT = _boot_time()


def process_families() -> list[Family]:
    """The ``process_*`` series every Prometheus client exports, for this agent process (Linux /proc/self)."""
    cpu = Family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter")
    times = os.times()
    cpu.add((), times.user + times.system)
    out = [cpu]
    try:
        with open("/proc/self/statm", "rb") as fh:
            size, resident = fh.read().split()[:2]
        with open("/proc/self/stat", "rb") as fh:
            started = float(fh.read().rpartition(b")")[2].split()[19]) / _TICKS
        open_fds = len(os.listdir("/proc/self/fd"))
    except (OSError, ValueError, IndexError):
        return out  # not Linux, or /proc not mounted: CPU only
    out.append(gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", float(int(size) * _PAGE)))
    out.append(gauge("process_resident_memory_bytes", "Resident memory size in bytes.", float(int(resident) * _PAGE)))
    if _BOOT is not None:
        out.append(gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                         _BOOT + started))
    out.append(gauge("process_open_fds", "Number of open file descriptors.", float(open_fds)))
    try:
        import resource

        out.append(gauge("process_max_fds", "Maximum number of open file descriptors.",
                         float(resource.getrlimit(resource.RLIMIT_NOFILE)[0])))
    except (ImportError, OSError, ValueError):
        pass
    return out


class Agent:
    """Runs collectors on one asyncio loop in a background thread and renders their snapshots."""

    def __init__(
        self,
        name: str,
        collectors: Sequence[Collector],
        *,
        failure_threshold: int = 2,
        executor_workers: int | None = None,
    ) -> None:
        self.name = name
        self.failure_threshold = max(1, failure_threshold)
        self.states = [CollectorState(c, self._stale_after(c)) for c in collectors]
        self.started_at = time.time()
        self.requests: dict[int, int] = {}
        self._requests_lock = threading.Lock()
        self._check_names()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._tasks: list[asyncio.Future[Any]] = []
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=executor_workers or max(4, 2 * len(self.states)), thread_name_prefix=f"{name}-poll"
        )
        self._ready = threading.Event()
        self._stopping = threading.Event()

    def _stale_after(self, collector: Collector) -> float:
        """The collector's staleness window: its own ``stale_after_seconds``, else ``failure_threshold`` intervals.

        The window starts at the end of the last good poll, so it adds one timeout to the intervals.
        """
        own = getattr(collector, "stale_after_seconds", None)
        if isinstance(own, (int, float)) and own > 0:
            return float(own)
        return self.failure_threshold * collector.interval_seconds + collector.timeout_seconds

    def _check_names(self) -> None:
        """Refuse two collectors with one name, or two exporting the same family."""
        seen: dict[str, str] = {}
        owners: dict[str, str] = {}
        for st in self.states:
            if st.name in seen:
                raise ConfigError(f"agent {self.name}: collector {st.name!r} is enabled twice")
            seen[st.name] = st.name
            for fam in st.collector.describe():
                fname = str(getattr(fam, "name", ""))
                if fname.startswith(("govops_agent_", "govops_collector_", "process_")):
                    raise ConfigError(f"collector {st.name!r} exports {fname}, a name the runtime reserves")
                if fname in owners and owners[fname] != st.name:
                    raise ConfigError(f"collectors {owners[fname]!r} and {st.name!r} both export {fname}")
                owners[fname] = st.name
        for st in self.states:
            # A collector serving other people's metrics (textfile) must not reuse these names.
            reserved = getattr(st.collector, "reserved_names", None)
            if isinstance(reserved, set):
                reserved.update(n for n, owner in owners.items() if owner != st.name)

    # --- the loop -------------------------------------------------------------------------

    def start(self) -> None:
        """Start the loop thread and every collector's schedule."""
        self._thread = threading.Thread(target=self._run_loop, name=f"{self.name}-loop", daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _run_loop(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        loop.set_default_executor(self._executor)
        self._tasks = [loop.create_task(self._schedule(st)) for st in self.states]
        loop.call_soon(self._ready.set)
        try:
            loop.run_forever()
        finally:
            # Every task of the loop, not only the schedules: a collector's own tasks (an SNMP
            # dispatcher's timer, a table walk) would otherwise be destroyed pending, noisily, on SIGTERM.
            all_tasks = getattr(asyncio, "all_tasks", None) or asyncio.Task.all_tasks  # type: ignore[attr-defined]  # 3.6
            pending = [t for t in all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                # Bounded: on 3.7-3.11 wait_for can swallow a cancellation (bpo-42130); _stopping ends the loops.
                loop.run_until_complete(asyncio.wait(pending, timeout=2))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def loop_alive(self) -> bool:
        """Whether the loop thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel every poll, stop the loop and wait for the thread (hung executor work is abandoned)."""
        self._stopping.set()
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout)
        self._executor.shutdown(wait=False)

    async def _schedule(self, st: CollectorState) -> None:
        loop = asyncio.get_event_loop()
        interval = st.collector.interval_seconds
        next_at = loop.time()
        while not self._stopping.is_set():
            await self.poll_once(st)
            next_at += interval
            now = loop.time()
            if next_at < now:  # a poll overran: skip the missed slots rather than burst
                next_at = now + interval - (now - next_at) % interval
            await asyncio.sleep(next_at - now)

    async def poll_once(self, st: CollectorState) -> None:
        """Run one poll with its timeout, then render and cache the snapshot."""
        c = st.collector
        st.polls += 1
        started = time.monotonic()
        st.poll_started = started
        error: str | None = None
        text: list[bytes] | None = None
        try:
            await asyncio.wait_for(c.poll(), c.timeout_seconds)
            took = time.monotonic() - started
            if took > c.timeout_seconds + 0.25:
                # Only a poll that blocks the loop can finish this late: wait_for could not cancel it.
                st.timeouts += 1
                raise TimeoutError(f"blocked the event loop for {took:.1f}s, past its {c.timeout_seconds:g}s timeout")
            text = render_chunks(c.collect())
        except NoData:
            text = []
            log.debug("no data", extra={"fields": {"collector": st.name}})
        except asyncio.CancelledError:
            raise  # on 3.7 CancelledError is an Exception: let shutdown through
        except asyncio.TimeoutError:
            st.timeouts += 1
            error = f"timed out after {c.timeout_seconds:g}s"
        except Exception as exc:  # a collector's bug or device error must not stop the agent
            error = f"{type(exc).__name__}: {exc}"
        finally:
            st.poll_started = None
            st.last_duration = time.monotonic() - started
        if error is None:
            self._succeeded(st, text or [])
        else:
            self._failed(st, error)
            self._rerender(st)

    def _succeeded(self, st: CollectorState, text: list[bytes]) -> None:
        if st.failed:
            log.info("collector recovered", extra={"fields": {"collector": st.name}})
        st.text = text
        st.consecutive_failures = 0
        st.failed = False
        st.ever_succeeded = True
        st.last_error = None
        st.last_success = time.time()
        st.last_success_mono = time.monotonic()

    def _failed(self, st: CollectorState, error: str) -> None:
        st.failures += 1
        st.consecutive_failures += 1
        st.last_error = error
        fields = {"collector": st.name, "error": error, "consecutive_failures": st.consecutive_failures}
        if not st.failed and st.consecutive_failures >= self.failure_threshold:
            st.failed = True
            log.error("collector failed", extra={"fields": fields})
        else:
            log.warning("poll failed", extra={"fields": fields})

    def _rerender(self, st: CollectorState) -> None:
        """Render the last snapshot again after a failed poll: per-target freshness moves on with the clock."""
        if st.last_success_mono is None:
            return  # nothing good was ever polled: nothing to serve
        try:
            st.text = render_chunks(st.collector.collect())
        except NoData:
            st.text = []
        except Exception as exc:  # a collector's bug: keep serving the last text until it ages out
            error = f"{type(exc).__name__}: {exc}"
            log.warning("render failed", extra={"fields": {"collector": st.name, "error": error}})

    # --- the scrape -----------------------------------------------------------------------

    def exposition(self) -> bytes:
        """Return the /metrics body: cached snapshots plus health metrics. No I/O, no waiting."""
        now = time.monotonic()
        parts = [chunk for st in self.states if st.serving(now) for chunk in st.text]
        parts.append(render(_health_families(self, now)).encode("utf-8"))
        return b"".join(parts)

    def probe(self, target: str) -> bytes | None:
        """Return one target's series (``/probe?target=``) from the last snapshots, or None if no collector has it.

        As snmp_exporter's ``/probe``, so one Prometheus job per device can relabel ``__param_target``;
        unlike it, nothing is polled on demand: the answer is the background poll's last values.
        """
        families: list[Family] = []
        found = False
        for st in self.states:
            probe = getattr(st.collector, "probe", None)
            if probe is None or (st.failed and not st.serving(time.monotonic())):
                continue  # before its first poll a probe still answers (the target's up is 0)
            got = probe(target)
            if got is not None:
                found = True
                families.extend(got)
        return render(families).encode("utf-8") if found else None

    def count_request(self, code: int) -> None:
        """Count one answered HTTP request (called from the server threads)."""
        with self._requests_lock:
            self.requests[code] = self.requests.get(code, 0) + 1

    async def run_in_executor(self, func: Any, *args: Any) -> Any:
        """Run blocking ``func`` on the agent's thread pool (same as ``loop.run_in_executor(None, ...)``)."""
        return await asyncio.get_event_loop().run_in_executor(self._executor, func, *args)


def build_collectors(config: AgentConfig, factories: Mapping[str, CollectorFactory]) -> list[Collector]:
    """Build the collectors a config enables, each from its factory.

    Raises:
        ConfigError: From a factory rejecting its options (naming file:line).
    """
    return [factories[cc.name](cc) for cc in config.collectors]


def run_agent(
    agent_name: str,
    collectors: Sequence[Collector],
    listen: str,
    web_config_file: Any = None,
    *,
    failure_threshold: int = 2,
    log_format: str = "json",
    log_level: str = "info",
    configure_logs: bool = True,
    stop_event: threading.Event | None = None,
    on_listening: Callable[[int], None] | None = None,
) -> int:
    """Serve ``collectors`` until SIGTERM/SIGINT (or ``stop_event``); return the exit code.

    Args:
        agent_name: Name in logs and ``govops_agent_info``.
        collectors: The enabled collectors.
        listen: ``host:port``; port 0 picks a free port (logged in the ``listening`` line).
        web_config_file: Path of an exporter-toolkit web config (TLS, basic auth), or None.
        failure_threshold: Consecutive failed polls before a collector counts as failed.
        log_format: ``json`` or ``logfmt``.
        log_level: ``debug``, ``info``, ``warning`` or ``error``.
        configure_logs: Set up structured logging on stderr (entry points only).
        stop_event: Stops the agent when set (for embedding; signals work only in the main thread).
        on_listening: Called with the bound port once the server listens.

    Raises:
        ConfigError: Bad web config, certificate not matching its key, port in use.
    """
    from pathlib import Path

    from govops.agent.logs import configure_logging
    from govops.agent.web import AgentHTTPServer, load_web_config, parse_listen

    if configure_logs:
        configure_logging(log_format, log_level)
    web = load_web_config(Path(web_config_file) if web_config_file else None)
    address = parse_listen(listen)
    agent = Agent(agent_name, collectors, failure_threshold=failure_threshold)
    server = AgentHTTPServer(
        address,
        agent_name=agent_name,
        exposition=agent.exposition,
        probe=agent.probe,
        healthy=agent.loop_alive,
        web=web,
        on_request=agent.count_request,
    )
    stopping = threading.Event()

    def shutdown(reason: str) -> None:
        if stopping.is_set():
            return
        stopping.set()
        log.info("shutting down", extra={"fields": {"agent": agent_name, "reason": reason}})
        threading.Thread(target=server.shutdown, name="shutdown", daemon=True).start()

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda signum, _frame: shutdown(signal.Signals(signum).name))
    if stop_event is not None:
        def wait_for_stop(event: threading.Event) -> None:
            event.wait()
            shutdown("stop_event")

        threading.Thread(target=wait_for_stop, args=(stop_event,), daemon=True).start()
    agent.start()
    log.info(
        "listening",
        extra={
            "fields": {
                "agent": agent_name,
                "address": address[0],
                "port": server.port,
                "tls": web.tls,
                "basic_auth": bool(web.users),
                "collectors": ",".join(st.name for st in agent.states),
            }
        },
    )
    if on_listening is not None:
        on_listening(server.port)
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
        agent.stop()
        log.info("stopped", extra={"fields": {"agent": agent_name}})
    return 0


def run_configured_agent(config: AgentConfig, collectors: Sequence[Collector], listen: str | None = None) -> int:
    """Run an agent from its validated config; ``listen`` overrides the file's address."""
    return run_agent(
        config.agent,
        collectors,
        listen or config.listen,
        config.web_config_file,
        failure_threshold=config.failure_threshold,
        log_format=config.log_format,
        log_level=config.log_level,
    )
