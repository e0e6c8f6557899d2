"""WAN-link probes: TCP handshake on loopback, unprivileged ICMP inside a network namespace of our own."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.collectors.bandwidth_targets import LinkSpec, ProbeSpec
from govops.collectors.link_probe import LinkProbeCollector, icmp_allowed
from govops.lab.process import free_tcp_port
from govops.util.exposition import render
from tests.conftest import Cli, missing_part
from tests.prometheus import PrometheusFactory, static_job
from tests.storetools import default_store_url

pytestmark = pytest.mark.integration


@pytest.fixture
def far_end() -> Iterator[int]:
    """A TCP service standing for the far end of a link: accepts and closes."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield int(srv.getsockname()[1])
    srv.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def link(name: str, port: int, role: str = "primary") -> LinkSpec:
    return LinkSpec(name=name, device="egress", interface="ge1", carrier="中国电信", role=role,  # type: ignore[arg-type]
                    level="city", site="city", probe=ProbeSpec("127.0.0.1", port))


def scrape(col: LinkProbeCollector) -> str:
    return render(col.collect())


def test_tcp_probe_measures_rtt_and_counts_refused_as_lost(far_end: int) -> None:
    col = LinkProbeCollector([link("up", far_end), link("down", closed_port(), "backup")], method="tcp", count=3,
                             probe_timeout=0.5)
    asyncio.run(col.poll())
    res = {r.link.name: r for r in col.results()}
    assert res["up"].received == 3 and res["up"].rtt_s is not None and 0 < res["up"].rtt_s < 0.5
    assert res["down"].received == 0 and res["down"].rtt_s is None
    text = scrape(col)
    assert 'govops_link_probe_loss_ratio{carrier="中国电信",level="city",link="down",method="tcp",role="backup",' \
           'site="city"} 1\n' in text
    assert 'link="up",method="tcp",role="primary",site="city"} 0\n' in text
    assert 'govops_link_rtt_seconds{carrier="中国电信",level="city",link="down"' not in text  # no RTT, no fake 0


def test_method_follows_the_systems_ping_group_range() -> None:
    low, high = (int(x) for x in Path("/proc/sys/net/ipv4/ping_group_range").read_text().split())
    allowed = any(low <= g <= high for g in {os.getgid(), *os.getgroups()})
    assert icmp_allowed() is allowed
    assert LinkProbeCollector([]).method == ("icmp" if allowed else "tcp")


ICMP_SNIPPET = """
import asyncio
from govops.collectors.bandwidth_targets import LinkSpec, ProbeSpec
from govops.util.exposition import render
from govops.collectors.link_probe import LinkProbeCollector
from govops.util.exposition import render
links = [LinkSpec(name="lo", device="d", interface="i", probe=ProbeSpec("127.0.0.1")),
         LinkSpec(name="nowhere", device="d", interface="i", probe=ProbeSpec("192.0.2.1"))]
col = LinkProbeCollector(links, count=2, probe_timeout=0.3)
asyncio.run(col.poll())
for r in col.results():
    print(r.link.name, r.method, r.sent, r.received, r.rtt_s is not None)
"""


def test_unprivileged_icmp_in_a_network_namespace_of_our_own() -> None:
    """Allow ICMP sockets for every group in a fresh netns (the host's setting is left alone)."""
    if shutil.which("unshare") is None:
        missing_part("unshare (util-linux) not installed")
    script = (
        'ip link set lo up && sysctl -qw net.ipv4.ping_group_range="0 2147483647" && '
        f'exec {sys.executable} -c "$SNIPPET" nobody'
    )
    res = subprocess.run(["unshare", "-n", "sh", "-c", script], capture_output=True, text=True, check=False,
                         env={**os.environ, "SNIPPET": ICMP_SNIPPET}, timeout=30)
    if res.returncode != 0 and ("Operation not permitted" in res.stderr or "unshare failed" in res.stderr):
        missing_part(f"cannot create a network namespace here: {res.stderr.strip()}")
    assert res.returncode == 0, res.stderr
    lines = sorted(res.stdout.split("\n"))[1:]
    assert lines == ["lo icmp 2 2 True", "nowhere icmp 2 0 False"]


