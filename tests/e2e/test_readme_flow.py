"""The README's "Using it" commands, run as written and in order, against the demo city.

Each line runs in bash from the repository (after `. .venv/bin/activate`, as the README
says), with its own GOVOPS_HOME and no corpus beside it, under strace: every address any
of the commands (and their children: Ansible, ssh) connects or sends to is recorded and
must be loopback. `govops demo` runs too, on the lab the flow started, before `lab down`,
then every shipped agent config's `--check`, a scrape of the agents that poll the lab
(bandwidth, one shard; power), and every command the demo suggests.
"""

from __future__ import annotations

import io
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from govops.lab.process import free_tcp_port, stop_pid
from govops.lab.registry import build_registry
from govops.lab.runner import Lab
from tests.sshtools import user_known
from tests.storetools import store_backend

# The whole city, twice (the flow, then `govops demo`): minutes on a loaded 2-core machine.
pytestmark = [
    pytest.mark.e2e, pytest.mark.integration, pytest.mark.timeout(1200),
    # The flow keeps its own SQLite store (as a user's first run does): once, in the SQLite pass.
    pytest.mark.skipif(store_backend() != "sqlite", reason="the README flow uses its own SQLite store"),
]

REPO = Path(__file__).resolve().parents[2]
ADDRESS = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')
TRACED = "connect,sendto,sendmsg"
# Commands whose processes outlive them (the lab's simulators): traced without their children,
# whose only network use is listening on the addresses `lab status` reports (checked below).
LONG_LIVED = ("govops lab up",)


def readme_commands() -> list[str]:
    """The lines of the README's first code block under "## Using it", comments stripped."""
    text = (REPO / "README.md").read_text(encoding="utf-8").split("## Using it", 1)[1]
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    return [c for c in commands if c and not c.startswith("#")]


@dataclass
class Ran:
    """One README line as run: exit code, output, the addresses it reached."""

    command: str
    exit_code: int
    stdout: str
    stderr: str
    addresses: set[str]
    seconds: float


@dataclass
class Flow:
    """The whole flow, run once for the module."""

    home: Path
    runs: list[Ran]
    demo: dict[str, object]
    scrapes: dict[str, str] = field(default_factory=dict)

    @property
    def demo_db(self) -> str:
        """The store `govops demo` made (its own, beside the flow's)."""
        return f"sqlite:///{self.home / 'demo' / 'govops.db'}"

    def run_of(self, prefix: str) -> Ran:
        return next(r for r in self.runs if r.command.startswith(prefix))


def _run(line: str, activate: str, env: dict[str, str], trace: Path, *, follow: bool = True) -> Ran:
    children = ["-f"] if follow and not line.startswith(LONG_LIVED) else []
    # A hint may start with VAR=value (as the demo prints it): `exec env` keeps it one traced process.
    script = f"{activate} && exec {'env ' if '=' in line.split(' ', 1)[0] else ''}{line}"
    argv = ["strace", *children, "-qq", "--seccomp-bpf", "-e", f"trace={TRACED}", "-e", "signal=none",
            "-o", str(trace), "bash", "-c", script]  # fmt: skip
    start = time.monotonic()
    res = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    found = {a or b for a, b in ADDRESS.findall(trace.read_text(errors="replace"))} if trace.exists() else set()
    return Ran(line, res.returncode, res.stdout, res.stderr, found, time.monotonic() - start)


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flow]:
    if shutil.which("strace") is None:
        pytest.fail("strace is needed to record the flow's addresses (scripts/install-system-deps.sh)")
    lines = readme_commands()
    assert lines[0] == ". .venv/bin/activate", lines[0]
    if not (REPO / ".venv" / "bin" / "activate").exists():
        pytest.fail("the README flow runs from the repository's .venv (make install)")
    tmp = tmp_path_factory.mktemp("readme-flow")
    home = tmp / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVOPS_")}
    # Nothing beside the clone: no corpus, no credentials in the environment; lab processes outlive each command.
    env.update({"GOVOPS_HOME": str(home), "GOVOPS_CORPUS": str(tmp / "no-corpus"), "TMPDIR": str(tmp),
                "COLUMNS": "200"})  # fmt: skip
    runs: list[Ran] = []
    demo: dict[str, object] = {}
    scrapes: dict[str, str] = {}
    try:
        for n, line in enumerate(lines[1:], start=1):
            if line.startswith("govops lab down"):
                # The demo's own connections (SNMP, asyncssh, Modbus, Redfish) are traced; its Ansible children
                # are not: they are the runs `discover servers` and `audit hosts` make, traced above with theirs,
                # and following them doubled the demo's time.
                ran = _run("govops demo --json", lines[0], env, tmp / "trace-demo", follow=False)
                runs.append(ran)
                demo = json.loads(ran.stdout) if ran.exit_code == 0 else {}
                runs += _agents_and_hints(demo, lines[0], env, tmp)
                scrapes = {kind: _scrape_agent(kind, env, needle) for kind, needle in SCRAPED.items()}
            runs.append(_run(line, lines[0], env, tmp / f"trace-{n}"))
        yield Flow(home, runs, demo, scrapes)
    finally:
        if (home / "lab" / "state.json").exists():
            Lab(home, build_registry()).down()


