"""Issue 18: an import streams: each batch is read, checked and written before the one after next is read.

Batches are made small here (10 rows) so that a few dozen rows cross several of them; every
test runs on SQLite and PostgreSQL (``store_url``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from govops.errors import InputProblems
from govops.store.bulk import bulk_insert
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.inventory import importer
from govops.store.inventory.importer import import_paths
from govops.store.inventory.readers import ReadResult
from govops.store.models import Device, HistoryEntry, System

BATCH = 10


@pytest.fixture
def engine(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setattr(importer, "WRITE_BATCH", BATCH)
    engine = make_engine(store_url)
    upgrade_store(engine)
    yield engine
    engine.dispose()


def write_ledger(tmp_path: Path, devices: int, *, extra: str = "") -> list[Path]:
    refs = tmp_path / "refs.yaml"
    refs.write_text("departments:\n  - {code: D1, name: 大数据局, level: city}\n"
                    "rooms:\n  - {code: R1, name: 一号机房, department: D1}\n", encoding="utf-8")
    csv = tmp_path / "devices.csv"
    rows = [f"dev-{i:03d},switch,一号机房,D1,Huawei" for i in range(devices)]
    csv.write_text("name,kind,room,department,vendor\n" + "\n".join(rows) + "\n" + extra, encoding="utf-8")
    systems = tmp_path / "systems.yaml"
    systems.write_text("systems:\n" + "".join(
        f"  - {{name: sys-{i}, department: 大数据局, runs_on: [dev-{i:03d}, dev-{devices - 1 - i:03d}]}}\n"
        for i in range(devices // 2)
    ), encoding="utf-8")  # fmt: skip
    return [refs, csv, systems]


def counts(engine: Engine) -> tuple[int, int, int]:
    with session_scope(engine) as s:
        return (s.scalar(select(func.count()).select_from(Device)) or 0,
                s.scalar(select(func.count()).select_from(System)) or 0,
                s.scalar(select(func.count()).select_from(HistoryEntry)) or 0)  # fmt: skip


def _switch_ledger(folder: Path, prefix: str, n: int, vendor: str) -> Path:
    """A CSV ledger of ``n`` switches named ``<prefix>-NNN`` in the reference data's room and department."""
    path = folder / f"{prefix}.csv"
    rows = "".join(f"{prefix}-{i:03d},switch,一号机房,D1,{vendor}\n" for i in range(n))
    path.write_text("name,kind,room,department,vendor\n" + rows, encoding="utf-8")
    return path


