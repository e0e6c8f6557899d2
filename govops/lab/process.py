"""Process helpers shared by lab services: free loopback ports, spawning, stopping by pid.

Many engineers and test runs share this machine, so ports are chosen at run
time (bind port 0) and processes are stopped only by the pids we recorded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from govops.errors import GovopsError

LOOPBACK = "127.0.0.1"


def free_port(kind: int = socket.SOCK_DGRAM, host: str = LOOPBACK) -> int:
    """Return a port that was free on ``host`` a moment ago (UDP by default)."""
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


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


def stop_pid(pid: int, *, grace: float = 5.0) -> None:
    """Stop a process we started: SIGTERM to its session, then SIGKILL after ``grace`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        except PermissionError:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            _reap(pid)
            if not pid_alive(pid):
                return
            time.sleep(0.05)


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