AGENT_KINDS = ("bandwidth", "power", "host", "inventory")
# What a scrape of each agent polling the lab shows once it has read the city's devices. The bandwidth
# agent polls one shard of the city's 178 network devices (what one of 40 agents of a sharded site would), to stay
# cheap; its store mode takes the network devices only, as its file_sd does (PDUs and UPSes are the power agent's).
SCRAPED = {"bandwidth": 'govops_target_up{', "power": 'govops_room_pue{category="3",room="R02"}'}


def _agents_and_hints(demo: dict[str, object], activate: str, env: dict[str, str], tmp: Path) -> list[Ran]:
    """`--check` of every shipped agent config on the running lab, then every hint the demo printed.

    An agent hint serves forever: it runs with `--check` (which refuses what the agent would fail at).
    """
    lines = [f"govops agent {kind} --config agents/{kind}.example.yml --check" for kind in AGENT_KINDS]
    hints = demo.get("hints")
    assert isinstance(hints, list) and len(hints) >= 3, hints
    lines += [f"{h} --check" if " govops agent " in f" {h}" else str(h) for h in hints]
    # No children: each is one govops process reading the store and resolving addresses (traced all the same).
    return [_run(line, activate, env, tmp / f"trace-agent-{n}", follow=False) for n, line in enumerate(lines)]


def _scrape_agent(kind: str, env: dict[str, str], needle: str) -> str:
    """Run `govops agent KIND` on its shipped config (the flow's store, the lab's devices); return a scrape."""
    port = free_tcp_port()
    extra = ["--shard", "1/40"] if kind == "bandwidth" else []
    argv = [str(REPO / ".venv" / "bin" / "govops"), "agent", kind, "--config", f"agents/{kind}.example.yml",
            "--listen", f"127.0.0.1:{port}", *extra]  # fmt: skip
    proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    body = ""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and needle not in body:
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
                    body = resp.read().decode()
            except OSError:
                continue
    finally:
        stop_pid(proc.pid)
    return body


def test_every_readme_command_succeeds(flow: Flow) -> None:
    print("\n".join(f"{r.seconds:6.1f} s  exit {r.exit_code}  {r.command}" for r in flow.runs))
    for ran in flow.runs:
        allowed = {0, 1} if ran.command.startswith("govops audit") else {0}  # audit: 1 = findings, by design
        assert ran.exit_code in allowed, f"{ran.command}: exit {ran.exit_code}\n{ran.stderr[-3000:]}"


def test_nothing_leaves_loopback(flow: Flow) -> None:
    reached = set().union(*(r.addresses for r in flow.runs))
    assert len(reached) > 300, "the trace must see the city's addresses (is strace recording?)"
    outside = {a for a in reached if not ipaddress.ip_address(a).is_loopback}
    assert not outside, f"addresses outside loopback: {sorted(outside)[:20]}"


def test_discovery_reconciles_onto_the_declared_city(flow: Flow) -> None:
    snmp = flow.run_of("govops discover snmp").stderr
    assert "discover snmp: 315 found" in snmp and "0 unreachable, 0 failed, 0 skipped" in snmp, snmp[-2000:]
    ssh = flow.run_of("govops discover ssh").stderr
    assert "0 unreachable, 0 failed" in ssh and " found " in ssh, ssh[-2000:]
    servers = flow.run_of("govops discover servers").stderr
    assert "discover servers: 16 found" in servers and "skipped 99: Windows server" in servers, servers[-2000:]
    rooms = json.loads(flow.run_of("govops inventory list rooms").stdout)
    assert len(rooms) == 57


