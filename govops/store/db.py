"""Engines, sessions and schema upgrades of the store.

SQLite is the embedded default; any SQLAlchemy URL works (PostgreSQL for a team).
The schema is owned by Alembic from its first version: ``upgrade_store`` creates a
new store or upgrades an old one in place.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, literal_column, select, text
from sqlalchemy import table as sql_table
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from govops.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.orm import Session

# What a reader (a report, a KPI count) queries with Core select()s: a connection (``read_scope``), or
# the session of a write it is part of (an audit run, a scan's figures). It uses only execute,
# scalars, scalar and rollback, which both have.
Reader: TypeAlias = "Connection | Session"


def dialect_of(reader: Reader) -> str:
    """The name of the database dialect ``reader`` talks to (``sqlite``, ``postgresql``)."""
    if isinstance(reader, Connection):
        return str(reader.dialect.name)
    return str(reader.get_bind().dialect.name)


MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# The newest migration. Every command checks the store against it, so it is a constant
# rather than Alembic's script scan (importing Alembic costs ~130 ms of start-up);
# tests/unit/store/test_db.py fails when it disagrees with the migrations directory.
SCHEMA_HEAD = "0010_probe"


# Execution option that marks a connection's transactions as writes (govops.store.writes).
WRITE_OPTION = "govops_write"
# Rows fetched per round trip where a command streams (a server-side cursor on PostgreSQL): memory stays flat.
STREAM_BATCH = 2000
# How long a SQLite writer waits for another's write lock before "busy, nothing changed".
BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # SQLAlchemy, not the driver, begins transactions (see _sqlite_begin): pysqlite would
    # begin only at the first write, leaving the reads before it outside the transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    with contextlib.suppress(sqlite3.OperationalError):  # a store opened read-only keeps its journal mode
        cur.execute("PRAGMA journal_mode=WAL")
    # A scan holding the write lock should make a report wait briefly, not fail at once.
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


# SQLite's page cache while an import writes (KiB; the default is 2 MB): the B-trees of the devices'
# indexes outgrow 2 MB long before 100,000 rows, and every page evicted from the cache mid-transaction
# is written to the WAL and read back. Memory, not safety: journal and synchronous stay as they are.
# 16 MB, not 32: the index rebuild at the end of a first import sorts within the cache's size, so the cache
# bounds the import's peak twice over (1,000,000 devices: 173 MB peak with 32 MB, 140 MB with 16 MB; 100,000
# devices 9.2-10.0 s wall against 11.2-13.1 s with 32 MB, same sitting, load 1.8-2.7).
IMPORT_CACHE_KIB = 16384


@contextmanager
def import_cache(session: Session) -> Iterator[None]:
    """A larger SQLite page cache for the bulk writes of one import (nothing on other backends)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    conn.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with contextlib.suppress(SQLAlchemyError):  # a broken connection must not hide the import's own error
            conn.exec_driver_sql(f"PRAGMA cache_size={before}")


# A table holding fewer rows than this has its indexes built after an import's rows are written (SQLite):
# building an index over the rows once is a third of keeping six of them up to date row by row (1.1 s
# of a first import of 100,000 devices), and rebuilding a table this small costs little when few come.
INDEXES_AFTER_BELOW = 20000


