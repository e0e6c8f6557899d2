"""Real Ansible over real SSH: `govops discover servers` against a loopback sshd.

One sshd, one discovery run over every machine profile and every bad host (module
scope: Ansible is slow), then assertions per host. Each inventory host points at the
same sshd with its own fixture root built from the corpus, so the fact module reads a
Kunpeng + Kylin machine for one host and an AMD + Ubuntu machine for the next.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from govops.lab.process import closed_tcp_port
from govops.lab.sshd import Sshd, make_client_key, start_sshd
from govops.store.db import make_engine, session_scope
from govops.store.models import Device, HistoryEntry
from tests.conftest import Cli
from tests.server_profiles import PROFILES, build_root
from tests.storetools import StoreFactory

pytestmark = pytest.mark.integration

# profile -> (overall, cpu vendor, cpu arch, cpu domestic, os id, os domestic, hardware vendor id, software ids)
EXPECTED: dict[str, tuple[str, str, str, bool, str, bool, str | None, list[str]]] = {
    "kunpeng-kylin": ("domestic", "HiSilicon", "aarch64", True, "kylin", True, "huawei", ["dameng"]),
    "phytium-uos": ("domestic", "Phytium", "aarch64", True, "uos-server-uel", True, None, ["kingbase", "tongweb"]),
    "hygon-openeuler": ("domestic", "Hygon", "x86_64", True, "openeuler", True, "sugon", ["gaussdb"]),
    "loongson-anolis": ("domestic", "Loongson", "loongarch64", True, "anolis", True, None, []),
    "zhaoxin-opencloudos": ("domestic", "Zhaoxin", "x86_64", True, "opencloudos", True, None, ["oceanbase"]),
    "loongson3a3000-neokylin": ("domestic", "Loongson", "mips64", True, "neokylin", True, None, []),
    "kunpeng-centos8": ("foreign", "HiSilicon", "aarch64", True, "centos", False, None, []),
    "intel-centos7": ("foreign", "Intel", "x86_64", False, "centos", False, "dell", ["oracle-db", "weblogic"]),
    "amd-ubuntu": ("foreign", "AMD", "x86_64", False, "ubuntu", False, "supermicro", ["mysql"]),
}


def _bad_roots(corpus: Path, base: Path) -> dict[str, Path]:
    kunpeng = corpus / "cpu/kunpeng920_hwloc_XA320V2/proc_cpuinfo"
    kylin = next(p for p in PROFILES if p.name == "kunpeng-kylin")
    roots = {}
    for name in ("empty-osrelease", "missing-osrelease", "unknown-distro", "truncated-cpuinfo"):
        roots[name] = root = build_root(corpus, kylin, base / name)
        # Different machines: not the Kunpeng's serial (it would reconcile onto that server).
        (root / "sys/class/dmi/id/product_serial").write_text(f"LAB-{name}\n")
    for name in ("empty-osrelease", "missing-osrelease"):
        # Nothing else may name the system either, or the release files rightly would.
        for f in ("etc/system-release", "etc/lsb-release"):
            (roots[name] / f).unlink()
        (roots[name] / "proc/sys/kernel/osrelease").write_text("5.10.0-1-generic\n")
    (roots["empty-osrelease"] / "etc/os-release").write_text("")
    (roots["missing-osrelease"] / "etc/os-release").unlink()
    (roots["unknown-distro"] / "etc/os-release").write_text('NAME="Nobody Knows OS"\nID=nobodyknows\nVERSION_ID=1\n')
    for f in ("etc/system-release", "etc/lsb-release"):
        (roots["unknown-distro"] / f).unlink()
    (roots["unknown-distro"] / "proc/sys/kernel/osrelease").write_text("5.10.0-1-generic\n")
    # A cpuinfo cut off after the first lines, as a full disk or a killed copy leaves it.
    (roots["truncated-cpuinfo"] / "proc/cpuinfo").write_text("".join(kunpeng.read_text().splitlines(True)[:2]))
    hang = base / "module-timeout"
    (hang / "proc").mkdir(parents=True)
    # Opening a FIFO nobody writes to blocks forever: the module hangs like on a dead NFS mount.
    os.mkfifo(hang / "proc/cpuinfo")
    roots["module-timeout"] = hang
    return roots


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    server = start_sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    with closed_tcp_port() as port:
        yield port


@pytest.fixture(scope="module")
def inventory(corpus: Path, sshd: Sshd, closed_port: int, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("roots")
    common = {
        "ansible_host": sshd.host, "ansible_port": sshd.port, "ansible_user": sshd.user,
        "ansible_ssh_private_key_file": str(sshd.client_key), "ansible_ssh_common_args": sshd.ssh_args(),
        # The loopback "machines" run the module with this venv's interpreter.
        "ansible_python_interpreter": sys.executable,
    }
    hosts: dict[str, dict[str, Any]] = {}
    for prof in PROFILES:
        hosts[prof.name] = {**common, "govops_root": str(build_root(corpus, prof, base / prof.name))}
    for name, root in _bad_roots(corpus, base).items():
        hosts[name] = {**common, "govops_root": str(root)}
    hosts["module-timeout"]["govops_module_timeout"] = 3
    hosts["unreachable"] = {**common, "ansible_port": closed_port}
    # Its own SSH connection: with the shared ControlMaster of the other hosts (same address,
    # port and user) it would ride on their authenticated session.
    hosts["wrong-key"] = {**common, "ansible_ssh_private_key_file": str(make_client_key(base / "wrong_key")),
                          "ansible_ssh_common_args": sshd.ssh_args() + " -o ControlMaster=no -o ControlPath=none"}
    hosts["no-python"] = {**common, "ansible_python_interpreter": "/nonexistent/python3"}
    path = base / "inventory.yml"
    path.write_text(yaml.safe_dump({"all": {"hosts": hosts}}))
    return path


@pytest.fixture(scope="module")
def run(inventory: Path, tmp_path_factory: pytest.TempPathFactory,
        store_factory: StoreFactory) -> tuple[Cli, dict[str, dict[str, Any]], str]:
    home = tmp_path_factory.mktemp("home")
    cli = Cli(home, store_factory(home, migrated=True))
    assert cli("init").exit_code == 0
    res = cli("discover", "servers", "--inventory", str(inventory), "--forks", "12", "--json", "--save")
    assert res.exit_code == 1, res.stderr  # some hosts are bad on purpose
    doc = res.json()
    return cli, {h["host"]: h for h in doc["hosts"]}, res.stderr


def test_every_host_is_reported(run: tuple[Cli, dict[str, dict[str, Any]], str], inventory: Path) -> None:
    _, hosts, stderr = run
    expected = set(yaml.safe_load(inventory.read_text())["all"]["hosts"])
    assert set(hosts) == expected
    # One summary line on stderr (progress is a bar, on a terminal only): the bad hosts are counted.
    ok = sum(1 for h in hosts.values() if h["status"] == "ok")
    unreachable = sum(1 for h in hosts.values() if h["status"] == "unreachable")
    line = f"discover servers: {ok} found ({ok} changed, 0 unchanged), {unreachable} unreachable, "
    assert line in stderr and f"{len(expected) - ok - unreachable} failed, 0 skipped" in stderr, stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_profile_verdict(run: tuple[Cli, dict[str, dict[str, Any]], str], name: str) -> None:
    overall, vendor, arch, cpu_dom, os_id, os_dom, hw_vendor, software = EXPECTED[name]
    shown = run[1][name]
    assert shown["status"] == "ok", shown
    # One rule for every command: ``domestic`` is the verdict word, ``classification`` the record.
    host = shown["classification"]
    assert shown["domestic"] == host["verdict"] == overall and host["source"] == "ansible"
    word = {True: "domestic", False: "foreign", None: "unknown"}
    assert (host["cpu"]["vendor"], host["cpu"]["arch"], host["cpu"]["verdict"]) == (vendor, arch, word[cpu_dom])
    assert (host["os"]["id"], host["os"]["verdict"]) == (os_id, word[os_dom])
    if hw_vendor is None:
        assert host["vendor"]["verdict"] == "unknown"
    else:
        assert host["vendor"]["evidence"][0]["rule"].startswith(f"vendor:{hw_vendor} ")
    assert [s["id"] for s in host["software"]["items"]] == software
    assert host["cpu"]["evidence"] and host["os"]["evidence"]
    assert shown["facts"]["cpu_logical"] >= 1 and shown["facts"]["memory_mb"] > 0
    assert shown["facts"]["disks"][0]["name"] == "sda" and shown["facts"]["nics"][0]["name"] == "eth0"


@pytest.mark.parametrize(("name", "status", "words"), [
    ("unreachable", "unreachable", "port"),
    ("wrong-key", "auth_failed", "Permission denied"),
    ("no-python", "no_python", "/nonexistent/python3"),
    ("module-timeout", "timeout", "3"),
])
def test_bad_host_is_a_clear_per_host_error(run: tuple[Cli, dict[str, dict[str, Any]], str], name: str,
                                           status: str, words: str) -> None:
    host = run[1][name]
    assert host["status"] == status, f"{host['status']}: {host.get('error')}"
    assert words in host["error"]
    assert host["hint"]
    assert "verdict" not in host


def test_a_hung_module_ends_on_the_host(run: tuple[Cli, dict[str, dict[str, Any]], str], sshd: Sshd) -> None:
    # The task timeout ended the controller's wait; the module, blocked on the host, must end itself too, or
    # each run leaves one more process on the server. The sshd's sessions are this run's (its own port).
    deadline = time.monotonic() + 15
    while (left := sshd.session_pids()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, "still running on the host: " + "; ".join(
        Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace") for pid in left)


@pytest.mark.parametrize(("name", "dimension", "value"), [
    ("empty-osrelease", "os", "empty"),
    ("missing-osrelease", "os", "missing"),
    ("unknown-distro", "os", "nobodyknows"),
    ("truncated-cpuinfo", "cpu", "no vendor_id, CPU implementer or model name"),
])
def test_bad_files_give_unknown_with_evidence(run: tuple[Cli, dict[str, dict[str, Any]], str], name: str,
                                             dimension: str, value: str) -> None:
    assert run[1][name]["status"] == "ok" and run[1][name]["domestic"] == "unknown"
    host = run[1][name]["classification"]
    assert host["verdict"] == "unknown"
    assert host[dimension]["verdict"] == "unknown"
    assert host[dimension]["evidence"][0]["value"] == value


def test_save_reconciles_into_store(run: tuple[Cli, dict[str, dict[str, Any]], str]) -> None:
    cli = run[0]
    engine = make_engine(cli.db_url)
    with session_scope(engine) as s:
        devices = {d.name: d for d in s.scalars(select(Device))}
        kylin = devices["kunpeng-kylin"]
        assert (kylin.kind, kylin.domestic, kylin.cpu_vendor, kylin.arch) == ("server", "domestic", "HiSilicon",
                                                                                 "aarch64")
        assert kylin.serial == "2102312MEA10K9000003"
        assert kylin.os_version == "V10" and kylin.cpu_cores == 128 and kylin.memory_mb == 64000
        assert kylin.classification is not None and kylin.classification["os"]["id"] == "kylin"
        assert devices["amd-ubuntu"].domestic == "foreign"
        assert "unreachable" not in devices, "a host never read is not invented in the store"
        history = s.scalars(select(HistoryEntry).where(HistoryEntry.entity_key == "kunpeng-kylin")).all()
        assert {h.source for h in history} == {"scan"}
        assert any(h.action == "create" for h in history)


def test_store_inventory_with_limit(run: tuple[Cli, dict[str, dict[str, Any]], str], inventory: Path) -> None:
    """Without --inventory the store's servers are the inventory; --limit narrows the run."""
    cli = run[0]
    inv = yaml.safe_load(inventory.read_text())["all"]["hosts"]
    engine = make_engine(cli.db_url)
    with session_scope(engine) as s:
        for name in ("amd-ubuntu", "kunpeng-kylin"):
            hv = inv[name]
            dev = s.scalars(select(Device).where(Device.name == name)).one()
            dev.ssh = {"user": hv["ansible_user"], "port": hv["ansible_port"],
                       "key_file": hv["ansible_ssh_private_key_file"], "python": hv["ansible_python_interpreter"],
                       "ssh_args": hv["ansible_ssh_common_args"], "root": hv["govops_root"]}
            dev.mgmt_ip = "127.0.0.1"
    res = cli("discover", "servers", "--limit", "amd-*", "--json", "--save")
    assert res.exit_code == 0, res.stderr
    hosts = res.json()["hosts"]
    assert [h["host"] for h in hosts] == ["amd-ubuntu"]
    assert hosts[0]["domestic"] == "foreign"
    assert res.json()["saved"]["unchanged"] == ["amd-ubuntu"]


def test_artifacts_rotated_and_events_kept_in_memory(run: tuple[Cli, dict[str, dict[str, Any]], str]) -> None:
    artifacts = run[0].home / "ansible-runner" / "artifacts"
    runs = [p for p in artifacts.iterdir() if p.is_dir()]
    assert 1 <= len(runs) <= 5
    for r in runs:
        assert not any((r / "job_events").iterdir()), "events are read in memory, not written per event"
