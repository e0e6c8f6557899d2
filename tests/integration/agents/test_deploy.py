"""`govops agent deploy` runs playbooks/deploy-agents.yml through ansible-runner, over real SSH.

A private sshd listens on a free loopback port (own host key, own authorised key). Two
inventory hosts reach it, each installing into its own temporary root: one gets every agent
kind (host zipapp; bandwidth, power and inventory from this test's govops virtual environment),
each config checked on the target, each unit written with the host's paths, and each agent is
then started from its installed unit and scraped. There is no systemd manager here (PID 1 is
not systemd): ``systemd-analyze verify`` checks every installed unit as systemd would load it, and
the test runs each unit's ExecStart with its Environment and EnvironmentFile, as systemd would. The other
host has a broken config: the play stops on that host with the line named; the first goes on.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.lab.process import free_tcp_port
from govops.lab.sshd import Sshd, start_sshd
from tests.conftest import Cli
from tests.storetools import store_backend

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    """The lab's real sshd on a free loopback port, with its own host key and one authorised client key."""
    server = start_sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


@pytest.mark.skipif(store_backend() != "sqlite", reason="uses no store: once, in the SQLite pass")
def test_syntax_check(cli: Cli, tmp_path: Path) -> None:
    inv = tmp_path / "inv.yml"
    inv.write_text("all:\n  hosts:\n    h1: {ansible_connection: local}\n")
    res = cli("agent", "deploy", "--inventory", str(inv), "--syntax-check", "--json")
    assert res.exit_code == 0, res.stdout + res.stderr
    assert res.json()["status"] == "successful"


def start_unit(unit: Path) -> subprocess.Popen[bytes]:
    """Start what an installed unit starts: its ExecStart, with its Environment and EnvironmentFile."""
    env = {"PATH": os.environ["PATH"]}
    argv: list[str] = []
    for line in unit.read_text().splitlines():
        key, _, value = line.partition("=")
        if key == "Environment":
            name, _, val = value.partition("=")
            env[name] = val
        elif key == "EnvironmentFile":
            path = Path(value.removeprefix("-"))
            if path.exists():
                pairs = (ln.split("=", 1) for ln in path.read_text().splitlines() if "=" in ln and ln[0] != "#")
                env.update({k: v.strip("'\"") for k, v in pairs})
        elif key == "ExecStart":
            argv = shlex.split(value)
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def verify_units(unit_dir: Path, names: list[str]) -> None:
    """systemd's own check of the installed units: syntax, every key known and valid, ExecStart executable.

    ``systemd-analyze verify`` needs no running systemd (this machine's PID 1 is not systemd, so
    ``systemctl start`` cannot run here); it exits 0 even for unknown keys, so any output fails too.
    """
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI"):
            raise AssertionError("systemd-analyze is missing (scripts/install-system-deps.sh installs systemd)")
        return
    for name in names:
        res = subprocess.run([analyze, "verify", "--man=no", str(unit_dir / name)], capture_output=True, text=True,
                             timeout=60, check=False)
        assert res.returncode == 0 and not (res.stdout + res.stderr).strip(), (name, res.stdout + res.stderr)


