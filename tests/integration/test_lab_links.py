"""The demo city's WAN links answer their probes: `lab up` -> the bandwidth agent from the store -> Prometheus.

Only the lab's `links` service runs here (through the runner `govops lab up` uses), on the demo city
imported into this test's store. The lab writes the port it chose into each link's probe; the agent
takes the links from the store and probes them (TCP: this host allows no unprivileged ICMP, and the
lab's far ends are TCP listeners either way), and a real Prometheus shows an RTT and no loss for every
link, and `report links` shows them. After `lab down` nothing answers there any more.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from govops.lab.city import DEMO_CITY
from govops.lab.link_service import LinkProbeService, city_probe_addresses
from govops.lab.process import free_tcp_port, stop_pid
from govops.lab.process_service import accepts_tcp
from govops.lab.runner import Lab
from govops.lab.service import Endpoint
from govops.store.db import make_engine
from tests.conftest import Cli
from tests.prometheus import PrometheusFactory, static_job

pytestmark = pytest.mark.integration


def test_demo_links_are_probed_through_the_lab(store_cli: Cli, home: Path, prometheus: PrometheusFactory,
                                                tmp_path: Path) -> None:  # fmt: skip
    assert store_cli("inventory", "import", str(DEMO_CITY)).exit_code == 0
    declared = city_probe_addresses()
    assert len(declared) == 31  # every demo link declares where it is probed
    lab = Lab(home, {"links": LinkProbeService()})
    report = lab.up(make_engine(store_cli.db_url))
    try:
        assert (report.links_probed, report.links_not_in_store) == (31, 0)
        (status, _devices) = lab.status()[0]
        port = status.endpoints[0].port
        exported = store_cli("inventory", "export", "--format", "json").json()
        assert {lk["name"]: lk["probe"] for lk in exported["links"]} == {
            name: {"address": address, "tcp_port": port} for name, address in declared.items()}

        listen = free_tcp_port()
        env = {**os.environ, "GOVOPS_HOME": str(home), "GOVOPS_DB": store_cli.db_url,
               "GOVOPS_SNMP_COMMUNITY": "public"}  # fmt: skip
        settings = tmp_path / "settings.yml"  # settings only: targets and links from the store
        settings.write_text("interval_seconds: 5\ntimeout_seconds: 1\n", encoding="utf-8")
        agent = subprocess.Popen([str(Path(sys.executable).with_name("govops")), "agent", "bandwidth", "--config",
                                  str(settings), "--listen", f"127.0.0.1:{listen}"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
        try:
            prom = prometheus([static_job("govops-bandwidth", [f"127.0.0.1:{listen}"])])
            rtt = prom.wait_for("govops_link_rtt_seconds", timeout=90, until=lambda r: len(r) == 31)
            assert all(0 < float(r["value"][1]) < 0.5 for r in rtt), rtt
            loss = prom.wait_for("govops_link_probe_loss_ratio", timeout=30, until=lambda r: len(r) == 31)
            assert {r["metric"]["link"]: float(r["value"][1]) for r in loss} == dict.fromkeys(declared, 0.0)

            (home / "config.toml").write_text(f'prometheus_url = "{prom.url}"\n', encoding="utf-8")
            body = store_cli("report", "links", "--format", "json", "--lang", "en").json()
            section = next(s for s in body["sections"] if s["key"] == "egress")
            egress = {r["name"]: r for r in section["tables"][0]["rows"]}
            assert {n: (r["probe_loss"], 0 < r["rtt_ms"] < 500) for n, r in egress.items()} == {
                "egress-telecom": (0.0, True), "egress-unicom": (0.0, True)}
        finally:
            stop_pid(agent.pid)
    finally:
        lab.down()
    # `lab down` stops the far ends: nothing of the lab listens on the probe addresses any more.
    assert not any(accepts_tcp(Endpoint("tcp", address, port), timeout=0.5) for address in declared.values())
