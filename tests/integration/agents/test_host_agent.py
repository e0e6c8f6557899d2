"""The host agent for real: the zipapp under /usr/bin/python3, scraped over TLS, checked against /proc."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from tests.agenttools import PASSWORD, AgentProcess, fetch, parse_samples
from tests.integration.agents.conftest import SYSTEM_PYTHON, RunningAgent

pytestmark = pytest.mark.integration


def scrape(agent: RunningAgent) -> dict[str, float]:
    status, body = fetch(agent.base + "/metrics", ca=agent.tls.ca)
    assert status == 200, body
    return parse_samples(body)


def wait_for(agent: RunningAgent, key: str, timeout: float = 20) -> dict[str, float]:
    """Scrape until a sample whose name{labels} starts with ``key`` is there (or the time is up)."""
    deadline = time.monotonic() + timeout
    while True:
        s = scrape(agent)
        if any(k.startswith(key) for k in s) or time.monotonic() > deadline:
            return s
        time.sleep(0.2)


def test_zipapp_runs_on_system_python_and_serves_tls(host_agent: RunningAgent) -> None:
    s = wait_for(host_agent, "govops_host_info{")
    for name in ("cpu", "memory", "filesystem", "disk", "network", "load", "uptime", "hostinfo"):
        assert s[f'govops_collector_success{{collector="{name}"}}'] == 1, name
    info = [k for k in s if k.startswith("govops_host_info{")]
    assert len(info) == 1
    assert f'arch="{os.uname().machine}"' in info[0]
    assert 'python="3.' in next(k for k in s if k.startswith("govops_agent_info{"))
    # The zipapp (the classifier module itself, bundled tables) says what the installed package says.
    from govops.collectors.host import HostPaths
    from govops.collectors.hostclass import classify_host
    from govops.collectors.hostinfo import read_identity

    full = classify_host(*read_identity(HostPaths()))
    for label in ("cpu_vendor", "os_id", "os_version", "domestic_cpu", "domestic_os"):
        assert f'{label}="{getattr(full, label)}"' in info[0], (label, info[0])
    assert fetch(host_agent.base + "/healthz", ca=host_agent.tls.ca) == (200, "ok\n")
    assert fetch(host_agent.base + "/metrics/x", ca=host_agent.tls.ca)[0] == 404


def _proc_cpu0_idle() -> float:
    with open("/proc/stat") as fh:
        for line in fh:
            if line.startswith("cpu0 "):
                return int(line.split()[4]) / os.sysconf("SC_CLK_TCK")
    raise AssertionError("no cpu0 in /proc/stat")


def _meminfo(key: str) -> int:
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise AssertionError(key)


def test_figures_agree_with_proc(host_agent: RunningAgent) -> None:
    before = _proc_cpu0_idle()
    s = wait_for(host_agent, 'node_cpu_seconds_total{cpu="0",mode="idle"}')
    after = _proc_cpu0_idle()
    idle = s['node_cpu_seconds_total{cpu="0",mode="idle"}']
    # The agent polls every second: its value lies between a read one poll earlier and now.
    assert before - 2.5 <= idle <= after + 0.01
    assert s["node_memory_MemTotal_bytes"] == _meminfo("MemTotal")
    assert abs(s["node_memory_MemAvailable_bytes"] - _meminfo("MemAvailable")) < 0.2 * _meminfo("MemTotal")
    with open("/proc/stat") as fh:
        btime = next(int(line.split()[1]) for line in fh if line.startswith("btime "))
    assert s["node_boot_time_seconds"] == btime
    with open("/proc/loadavg") as fh:
        load1 = float(fh.read().split()[0])
    assert abs(s["node_load1"] - load1) < 3
    st = os.statvfs("/")
    root = next(k for k in s if k.startswith("node_filesystem_size_bytes{") and 'mountpoint="/"' in k)
    assert s[root] == st.f_blocks * st.f_frsize
    with open("/proc/net/dev") as fh:
        lo = next(line for line in fh if line.strip().startswith("lo:"))
    lo_rx_now = int(lo.split(":")[1].split()[0])
    assert 0 < s['node_network_receive_bytes_total{device="lo"}'] <= lo_rx_now
    with open("/proc/diskstats") as fh:
        disks = {line.split()[2]: line.split() for line in fh}
    dev = next(k.split('"')[1] for k in s if k.startswith("node_disk_reads_completed_total{"))
    assert s[f'node_disk_reads_completed_total{{device="{dev}"}}'] <= int(disks[dev][3])
    assert s[f'node_disk_read_bytes_total{{device="{dev}"}}'] <= int(disks[dev][5]) * 512
    assert not any(k.startswith("node_disk_reads_completed_total{") and "loop" in k for k in s)


def test_bad_textfile_skipped_and_reported(host_agent: RunningAgent) -> None:
    s = wait_for(host_agent, 'backup_runs_total{job="oa-db"}')
    assert s['backup_runs_total{job="oa-db"}'] == 12
    assert s['backup_last_success_timestamp_seconds{job="oa-db"}'] == 1.7e9
    assert s["govops_textfile_scrape_error"] == 1
    assert s['govops_textfile_file_error{file="broken.prom"}'] == 1
    assert 'govops_textfile_mtime_seconds{file="backup.prom"}' in s
    assert not any(k.startswith("broken") for k in s)
    logs = [r for r in host_agent.proc.records() if r.get("msg") == "textfile skipped"]
    assert logs and "broken.prom:2" in logs[0]["error"]
    # Fixing the file is picked up on the next poll, no restart.
    assert host_agent.textfile_dir is not None
    tmp = host_agent.textfile_dir / "broken.prom.tmp"
    tmp.write_text('# TYPE broken gauge\nbroken{job="x"} 1\n')
    tmp.rename(host_agent.textfile_dir / "broken.prom")
    deadline = time.monotonic() + 10
    while 'broken{job="x"}' not in s and time.monotonic() < deadline:
        time.sleep(0.2)
        s = scrape(host_agent)
    assert s['broken{job="x"}'] == 1
    assert s["govops_textfile_scrape_error"] == 0


def test_wrong_password_is_401_and_logged_without_it(host_agent: RunningAgent) -> None:
    wrong = "Not-The-Password-7731"
    status, _ = fetch(host_agent.base + "/metrics", ca=host_agent.tls.ca, password=wrong)
    assert status == 401
    time.sleep(0.2)
    log = host_agent.proc.log()
    assert '"msg": "unauthorized request"' in log and '"user": "prometheus"' in log
    assert wrong not in log and PASSWORD not in log


def test_agent_stops_cleanly_on_sigterm(tmp_path: Path, host_zipapp: Path) -> None:
    cfg = tmp_path / "host.yml"
    cfg.write_text("collectors: [load, uptime]\nlog_format: json\n")
    proc = AgentProcess([str(host_zipapp), "--config", str(cfg), "--listen", "127.0.0.1:0"], python=SYSTEM_PYTHON)
    status, body = fetch(f"http://127.0.0.1:{proc.port}/metrics", user=None, password=None)
    assert status == 200 and "node_boot_time_seconds" in body
    assert proc.stop() == 0
    msgs = [r["msg"] for r in proc.records()]
    assert msgs[-2:] == ["shutting down", "stopped"]


def test_port_in_use_and_broken_config_exit_2(cli: object, tmp_path: Path) -> None:
    from tests.conftest import Cli

    assert isinstance(cli, Cli)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        res = cli("agent", "host", "--listen", f"127.0.0.1:{port}")
    assert res.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}: address already in use" in res.stderr
    cfg = tmp_path / "host.yml"
    cfg.write_text("collectors:\n  cpu: {}\n  filesytem: {}\n")
    res = cli("agent", "host", "--config", str(cfg))
    assert res.exit_code == 2
    assert f"{cfg}:3: " in res.stderr and "did you mean `filesystem`" in res.stderr
    cfg.write_text("collectors:\n  textfile: {directory: /tmp, interval_seconds: -1}\n")
    res = cli("agent", "host", "--config", str(cfg))
    assert res.exit_code == 2 and f"{cfg}:2: " in res.stderr and "interval_seconds" in res.stderr
