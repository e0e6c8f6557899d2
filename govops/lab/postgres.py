"""A throw-away PostgreSQL server on loopback, for tests and benches of the store.

``PostgresServer(workdir).start()`` runs ``initdb`` and ``postgres`` from Debian's
package on a free 127.0.0.1 port with a socket directory under ``workdir``;
``create_database()`` makes a fresh database (from a template when given) and
returns its SQLAlchemy URL. ``initdb`` refuses to run as root, so under root the
server runs as the ``postgres`` account and ``workdir`` is handed to it.
Durability is switched off (``fsync=off``): the data lives as long as the test run,
or, with ``keep=True`` (a bench reusing large stores), until the next start in the same
``workdir`` finds the cluster there and starts it as it is.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from govops.lab.process import LOOPBACK, LabError, free_port, log_tail, pid_alive, spawn, stop_pid

PG_BIN_ENV = "GOVOPS_PG_BIN"
PG_ACCOUNT = "postgres"
DRIVER = "postgresql+psycopg"
SUPERUSER = "govops"
START_TIMEOUT_S = 30.0
# Fast settings for a disposable cluster: no fsync, small buffers, enough connections for concurrency tests.
SERVER_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "64MB",
    "listen_addresses": LOOPBACK,
    "unix_socket_permissions": "0700",
    "log_min_messages": "warning",
}


def pg_bindir() -> Path:
    """Return the directory of PostgreSQL's server binaries (``$GOVOPS_PG_BIN`` or the newest Debian one).

    Raises:
        LabError: When no PostgreSQL server is installed.
    """
    override = os.environ.get(PG_BIN_ENV)
    candidates = [Path(override)] if override else sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0
    )
    for cand in reversed(candidates):
        if (cand / "initdb").exists() and (cand / "postgres").exists():
            return cand
    raise LabError(
        "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin)",
        hint=f"run scripts/install-system-deps.sh, or set {PG_BIN_ENV}",
    )


def _as_account(argv: list[str]) -> list[str]:
    """Prefix ``argv`` so it runs as the postgres account when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", PG_ACCOUNT, "--", *argv]


class PostgresServer:
    """One PostgreSQL cluster in ``workdir``, listening on a free loopback port."""

    def __init__(self, workdir: Path, *, keep: bool = False) -> None:
        self.workdir = workdir
        self.keep = keep
        self.datadir = workdir / "data"
        self.sockdir = workdir / "sock"
        self.log_file = workdir / "postgres.log"
        self.port = 0
        self.pid: int | None = None
        self._counter = 0

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of ``database`` on this server (trust authentication on loopback)."""
        return f"{DRIVER}://{SUPERUSER}@{LOOPBACK}:{self.port}/{database}"

    def start(self) -> PostgresServer:
        """Create the cluster and start the server; wait until it accepts connections."""
        bindir = pg_bindir()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.sockdir.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            account = pwd.getpwnam(PG_ACCOUNT)
            for path in (self.workdir, self.sockdir):
                os.chown(path, account.pw_uid, account.pw_gid)
        if not (self.keep and (self.datadir / "PG_VERSION").exists()):
            self._initdb(bindir)
        self.port = free_port(socket.SOCK_STREAM)
        settings = [arg for key, value in SERVER_SETTINGS.items() for arg in ("-c", f"{key}={value}")]
        argv = [str(bindir / "postgres"), "-D", str(self.datadir), "-p", str(self.port), "-k", str(self.sockdir)]
        proc = spawn(_as_account([*argv, *settings]), log_file=self.log_file)
        self.pid = proc.pid
        self._wait_ready()
        return self

    def _initdb(self, bindir: Path) -> None:
        init = subprocess.run(
            _as_account([str(bindir / "initdb"), "-D", str(self.datadir), "-U", SUPERUSER, "-A", "trust",
                         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if init.returncode != 0:
            raise LabError(f"initdb failed in {self.datadir}: {(init.stderr or init.stdout).strip()[-800:]}")

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.pid is None or not pid_alive(self.pid):
                raise LabError(f"postgres exited at start: {log_tail(self.log_file)}")
            with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, self.port), timeout=0.5):
                if self._query("SELECT 1") == "1":
                    return
            time.sleep(0.1)
        raise LabError(f"postgres did not accept connections on port {self.port}: {log_tail(self.log_file)}")

    def _query(self, sql: str, database: str = "postgres") -> str | None:
        """Run one statement in autocommit; return the first column of the first row, if any."""
        import psycopg

        try:
            with psycopg.connect(host=LOOPBACK, port=self.port, user=SUPERUSER, dbname=database,
                                 autocommit=True, connect_timeout=5) as conn:  # fmt: skip
                cur = conn.execute(sql.encode())
                row = cur.fetchone() if cur.description else None
        except psycopg.OperationalError:
            return None
        return None if row is None else str(row[0])

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one administrative statement (autocommit); errors propagate."""
        import psycopg

        with psycopg.connect(host=LOOPBACK, port=self.port, user=SUPERUSER, dbname=database,
                             autocommit=True, connect_timeout=5) as conn:  # fmt: skip
            conn.execute(sql.encode())

    def create_database(self, prefix: str = "govops", template: str | None = None) -> str:
        """Create a fresh, uniquely named database and return its URL."""
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database of ``url``, disconnecting whoever still holds it."""
        name = url.rsplit("/", 1)[1]
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Fast shutdown (SIGINT disconnects clients), then remove the cluster (unless kept)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGINT)
            deadline = time.monotonic() + 10
            while pid_alive(self.pid) and time.monotonic() < deadline:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(self.pid, os.WNOHANG)
                time.sleep(0.05)
            stop_pid(self.pid)
            self.pid = None
        if not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
