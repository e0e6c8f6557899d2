"""The one free-port helper: any free port, or one from GOVOPS_PORT_RANGE; bad ranges are clear errors."""

from __future__ import annotations

import socket

import pytest

from govops.lab.process import LabError, free_port, free_tcp_port


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
