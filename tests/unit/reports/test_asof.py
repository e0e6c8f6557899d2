"""`--as-of` a past day: the inventory is rewound from history in a transaction that is rolled back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from govops.store.db import make_engine, session_scope
from govops.store.history import record
from govops.store.models import Department, FigureRecord, System
from tests.conftest import Cli
from tests.unit.reports.city import AS_OF

IMPORTED = dt.datetime(2024, 1, 2, 9, 0, tzinfo=dt.UTC)


def with_history(cli: Cli) -> None:
    """The city as if imported on 2024-01-02, then S8 added and S2 migrated today."""
    engine = make_engine(cli.db_url)
    with session_scope(engine) as s:
        for name in s.execute(select(System.name)).scalars():
            record(s, source="import", action="create", entity_kind="system", entity_key=name, at=IMPORTED)
        d1 = s.execute(select(Department).where(Department.code == "D1")).scalar_one()
        s.add(
            System(name="S8", department_id=d1.id, origin="self_built", cloud="市政务云", migration_status="migrated")
        )
        record(s, source="import", action="create", entity_kind="system", entity_key="S8")
    res = cli("track", "system", "S2", "--status", "migrated", "--done", "2024-07-20", "--cloud", "市政务云",
              "--dengbao-level", "2")  # fmt: skip
    assert res.exit_code == 0, res.stderr


def test_past_as_of_rewinds_and_leaves_the_store_alone(city_rw: Cli) -> None:
    with_history(city_rw)
    now = city_rw("report", "migration", "--format", "json", "--as-of", AS_OF)
    # Without a rewind S8 would count and S2 would be on the cloud: 7 systems, 3 on the cloud, S7 alone overdue.
    past = now.json()["figures"]
    assert (past["systems_total"], past["systems_on_cloud"], past["systems_overdue"]) == (6, 1, 2)
    assert "rewound from history (5 later changes undone" in " ".join(
        city_rw("report", "migration", "--format", "json", "--as-of", AS_OF, "--lang", "en").json()["notes"]
    )
    # S2 was level 3 on that day, and its assessment was expiring.
    comp = city_rw("report", "compliance", "--format", "json", "--as-of", AS_OF).json()["figures"]
    assert (comp["dengbao_level3_total"], comp["dengbao_expiring"]) == (4, 1)
    today = city_rw("report", "migration", "--format", "json").json()
    assert (today["figures"]["systems_total"], today["figures"]["systems_on_cloud"]) == (7, 3)
    assert today["notes"] == []
    with make_engine(city_rw.db_url).connect() as conn:
        assert conn.execute(select(System.migration_status).where(System.name == "S2")).scalar() == "migrated"
        assert conn.execute(select(System.migration_status).where(System.name == "S8")).scalar() == "migrated"


def test_past_as_of_summary_and_record(city_rw: Cli) -> None:
    with_history(city_rw)
    summary = city_rw("report", "summary", "--format", "json", "--as-of", AS_OF, "--record")
    assert summary.exit_code == 0, summary.stderr
    f = summary.json()["figures"]
    assert (f["systems_total"], f["systems_on_cloud"]) == (6, 1)
    with make_engine(city_rw.db_url).connect() as conn:
        at, value = conn.execute(
            select(FigureRecord.at, FigureRecord.value).where(FigureRecord.name == "systems_on_cloud")
        ).one()
    assert str(at).startswith("2024-06-30") and value == 1
    trend = city_rw("report", "trend", "systems_on_cloud", "--format", "json").json()
    assert trend["figures"]["series"]["systems_on_cloud"] == {"2024-06": 1.0}


def test_as_of_before_the_import_is_refused(city_rw: Cli) -> None:
    with_history(city_rw)
    res = city_rw("report", "migration", "--as-of", "2023-12-31")
    assert res.exit_code == 2 and "starts on 2024-01-02" in res.stderr
