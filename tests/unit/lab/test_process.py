"""The one free-port helper: any free port, or one from GOVOPS_PORT_RANGE; bad ranges are clear errors."""

from __future__ import annotations

import socket

import pytest

from govops.lab.process import LabError, free_port, free_tcp_port
from tests.conftest import missing_part


def test_free_ports_bind_on_loopback() -> None:
    for port in (free_port(), free_tcp_port()):
        assert 1024 <= port <= 65535


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_port_range_is_honoured_and_skips_busy_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    # The range is a port held here and the one after it, which must be free: another process (a parallel test
    # run) may hold it, so a pair whose second port is taken is drawn again rather than failing the test.
    for _ in range(50):
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            taken = busy.getsockname()[1]
            if taken + 1 > 65535 or not _bindable(taken + 1):
                continue
            monkeypatch.setenv("GOVOPS_PORT_RANGE", f"{taken}-{taken + 1}")
            assert free_tcp_port() == taken + 1
            return
    pytest.fail("no ephemeral port with a free port after it in 50 draws")


@pytest.mark.parametrize("value", ["40000", "a-b", "100-200", "5000-4000", "60000-70000"])
def test_bad_port_range_is_an_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("GOVOPS_PORT_RANGE", value)
    with pytest.raises(LabError, match="GOVOPS_PORT_RANGE"):
        free_port()


def test_exhausted_range_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        taken = busy.getsockname()[1]
        monkeypatch.setenv("GOVOPS_PORT_RANGE", f"{taken}-{taken}")
        with pytest.raises(LabError, match="no free port"):
            free_tcp_port()


def test_a_signal_another_thread_took_still_ends_the_wait() -> None:
    """The kernel may hand a process's SIGINT to a server thread; the main thread's wait must still run the handler
    (an untimed ``Event.wait()`` never woke: ``govops lab ssh`` hung on Ctrl-C under load)."""
    import signal
    import threading
    import time

    from govops.lab.process import SIGNAL_CHECK_S, wait_until_set

    if threading.current_thread() is not threading.main_thread():
        missing_part("signal handlers run in the main thread only")
    stop, give_up, started = threading.Event(), threading.Event(), threading.Event()
    previous = signal.signal(signal.SIGUSR1, lambda *_: stop.set())

    def server_thread() -> None:
        started.set()
        give_up.wait(10)

    other = threading.Thread(target=server_thread, daemon=True)
    other.start()
    started.wait()
    # A wait that never runs the handler would block forever: this ends it after 5 s, so the test fails instead.
    guard = threading.Timer(5.0, stop.set)
    guard.start()
    try:
        begun = time.monotonic()
        signal.pthread_kill(other.ident or 0, signal.SIGUSR1)  # delivered to the other thread, not this one
        wait_until_set(stop)
        took = time.monotonic() - begun
    finally:
        guard.cancel()
        give_up.set()
        signal.signal(signal.SIGUSR1, previous)
    assert took < 1.0 + SIGNAL_CHECK_S, f"the handler ran only after {took:.1f} s"