def scrape(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise AssertionError(f"agent exited {proc.returncode}: {err}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
                return str(resp.read().decode())
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no /metrics on port {port} within {timeout:g} s")


@pytest.mark.skipif(store_backend() != "sqlite", reason="one store per backend is enough: once, in the SQLite pass")
def test_deploy_installs_and_starts_every_agent_and_stops_on_a_bad_config(
    store_cli: Cli, tmp_path: Path, host_zipapp: Path, sshd: Sshd
) -> None:
    ports = {kind: free_tcp_port() for kind in ("host", "bandwidth", "power", "inventory")}
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "host.yml").write_text(f"listen: 127.0.0.1:{ports['host']}\ncollectors: [cpu, memory, load]\n")
    (cfg / "bad.yml").write_text("collectors:\n  cpu: {}\n  memroy: {}\n")
    snmp_port = free_tcp_port()  # nothing answers there: the agent starts and reports the switch down
    (cfg / "bandwidth.yml").write_text(
        f"listen: 127.0.0.1:{ports['bandwidth']}\ninterval_seconds: 30\ntargets:\n  - name: sw-core-01\n"
        f"    address: 127.0.0.1:{snmp_port}\n    snmp: {{version: 2c, community: {{env: SW_COMMUNITY}}}}\n")
    (cfg / "power.yml").write_text(
        f"listen: 127.0.0.1:{ports['power']}\nrooms:\n  - room: DC-A\n    devices:\n      - name: ups-1\n"
        f"        kind: snmp\n        address: 127.0.0.1:{snmp_port}\n        community_env: UPS_COMMUNITY\n"
        "        measures: it\n        point: ups_output\n")
    (cfg / "inventory.yml").write_text(f"listen: 127.0.0.1:{ports['inventory']}\n")
    (cfg / "agent.env").write_text(
        f"# secrets\nSW_COMMUNITY='s3cret'\nUPS_COMMUNITY=ups\nGOVOPS_DB={store_cli.db_url}\n")

    (cfg / "unset.yml").write_text("targets:\n  - name: sw-1\n    address: 127.0.0.1\n"
                                   "    snmp: {version: 2c, community: {env: NOPE}}\n")

    def host(name: str, agents: list[str], host_cfg: Path, bandwidth_cfg: Path = cfg / "bandwidth.yml") -> str:
        root = tmp_path / name
        hv = {
            "ansible_host": "127.0.0.1", "ansible_port": sshd.port, "ansible_user": sshd.user,
            "ansible_ssh_private_key_file": str(sshd.client_key), "ansible_python_interpreter": "/usr/bin/python3",
            "govops_prefix": str(root / "opt"), "govops_etc": str(root / "etc"), "govops_unit_dir": str(root / "unit"),
            "govops_state_dir": str(root / "state"), "govops_textfile_dir": str(root / "textfile"),
            "govops_create_user": False, "govops_manage_service": False, "govops_agents": agents,
            "govops_host_config": str(host_cfg), "govops_bandwidth_config": str(bandwidth_cfg),
            "govops_power_config": str(cfg / "power.yml"), "govops_inventory_config": str(cfg / "inventory.yml"),
            "govops_env_file": str(cfg / "agent.env"),
        }
        return f"    {name}: {json.dumps(hv)}\n"

    inv = tmp_path / "inv.yml"
    inv.write_text("all:\n  hosts:\n" + host("mgmt-01", ["host", "bandwidth", "power", "inventory"], cfg / "host.yml")
                   + host("srv-uos-02", ["host"], cfg / "bad.yml")
                   + host("mgmt-02", ["bandwidth"], cfg / "host.yml", cfg / "unset.yml"))
    res = store_cli("agent", "deploy", "--inventory", str(inv), "--zipapp", str(host_zipapp), "--json", "--forks", "3",
                    "--venv", sys.prefix)
    assert res.exit_code == 1, res.stdout + res.stderr
    hosts = {h["host"]: h for h in res.json()["hosts"]}
    assert hosts["mgmt-01"]["failed"] == 0, hosts["mgmt-01"]
    assert hosts["srv-uos-02"]["failed"] == 1
    assert "etc/host.yml:3: " in hosts["srv-uos-02"]["error"] and "memroy" in hosts["srv-uos-02"]["error"]
    assert not (tmp_path / "srv-uos-02" / "unit" / "govops-host-agent.service").exists()
    # The check runs with the unit's environment: a community whose variable the env file lacks stops that host.
    assert hosts["mgmt-02"]["failed"] == 1 and "NOPE" in hosts["mgmt-02"]["error"], hosts["mgmt-02"]
    assert not (tmp_path / "mgmt-02" / "unit" / "govops-bandwidth-agent.service").exists()

    root = tmp_path / "mgmt-01"
    assert (root / "opt" / "govops-host-agent.pyz").read_bytes() == host_zipapp.read_bytes()
    for kind in ports:
        assert (root / "etc" / f"{kind}.yml").read_text() == (cfg / f"{kind}.yml").read_text()
    unit = (root / "unit" / "govops-host-agent.service").read_text()
    for hardening in ("User=govops", "NoNewPrivileges=yes", "ProtectSystem=strict", "CapabilityBoundingSet=\n"):
        assert hardening in unit
    site_unit = (root / "unit" / "govops-bandwidth-agent.service").read_text()
    assert f"ExecStart={sys.prefix}/bin/govops agent bandwidth --config {root}/etc/bandwidth.yml\n" in site_unit
    assert f"ReadWritePaths={root}/state\n" in site_unit and "/opt/govops" not in site_unit

    verify_units(root / "unit", [f"govops-{kind}-agent.service" for kind in ports])
    procs = {kind: start_unit(root / "unit" / f"govops-{kind}-agent.service") for kind in ports}
    try:
        for kind, proc in procs.items():
            wanted = "node_load1 " if kind == "host" else f'govops_agent_info{{agent="{kind}"'
            assert wanted in scrape(ports[kind], proc), kind
    finally:
        for proc in procs.values():
            proc.terminate()
            proc.wait(10)


def test_unknown_agent_kind_is_bad_usage(cli: Cli, tmp_path: Path) -> None:
    inv = tmp_path / "inv.yml"
    inv.write_text("all:\n  hosts:\n    h1: {ansible_connection: local}\n")
    bad = cli("agent", "deploy", "-i", str(inv), "--agent", "router")
    assert bad.exit_code == 2 and "unknown agent kind router" in bad.stderr


@pytest.mark.skipif(not os.environ.get("GOVOPS_WHEELHOUSE_TEST"),
                    reason="minutes (about 5 at load 9): builds a wheelhouse of govops and its ~47 dependencies "
                           "and installs it offline over SSH; "
                           "run with GOVOPS_WHEELHOUSE_TEST=1")
def test_deploy_installs_a_site_agent_offline_from_a_wheelhouse(cli: Cli, tmp_path: Path, sshd: Sshd) -> None:
    """`--wheelhouse`: the play copies the wheels, makes the virtual environment with the target's python3,
    installs govops with `pip --no-index` (nothing fetched), checks the config with that govops, writes the
    unit with the new venv's path; the installed agent then starts from its unit and answers."""
    wheels = tmp_path / "wheelhouse"
    started = time.monotonic()
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", str(REPO), "-w", str(wheels)],
                           capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    build_s = time.monotonic() - started
    port = free_tcp_port()
    cfg = tmp_path / "bandwidth.yml"
    community = tmp_path / "community"
    community.write_text("public\n")
    cfg.write_text(f"listen: 127.0.0.1:{port}\ninterval_seconds: 30\ntargets:\n  - name: sw-1\n"
                   f"    address: 127.0.0.1:{free_tcp_port()}\n"
                   f"    snmp: {{version: 2c, community: {{file: {community}}}}}\n")
    root = tmp_path / "site"
    hv = {
        "ansible_host": "127.0.0.1", "ansible_port": sshd.port, "ansible_user": sshd.user,
        "ansible_ssh_private_key_file": str(sshd.client_key), "ansible_python_interpreter": "/usr/bin/python3",
        "govops_prefix": str(root / "opt"), "govops_etc": str(root / "etc"), "govops_unit_dir": str(root / "unit"),
        "govops_state_dir": str(root / "state"), "govops_textfile_dir": str(root / "textfile"),
        "govops_create_user": False, "govops_manage_service": False, "govops_agents": ["bandwidth"],
        "govops_bandwidth_config": str(cfg), "govops_site_python": "/usr/bin/python3",
    }
    inv = tmp_path / "inv.yml"
    inv.write_text(f"all:\n  hosts:\n    mgmt-01: {json.dumps(hv)}\n")
    started = time.monotonic()
    res = cli("agent", "deploy", "--inventory", str(inv), "--json", "--wheelhouse", str(wheels))
    deploy_s = time.monotonic() - started
    assert res.exit_code == 0, res.stdout + res.stderr
    venv = root / "opt" / "venv"
    assert (root / "opt" / "wheelhouse" / next(wheels.glob("govops-*.whl")).name).exists()
    unit = (root / "unit" / "govops-bandwidth-agent.service").read_text()
    assert f"ExecStart={venv}/bin/govops agent bandwidth --config {root}/etc/bandwidth.yml\n" in unit
    verify_units(root / "unit", ["govops-bandwidth-agent.service"])
    proc = start_unit(root / "unit" / "govops-bandwidth-agent.service")
    try:
        assert 'govops_agent_info{agent="bandwidth"' in scrape(port, proc)
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"wheelhouse built in {build_s:.0f} s, deployed (venv + offline install + check) in {deploy_s:.0f} s")


def test_a_refused_connection_is_reported_in_ssh_s_own_words(cli: Cli, tmp_path: Path) -> None:
    """The play's first task is the SSH login (``raw``, which writes nothing to ssh's stdin): a port nothing listens
    on is reported as ssh says it ('Connection refused', the address named), never as a pipelined module's
    'Broken pipe'."""
    closed = free_tcp_port()
    hv = {"ansible_host": "127.0.0.1", "ansible_port": closed, "ansible_user": "nobody",
          "ansible_python_interpreter": "/usr/bin/python3", "govops_create_user": False,
          "govops_manage_service": False, "govops_prefix": str(tmp_path / "opt")}
    inv = tmp_path / "inv.yml"
    inv.write_text(f"all:\n  hosts:\n    gone: {json.dumps(hv)}\n")
    res = cli("agent", "deploy", "--inventory", str(inv), "--agent", "bandwidth", "--venv", sys.prefix, "--json")
    assert res.exit_code == 1, res.stdout + res.stderr
    host = {h["host"]: h for h in res.json()["hosts"]}["gone"]
    assert host["unreachable"] == 1 and f"port {closed}: Connection refused" in host["error"], host
    assert not (tmp_path / "opt").exists()
