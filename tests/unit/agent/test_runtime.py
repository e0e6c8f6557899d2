"""The shared agent runtime: scheduling, failure states, exposition over real HTTP(S)."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from govops.agent.config import load_agent_config
from govops.agent.runtime import Agent, NoData
from govops.agent.web import load_web_config
from govops.errors import ConfigError
from govops.util.exposition import Family, gauge, render
from tests.agenttools import (
    PASSWORD,
    USER,
    AgentThread,
    Tls,
    fetch,
    make_tls,
    parse_samples,
    until,
    write_web_config,
)


class Scripted:
    """A collector whose polls follow a script: 'ok', 'fail', 'nodata', 'hang', 'block'."""

    def __init__(self, name: str, script: list[str], timeout: float = 0.3, interval: float = 0.2) -> None:
        self.name = name
        self.script = script
        self.interval_seconds = interval
        self.timeout_seconds = timeout
        self.value = 0.0
        self.polls = 0
        self.stale_after_seconds: float | None = None
        self.unblock = threading.Event()  # what a 'block' step holds the loop until

    async def poll(self) -> None:
        step = self.script[min(self.polls, len(self.script) - 1)]
        self.polls += 1
        if step == "fail":
            raise OSError("device went away")
        if step == "nodata":
            raise NoData
        if step == "hang":
            await asyncio.sleep(3600)
        if step == "block":
            self.unblock.wait(30)  # a buggy collector blocking the loop itself, until the test tells it
        self.value = float(self.polls)

    def collect(self) -> Iterable[Family]:
        yield gauge(f"govops_test_{self.name}_value", "Test value.", self.value)

    def describe(self) -> Iterable[Family]:
        yield gauge(f"govops_test_{self.name}_value", "Test value.")


def run_polls(agent: Agent, coll: Scripted, n: int) -> None:
    st = next(s for s in agent.states if s.collector is coll)

    async def go() -> None:
        for _ in range(n):
            await agent.poll_once(st)

    asyncio.run(go())


def samples(agent: Agent) -> dict[str, float]:
    return parse_samples(agent.exposition().decode())


def test_success_failure_threshold_and_recovery() -> None:
    c = Scripted("a", ["ok", "fail", "fail", "ok"])
    c.stale_after_seconds = 0.5
    agent = Agent("t", [c], failure_threshold=2)
    run_polls(agent, c, 1)
    s = samples(agent)
    assert s["govops_test_a_value"] == 1
    assert s['govops_collector_success{collector="a"}'] == 1
    run_polls(agent, c, 1)  # one failure: below the threshold, last snapshot still served
    s = samples(agent)
    assert s['govops_collector_success{collector="a"}'] == 1
    assert s["govops_test_a_value"] == 1
    assert s['govops_collector_consecutive_failures{collector="a"}'] == 1
    run_polls(agent, c, 1)  # second failure: failed, but the last values are young enough to serve
    s = samples(agent)
    assert s['govops_collector_success{collector="a"}'] == 0
    assert s["govops_test_a_value"] == 1
    assert s['govops_collector_poll_failures_total{collector="a"}'] == 2
    time.sleep(0.6)  # past its staleness window: withdrawn, so Prometheus marks them stale
    s = samples(agent)
    assert "govops_test_a_value" not in s
    run_polls(agent, c, 1)  # recovery on the next cycle, no restart
    s = samples(agent)
    assert s['govops_collector_success{collector="a"}'] == 1
    assert s["govops_test_a_value"] == 4
    assert s['govops_collector_last_success_timestamp_seconds{collector="a"}'] == pytest.approx(time.time(), abs=5)


class PerTarget:
    """A multi-target collector: each target exports its value only while its own last good poll is fresh."""

    name = "multi"
    interval_seconds = 0.2
    timeout_seconds = 0.3

    def __init__(self) -> None:
        self.good_at: dict[str, float] = {}
        self.answering = {"a", "b"}
        self.crash = False
        self.fresh_for = 0.3

    async def poll(self) -> None:
        now = time.monotonic()
        for target in self.answering:
            self.good_at[target] = now
        if self.crash:
            raise OSError("the poll as a whole failed")

    def collect(self) -> Iterable[Family]:
        fam = Family("govops_test_target_value", "Test value per target.", "gauge", ("target",))
        now = time.monotonic()
        for target, at in sorted(self.good_at.items()):
            if now - at <= self.fresh_for:
                fam.add((target,), 1.0)
        yield fam

    def describe(self) -> Iterable[Family]:
        yield Family("govops_test_target_value", "Test value per target.", "gauge", ("target",))


def test_a_failed_poll_rerenders_so_only_stale_targets_drop(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a failed poll the runtime renders the snapshot again: targets age out one by one, by their own
    freshness, instead of the collector's whole text staying frozen and then vanishing at once."""
    # Time passes only when the test moves it: "polled just now" holds however slowly a loaded machine runs.
    clock = [time.monotonic()]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    c = PerTarget()
    agent = Agent("t", [c], failure_threshold=1)
    st = agent.states[0]
    assert st.stale_after == pytest.approx(0.2 + 0.3)  # failure_threshold intervals plus one timeout

    async def poll() -> None:
        await agent.poll_once(st)

    asyncio.run(poll())
    s = samples(agent)
    assert s['govops_test_target_value{target="a"}'] == 1 and s['govops_test_target_value{target="b"}'] == 1
    clock[0] += 0.35
    c.answering, c.crash = {"a"}, True  # b stops answering, and the poll itself fails
    asyncio.run(poll())
    s = samples(agent)
    assert s['govops_collector_success{collector="multi"}'] == 0
    assert 'govops_test_target_value{target="a"}' in s  # polled just now: still served
    assert 'govops_test_target_value{target="b"}' not in s  # its own window passed: dropped alone
    clock[0] += 0.55
    assert "govops_test_target_value" not in agent.exposition().decode()  # the collector's window passed too


