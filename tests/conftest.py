"""Shared fixtures: the real-device corpus, a fresh store, and a CLI runner."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest
from typer.testing import CliRunner

from govops.cli.main import app
from tests.storetools import TEST_DB_ENV, StoreFactory, default_store_url, store_backend

REPO = Path(__file__).resolve().parent.parent


def corpus_root() -> Path:
    """Return the corpus path (``GOVOPS_CORPUS``, default ``../shared/corpus``)."""
    return Path(os.environ.get("GOVOPS_CORPUS") or REPO.parent / "shared" / "corpus").resolve()


def missing_part(reason: str) -> NoReturn:
    """A part a test needs (corpus, tool, interpreter, kernel feature) is absent.

    Under CI it is a failure: the CI machine provides every part (scripts/install-system-deps.sh, the corpus),
    so a skip there would hide a test that silently stopped running. Elsewhere it is a skip naming the part.
    """
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the CI machine must provide it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real-device corpus; missing is a failure in CI and a clear skip elsewhere."""
    root = corpus_root()
    if not (root / "README.md").exists():
        missing_part(f"real-device corpus not found at {root} (set GOVOPS_CORPUS)")
    return root


@dataclass
class CliResult:
    """Outcome of one CLI invocation."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """Parse stdout as JSON."""
        return json.loads(self.stdout)


class Cli:
    """Runs ``govops`` in-process against one isolated home and store.

    ``db_url`` is the store the commands use: SQLite in ``home`` (the default, so
    ``GOVOPS_DB`` stays empty) or a fresh PostgreSQL database (passed as ``GOVOPS_DB``).
    """

    def __init__(self, home: Path, db_url: str | None = None) -> None:
        self.home = home
        self.db_url = db_url or default_store_url(home)
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> CliResult:
        """Run ``govops ARGS`` (``env`` adds to or overrides the environment, e.g. a narrow terminal)."""
        db_env = "" if self.db_url == default_store_url(self.home) else self.db_url
        env = {"GOVOPS_HOME": str(self.home), "GOVOPS_DB": db_env, "COLUMNS": "200", **(env or {})}
        res = self.runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)
        return CliResult(res.exit_code, res.stdout, res.stderr)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated ``GOVOPS_HOME``."""
    h = tmp_path / "govops-home"
    h.mkdir(mode=0o700)  # as `govops init` makes it: on PostgreSQL no store file creates it
    monkeypatch.setenv("GOVOPS_HOME", str(h))
    monkeypatch.delenv("GOVOPS_DB", raising=False)
    return h


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    """A real PostgreSQL on a free loopback port for the whole session (only when a test asks for it)."""
    import tempfile

    from govops.lab.postgres import PostgresServer

    # Not under pytest's tmp_path: that is private to root, and the server runs as `postgres`.
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="govops-test-pg-")))
    try:
        server.start()
    except Exception as exc:
        pytest.fail(f"{TEST_DB_ENV}=postgres but PostgreSQL did not start: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def store_factory(request: pytest.FixtureRequest) -> StoreFactory:
    """Makes fresh stores on the backend ``GOVOPS_TEST_DB`` names; module fixtures use it directly."""
    if store_backend() == "postgres":
        return StoreFactory(request.getfixturevalue("postgres_server"))
    return StoreFactory(None)


@pytest.fixture
def store_url(
    home: Path, store_factory: StoreFactory, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """URL of this test's own empty store, on the backend ``GOVOPS_TEST_DB`` names (sqlite | postgres).

    SQLite: ``govops.db`` in ``home`` (the default, so commands find it without ``GOVOPS_DB``).
    PostgreSQL: a new database on the session's server, exported as ``GOVOPS_DB``, dropped afterwards.
    """
    # A test on an initialised store gets the schema copied from a template: `init` then only checks it.
    url = store_factory(home, migrated="store_cli" in request.fixturenames or "city_rw" in request.fixturenames)
    if url != default_store_url(home):
        monkeypatch.setenv("GOVOPS_DB", url)
    yield url
    store_factory.drop(url)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use a store (via ``store_factory``) are marked ``store``; `make test` runs them on PostgreSQL too."""
    for item in items:
        if {"store_factory", "postgres_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.store)


@pytest.fixture
def cli(home: Path, store_url: str) -> Cli:
    """A CLI runner on an isolated, not yet initialised store (on the backend ``GOVOPS_TEST_DB`` names)."""
    return Cli(home, store_url)


@pytest.fixture
def store_cli(cli: Cli) -> Iterator[Cli]:
    """A CLI runner on an initialised, empty store."""
    res = cli("init")
    assert res.exit_code == 0, res.stderr
    yield cli


# --- snmpsim (issue 3): real SNMP agents over real recordings, on free loopback ports -------------

# Lab processes started by tests end with the test run, even one killed before its cleanup.
os.environ.setdefault("GOVOPS_LAB_WATCH_PARENT", "1")


class SnmpsimFactory:
    """Starts snmpsim servers for a test session and stops them all at its end.

    ``snmpsim({"community": Path("x.snmprec"), ...})`` or ``snmpsim(Path("dir"))``
    (every ``*.snmprec[.bz2]`` in the directory, community = file stem) returns a
    running ``govops.lab.snmpsim.SnmpsimServer`` (``.host``, ``.port``, ``.endpoint``).
    """

    def __init__(self) -> None:
        self.servers: list[Any] = []

    def __call__(self, recordings: Any, **kwargs: Any) -> Any:
        import tempfile

        from govops.lab.snmpsim import start_snmpsim

        if isinstance(recordings, Path):
            recordings = {
                p.name.split(".snmprec")[0]: p for p in sorted(recordings.iterdir()) if ".snmprec" in p.name
            }
        workdir = Path(tempfile.mkdtemp(prefix="govops-test-snmpsim-"))
        server = start_snmpsim(recordings, workdir, **kwargs)
        self.servers.append(server)
        return server

    def stop_all(self) -> None:
        import shutil

        for server in self.servers:
            server.stop()
            shutil.rmtree(server.workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def snmpsim() -> Iterator[SnmpsimFactory]:
    """Factory of snmpsim servers on free loopback UDP ports (stopped at session end).

    Use it from a module-scoped fixture so one server serves a whole test module.
    """
    factory = SnmpsimFactory()
    yield factory
    factory.stop_all()


@pytest.fixture(autouse=True)
def _process_state_kept() -> Iterator[None]:
    """Fail a test that leaves the worker's Ctrl-C handling or environment changed.

    Later tests in the same worker start govops as a child process and send it Ctrl-C: an ignored or blocked SIGINT
    is inherited by the child, and a leaked environment variable changes what the child prints.
    """
    import signal

    def state() -> tuple[object, object, dict[str, str]]:
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}  # pytest's own, per phase
        return signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, []), env

    before = state()
    yield
    after = state()
    if after != before:
        changed = sorted(k for k in before[2].keys() | after[2].keys() if before[2].get(k) != after[2].get(k))
        pytest.fail(f"the test left the process changed: SIGINT handler {before[0]!r} -> {after[0]!r}, "
                    f"blocked signals {before[1]} -> {after[1]}, environment variables changed: {changed}")


@pytest.fixture(autouse=True)
def _stop_lab_after_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Stop a lab a test started through the CLI in its ``home`` (e.g. via `govops demo`)."""
    # Asking for `home` here makes it outlive this fixture, so the teardown below can read it.
    home = request.getfixturevalue("home") if "home" in request.fixturenames else None
    yield
    if home is not None and (home / "lab" / "state.json").exists():
        from govops.lab.registry import build_registry
        from govops.lab.runner import Lab

        Lab(home, build_registry()).down()
@pytest.fixture(scope="module")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Factory of real Prometheus servers on free loopback ports (``tests/prometheus.py``), stopped after the module.

    ``prom = prometheus([static_job("agents", ["127.0.0.1:9100"])], rule_files=[...])``;
    ``prom.query(expr)``, ``prom.wait_for(expr)``, ``prom.firing()``.
    """
    from tests.prometheus import PrometheusFactory

    factory = PrometheusFactory(tmp_path_factory)
    yield factory
    factory.stop_all()


@pytest.fixture(scope="session")
def sshsim() -> Iterator[Any]:
    """An SSH device simulator (asyncssh, in a background thread) for the whole session.

    ``sshsim.add(SimDevice(...))`` returns the free loopback port the device listens on.
    """
    from govops.lab.sshsim import SimServer

    with SimServer() as server:
        yield server