@contextmanager
def indexes_built_after(session: Session, tables: Iterable[str], *, below: int = INDEXES_AFTER_BELOW) -> Iterator[None]:
    """SQLite: drop the secondary indexes of the small tables among ``tables``, and create them again at the end.

    All of it happens in the session's transaction: when the work fails, the rollback brings the
    indexes back with everything else; other connections see the indexes throughout (WAL). The
    indexes are re-created from their own stored definitions. Nothing happens on other backends
    (PostgreSQL would lock the table against readers until the import commits).
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    saved: list[str] = []
    for table in tables:
        first = select(literal_column("1")).select_from(sql_table(table)).limit(below).subquery()
        if conn.execute(select(func.count()).select_from(first)).scalar() == below:
            continue
        indexes = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        ).all()
        for name, sql in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
            saved.append(sql)
    yield
    for sql in saved:
        conn.exec_driver_sql(sql)


# An import that wrote at least this share of a table's rows (as the planner last counted them), and at
# least ``ANALYZE_MIN_ROWS``, brings that table's planner statistics up to date before it commits
# (PostgreSQL). It is autovacuum's own rule (it analyzes once 50 rows + 10 % of a table changed), applied
# at once: autovacuum looks only every minute and then takes its time, and until it has, a store just
# filled with 1,000,000 devices is planned as if empty (reports took 5-11 s instead of 1-2 s). Below
# ``ANALYZE_MIN_ROWS`` a table is a few dozen pages: any plan over it is quick, and autovacuum catches up.
ANALYZE_SHARE = 0.1
ANALYZE_MIN_ROWS = 1000


def analyze_written(session: Session, written: Mapping[str, int]) -> list[str]:
    """PostgreSQL: ANALYZE the tables that ``written`` (rows written, by table) changed a large share of.

    It runs in the session's transaction, so the statistics count the rows written in it, and go
    with them if it rolls back. ANALYZE takes a lock that lets readers and writers on, and waits only
    for another ANALYZE of the same table (autovacuum gives way). Nothing happens on other backends
    (SQLite plans without statistics until someone runs ANALYZE, and govops never has).

    Returns:
        The tables analyzed.
    """
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return []
    large = sorted(table for table, rows in written.items() if rows >= ANALYZE_MIN_ROWS)
    if not large:
        return []
    # reltuples: the planner's count of the table's rows before this transaction (-1 before any ANALYZE).
    believed: dict[str, float] = {
        name: float(tuples) for name, tuples in conn.execute(
            text("SELECT relname, reltuples FROM pg_class WHERE oid = ANY (CAST(:names AS regclass[]))"),
            {"names": large},
        )
    }  # fmt: skip
    stale = [table for table in large if written[table] >= ANALYZE_SHARE * max(believed.get(table, 0.0), 0.0)]
    if stale:
        quote = conn.dialect.identifier_preparer.quote
        conn.exec_driver_sql(f"ANALYZE {', '.join(quote(table) for table in stale)}")
    return stale


def _postgres_session(dbapi_conn: Any, _record: Any) -> None:
    # PostgreSQL compiles a query to machine code (JIT) once its estimated cost passes
    # jit_above_cost: a KPI count over 10,000 systems is estimated at a million and spends 3 s
    # compiling what then runs in 50 ms. Report queries are short; no govops query needs JIT.
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True  # a SET in a transaction would be undone with it
    try:
        # A server before PostgreSQL 11 has no jit setting: nothing to turn off there.
        with contextlib.suppress(Exception), dbapi_conn.cursor() as cur:
            cur.execute("SET jit = off")
    finally:
        dbapi_conn.autocommit = autocommit


def _sqlite_begin(conn: Any) -> None:
    """Begin every transaction explicitly; a write transaction takes the write lock first.

    ``BEGIN IMMEDIATE`` (``govops.store.writes``) makes a writer wait for the lock before it
    reads, so it never decides on rows another writer is about to change.
    """
    write = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///") and not url.startswith(("sqlite:///:memory:", "sqlite:///file:")):
        return Path(url.removeprefix("sqlite:///")).expanduser()
    return None


def _read_only(path: Path) -> bool:
    """Whether an existing store can only be read (a read-only home or file system)."""
    try:
        readonly_fs = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False
    return readonly_fs or not (os.access(path.parent, os.W_OK) and os.access(path, os.W_OK))


def _read_only_url(path: Path) -> str:
    """Open a store read-only; without its WAL files the main file is complete, so nothing is created."""
    complete = not (path.with_name(path.name + "-wal").exists() and path.with_name(path.name + "-shm").exists())
    return f"sqlite:///file:{path}?mode=ro{'&immutable=1' if complete else ''}&uri=true"


STORE_URL_HINT = "a store is sqlite:///PATH or postgresql+psycopg://USER@HOST/DB (password in ~/.pgpass; docs/store.md)"


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; nothing is created until ``upgrade_store`` (``govops init``).

    A SQLite store in a read-only home is opened read-only, so reports and lists still work there.
    """
    path = _sqlite_path(url)
    if path is not None and path.exists() and _read_only(path):
        url = _read_only_url(path)
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open store {redact_url(url)}: {exc}", hint=STORE_URL_HINT) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_session)
    return engine