def test_no_data_is_not_failure() -> None:
    c = Scripted("nd", ["nodata"])
    agent = Agent("t", [c], failure_threshold=1)
    run_polls(agent, c, 2)
    s = samples(agent)
    assert s['govops_collector_success{collector="nd"}'] == 1
    assert "govops_test_nd_value" not in s


def test_hung_poll_times_out_and_is_marked_failed() -> None:
    c = Scripted("h", ["hang"], timeout=0.2)
    agent = Agent("t", [c], failure_threshold=1)
    t0 = time.monotonic()
    run_polls(agent, c, 1)
    assert time.monotonic() - t0 < 10.0  # cut at its timeout, not left to its hour: only the order is tested
    s = samples(agent)
    assert s['govops_collector_success{collector="h"}'] == 0
    assert s['govops_collector_poll_timeouts_total{collector="h"}'] == 1


def test_duplicate_family_names_refused() -> None:
    with pytest.raises(ConfigError, match="both export govops_test_x_value"):
        Agent("t", [Scripted("x", ["ok"]), _Renamed("y", "x")])


class _Renamed(Scripted):
    def __init__(self, name: str, family: str) -> None:
        super().__init__(name, ["ok"])
        self.family = family

    def describe(self) -> Iterable[Family]:
        yield gauge(f"govops_test_{self.family}_value", "Test value.")


