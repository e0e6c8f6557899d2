"""`govops init` creates and upgrades the store."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from govops.store.db import head_revision


def test_init_creates_store_then_is_idempotent(cli) -> None:
    first = cli("init", "--json")
    assert first.exit_code == 0, first.stderr
    assert first.json()["from_revision"] is None
    assert first.json()["to_revision"] == head_revision()
    again = cli("init", "--json")
    assert again.json()["from_revision"] == head_revision()
    tables = set(inspect(create_engine(f"sqlite:///{cli.home / 'govops.db'}")).get_table_names())
    assert {"devices", "rooms", "systems", "links", "history", "alembic_version"} <= tables


def test_init_upgrades_an_old_store_in_place(cli) -> None:
    assert cli("init").exit_code == 0
    engine = create_engine(f"sqlite:///{cli.home / 'govops.db'}")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO departments (code, name, level) VALUES ('D1', 'x', 'city')"))
        # Pretend the store predates the current head: alembic must upgrade, not recreate.
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    res = cli("init")
    assert res.exit_code == 0, res.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM departments")).scalar() == 1


def test_explicit_db_url_wins(cli, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    res = cli("--db", url, "init", "--json")
    assert res.exit_code == 0, res.stderr
    assert res.json()["db"] == url
    assert (tmp_path / "other.db").exists()


def test_bad_db_url_is_a_clear_error(cli) -> None:
    res = cli("--db", "nosuchdialect://x", "init")
    assert res.exit_code == 2
    assert "cannot open store" in res.stderr