def test_each_batch_is_written_before_the_one_after_next_is_read(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_ledger(tmp_path, 45)
    read_so_far = {"devices": 0}
    records = ReadResult.records

    def counting(self: ReadResult, kind: str) -> Iterator[Any]:
        for rec in records(self, kind):
            read_so_far[kind] = read_so_far.get(kind, 0) + 1
            yield rec

    inserts: list[tuple[str, int, int]] = []

    def spy(session: Any, model: Any, rows: Any) -> int:
        inserts.append((model.__tablename__, len(rows), read_so_far.get(model.__tablename__, 0)))
        return bulk_insert(session, model, rows)

    monkeypatch.setattr(ReadResult, "records", counting)
    monkeypatch.setattr(importer, "bulk_insert", spy)
    with session_scope(engine) as session:
        result = import_paths(session, paths)
    assert result.counts["devices"].created == 45 and result.counts["systems"].created == 22
    device_inserts = [(n, read) for table, n, read in inserts if table == "devices"]
    # A batch is written once the next one is looked up (so that it is planned while this one is written):
    # when a batch is written, the rows read are its own and the next batch's, no more.
    assert device_inserts == [(10, 20), (10, 30), (10, 40), (10, 45), (5, 45)]
    assert [n for table, n, _ in inserts if table == "systems"] == [10, 10, 2]
    assert counts(engine)[:2] == (45, 22)
    with session_scope(engine) as session:
        again = import_paths(session, paths)
    assert again.counts["devices"].unchanged == 45 and again.history_entries == 0


def test_a_problem_in_the_last_batch_leaves_nothing_written(engine: Engine, tmp_path: Path) -> None:
    paths = write_ledger(tmp_path, 35, extra="dev-bad,no-such-kind,一号机房,D1,Huawei\n")
    with pytest.raises(InputProblems) as caught, session_scope(engine) as session:
        import_paths(session, paths)
    assert [p.where for p in caught.value.problems] == [f"{paths[1]}:37 column B"]
    assert counts(engine) == (0, 0, 0)  # the refs, the first three batches of devices and the systems too


# dev-003 is in the first batch, stored when the third is looked up; dev-013 in the second, which is written
# only after the third is looked up (it is a duplicate before it is stored).
@pytest.mark.parametrize(("name", "first_line"), [("dev-003", 5), ("dev-013", 15)])
def test_a_key_given_again_in_a_later_batch_is_a_duplicate(
    engine: Engine, tmp_path: Path, name: str, first_line: int
) -> None:
    paths = write_ledger(tmp_path, 25, extra=f"{name},router,一号机房,D1,H3C\n")
    with pytest.raises(InputProblems) as caught, session_scope(engine) as session:
        import_paths(session, paths)
    (problem,) = caught.value.problems
    assert problem.where == f"{paths[1]}:27 column A"
    assert problem.message == f"duplicate name '{name}' in devices (first at {paths[1]}:{first_line} column A)"
    assert counts(engine) == (0, 0, 0)
    # Also when the first one updates a stored device (not only when it creates one).
    with session_scope(engine) as session:
        import_paths(session, write_ledger(tmp_path, 25))
    before = counts(engine)
    with pytest.raises(InputProblems, match=f"duplicate name '{name}'"), session_scope(engine) as session:
        import_paths(session, write_ledger(tmp_path, 25, extra=f"{name},router,一号机房,D1,H3C\n"))
    assert counts(engine) == before


def test_a_dry_run_writes_nothing_yet_counts_every_batch(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        result = import_paths(session, write_ledger(tmp_path, 25), dry_run=True)
    assert result.counts["devices"].created == 25 and result.counts["systems"].created == 12
    assert result.history_entries == 0
    assert counts(engine) == (0, 0, 0)


def test_an_import_makes_no_cyclic_garbage_per_row(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import runs with the cyclic collector paused (``collector_paused``): reference counting must free its rows.

    A driver may leave a few cycles per statement (psycopg's COPY does); ten times the rows in one
    batch must leave no more of them.
    """
    found: list[int] = []

    @contextmanager
    def counting() -> Iterator[None]:
        gc.disable()
        gc.collect()
        try:
            yield
        finally:
            found.append(gc.collect())
            gc.enable()

    monkeypatch.setattr(importer, "collector_paused", counting)
    monkeypatch.setattr(importer, "WRITE_BATCH", 1000)
    refs = write_ledger(tmp_path, 1)[0]
    with session_scope(engine) as session:
        import_paths(session, [refs])

    # Round 1 warms the caches (compiled statements, the catalogue); round 2 is measured.
    for round_ in (1, 2):
        for vendor in ("Huawei", "H3C"):  # created, then updated and classified again
            for prefix, n in ((f"few{round_}", 5), (f"many{round_}", 200)):
                with session_scope(engine) as session:
                    import_paths(session, [_switch_ledger(tmp_path, prefix, n, vendor)])
    created_few, created_many, updated_few, updated_many = found[-4:]
    assert created_many <= created_few and updated_many <= updated_few, found


def test_the_garbage_an_import_leaves_holds_none_of_its_rows(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the collector paused through the whole import, a cycle made per batch keeps what it refers to.

    A statement whose parameter held a batch's keys in such a cycle (PostgreSQL's ``= ANY`` lookup) kept
    every batch's keys alive to the end: 60 MB more at 1,000,000 devices. What is left for the
    collector once an import ends refers to no row's key, and does not grow with the batches.
    """
    left: list[tuple[int, list[Any]]] = []

    @contextmanager
    def saving() -> Iterator[None]:
        gc.disable()
        gc.collect()
        try:
            yield
        finally:
            gc.set_debug(gc.DEBUG_SAVEALL)
            try:
                found = gc.collect()
                left.append((found, list(gc.garbage)))
            finally:
                gc.set_debug(0)
                gc.garbage.clear()
                gc.enable()

    refs = write_ledger(tmp_path, 1)[0]
    with session_scope(engine) as session:
        import_paths(session, [refs])
    monkeypatch.setattr(importer, "collector_paused", saving)

    # The first round warms the caches (compiled statements, the catalogue); the second is measured.
    for round_ in (1, 2):
        for vendor in ("Huawei", "H3C"):  # created, then looked up, updated and classified again
            for prefix, n in ((f"few{round_}", 2 * BATCH), (f"many{round_}", 12 * BATCH)):
                with session_scope(engine) as session:
                    import_paths(session, [_switch_ledger(tmp_path, prefix, n, vendor)])

    def keys_in(obj: Any) -> bool:
        values = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list | tuple | set) else ()
        return any(isinstance(v, str) and v.startswith(("few", "many")) for v in values)

    measured = left[-4:]
    held = [repr(obj)[:200] for _, garbage in measured for obj in garbage if keys_in(obj)]
    assert not held, held
    (few_created, _), (many_created, _), (few_updated, _), (many_updated, _) = measured
    assert many_created <= few_created and many_updated <= few_updated, [found for found, _ in measured]