def test_one_renderer_for_every_type_read_back_by_an_independent_parser() -> None:
    """Counters, gauges, histograms (suffix in the label text) and hostile label values round-trip."""
    from prometheus_client.parser import text_string_to_metric_families

    c = Family("govops_x_bytes_total", "Bytes.", "counter", ("if",))
    c.add(("eth0",), 12.0)
    g = gauge("govops_y", 'Quote " and \\ back.', 0.5)
    h = Family("govops_h_seconds", "Latency.", "histogram")
    h.samples.extend([('_bucket{le="1"}', 2.0), ('_bucket{le="+Inf"}', 3.0), ("_sum", 1.5), ("_count", 3.0)])
    i = Family("govops_z_info", "Info.", "gauge", ("a",))
    i.add(('q"x\nnew\\',), 1.0)
    text = render([c, g, h, i])
    got = {f.name: f for f in text_string_to_metric_families(text)}
    assert got["govops_x_bytes"].type == "counter" and got["govops_x_bytes"].samples[0].value == 12.0
    assert got["govops_h_seconds"].type == "histogram" and len(got["govops_h_seconds"].samples) == 4
    assert got["govops_z_info"].samples[0].labels == {"a": 'q"x\nnew\\'}
    with pytest.raises(ValueError, match="label values"):
        c.add((), 1.0)
    with pytest.raises(ValueError, match="supports"):
        Family("x", "y", "info")


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_agent(tls: Tls, tmp_path: Path) -> Iterator[tuple[AgentThread, Scripted, Scripted]]:
    web = write_web_config(tmp_path / "web.yml", tls)
    good = Scripted("good", ["ok"], interval=0.1)
    blocker = Scripted("blocker", ["ok", "block", "ok"], timeout=0.3, interval=0.1)
    agent = AgentThread(
        agent_name="test", collectors=[good, blocker], listen="127.0.0.1:0", web_config_file=web, failure_threshold=1
    )
    yield agent, good, blocker
    blocker.unblock.set()
    agent.stop()


def test_tls_basic_auth_paths_and_blocked_loop(
    tls_agent: tuple[AgentThread, Scripted, Scripted], tls: Tls, caplog: pytest.LogCaptureFixture
) -> None:
    agent, _good, blocker = tls_agent
    base = f"https://127.0.0.1:{agent.port}"
    status, body = fetch(base + "/healthz", ca=tls.ca)
    assert (status, body) == (200, "ok\n")
    assert fetch(base + "/other", ca=tls.ca)[0] == 404
    with caplog.at_level(logging.WARNING, logger="govops.agent.web"):
        status, _ = fetch(base + "/metrics", ca=tls.ca, password="wrong-password-123")
    assert status == 401
    assert fetch(base + "/metrics", ca=tls.ca, user=None, password=None)[0] == 401
    assert fetch(base + "/metrics", ca=tls.ca, user="nobody", password=PASSWORD)[0] == 401
    assert any(getattr(r, "fields", {}).get("user") == USER for r in caplog.records)
    assert "wrong-password-123" not in caplog.text
    # The blocking collector holds the loop until told; scrapes still answer, and show it failed once past its
    # timeout. Each step waits for a state, not for a time, so a loaded machine only makes it slower.
    until(lambda: blocker.polls >= 2, "blocking")
    failed = '{collector="blocker"}'

    def overdue() -> dict[str, float] | None:
        status, body = fetch(base + "/metrics", ca=tls.ca)  # answered while the loop is held
        s = parse_samples(body) if status == 200 else {}
        return s if s.get(f"govops_collector_success{failed}") == 0 else None

    s = until(overdue, "shown failed while it blocks")
    assert not blocker.unblock.is_set()
    assert s['govops_agent_http_requests_total{code="401"}'] == 3
    blocker.unblock.set()
    until(lambda: blocker.polls >= 3, "polled again")  # the blocking poll has returned and been counted
    s = parse_samples(fetch(base + "/metrics", ca=tls.ca)[1])
    assert s[f"govops_collector_poll_timeouts_total{failed}"] >= 1  # a timeout, not a success


def test_cert_not_matching_key(tls: Tls, tmp_path: Path) -> None:
    web = write_web_config(tmp_path / "web.yml", tls, key=tls.other_key, users=False)
    with pytest.raises(ConfigError, match="does not match private key"):
        load_web_config(web)


def test_web_config_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "web.yml"
    bad.write_text("basic_auth_users:\n  alice: plaintext\n")
    with pytest.raises(ConfigError, match=r"web.yml:2: `basic_auth_users.alice`: expected a bcrypt hash"):
        load_web_config(bad)
    bad.write_text("tls_server_config:\n  cert_file: a\n  kye_file: b\n")
    with pytest.raises(ConfigError, match=r"web.yml:3: .*unknown key") as exc:
        load_web_config(bad)
    assert "key_file" in str(exc.value)


