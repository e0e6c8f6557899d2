"""The test database switch: which store backend the store tests run on.

``GOVOPS_TEST_DB=sqlite`` (default) or ``postgres``. The fixtures in
``tests/conftest.py`` (``store_url``, ``cli``, ``store_cli``) give each test its
own empty store on that backend; `make test` runs the ``store``-marked tests on both.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import MetaData, select

from govops.lab.postgres import DRIVER, PostgresServer
from govops.store.db import make_engine, upgrade_store

TEST_DB_ENV = "GOVOPS_TEST_DB"
BACKENDS = ("sqlite", "postgres")


def store_backend() -> str:
    """The backend named by ``GOVOPS_TEST_DB`` (``sqlite`` when unset)."""
    value = (os.environ.get(TEST_DB_ENV) or "sqlite").strip().lower()
    if value not in BACKENDS:
        raise ValueError(f"{TEST_DB_ENV}={value!r}: expected one of {', '.join(BACKENDS)}")
    return value


def default_store_url(home: Path) -> str:
    """Where govops keeps its store when nothing else is configured: SQLite in ``home``."""
    return f"sqlite:///{home / 'govops.db'}"


class StoreFactory:
    """Makes fresh, empty stores on the backend of this run (the ``store_factory`` fixture).

    ``factory(home)``: SQLite ``govops.db`` in ``home``, or a new database on the
    session's PostgreSQL (gone with the server at the end of the session, or
    earlier through ``drop``).
    """

    def __init__(self, server: PostgresServer | None) -> None:
        self.server = server
        self._template: str | None = None

    def __call__(self, home: Path, *, migrated: bool = False) -> str:
        """A new store; ``migrated``: PostgreSQL's already has the schema (`govops init` finds it current)."""
        if self.server is None:
            return default_store_url(home)
        return self.server.create_database(template=self._migrated_template() if migrated else None)

    def _migrated_template(self) -> str:
        """A database holding the current schema, copied for each store that starts initialised."""
        assert self.server is not None
        if self._template is None:
            url = self.server.create_database(prefix="template_govops")
            engine = make_engine(url)
            upgrade_store(engine)
            engine.dispose()
            self._template = url.rsplit("/", 1)[1]
        return self._template

    def drop(self, url: str) -> None:
        """Drop a PostgreSQL database made here (SQLite files go with the test's directory)."""
        if self.server is not None and url.startswith(DRIVER):
            self.server.drop_database(url)


def store_bytes(url: str) -> bytes:
    """Everything the store holds, as bytes, to prove a secret never reached it.

    SQLite: the database files themselves (free pages and WAL included).
    PostgreSQL: every row of every table, as text.
    """
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))
    engine = make_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    chunks: list[str] = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            chunks.extend(json.dumps(list(row), ensure_ascii=False, default=str) for row in conn.execute(select(table)))
    engine.dispose()
    return "\n".join(chunks).encode()