# Store links declare their probe in the inventory (`probe: {address, tcp_port}`), as a config file's links do.
INVENTORY = """\
departments:
  - {{code: D001, name: 市政务服务数据管理局, level: city}}
devices:
  - {{name: egress-rt-01, kind: router, department: D001, mgmt_ip: 127.0.0.1,
     snmp: {{version: 2c, port: {snmp_port}, community: {{env: EGRESS_COMMUNITY}}}}}}
links:
  - {{name: egress-telecom, kind: internet, level: city, carrier: 中国电信, role: primary, bandwidth_mbps: 1000,
     a_end: {{device: egress-rt-01, interface: GE0/0/1}}, z_end: D001,
     probe: {{address: 127.0.0.1, tcp_port: {open_port}}}}}
  - {{name: egress-unicom, kind: internet, level: city, carrier: 中国联通, role: backup, bandwidth_mbps: 500,
     a_end: {{device: egress-rt-01, interface: GE0/0/2}}, z_end: D001,
     probe: {{address: 127.0.0.1, tcp_port: {closed_port}}}}}
  - {{name: egress-mobile, kind: internet, level: city, carrier: 中国移动, role: backup, bandwidth_mbps: 500,
     a_end: {{device: egress-rt-01, interface: GE0/0/3}}, z_end: D001}}
"""


def test_store_links_are_probed_and_reported(
    store_cli: Cli, far_end: int, prometheus: PrometheusFactory, tmp_path: Path
) -> None:
    """Inventory import -> `govops agent bandwidth` from the store -> a real Prometheus -> `report links`."""
    inv = tmp_path / "city.yaml"
    inv.write_text(INVENTORY.format(snmp_port=free_tcp_port(), open_port=far_end, closed_port=closed_port()),
                   encoding="utf-8")
    res = store_cli("inventory", "import", str(inv))
    assert res.exit_code == 0, res.stderr
    # The import keeps the probe as written (an export re-imports it).
    exported = store_cli("inventory", "export", "--format", "json").json()
    probes = {lk["name"]: lk.get("probe") for lk in exported["links"]}
    assert probes["egress-telecom"] == {"address": "127.0.0.1", "tcp_port": far_end}
    assert probes["egress-mobile"] is None

    port = free_tcp_port()
    env = {**os.environ, "GOVOPS_HOME": str(store_cli.home), "EGRESS_COMMUNITY": "public"}
    if store_cli.db_url != default_store_url(store_cli.home):
        env["GOVOPS_DB"] = store_cli.db_url
    settings = tmp_path / "settings.yml"  # settings only: targets and links from the store
    settings.write_text("interval_seconds: 2\ntimeout_seconds: 1\n", encoding="utf-8")
    govops = Path(sys.executable).with_name("govops")
    agent = subprocess.Popen([str(govops), "agent", "bandwidth", "--config", str(settings),
                              "--listen", f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    try:
        prom = prometheus([static_job("govops-bandwidth", [f"127.0.0.1:{port}"])])
        rtt = prom.wait_for('govops_link_rtt_seconds{link="egress-telecom",method="tcp"}', timeout=60)
        assert 0 < float(rtt[0]["value"][1]) < 0.5
        loss = prom.wait_for("govops_link_probe_loss_ratio", timeout=30, until=lambda r: len(r) == 2)
        assert {r["metric"]["link"]: float(r["value"][1]) for r in loss} == {"egress-telecom": 0.0,
                                                                             "egress-unicom": 1.0}
        assert rtt[0]["metric"]["carrier"] == "中国电信" and rtt[0]["metric"]["site"] == "D001"

        (store_cli.home / "config.toml").write_text(
            f'prometheus_url = "{prom.url}"\n[reports]\nlink_utilisation_window = "10s"\n', encoding="utf-8")
        body = store_cli("report", "links", "--format", "json", "--lang", "en").json()
        egress = {r["name"]: r for r in next(s for s in body["sections"] if s["key"] == "egress")["tables"][0]["rows"]}
        assert 0 < egress["egress-telecom"]["rtt_ms"] < 500 and egress["egress-telecom"]["probe_loss"] == 0.0
        assert egress["egress-unicom"]["probe_loss"] == 1.0 and egress["egress-unicom"]["rtt_ms"] is None
        assert egress["egress-mobile"]["probe_loss"] is None  # no probe declared: nothing measured
    finally:
        agent.terminate()
        try:
            agent.wait(5)
        except subprocess.TimeoutExpired:
            agent.kill()
