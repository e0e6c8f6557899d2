"""`govops init` creates and upgrades the store."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from govops.store.db import head_revision, make_engine
from tests.conftest import Cli
from tests.storetools import store_backend

SMALL = Path(__file__).resolve().parent.parent / "data" / "inventory" / "small.yaml"


def test_init_creates_store_then_is_idempotent(cli: Cli) -> None:
    first = cli("init", "--json")
    assert first.exit_code == 0, first.stderr
    assert first.json()["from_revision"] is None
    assert first.json()["to_revision"] == head_revision()
    again = cli("init", "--json")
    assert again.json()["from_revision"] == head_revision()
    tables = set(inspect(make_engine(cli.db_url)).get_table_names())
    assert {"devices", "rooms", "systems", "links", "history", "alembic_version"} <= tables


def test_init_upgrades_an_old_store_in_place(cli: Cli) -> None:
    assert cli("init").exit_code == 0
    engine = make_engine(cli.db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO departments (code, name, level) VALUES ('D1', 'x', 'city')"))
        # Pretend the store predates the current head: alembic must upgrade, not recreate.
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    res = cli("init")
    assert res.exit_code == 0, res.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM departments")).scalar() == 1


def test_explicit_db_url_wins(cli: Cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    res = cli("--db", url, "init", "--json")
    assert res.exit_code == 0, res.stderr
    assert res.json()["db"] == url
    assert (tmp_path / "other.db").exists()


@pytest.mark.parametrize("url", ["nosuchdialect://x", "mysql://ops@db/govops", "not a url"])
def test_bad_db_url_is_a_clear_error(cli: Cli, url: str) -> None:
    res = cli("--db", url, "init")
    assert res.exit_code == 2
    assert "cannot open store" in res.stderr
    # What a store URL looks like: the library's words ('No module named MySQLdb') did not say.
    assert "hint: a store is sqlite:///PATH or postgresql+psycopg://USER@HOST/DB" in res.stderr


def test_init_db_is_remembered_for_later_commands(home: Path, store_url: str, tmp_path: Path) -> None:
    url = store_url if store_backend() == "postgres" else f"sqlite:///{tmp_path / 'team' / 'govops.db'}"
    theirs = '# ours\nprometheus_url = "http://127.0.0.1:9"\n\n[reports]\ncloud_target = 0.5\n'
    (home / "config.toml").write_text(theirs)
    user = Cli(home)  # no GOVOPS_DB and no --db: what the next command of a user sees
    res = user("init", "--db", url, "--json")
    assert res.exit_code == 0, res.stderr
    assert res.json()["recorded_in"] == str(home / "config.toml")
    cfg = tomllib.loads((home / "config.toml").read_text())
    assert cfg == {"db": url, "prometheus_url": "http://127.0.0.1:9", "reports": {"cloud_target": 0.5}}
    assert user("inventory", "import", str(SMALL)).exit_code == 0
    assert len(user("inventory", "list", "devices", "--json").json()) == 2
    with make_engine(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM devices")).scalar() == 2
    assert not (home / "govops.db").exists(), "the default store was never touched"
    # Again with another URL: the line is replaced, not added.
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert user("init", "--db", other).exit_code == 0
    assert tomllib.loads((home / "config.toml").read_text())["db"] == other
    assert (home / "config.toml").read_text().count("db =") == 1


def test_init_db_with_a_password_is_refused_before_anything_is_done(home: Path) -> None:
    user = Cli(home)
    res = user("init", "--db", "postgresql+psycopg://ops:s3cret@127.0.0.1:1/govops")
    assert res.exit_code == 2
    assert "password" in res.stderr and ".pgpass" in res.stderr and "s3cret" not in res.stderr
    assert not (home / "config.toml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("report", "summary"),
        ("inventory", "list", "devices", "--json"),
        ("inventory", "history"),
        ("audit",),
        ("classify", "device", "x"),
    ],
)
def test_read_only_commands_create_no_store(tmp_path: Path, args: tuple[str, ...]) -> None:
    home = tmp_path / "fresh-home"
    res = Cli(home)(*args)
    assert res.exit_code == 2, res.stdout + res.stderr
    assert "govops init" in res.stderr
    assert not home.exists(), list(home.rglob("*"))