def test_demo_on_the_running_lab_prints_the_city(flow: Flow, capsys: pytest.CaptureFixture[str]) -> None:
    f = flow.demo["figures"]
    assert isinstance(f, dict)
    assert f["rooms_total"] == 57 and f["devices_total"] == 635  # the city's devices: none added by the lab
    assert f["servers_total"] == 318 and f["systems_total"] == 182
    # The demo moves the city's dates to the day it runs (inventory/demo-city/city.toml), so its six
    # level-3 passes lie within the year before it (KPI dengbao_l3_pass_rate: Suining's 6 of 182), any year.
    assert f["systems_on_cloud"] == 20 and f["dengbao_level3_passed"] == 6
    assert f["room_pue_declared"] > 2.2 and 0.1 < f["domestic_server_rate"] < 0.3
    found = flow.demo["discovered"]
    assert isinstance(found, dict)
    assert found["snmp"]["found"] == 315 and found["servers"]["read"] == 16
    # The servers level-3 systems run on first (Kunpeng, Phytium among them), then one per CPU + OS: as declared.
    assert found["servers"]["verdicts"] == {"domestic": 5, "foreign": 11}
    assert found["ssh"]["discovered"] == found["ssh"]["devices"] > 100
    # The demo has its own store; the table view of the same figures:
    assert (flow.home / "demo" / "govops.db").exists()
    from govops.cli.demo import render_summary

    capsys.readouterr()
    render_summary(flow.demo)
    table = capsys.readouterr().out
    for label in ("机房", "在用 active", "服务器 server", "已上云 migrated", "上云率", "关键指标"):
        assert label in table, label
    assert "上云系统占比" not in table  # the headline's figures are the KPI catalogue's, not a second definition


