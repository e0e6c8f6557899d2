"""End to end: snmpsim devices -> `govops agent bandwidth` -> a real Prometheus with the rules -> alerts."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govops.lab.if_counter_sim import Snmpsim, moving_recording
from govops.lab.process import free_tcp_port
from tests.prometheus import PrometheusServer, start_prometheus, static_job

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "exporters" / "prometheus" / "bandwidth.rules.yml"
pytestmark = pytest.mark.integration


def http_get(url: str, timeout: float = 2.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        body: bytes = resp.read()
        return body.decode()


def wait_for(what: str, check: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except OSError as exc:
            last = exc
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}: {last!r}")


def fast_rules(dst: Path, window: str = "10s") -> Path:
    """The shipped rules with windows and `for:` shortened so a test sees them act within seconds."""
    text = RULES.read_text(encoding="utf-8")
    text = re.sub(r"\[5m\]", f"[{window}]", text)
    text = re.sub(r"for: \d+m", "for: 1s", text)
    dst.write_text(text, encoding="utf-8")
    return dst


class Stack:
    def __init__(self, root: Path, corpus: Path) -> None:
        data = root / "data"
        data.mkdir()
        src = corpus / "snmp" / "comware_a5500.snmprec"
        self.rates_a = moving_recording(src, data / "egress-a.snmprec", max_interfaces=4, oper_writable=[1])
        self.rates_b = moving_recording(src, data / "egress-b.snmprec", max_interfaces=4)
        self.sim = Snmpsim(data).start("egress-a")
        self.probe_listener = socket.socket()
        self.probe_listener.bind(("127.0.0.1", 0))
        self.probe_listener.listen(64)
        probe_port = self.probe_listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()
        self.agent_port = free_tcp_port()
        cfg = root / "bandwidth.yml"
        cfg.write_text(
            f"""
interval_seconds: 0.5
timeout_seconds: 0.45
targets:
  - name: egress-a
    address: 127.0.0.1
    port: {self.sim.port}
    snmp: {{version: 2c, community: {{env: COMMUNITY_A}}}}
  - name: egress-b
    address: 127.0.0.1
    port: {self.sim.port}
    snmp: {{version: 2c, community: {{env: COMMUNITY_B}}}}
links:
  - name: city-telecom
    device: egress-a
    interface: GigabitEthernet1/0/1
    carrier: 中国电信
    role: primary
    level: city
    site: city
    bandwidth_mbps: 20
    probe: {{address: 127.0.0.1, tcp_port: {probe_port}}}
  - name: city-unicom
    device: egress-b
    interface: GigabitEthernet1/0/1
    carrier: 中国联通
    role: backup
    level: city
    site: city
    bandwidth_mbps: 100
""",
            encoding="utf-8",
        )
        env = {**os.environ, "COMMUNITY_A": "egress-a", "COMMUNITY_B": "egress-b", "GOVOPS_HOME": str(root / "home")}
        govops = Path(sys.executable).with_name("govops")
        self.agent = subprocess.Popen(
            [str(govops), "agent", "bandwidth", "--config", str(cfg), "--listen", f"127.0.0.1:{self.agent_port}"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        self.prom: PrometheusServer | None = None
        self.rules = fast_rules(root / "rules.yml")
        self.root = root

    def start_prometheus(self) -> None:
        """Prometheus scraping the agent every second with the fast copy of the rules."""
        self.prom = start_prometheus(self.root / "prometheus", [static_job("govops-bandwidth", [
            f"127.0.0.1:{self.agent_port}"])], rule_files=[self.rules], scrape_timeout="900ms")

    def _accept(self) -> None:
        # The far end of the link: accept and close, as any TCP service would for a handshake probe.
        while True:
            try:
                conn, _ = self.probe_listener.accept()
            except OSError:
                return
            conn.close()

    def query(self, expr: str) -> list[dict[str, Any]]:
        assert self.prom is not None
        return self.prom.query(expr)

    def firing(self) -> set[str]:
        assert self.prom is not None
        return self.prom.firing()

    def stop(self) -> None:
        if self.prom is not None:
            self.prom.stop()
        for proc in (self.agent,):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.probe_listener.close()
        self.sim.cleanup()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[Stack]:
    s = Stack(tmp_path_factory.mktemp("bw-prom"), corpus)
    try:
        wait_for("the agent's /metrics", lambda: "govops_target_up" in http_get(f"http://127.0.0.1:{s.agent_port}/metrics"),
                 20)
        s.start_prometheus()
        yield s
    finally:
        s.stop()


def test_live_scrape_is_promtool_clean(stack: Stack) -> None:
    def scrape() -> str | None:
        text = http_get(f"http://127.0.0.1:{stack.agent_port}/metrics")
        ready = "govops_link_rtt_seconds{" in text and "govops_link_receive_bytes_total{" in text
        return text if ready else None

    text = wait_for("link series in the scrape", scrape, 20)
    res = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr


def test_recording_rules_give_the_simulated_utilisation_and_the_failover_alert_fires(stack: Stack) -> None:
    expected_a = stack.rates_a[1].in_bytes * 8 / 20e6  # 10 Mbit/s on a 20 Mbit/s contract
    expected_b_tx = stack.rates_b[1].out_bytes * 8 / 100e6

    def utilisation() -> list[dict[str, Any]] | None:
        # Mean over 4 s of the recorded ratio (0.5 s polls scraped every 1 s alias by a few percent per
        # sample), once every window averaged lies after the agent's first sample (totals start at 0 there).
        res = stack.query('avg_over_time(govops_link:receive_utilisation:ratio_rate5m{link="city-telecom"}[4s])')
        up = stack.query('count_over_time(govops_link:receive_utilisation:ratio_rate5m{link="city-telecom"}[30s])')
        return res if res and up and float(up[0]["value"][1]) >= 16 else None

    res = wait_for("16 s of recorded utilisation", utilisation, 45)
    assert float(res[0]["value"][1]) == pytest.approx(expected_a, rel=0.05)
    assert res[0]["metric"]["carrier"] == "中国电信"
    tx_b = stack.query('avg_over_time(govops_link:transmit_utilisation:ratio_rate5m{link="city-unicom"}[4s])')
    assert float(tx_b[0]["value"][1]) == pytest.approx(expected_b_tx, rel=0.05)
    egress = stack.query("govops_carrier:egress_bits:rate5m")
    assert {r["metric"]["carrier"] for r in egress} == {"中国电信", "中国联通"}
    compliance = stack.query("govops_level:link_tier_compliance:ratio")
    assert float(compliance[0]["value"][1]) == 0.0  # 20M and 100M contracts are far below the city's 10G tier
    rtt = stack.query('govops_link_rtt_seconds{link="city-telecom",method="tcp"}')
    assert 0 < float(rtt[0]["value"][1]) < 0.5
    assert stack.firing() & {"GovopsLinkDown", "GovopsPrimaryDownBackupCarrying"} == set()

    # The primary's a-end interface goes down (ifOperStatus set to down(2) on the simulated device).
    subprocess.run(
        ["snmpset", "-v2c", "-c", "egress-a", f"127.0.0.1:{stack.sim.port}", "1.3.6.1.2.1.2.2.1.8.1", "i", "2"],
        check=True, capture_output=True,
    )
    firing = wait_for(
        "GovopsLinkDown and GovopsPrimaryDownBackupCarrying",
        lambda: (f := stack.firing()) >= {"GovopsLinkDown", "GovopsPrimaryDownBackupCarrying"} and f,
        20,
    )
    assert "GovopsBandwidthTargetDown" not in firing