def dry_run_engine(engine: Engine) -> Engine:
    """The engine a dry run uses: ``engine``, or an in-memory copy of a SQLite store opened read-only.

    An import plans in the store itself (its rows are written under a savepoint, then rolled
    back), so a store that cannot be written is copied first: a check works in a read-only home.
    """
    if engine.dialect.name != "sqlite" or "mode=ro" not in str(engine.url):
        return engine
    from sqlalchemy.pool import StaticPool

    copy = create_engine("sqlite://", future=True, poolclass=StaticPool)  # one connection: the copy lives in it
    event.listen(copy, "connect", _sqlite_pragmas)
    event.listen(copy, "begin", _sqlite_begin)
    with engine.connect() as source, copy.connect() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)  # type: ignore[union-attr]
    return copy


def redact_url(url: str) -> str:
    """Hide a password in a database URL before it is printed.

    >>> redact_url("postgresql://ops:secret@db/govops")
    'postgresql://ops:***@db/govops'
    """
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url


def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """Return the newest schema revision this version of govops knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://")))
    head = script.get_current_head()
    if head is None:
        raise StoreError("no schema migrations are packaged with govops")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision of the store, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return str(rev) if rev is not None else None


def upgrade_store(engine: Engine) -> tuple[str | None, str]:
    """Create or upgrade the schema in place; return (revision before, revision after)."""
    path = _sqlite_path(str(engine.url))
    if path is not None and not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot create the store's directory {path.parent}: {exc.strerror}") from exc
        # The store holds device configurations and history: readable by its owner only.
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as exc:
            raise StoreError(f"cannot create store {path}: {exc.strerror}") from exc
    try:
        from alembic import command

        before = current_revision(engine)
        command.upgrade(_alembic_config(engine), "head")
        return before, SCHEMA_HEAD
    except OperationalError as exc:
        from govops.store.busy import store_error

        raise store_error(exc, f"upgrade store {redact_url(str(engine.url))}") from exc


def ensure_current(engine: Engine) -> None:
    """Refuse to work on a store that is missing or older than this govops.

    Raises:
        StoreError: With the command that fixes it.
    """
    path = _sqlite_path(f"sqlite:///{engine.url.database}") if engine.dialect.name == "sqlite" else None
    if path is not None and not path.exists():
        # Connecting would create an empty file: a read-only command must leave nothing behind.
        raise StoreError(f"no govops store at {path}", hint="run `govops init` first (or `govops init --db URL`)")
    try:
        rev = current_revision(engine)
    except OperationalError as exc:
        raise StoreError(f"cannot open store {redact_url(str(engine.url))}: {exc.orig}") from exc
    if rev is None:
        raise StoreError(f"no govops store at {redact_url(str(engine.url))}", hint="run `govops init` first")
    if rev != SCHEMA_HEAD:
        raise StoreError(
            f"store schema is at revision {rev}, this govops needs {SCHEMA_HEAD}",
            hint="run `govops init` to upgrade it in place",
        )


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield a session in one transaction: committed on success, rolled back on any error."""
    from sqlalchemy.orm import sessionmaker  # the ORM is for writers: a report reads without it (read_scope)

    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_scope(engine: Engine) -> Iterator[Connection]:
    """Yield a connection in one transaction for Core reads (reports), rolled back at the end.

    A reader commits nothing: a report ``--as-of`` a past day rewinds the inventory in this
    transaction (``govops.reports.asof``), and the rollback undoes it.
    """
    with engine.connect() as conn, conn.begin() as trans:
        try:
            yield conn
        finally:
            if trans.is_active:
                trans.rollback()
