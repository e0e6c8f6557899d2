"""Helpers for agent tests: real certificates (openssl), bcrypt web configs, HTTP(S) scrapes."""

from __future__ import annotations

import base64
import json
import os
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import bcrypt

REPO = Path(__file__).resolve().parent.parent
USER = "prometheus"
PASSWORD = "s3cret-Scrape-pw"

T = TypeVar("T")


@dataclass(frozen=True)
class Tls:
    """A CA, a server certificate for 127.0.0.1/localhost and its key, plus a foreign key."""

    ca: Path
    cert: Path
    key: Path
    other_key: Path


def make_tls(folder: Path) -> Tls:
    """Create a CA and a server certificate with openssl (the real tool, as operators do)."""
    folder.mkdir(parents=True, exist_ok=True)

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=govops test CA",
        "-keyout", "ca.key", "-out", "ca.crt")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "agent.key", "-out", "agent.csr")
    (folder / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run("x509", "-req", "-in", "agent.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "ext.cnf", "-out", "agent.crt")
    run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other.key")
    return Tls(folder / "ca.crt", folder / "agent.crt", folder / "agent.key", folder / "other.key")


def write_web_config(path: Path, tls: Tls | None, *, key: Path | None = None, users: bool = True) -> Path:
    """Write an exporter-toolkit web config with TLS and one bcrypt user."""
    lines = []
    if tls is not None:
        lines += ["tls_server_config:", f"  cert_file: {tls.cert}", f"  key_file: {key or tls.key}"]
    if users:
        hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
        # $2y$ as htpasswd writes it: the agent must accept what operators already have.
        lines += ["basic_auth_users:", f"  {USER}: '$2y${hashed[4:]}'"]
    path.write_text("\n".join(lines) + "\n")
    return path


def fetch(
    url: str,
    *,
    ca: Path | None = None,
    user: str | None = USER,
    password: str | None = PASSWORD,
    timeout: float = 10,
) -> tuple[int, str]:
    """GET ``url``; return (status, body). Errors with a status are returned, not raised."""
    req = urllib.request.Request(url)
    if user is not None and password is not None:
        req.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
    ctx = ssl.create_default_context(cafile=str(ca)) if ca else None
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=ctx) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def parse_samples(text: str) -> dict[str, float]:
    """Map ``name{labels}`` to value for every sample line of an exposition."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        out[key] = float(value)
    return out


def metric_names(text: str) -> set[str]:
    """Names of all samples in an exposition."""
    return {line.split("{", 1)[0].split(" ", 1)[0] for line in text.splitlines() if line and not line.startswith("#")}


class AgentProcess:
    """A govops agent started as a real process; the port comes from its ``listening`` log line."""

    def __init__(self, args: Sequence[str], env: dict[str, str] | None = None, python: str | None = None) -> None:
        self.stderr_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"govops-agent-{os.getpid()}-{id(self)}.log"
        self._err = self.stderr_path.open("w+")
        cmd = [python or sys.executable, *args]
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=self._err, env={**os.environ, **(env or {})}, cwd=REPO
        )
        self.port = self._wait_port()

    def _wait_port(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for rec in self.records():
                if rec.get("msg") == "listening":
                    return int(rec["port"])
            if self.proc.poll() is not None:
                raise RuntimeError(f"agent exited {self.proc.returncode}: {self.log()}")
            time.sleep(0.05)
        raise RuntimeError(f"agent did not listen within {timeout}s: {self.log()}")

    final_log: str | None = None

    def log(self) -> str:
        """The agent's stderr so far (all of it once stopped)."""
        return self.final_log if self.final_log is not None else self.stderr_path.read_text()

    def records(self) -> list[dict[str, Any]]:
        """The JSON log records so far."""
        out = []
        for line in self.log().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def stop(self) -> int:
        """SIGTERM, wait, return the exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._err.close()
        self.final_log = self.stderr_path.read_text()
        self.stderr_path.unlink(missing_ok=True)
        return int(self.proc.returncode)


class AgentThread:
    """Runs ``run_agent`` in a thread of the test process (for runtime tests)."""

    def __init__(self, **kwargs: Any) -> None:
        from govops.agent.runtime import run_agent

        self.stop_event = threading.Event()
        self._port: list[int] = []
        self._ready = threading.Event()
        self.error: BaseException | None = None

        def on_listening(port: int) -> None:
            self._port.append(port)
            self._ready.set()

        def target() -> None:
            try:
                run_agent(stop_event=self.stop_event, on_listening=on_listening, configure_logs=False, **kwargs)
            except BaseException as exc:
                self.error = exc
                self._ready.set()

        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()
        self._ready.wait(20)
        if self.error is not None:
            raise self.error
        self.port = self._port[0]

    def stop(self) -> None:
        """Stop the agent and wait for its thread."""
        self.stop_event.set()
        self.thread.join(10)


def fill_store(url: str, *, devices: int, systems: int, seed: int = 8, departments: int = 40) -> dict[str, Any]:
    """Fill an initialised store with a synthetic city (bulk inserts); return the expected counts."""
    import datetime as dt
    import random

    from sqlalchemy import insert

    from govops.store.db import make_engine
    from govops.store.models import Department, Device, Finding, Link, Room, System

    rng = random.Random(seed)
    engine = make_engine(url)
    depts = [{"id": i + 1, "code": f"D{i:03d}", "name": f"部门{i:03d}", "level": "city"} for i in range(departments)]
    rooms = [{"id": i + 1, "code": f"R{i:03d}", "name": f"机房{i:03d}",
              "lifecycle": ("active", "retained", "closing", "closed")[i % 4]} for i in range(30)]
    kinds = ("server", "switch", "router", "firewall", "storage")
    verdicts = ("domestic", "foreign", "unknown", None)
    dev_rows = [{"id": i + 1, "name": f"dev-{i:06d}", "kind": kinds[i % 5], "room_id": rng.randint(1, 30),
                 "department_id": rng.choice([None, *range(1, departments + 1)]), "domestic": verdicts[i % 4],
                 "status": "retired" if i % 50 == 0 else "in_service", "reachability": "unknown"}
                for i in range(devices)]
    today = dt.date.today()
    sys_rows = [{"id": i + 1, "name": f"sys-{i:05d}", "department_id": rng.randint(1, departments),
                 "origin": ("national", "provincial", "self_built")[i % 3], "classified": False,
                 "migration_status": ("planned", "migrating", "migrated", "not_assessed")[i % 4],
                 "dengbao_level": (None, 2, 3)[i % 3],
                 "dengbao_assessed": None if i % 5 == 0 else today - dt.timedelta(days=(i * 37) % 900),
                 "dengbao_passed": i % 7 != 0, "backup": ("none", "local", "offsite", None)[i % 4]}
                for i in range(systems)]
    findings = [{"id": i + 1, "device_id": (i % max(devices, 1)) + 1 if devices else None, "rule_id": "r",
                 "severity": ("info", "warning", "critical")[i % 3], "title": "t",
                 "status": "open" if i % 4 else "fixed",
                 "source": "config_audit"} for i in range(300)]
    links = [{"id": i + 1, "name": f"link-{i}", "kind": "extranet", "level": ("city", "county")[i % 2],
              "carrier": ("中国电信", "中国联通")[i % 2], "role": ("primary", "backup")[i % 2]} for i in range(20)]
    with engine.begin() as conn:
        conn.execute(insert(Department), depts)
        conn.execute(insert(Room), rooms)
        for start in range(0, len(dev_rows), 20000):
            conn.execute(insert(Device), dev_rows[start:start + 20000])
        if sys_rows:
            conn.execute(insert(System), sys_rows)
        conn.execute(insert(Finding), findings)
        conn.execute(insert(Link), links)
    engine.dispose()
    in_service = [d for d in dev_rows if d["status"] != "retired"]
    return {
        "devices": len(in_service),
        "servers_domestic": sum(1 for d in in_service if d["kind"] == "server" and d["domestic"] == "domestic"),
        "systems": systems,
        "rooms_closed": sum(1 for r in rooms if r["lifecycle"] == "closed"),
        "findings_stored_open_critical": sum(1 for f in findings if f["status"] == "open"
                                             and f["severity"] == "critical"),
    }


def until(check: Callable[[], T | None], what: str, *, seconds: float = 30) -> T:
    """``check()``'s first true answer, asked every 10 ms: a test waits for a state, not for a guess at how long a
    loaded machine takes to reach it; ``seconds`` bounds only a state that never comes."""
    deadline = time.monotonic() + seconds
    while not (got := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"not {what} within {seconds:.0f} s")
        time.sleep(0.01)
    return got


def wait_for_family(base: str, family: str, *, ca: Path | None = None, seconds: float = 20) -> None:
    """Wait until an agent at ``base`` serves ``family`` on /metrics: an agent listens before its collectors have run
    once, and a test scraping at once (run alone, or first in its file) would see the family missing."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body = fetch(base + "/metrics", ca=ca)
        if status == 200 and ("\n" + family) in ("\n" + body):
            return
        time.sleep(0.1)
    raise AssertionError(f"{base} served no {family} within {seconds:.0f} s")


def audit_findings() -> Any:
    """The inventory collector's finding count as `govops agent inventory` hands it down (default settings)."""
    import functools

    from govops.reports.audit import open_findings_by_severity
    from govops.reports.context import ReportSettings

    return functools.partial(open_findings_by_severity, settings=ReportSettings())
