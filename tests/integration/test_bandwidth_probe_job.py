"""The per-device scrape job docs/bandwidth.md gives to copy, run as written on a real Prometheus.

Its targets come from the store's file_sd export, whose groups label each device with its ``kind`` (switch, router
...); the agent's ``govops_target_poll_error`` says why a poll fails in its ``error`` label, which the
GovopsBandwidthTargetPollFailing alert states. Until session 20 that label was named ``kind`` too: one name, two
meanings, the reason filed as ``exported_kind`` by a job that let the target's labels win. Now the failed poll's
series carries both, each under its own name.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from govops.lab.process import free_tcp_port, stop_pid
from tests.conftest import Cli
from tests.prometheus import PrometheusFactory, documented_job

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
JOB = "govops-bandwidth-devices"


def test_the_documented_per_device_job_keeps_the_poll_failure_and_the_device_kind_apart(
    store_cli: Cli, tmp_path: Path, prometheus: PrometheusFactory
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:  # bound and never read: no SNMP answer
        silent.bind(("127.0.0.1", 0))
        port = silent.getsockname()[1]
        city = tmp_path / "devices.yaml"
        city.write_text("devices:\n  - {name: sw-silent, kind: switch, mgmt_ip: 127.0.0.1, snmp: {version: 2c, "
                        f"port: {port}, community: {{env: BW_COMMUNITY}}}}}}\n", encoding="utf-8")  # fmt: skip
        assert store_cli("inventory", "import", str(city)).exit_code == 0
        res = store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "bandwidth")
        assert res.exit_code == 0, res.stderr
        groups = json.loads(res.stdout)
        assert [g["labels"]["kind"] for g in groups] == ["switch"]  # the target's own kind label
        sd = tmp_path / "bandwidth.json"
        sd.write_text(json.dumps(groups), encoding="utf-8")
        settings = tmp_path / "bandwidth.yml"
        settings.write_text("interval_seconds: 1\ntimeout_seconds: 0.5\n", encoding="utf-8")
        agent_port = free_tcp_port()
        env = {**os.environ, "GOVOPS_HOME": str(store_cli.home), "GOVOPS_DB": store_cli.db_url,
               "BW_COMMUNITY": "public"}  # fmt: skip
        agent = subprocess.Popen([str(Path(sys.executable).with_name("govops")), "agent", "bandwidth", "--config",
                                  str(settings), "--listen", f"127.0.0.1:{agent_port}"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{agent_port}/metrics", timeout=2) as resp:
                        if b"govops_target_poll_error{" in resp.read():
                            break
                except OSError:
                    pass
                assert time.monotonic() < deadline and agent.poll() is None, "the agent reported no failed poll"
                time.sleep(0.3)
            text = json.dumps(documented_job(REPO / "docs" / "bandwidth.md", JOB))
            text = text.replace("/etc/prometheus/file_sd/bandwidth.json", str(sd))
            prom = prometheus([json.loads(text.replace("govops-mgmt.example.gov.cn:9121", f"127.0.0.1:{agent_port}"))])
            (series,) = prom.wait_for(f'govops_target_poll_error{{job="{JOB}"}}', until=lambda r: len(r) == 1)
        finally:
            stop_pid(agent.pid)
    labels = series["metric"]
    assert labels["error"] == "unreachable" and labels["target"] == "sw-silent", labels
    assert labels["kind"] == "switch", labels  # the device's kind, from the file's group: before, the reason
    assert not any(k.startswith("exported_") for k in labels), labels