def test_demo_headline_is_report_kpi(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's headline KPIs are `govops report kpi`'s: the same keys, labels and values, on the demo store."""
    res = _govops(flow.home, "report", "kpi", "--format", "json", db=flow.demo_db)
    assert res.returncode == 0, res.stderr[-3000:]
    report = json.loads(res.stdout)["kpis"]
    assert flow.demo["kpis"] == report
    by_key = {k["key"]: k for k in report}
    cloud = by_key["cloud_rate"]  # active, non-classified self-built systems: 20 of 111, not 20 of all 182
    assert (cloud["numerator"], cloud["denominator"]) == (20, 111)
    l3 = by_key["dengbao_l3_pass_rate"]
    assert (l3["numerator"], l3["denominator"]) == (6, 182)
    from rich.console import Console

    from govops.cli import output
    from govops.cli.demo import render_summary

    wide = Console(width=240, record=True, file=io.StringIO())
    monkeypatch.setattr(output, "console", wide)
    monkeypatch.setattr("govops.cli.demo.console", wide)
    render_summary(flow.demo)
    table = wide.export_text()
    for k in report:
        assert k["key"] in table and f"{k['label_zh']} {k['label_en']}" in table, k["key"]
    assert "18.0%" in table and "20/111" in table and "3.3%" in table and "6/182" in table


def test_servers_carry_a_spread_of_dengbao_settings(flow: Flow) -> None:
    """The demo checked the city's served servers over real Ansible and sshd: some pass everything, some do not."""
    from sqlalchemy import func, select

    from govops.store.db import make_engine, session_scope
    from govops.store.models import Device, HostCheck

    with session_scope(make_engine(flow.demo_db)) as s:
        rows = s.execute(
            select(Device.name, HostCheck.status, func.count())
            .join(HostCheck, HostCheck.device_id == Device.id)
            .group_by(Device.name, HostCheck.status)
        ).all()
    per_host: dict[str, dict[str, int]] = {}
    for name, status, n in rows:
        per_host.setdefault(name, {})[status] = n
    assert len(per_host) == 16 and all(sum(c.values()) == 11 for c in per_host.values())
    assert any(c.get("pass") == 11 for c in per_host.values()), "a hardened server passes every rule"
    assert any(c.get("fail", 0) >= 8 for c in per_host.values()), "a legacy server fails most"


def test_lab_host_keys_are_checked_never_learnt_by_the_user(flow: Flow) -> None:
    """`discover servers`, `audit hosts` and `govops demo` reached the lab's servers with host-key checking on,
    against the keys the lab handed over: the user's own ~/.ssh/known_hosts learnt none of them."""
    from sqlalchemy import select

    from govops.store.db import make_engine, session_scope
    from govops.store.models import Device

    names = []
    for db in (f"sqlite:///{flow.home / 'govops.db'}", flow.demo_db):
        with session_scope(make_engine(db)) as s:
            served = [(d.mgmt_ip, d.ssh) for d in s.scalars(select(Device).where(Device.kind == "server"))
                      if d.ssh and d.ssh.get("root")]  # fmt: skip
        assert len(served) == 16 and all(ssh.get("known_hosts") for _ip, ssh in served), db
        names += [f"[{ip}]:{ssh['port']}" for ip, ssh in served]
    assert user_known(names) == []


def _govops(home: Path, *args: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
    """One govops command with its own home (and store, when ``db`` names one), outside the flow's trace."""
    env = {**os.environ, "GOVOPS_HOME": str(home)}
    env.pop("GOVOPS_DB", None)
    if db is not None:
        env["GOVOPS_DB"] = db
    argv = [str(Path(sys.executable).with_name("govops")), *args]
    return subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, check=False)


def test_demo_remediation_report_shows_ready_and_failing_level3_systems(flow: Flow) -> None:
    """The lab serves the servers level-3 systems run on, so `report dengbao` on the demo store shows real checks."""
    res = _govops(flow.home, "report", "dengbao", "--format", "json", db=flow.demo_db)
    assert res.returncode == 0, res.stderr[-3000:]
    report = json.loads(res.stdout)
    rows = next(t["rows"] for s in report["sections"] for t in s["tables"] if t["key"] == "dengbao_systems")
    assert all(r["level"] >= 3 for r in rows) and len(rows) == 10
    failing = [r for r in rows if r["failing"] > 0 and r["clauses"].startswith("8.1.4.")]
    assert failing, "a level-3 system runs on a checked server that fails clauses"
    assert any(r["ready"] and r["devices"] == r["ready_devices"] > 0 for r in rows), "a level-3 system is ready"
    ready = next(k for k in report["kpis"] if k["key"] == "dengbao_technical_ready_rate")
    assert 0 < ready["value"] < 1 and ready["denominator"] == 10, ready


@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_export_after_discovery_reimports_to_the_same_store(flow: Flow, tmp_path: Path, fmt: str) -> None:
    """`inventory export` of the discovered city, imported into an empty store, exports the same again."""
    govops = _govops
    first = tmp_path / f"first.{fmt}"
    assert govops(flow.home, "inventory", "export", "--format", fmt, "--out", str(first)).returncode == 0
    again = tmp_path / "again"
    assert govops(again, "init").returncode == 0
    res = govops(again, "inventory", "import", str(first))
    assert res.returncode == 0, res.stderr[-3000:]
    # The same store: the same documents (a mapping's key order is not content).
    import yaml

    docs = {h: yaml.safe_load(govops(h, "inventory", "export", "--format", "yaml").stdout) for h in (flow.home, again)}
    # Lossless in both formats: a judged verdict travels with its evidence (xlsx: one JSON cell, issue 14).
    assert docs[flow.home] == docs[again]


def test_shipped_agents_poll_the_lab(flow: Flow) -> None:
    """agents/*.example.yml as shipped, on the lab the README started: the checks passed (above), and each
    agent that polls the city's devices serves them."""
    for kind in AGENT_KINDS:
        ran = flow.run_of(f"govops agent {kind} --config")
        assert ran.exit_code == 0 and "error" not in ran.stderr, f"{ran.command}\n{ran.stderr[-2000:]}"
    # The city's network devices as discovery names them (vocab NETWORK_KINDS): 144 switches, 15 routers and
    # 19 firewalls (3 of them Hillstone) of its 315 SNMP devices.
    assert "178 targets, 31 links, 0 skipped" in flow.run_of("govops agent bandwidth --config").stdout
    assert "2 rooms, 77 devices, 0 skipped" in flow.run_of("govops agent power --config").stdout
    up = [ln for ln in flow.scrapes["bandwidth"].splitlines() if ln.startswith("govops_target_up{")]
    assert up and all(ln.endswith(" 1") for ln in up), up
    assert 'govops_room_pue_valid{reason="ok",room="R01"} 1' in flow.scrapes["power"]


def test_every_demo_hint_works(flow: Flow) -> None:
    hints = flow.demo["hints"]
    assert isinstance(hints, list)
    assert any("govops agent power --config agents/power.example.yml" in h for h in hints)
    for hint in hints:
        ran = flow.run_of(str(hint))
        assert ran.exit_code == 0, f"{ran.command}\n{ran.stderr[-2000:]}"
