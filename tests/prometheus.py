"""The one Prometheus for tests: a real server on a free loopback port, its own directory, its API.

Tests ask for the ``prometheus`` fixture (tests/conftest.py), a factory:
``prom = prometheus(scrape_configs, rule_files=[...], interval="1s")`` starts a server,
waits until it is ready, and stops it at the end of the test session (or module, for the
factory of that scope). ``prom.query(expr)`` and ``prom.wait_for(expr)`` read its API.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from govops.lab.process import LOOPBACK, free_tcp_port, stop_pid

PROMETHEUS = "/usr/bin/prometheus"
PROMTOOL = "/usr/bin/promtool"
READY_TIMEOUT_S = 60.0


def binary(name: str = "prometheus") -> str:
    """Path of ``prometheus``/``promtool``; a failure (not a skip) when missing: it is a system dependency."""
    found = shutil.which(name) or (PROMETHEUS if name == "prometheus" else PROMTOOL)
    if not Path(found).exists():
        pytest.fail(f"{name} is not installed (scripts/install-system-deps.sh installs it)")
    return found


def static_job(name: str, targets: Sequence[str], **extra: Any) -> dict[str, Any]:
    """A scrape job over fixed ``host:port`` targets (``extra``: scheme, tls_config, basic_auth ...)."""
    return {"job_name": name, "static_configs": [{"targets": list(targets)}], **extra}


def documented_job(doc: Path, name: str) -> dict[str, Any]:
    """The scrape job ``name`` as the page ``doc`` gives it to copy (one of its ```yaml blocks), to run as written."""
    blocks = re.findall(r"```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    (job,) = [j for block in blocks for j in yaml.safe_load(block) or () if isinstance(j, dict)
              and j.get("job_name") == name]  # fmt: skip
    return dict(job)


@dataclass
class PrometheusServer:
    """A running Prometheus: its URL, directory and process."""

    url: str
    folder: Path
    process: subprocess.Popen[bytes]
    _log: Any = field(repr=False, default=None)

    @property
    def log(self) -> str:
        """The server's log so far (for failure messages)."""
        return (self.folder / "prometheus.log").read_text(errors="replace")

    def api(self, path: str, **params: str) -> Any:
        """GET ``/api/v1/<path>`` and return its ``data`` (asserts ``status == success``)."""
        url = f"{self.url}/api/v1/{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        with urllib.request.urlopen(url, timeout=10) as resp:
            doc = json.load(resp)
        assert doc["status"] == "success", doc
        return doc["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        """Instant query; the result vector."""
        return list(self.api("query", query=expr)["result"])

    def wait_for(
        self, expr: str, *, timeout: float = 30.0, until: Callable[[list[dict[str, Any]]], bool] = bool
    ) -> list[dict[str, Any]]:
        """Query ``expr`` until ``until(result)`` holds; fail the test with the log after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while True:
            result = self.query(expr)
            if until(result):
                return result
            if time.monotonic() > deadline:
                pytest.fail(f"Prometheus: {expr} not satisfied within {timeout:g} s: {result}\n{self.log[-2000:]}")
            time.sleep(0.3)

    def firing(self) -> set[str]:
        """Names of the alerts firing now."""
        return {a["labels"]["alertname"] for a in self.api("alerts")["alerts"] if a["state"] == "firing"}

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        stop_pid(self.process.pid, grace=10)
        self.process.wait(timeout=5)
        if self._log is not None:
            self._log.close()


def start_prometheus(
    folder: Path,
    scrape_configs: Sequence[dict[str, Any]],
    *,
    rule_files: Sequence[Path] = (),
    interval: str = "1s",
    scrape_timeout: str | None = None,
    external_labels: dict[str, str] | None = None,
    remote_write: Sequence[str] = (),
    receiver: bool = False,
) -> PrometheusServer:
    """Write a config in ``folder`` (checked by promtool), start Prometheus on a free port, wait until ready.

    ``external_labels`` name this server to the one that federates it or that it writes to (a site);
    ``remote_write``: URLs of servers it sends its samples to (each within a second); ``receiver``:
    accept samples sent by others (``/api/v1/write``, ``--web.enable-remote-write-receiver``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    glob: dict[str, Any] = {"scrape_interval": interval, "evaluation_interval": interval}
    if scrape_timeout:
        glob["scrape_timeout"] = scrape_timeout
    if external_labels:
        glob["external_labels"] = dict(external_labels)
    config: dict[str, Any] = {"global": glob, "rule_files": [str(p) for p in rule_files],
                              "scrape_configs": list(scrape_configs)}  # fmt: skip
    if remote_write:
        config["remote_write"] = [{"url": url, "queue_config": {"batch_send_deadline": "1s"}} for url in remote_write]
    cfg = folder / "prometheus.yml"
    cfg.write_text(yaml.safe_dump(config), encoding="utf-8")
    check = subprocess.run([binary("promtool"), "check", "config", str(cfg)], capture_output=True, text=True,
                           check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    port = free_tcp_port()
    log = (folder / "prometheus.log").open("wb")
    proc = subprocess.Popen(
        [binary(), f"--config.file={cfg}", f"--storage.tsdb.path={folder / 'data'}",
         f"--web.listen-address={LOOPBACK}:{port}", "--log.level=warn",
         *(["--web.enable-remote-write-receiver"] if receiver else [])],
        stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )  # fmt: skip
    server = PrometheusServer(f"http://{LOOPBACK}:{port}", folder, proc, log)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"prometheus exited: {server.log[-2000:]}")
        try:
            with urllib.request.urlopen(server.url + "/-/ready", timeout=1) as resp:
                if resp.status == 200:
                    return server
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    server.stop()
    pytest.fail(f"prometheus not ready within {READY_TIMEOUT_S:g} s: {server.log[-2000:]}")


class PrometheusFactory:
    """Starts Prometheus servers in per-server directories and stops them all at the end."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self.tmp = tmp
        self.servers: list[PrometheusServer] = []

    def __call__(self, scrape_configs: Sequence[dict[str, Any]], **kwargs: Any) -> PrometheusServer:
        server = start_prometheus(self.tmp.mktemp("prometheus"), scrape_configs, **kwargs)
        self.servers.append(server)
        return server

    def stop_all(self) -> None:
        for server in self.servers:
            server.stop()
        self.servers.clear()