def test_port_in_use() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{port}: address already in use"):
            AgentThread(agent_name="t", collectors=[], listen=f"127.0.0.1:{port}")


def test_agent_config_errors_name_the_line(tmp_path: Path) -> None:
    cfg = tmp_path / "agent.yml"
    known: dict[str, Any] = {
        "known_collectors": ["cpu", "memory"], "default_collectors": ["cpu"], "default_listen": ":9731"
    }
    cfg.write_text("listen: ':1'\ncollectors:\n  cpu: {}\n  memroy: {}\n")
    with pytest.raises(ConfigError, match=r"agent.yml:4: .*unknown collector 'memroy'") as exc:
        load_agent_config(cfg, agent="host", **known)
    assert "did you mean `memory`" in str(exc.value)
    cfg.write_text("listen: ':1'\ncollectors:\n  cpu:\n    interval_seconds: often\n")
    with pytest.raises(ConfigError, match=r"agent.yml:4: `collectors.cpu.interval_seconds`: expected a number"):
        load_agent_config(cfg, agent="host", **known)
    cfg.write_text("listen: ':1'\ncollectors: [cpu\n")
    with pytest.raises(ConfigError, match=r"agent.yml:3:1: invalid YAML"):
        load_agent_config(cfg, agent="host", **known)
    cfg.write_text("lisen: ':1'\n")
    with pytest.raises(ConfigError, match=r"agent.yml:1: `lisen`: unknown key") as exc:
        load_agent_config(cfg, agent="host", **known)
    assert "did you mean `listen`" in str(exc.value)
    cfg.write_text("collectors:\n  memory:\n    interval_seconds: 5\n    timeout_seconds: 9\n")
    with pytest.raises(ConfigError, match=r"agent.yml:4: .*longer than the interval"):
        load_agent_config(cfg, agent="host", **known)
    cfg.write_text("collectors:\n  memory: {interval_seconds: 5}\n  cpu: {enabled: false}\n")
    conf = load_agent_config(cfg, agent="host", **known)
    assert [(c.name, c.interval_seconds, c.timeout_seconds) for c in conf.collectors] == [("memory", 5.0, 5.0)]


def test_probe_serves_one_target_of_a_multi_target_collector_with_gzip() -> None:
    """/probe?target= as snmp_exporter's: the bandwidth collector's last snapshot of one device, by name or address."""
    import gzip
    import urllib.error
    import urllib.request

    from govops.collectors.bandwidth_targets import BandwidthConfig, TargetSpec
    from govops.collectors.if_counters import BandwidthCollector
    from govops.snmp.credentials import SnmpCredentials

    creds = SnmpCredentials.v2c("c")
    cfg = BandwidthConfig(targets=(TargetSpec("core-1", "127.0.0.2", creds), TargetSpec("core-2", "::1", creds, 1161)))
    collector = BandwidthCollector(cfg)
    agent = AgentThread(agent_name="bw", collectors=[collector, Scripted("plain", ["ok"], interval=60)],
                        listen="127.0.0.1:0")
    try:
        base = f"http://127.0.0.1:{agent.port}"

        def get(path: str, gz: bool = False) -> tuple[int, str]:
            req = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"} if gz else {})
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:
                    body = resp.read()
                    if resp.headers.get("Content-Encoding") == "gzip":
                        body = gzip.decompress(body)
                    return resp.status, body.decode()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode()

        for asked in ("core-2", "[::1]:1161", "%5B%3A%3A1%5D%3A1161"):
            status, text = get(f"/probe?target={asked}", gz=True)
            assert status == 200, (asked, text)
            assert 'govops_target_up{target="core-2"} 0' in text and "core-1" not in text
            assert "govops_test_plain_value" not in text and "govops_agent_info" not in text
        assert get("/probe?target=127.0.0.2")[0] == 200
        assert get("/probe?target=127.0.0.2:1161")[0] == 404  # another port is another device
        assert get("/probe?target=nope")[0] == 404
        assert get("/probe")[0] == 400
        assert get("/probe?target=a&target=b")[0] == 400
    finally:
        agent.stop()
