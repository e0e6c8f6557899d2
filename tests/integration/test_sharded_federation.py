"""Scale-out shown, not described: the city of docs/deployment.md on loopback.

One central PostgreSQL store lists six WAN routers and their links. Two sites each run their own bandwidth agent
(``govops agent bandwidth --shard I/2``, targets from the store) and their own Prometheus, whose
file_sd targets are written from the store (``govops inventory export --format prometheus-sd
--shard I/2``). Two central Prometheus servers are fed both ways a city may choose: one federates
both sites, the other receives their samples by remote_write (each site names itself in external
labels). Both run the shipped recording rules; every WAN dashboard query the store's links can feed
answers on both, for the links of both sites.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from govops.lab.city import CityDevice
from govops.lab.city_snmp import snmprec
from govops.lab.if_counter_sim import Snmpsim, moving_recording
from govops.lab.process import LOOPBACK, free_tcp_port, stop_pid
from govops.util.shard import shard_of
from tests.integration.test_bandwidth_prometheus import fast_rules, http_get, wait_for
from tests.prometheus import PrometheusServer, start_prometheus, static_job

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
WAN_DASHBOARD = REPO / "exporters" / "grafana" / "dashboards" / "wan.json"
GOVOPS = str(Path(sys.executable).with_name("govops"))
SHARDS = 2
ROUTERS = [f"county-rt-{i}" for i in range(6)]
CONTRACT_MBPS = 10
# Panels fed by link probes (RTT, loss): links in the store carry no probe address, so no agent probes them.
PROBE_PANELS = ("govops_link_rtt_seconds", "govops_link_probe_loss_ratio")
RATE_WINDOW = "10s"  # the shipped rules' [5m], shortened so a test sees rates within seconds


def rate_of(i: int) -> float:
    """Receive bytes/s of router i's first interface: 1, 2, 3 ... Mbit/s."""
    return 125_000.0 * (i + 1)


def inventory() -> dict[str, Any]:
    devices, links = [], []
    for i, name in enumerate(ROUTERS):
        devices.append({"name": name, "kind": "router", "room": "R1", "department": "D0", "vendor": "Example",
                        "model": "RT-1", "mgmt_ip": LOOPBACK, "status": "in_service",
                        "snmp": {"version": "2c", "port": 0, "community": {"env": f"COMMUNITY_{i}"}}})
        links.append({"name": f"wan-{i}", "kind": "extranet", "level": "county",
                      "carrier": ["中国电信", "中国联通"][i % 2], "role": ["primary", "backup"][i % 2],
                      "bandwidth_mbps": CONTRACT_MBPS, "a_end": {"device": name, "interface": "eth1"},
                      "z_end": f"D{1 + i // 2}"})
    departments = [{"code": f"D{i}", "name": f"县{i}", "level": "city" if i == 0 else "county"} for i in range(4)]
    return {"departments": departments, "rooms": [{"code": "R1", "name": "市机房", "department": "D0"}],
            "devices": devices, "links": links}


def walks(folder: Path) -> None:
    """One moving walk per router (its community is the file name) with known interface rates."""
    folder.mkdir()
    for i, name in enumerate(ROUTERS):
        dev = CityDevice(name=name, kind="router", mgmt_ip=LOOPBACK, room="R1", vendor="Example", model="RT-1",
                         serial=f"SN{i}", platform=None, os=None, os_version=None, snmp=True, ssh=False, facts={})
        source = folder / f"{name}.source"
        source.write_text(snmprec(dev), encoding="utf-8")
        moving_recording(source, folder / f"c{i}.snmprec", max_interfaces=2, base_rate=rate_of(i),
                         uptime_initial=100_000)
        source.unlink()


