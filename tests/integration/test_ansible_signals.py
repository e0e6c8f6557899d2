"""Ctrl-C while a playbook runs (real ansible-runner, real ansible-playbook).

ansible-runner turns SIGINT and SIGTERM into "cancel the run" with handlers it never takes
back. The command must stop as interrupted, and a later Ctrl-C must still interrupt.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from govops.catalog.server_config import default_catalog
from govops.discovery.servers import PLAYBOOK, discover_servers, prepare_inventory, run_playbook, software_globs
from govops.lab.process import closed_tcp_port

pytestmark = pytest.mark.integration


def _inventory(port: int) -> dict[str, Any]:
    # Refused at once: the run is short and reaches no host.
    host = {"ansible_host": "127.0.0.1", "ansible_port": port, "ansible_user": "nobody"}
    return {"all": {"hosts": {"srv-refusing": host}}}


@pytest.fixture(autouse=True)
def _main_thread() -> None:
    # Signal handlers belong to the main thread; pytest (and xdist's workers) run tests there.
    assert threading.current_thread() is threading.main_thread()


def test_a_run_gives_the_signal_handlers_back(tmp_path: Path) -> None:
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    with closed_tcp_port() as port:
        outcomes = discover_servers(_inventory(port), workdir=tmp_path / "runner")
    assert [o.status for o in outcomes] == ["unreachable"]
    assert {sig: signal.getsignal(sig) for sig in before} == before


def test_ctrl_c_during_a_run_interrupts_the_command(tmp_path: Path) -> None:
    events: list[str] = []
    before = signal.getsignal(signal.SIGINT)

    def press_ctrl_c(event: dict[str, Any]) -> bool:
        events.append(str(event.get("event")))
        if len(events) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # what the terminal does on Ctrl-C
        return True

    with closed_tcp_port() as port:
        prepared = prepare_inventory(_inventory(port), tmp_path / "runner", None)
        with pytest.raises(KeyboardInterrupt):
            run_playbook(
                PLAYBOOK,
                prepared,
                workdir=tmp_path / "runner",
                limit=None,
                forks=1,
                extravars={"govops_software": software_globs(default_catalog())},
                handler=press_ctrl_c,
                connect_timeout_s=10,
            )
    assert events
    # Given back: the next Ctrl-C interrupts again.
    assert signal.getsignal(signal.SIGINT) is before  # the handler found, whichever an earlier test left
