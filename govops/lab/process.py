"""Process helpers shared by lab services: free loopback ports, spawning, stopping by pid.

Many engineers and test runs share this machine, so ports are chosen at run
time (bind port 0) and processes are stopped only by the pids we recorded.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from govops.errors import GovopsError
from govops.util.files import write_atomically

LOOPBACK = "127.0.0.1"
# "LOW-HIGH": take lab and test ports from this range only (CI runners or engineers sharing a
# machine can give each run its own range); unset, the kernel picks any free port.
PORT_RANGE_ENV = "GOVOPS_PORT_RANGE"
_RANGE_TRIES = 200


def port_range() -> tuple[int, int] | None:
    """The ``GOVOPS_PORT_RANGE`` as (low, high), or None when unset.

    Raises:
        LabError: If the variable is not ``LOW-HIGH`` with 1024 <= LOW <= HIGH <= 65535.
    """
    raw = os.environ.get(PORT_RANGE_ENV, "").strip()
    if not raw:
        return None
    low_s, sep, high_s = raw.partition("-")
    if not (sep and low_s.strip().isdigit() and high_s.strip().isdigit()):
        raise LabError(f"{PORT_RANGE_ENV}={raw!r} is not LOW-HIGH", hint="e.g. GOVOPS_PORT_RANGE=40000-40999")
    low, high = int(low_s), int(high_s)
    if not 1024 <= low <= high <= 65535:
        raise LabError(f"{PORT_RANGE_ENV}={raw!r}: need 1024 <= LOW <= HIGH <= 65535")
    return low, high


def free_port(kind: int = socket.SOCK_DGRAM, host: str = LOOPBACK) -> int:
    """Return a port that was free on ``host`` a moment ago (UDP by default).

    The one free-port helper of the project (lab services, tests and benchmarks use it).
    Within ``GOVOPS_PORT_RANGE`` when set, else any port the kernel hands out.

    Raises:
        LabError: If no port of the configured range is free.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    span = port_range()
    candidates = [0] if span is None else random.sample(range(span[0], span[1] + 1),
                                                        min(_RANGE_TRIES, span[1] - span[0] + 1))
    for candidate in candidates:
        with socket.socket(family, kind) as sock:
            try:
                sock.bind((host, candidate))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise LabError(f"no free port on {host} in {PORT_RANGE_ENV}={os.environ.get(PORT_RANGE_ENV)}")


def free_port_on_all(hosts: Sequence[str], kind: int = socket.SOCK_DGRAM, tries: int = 20) -> int:
    """One port free on every address of ``hosts`` a moment ago (a lab serving many devices on one port).

    Raises:
        LabError: If no such port is found in ``tries`` attempts.
    """
    for _ in range(tries):
        port = free_port(kind, hosts[0])
        if all(_bindable(host, port, kind) for host in hosts[1:]):
            return port
    raise LabError(f"no port free on all of {len(hosts)} addresses after {tries} tr{'y' if tries == 1 else 'ies'}")


def _bindable(host: str, port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, kind) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def free_tcp_port(host: str = LOOPBACK) -> int:
    """A TCP port that was free on ``host`` a moment ago (see ``free_port``)."""
    return free_port(socket.SOCK_STREAM, host)


@contextlib.contextmanager
def closed_tcp_port(host: str = LOOPBACK) -> Iterator[int]:
    """A TCP port on ``host`` that refuses connections for as long as the block runs.

    The port is bound but never listened on: a connection gets a reset ("connection
    refused"), no other process can take the port meanwhile, and no client can be handed it
    as its own source port (which, on loopback, would connect the client to itself).
    """
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, free_tcp_port(host)))
        yield int(sock.getsockname()[1])