@dataclass
class City:
    root: Path
    env: dict[str, str]
    sim: Snmpsim
    agents: list[subprocess.Popen[bytes]] = field(default_factory=list)
    servers: list[PrometheusServer] = field(default_factory=list)
    central: PrometheusServer | None = None
    receiver: PrometheusServer | None = None

    def govops(self, *args: str) -> str:
        done = subprocess.run([GOVOPS, *args], env=self.env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def start_agent(self, index: int) -> int:
        """A site's agent, polling shard ``index`` of the store; its port."""
        shard, site = f"{index + 1}/{SHARDS}", self.root / f"site-{index + 1}"
        site.mkdir()
        settings = site / "bandwidth.yml"
        settings.write_text("interval_seconds: 0.5\ntimeout_seconds: 0.45\n", encoding="utf-8")
        port = free_tcp_port()
        self.agents.append(subprocess.Popen(
            [GOVOPS, "agent", "bandwidth", "--config", str(settings), "--shard", shard,
             "--listen", f"{LOOPBACK}:{port}"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=(site / "agent.log").open("wb"), start_new_session=True,
        ))  # fmt: skip
        return port

    def start_site_prometheus(self, index: int, agent_port: int) -> PrometheusServer:
        """A site's Prometheus, probing its agent for each device of the shard's file_sd written from the store."""
        shard, site = f"{index + 1}/{SHARDS}", self.root / f"site-{index + 1}"
        self.govops("inventory", "export", "--format", "prometheus-sd", "--shard", shard, "--out", str(site))
        wait_for(f"agent of site {index + 1}", lambda: "govops_target_up" in http_get(
            f"http://{LOOPBACK}:{agent_port}/metrics"), 30)
        job = {
            "job_name": "govops-bandwidth", "metrics_path": "/probe", "honor_labels": True,
            "file_sd_configs": [{"files": [str(site / "bandwidth.json")], "refresh_interval": "5s"}],
            "relabel_configs": [  # as docs/deployment.md: probe the site agent for each device of the file
                {"source_labels": ["device"], "target_label": "__param_target"},
                {"source_labels": ["device"], "target_label": "instance"},
                {"target_label": "__address__", "replacement": f"{LOOPBACK}:{agent_port}"},
            ],
        }
        assert self.receiver is not None
        return start_prometheus(site / "prometheus", [job], scrape_timeout="900ms",
                                external_labels={"shard": shard, "prometheus": f"site-{index + 1}"},
                                remote_write=[f"{self.receiver.url}/api/v1/write"])  # fmt: skip

    def start_sites(self) -> None:
        """Both sites at once (agents and servers start in parallel: the test stays a few seconds)."""
        ports = [self.start_agent(i) for i in range(SHARDS)]
        with ThreadPoolExecutor(SHARDS) as pool:
            futures = [pool.submit(self.start_site_prometheus, i, port) for i, port in enumerate(ports)]
            for future in futures:
                self.servers.append(future.result())

    def start_central(self) -> PrometheusServer:
        federate = static_job(
            "federate", [s.url.removeprefix("http://") for s in self.servers], metrics_path="/federate",
            honor_labels=True, params={"match[]": ['{job="govops-bandwidth"}']},
        )
        self.central = start_prometheus(self.root / "central", [federate], scrape_timeout="900ms",
                                        rule_files=[fast_rules(self.root / "bandwidth.rules.yml", RATE_WINDOW)])
        return self.central

    def stop(self) -> None:
        # The sites first (they flush their remote_write queues to a receiver still up), each set at once.
        for group in (self.servers, [s for s in (self.central, self.receiver) if s]):
            with ThreadPoolExecutor(len(group) or 1) as pool:
                list(pool.map(PrometheusServer.stop, group))
        for agent in self.agents:
            stop_pid(agent.pid)
        self.sim.cleanup()


def start_receiver(root: Path) -> PrometheusServer:
    """The central Prometheus fed by remote_write: no scrape job of its own, the same rules."""
    return start_prometheus(root / "receiver", [], receiver=True,
                            rule_files=[fast_rules(root / "receiver.rules.yml", RATE_WINDOW)])


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory, postgres_server: Any) -> Iterator[City]:
    """The central PostgreSQL store (always PostgreSQL: it is the city's setup), two sites, the central Prometheus
    servers (federating, receiving remote_write)."""
    root = tmp_path_factory.mktemp("federation")
    with ThreadPoolExecutor(1) as pool:
        # The receiver starts while the store and the simulated routers are made ready (the sites write to it).
        receiving = pool.submit(start_receiver, root)
        try:
            c = store_and_routers(root, postgres_server)
        except BaseException:
            receiving.result().stop()
            raise
        try:
            c.receiver = receiving.result()
            c.start_sites()
            c.start_central()
        except BaseException:
            c.stop()
            raise
    try:
        yield c
    finally:
        c.stop()


def store_and_routers(root: Path, postgres_server: Any) -> City:
    """The store on PostgreSQL holding the city's routers, and snmpsim answering for them."""
    url = postgres_server.create_database(prefix="federation")
    walks(root / "walks")
    sim = Snmpsim(root / "walks").start()
    doc = inventory()
    for dev in doc["devices"]:
        dev["snmp"]["port"] = sim.port
    (root / "city.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    # Every machine reaches the one store by its URL (the agents' hosts by GOVOPS_DB; `init --db` remembers it).
    env = {**os.environ, "GOVOPS_HOME": str(root / "home"), "GOVOPS_DB": url,
           **{f"COMMUNITY_{i}": f"c{i}" for i in range(len(ROUTERS))}}  # fmt: skip
    c = City(root, env, sim)
    try:
        c.govops("init", "--db", url)
        c.govops("inventory", "import", str(root / "city.yaml"))
    except BaseException:
        c.stop()
        raise
    return c


@pytest.fixture(params=["federation", "remote_write"])
def central(city: City, request: pytest.FixtureRequest) -> PrometheusServer:
    """The central Prometheus fed one way or the other (both run through the module's one city)."""
    server = city.central if request.param == "federation" else city.receiver
    assert server is not None
    return server


def members(index: int) -> set[str]:
    return {name for name in ROUTERS if shard_of(name, SHARDS) == index}


def count_is(n: int) -> Callable[[list[dict[str, Any]]], bool]:
    return lambda result: len(result) == n


def test_each_site_prometheus_scrapes_only_its_shard_from_the_store_file_sd(city: City) -> None:
    assert all(members(i) for i in range(SHARDS)), "the six routers fall into both shards"
    for index, server in enumerate(city.servers):
        sd = json.loads((city.root / f"site-{index + 1}" / "bandwidth.json").read_text(encoding="utf-8"))
        assert {g["labels"]["device"] for g in sd} == members(index)
        up = server.wait_for('up{job="govops-bandwidth"} == 1', until=count_is(len(members(index))))
        assert {r["metric"]["instance"] for r in up} == members(index)
        polled = server.wait_for("govops_target_up == 1", until=count_is(len(members(index))))
        assert {r["metric"]["target"] for r in polled} == members(index)


def test_central_prometheus_has_both_sites_and_its_rules_give_each_links_utilisation(
    central: PrometheusServer,
) -> None:
    want = {f"wan-{i}": rate_of(i) * 8 / (CONTRACT_MBPS * 1e6) for i in range(len(ROUTERS))}
    # rate() over a window the series does not yet fill reads low: wait until every link's recorded
    # utilisation is older than the rules' window (RATE_WINDOW), then average the last seconds.
    central.wait_for("count_over_time(govops_link:receive_utilisation:ratio_rate5m[20s]) >= 14",
                     timeout=45, until=lambda r: len(r) == len(want))
    # Two scrape hops on a loaded machine alias a 10 s window by some percent, and a scrape delayed by
    # a busy spell leaves one sample in it (the rate then reads about half): wait for a window the
    # scrapes filled, and fail with the last values if none comes ...
    def utilisation(result: list[dict[str, Any]]) -> dict[str, float]:
        return {s["metric"]["link"]: float(s["value"][1]) for s in result}

    recorded = central.wait_for("avg_over_time(govops_link:receive_utilisation:ratio_rate5m[4s])", timeout=45,
                                until=lambda r: utilisation(r) == pytest.approx(want, rel=0.25))
    assert utilisation(recorded) == pytest.approx(want, rel=0.25)
    # ... the counters themselves, over 12 s between two federated samples, are exact to a poll period.
    counter, then = "govops_link_receive_bytes_total", "govops_link_receive_bytes_total offset 12s"
    exact = central.query(f"({counter} - {then}) / (timestamp({counter}) - timestamp({then}))"
                          " * 8 / on(link) group_left govops_link:capacity_bits")
    assert {s["metric"]["link"]: float(s["value"][1]) for s in exact} == pytest.approx(want, rel=0.08)
    shards = {s["metric"]["link"]: s["metric"]["shard"] for s in central.query("govops_link_receive_bytes_total")}
    # Each site names itself (`prometheus`, an external label): the links' own `site` label is their department.
    sites = {s["metric"]["link"]: s["metric"]["prometheus"] for s in central.query("govops_link_receive_bytes_total")}
    for i, name in enumerate(ROUTERS):
        assert shards[f"wan-{i}"] == f"{shard_of(name, SHARDS) + 1}/{SHARDS}"
        assert sites[f"wan-{i}"] == f"site-{shard_of(name, SHARDS) + 1}"
    egress = {s["metric"]["carrier"] for s in central.query("govops_carrier:egress_bits:rate5m")}
    assert egress == {"中国电信", "中国联通"}  # one sum across the two sites


def test_every_wan_dashboard_query_answers_on_the_central_prometheus(central: PrometheusServer) -> None:
    doc = json.loads(WAN_DASHBOARD.read_text(encoding="utf-8"))
    queries = [(p["title"], t["expr"]) for p in doc["panels"] for t in p.get("targets", [])]
    fed = [(title, expr) for title, expr in queries if not any(name in expr for name in PROBE_PANELS)]
    assert len(fed) >= 8
    for _title, expr in fed:
        central.wait_for(expr.replace("$link", ".*").replace("$carrier", ".*"), timeout=20)  # fails if empty
