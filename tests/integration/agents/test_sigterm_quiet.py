"""Issue 16: the bandwidth agent stops quietly on SIGTERM with polls in flight (no "Task was destroyed")."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def test_bandwidth_agent_stops_quietly_with_polls_in_flight(tmp_path: Path) -> None:
    config = tmp_path / "bandwidth.yml"
    # UDP port 9 on loopback: nothing answers, so the interface-table walk is still waiting at SIGTERM.
    config.write_text("listen: 127.0.0.1:0\ninterval_seconds: 30\ntimeout_seconds: 20\ntargets:\n"
                      "  - name: sw-01\n    address: 127.0.0.1:9\n"
                      "    snmp: {version: 2c, community: {env: GOVOPS_TEST_BW_COMMUNITY}}\n")
    env = {**os.environ, "GOVOPS_TEST_BW_COMMUNITY": "x"}
    proc = subprocess.Popen([sys.executable, "-c", "from govops.cli.main import entry; entry()", "agent",
                             "bandwidth", "--config", str(config)], stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert '"listening"' in line, line
        time.sleep(2.5)  # polls are in flight
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert '"stopped"' in err and "Task was destroyed" not in err and "Traceback" not in err, err