def spawn(argv: Sequence[str], *, log_file: Path, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    """Start a process in its own session with output to ``log_file``.

    Its own session lets ``down`` stop it (and any children) without touching
    the terminal's process group.
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    cmd = list(argv)
    if os.environ.get("GOVOPS_LAB_WATCH_PARENT") == "1":
        # Under tests: end with the test run even if it is killed before its cleanup.
        cmd = [sys.executable, "-m", "govops.lab.watchdog", str(os.getpid()), "--", *cmd]
    with log_file.open("ab") as log:
        return subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            start_new_session=True,
        )


# A process-directed signal goes to any thread that does not block it, and its Python handler (or KeyboardInterrupt)
# runs only when the main thread next executes bytecode: a main thread blocked in an untimed wait while a server
# thread took the signal never runs it (``govops lab ssh`` hung on Ctrl-C twice under CI load). Waits are sliced.
SIGNAL_CHECK_S = 0.2


def wait_until_set(stop: threading.Event) -> None:
    """Block until ``stop`` is set, running the main thread's signal handlers (KeyboardInterrupt included) within
    ``SIGNAL_CHECK_S`` of a signal, whichever thread the kernel delivered it to."""
    while not stop.wait(SIGNAL_CHECK_S):
        pass


def serve_ready(ready: Path, payload: dict[str, Any]) -> None:
    """The child side of ``start_ready_process``: write READY atomically, then block until SIGTERM or SIGINT.

    Call it once everything in the spec serves; the caller stops its services after it returns.
    """
    write_atomically(ready, json.dumps(payload))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    wait_until_set(stop)


def ready_process_main(module: str, serve: Callable[[Path, Path], None], argv: list[str] | None = None) -> int:
    """Entry point of a lab process: ``python -m MODULE SPEC.json READY.json`` calls ``serve(spec, ready)``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write(f"usage: python -m {module} SPEC.json READY.json\n")
        return 2
    serve(Path(args[0]), Path(args[1]))
    return 0


def start_ready_process(module: str, spec: dict[str, Any], workdir: Path, *, what: str,
                        timeout: float = 30.0) -> tuple[int, dict[str, Any]]:
    """Run ``python -m MODULE SPEC.json READY.json`` under ``workdir``; return its pid and what it wrote to READY.

    The process writes READY (atomically) once it serves everything in the spec.

    Raises:
        LabError: When it does not become ready in time (the process is stopped, its log quoted).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    spec_path, ready = workdir / "spec.json", workdir / "ready.json"
    ready.unlink(missing_ok=True)
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    log_file = workdir / f"{module.rsplit('.', 1)[-1]}.log"
    proc = spawn([sys.executable, "-m", module, str(spec_path), str(ready)], log_file=log_file)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready.exists():
            return proc.pid, dict(json.loads(ready.read_text(encoding="utf-8")))
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    stop_pid(proc.pid)
    raise LabError(f"{what} did not start:\n{log_tail(log_file)}")


def pid_alive(pid: int) -> bool:
    """True if a process with ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def stop_pid(pid: int, *, grace: float = 5.0, also: Sequence[int] = ()) -> None:
    """Stop a process we started and everything it started: SIGTERM, then SIGKILL after ``grace`` seconds.

    The signals go to the process's group and to each descendant found under /proc before it
    stops: sshd's per-connection processes start sessions of their own, so a group signal
    misses them and their clients would live on after the server is gone. ``also``: processes
    of ours the tree no longer shows (orphans of an ended parent), stopped with it.
    """
    rest = [*descendant_pids(pid), *(p for p in also if p != pid)]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        for child in rest:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(child, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            _reap(pid)
            if not any(pid_alive(p) for p in (pid, *rest)):
                return
            time.sleep(0.05)


def descendant_pids(pid: int) -> list[int]:
    """Every process below ``pid`` in the process tree (Linux /proc), children before grandchildren."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue  # it ended while we looked
        # Field 4 (ppid) follows the command name, which may itself hold spaces and parentheses.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1].isdigit():
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(0), []):
            found.append(child)
            todo.append(child)
    return found


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def log_tail(log_file: Path, lines: int = 8) -> str:
    """Return the last lines of a log for an error message."""
    try:
        text = log_file.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class LabError(GovopsError):
    """A lab service could not start or stop."""
