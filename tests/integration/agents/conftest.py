"""Real agent processes for the integration tests: the host agent zipapp under /usr/bin/python3, over TLS."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from govops.agent.hostzip import build_host_zipapp
from tests.agenttools import AgentProcess, Tls, make_tls, wait_for_family, write_web_config

SYSTEM_PYTHON = "/usr/bin/python3"

GOOD_PROM = """# HELP backup_last_success_timestamp_seconds Last good backup.
# TYPE backup_last_success_timestamp_seconds gauge
backup_last_success_timestamp_seconds{job="oa-db"} 1.7e9
# TYPE backup_runs_total counter
backup_runs_total{job="oa-db"} 12
"""
BAD_PROM = """# TYPE broken gauge
broken{job="x" 1
"""


@dataclass
class RunningAgent:
    """An agent process and what a test needs to reach it."""

    proc: AgentProcess
    base: str
    tls: Tls
    web_config: Path
    textfile_dir: Path | None = None


@pytest.fixture(scope="session")
def agent_tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    """openssl-made CA, server certificate and key."""
    return make_tls(tmp_path_factory.mktemp("agent-tls"))


@pytest.fixture(scope="session")
def host_zipapp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The host agent zipapp, built as `govops export host-agent` builds it."""
    return build_host_zipapp(tmp_path_factory.mktemp("zipapp") / "govops-host-agent.pyz")


@pytest.fixture(scope="session")
def host_agent(
    host_zipapp: Path, agent_tls: Tls, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningAgent]:
    """The zipapp running under the system Python (isolated mode), TLS, basic auth, textfiles."""
    if not Path(SYSTEM_PYTHON).exists() or not shutil.which("openssl"):
        pytest.fail("the host agent tests need /usr/bin/python3 and openssl")
    folder = tmp_path_factory.mktemp("host-agent")
    textfiles = folder / "textfile"
    textfiles.mkdir()
    (textfiles / "backup.prom").write_text(GOOD_PROM)
    (textfiles / "broken.prom").write_text(BAD_PROM)
    web = write_web_config(folder / "web.yml", agent_tls)
    cfg = folder / "host.yml"
    cfg.write_text(
        "listen: 127.0.0.1:0\n"
        f"web_config_file: {web}\n"
        "failure_threshold: 1\n"
        "defaults: {interval_seconds: 1, timeout_seconds: 1}\n"
        "collectors:\n"
        "  cpu: {}\n  memory: {}\n  filesystem: {}\n  disk: {}\n  network: {}\n  load: {}\n  uptime: {}\n"
        "  hostinfo: {}\n"
        f"  textfile: {{directory: {textfiles}}}\n"
    )
    proc = AgentProcess(["-I", str(host_zipapp), "--config", str(cfg)], python=SYSTEM_PYTHON)
    agent = RunningAgent(proc, f"https://127.0.0.1:{proc.port}", agent_tls, web, textfiles)
    wait_for_family(agent.base, "govops_host_info", ca=agent_tls.ca)
    yield agent
    proc.stop()
