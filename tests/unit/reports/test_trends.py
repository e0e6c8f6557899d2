"""Trends: `report --record` and `record_figures` store headline figures; `report trend` shows them by month."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from govops.reports.trends import record_figures
from govops.store.db import make_engine, session_scope
from govops.store.models import FigureRecord
from tests.conftest import Cli
from tests.unit.reports.city import AS_OF


def test_record_then_trend(city_rw: Cli) -> None:
    engine = make_engine(city_rw.db_url)
    with session_scope(engine) as s:
        # Two months of earlier scans; the later record in a month wins.
        record_figures(s, {"systems_on_cloud_share": 0.05}, "scan", at=dt.datetime(2024, 4, 3, tzinfo=dt.UTC))
        record_figures(s, {"systems_on_cloud_share": 0.10}, "scan", at=dt.datetime(2024, 5, 2, tzinfo=dt.UTC))
        record_figures(s, {"systems_on_cloud_share": 0.12}, "scan", at=dt.datetime(2024, 5, 28, tzinfo=dt.UTC))
        record_figures(
            s, {"systems_on_cloud_share": 0.5}, "scan", scope="D2", at=dt.datetime(2024, 5, 28, tzinfo=dt.UTC)
        )
    res = city_rw("report", "migration", "--as-of", AS_OF, "--record", "--format", "json")
    assert res.exit_code == 0, res.stderr
    with engine.connect() as conn:
        stored = conn.execute(
            select(FigureRecord.value, FigureRecord.source).where(
                FigureRecord.source == "report", FigureRecord.name == "systems_on_cloud_share"
            )
        ).one()
        assert stored.value == 1 / 6
        assert conn.execute(select(func.count()).where(FigureRecord.name == "rooms_by_lifecycle.active")).scalar() == 0
    rooms = city_rw("report", "rooms", "--as-of", AS_OF, "--record", "--format", "json")
    assert rooms.exit_code == 0
    with engine.connect() as conn:
        names = set(conn.execute(select(FigureRecord.name).where(FigureRecord.source == "report")).scalars())
    assert {"rooms_by_lifecycle.active", "room_pue_declared", "systems_overdue"} <= names

    trend = city_rw("report", "trend", "systems_on_cloud_share", "--format", "json")
    assert trend.exit_code == 0, trend.stderr
    months = trend.json()["figures"]["series"]["systems_on_cloud_share"]
    # `--record` with --as-of 2024-06-30 records at that day.
    assert months == {"2024-04": 0.05, "2024-05": 0.12, "2024-06": 1 / 6}
    scoped = city_rw("report", "trend", "systems_on_cloud_share", "--department", "D2", "--format", "json")
    assert scoped.json()["figures"]["series"] == {"systems_on_cloud_share": {"2024-05": 0.5}}
    html = city_rw("report", "trend", "systems_on_cloud_share", "--format", "html", "--lang", "zh")
    assert "指标趋势" in html.stdout and "<polyline" in html.stdout and "上云系统占比" in html.stdout
    both = city_rw("report", "trend", "systems_on_cloud_share", "room_pue_declared", "--format", "json").json()
    assert set(both["figures"]["series"]) == {"systems_on_cloud_share", "room_pue_declared"}
    pue = pytest.approx((2.4 + 1.8 + 1.25) / 3, abs=1e-3)
    assert both["figures"]["series"]["room_pue_declared"] == {"2024-06": pue}
    headline = city_rw("report", "trend", "--format", "json", "--lang", "en").json()
    assert list(headline["figures"]["series"]) == [
        "cloud_rate", "domestic_server_rate", "room_pue_declared",
        "dengbao_l3_pass_rate", "backup_rate",
    ]  # fmt: skip


def test_trend_of_unrecorded_figure_says_how(city: Cli) -> None:
    res = city("report", "trend", "room_pue_declared", "--lang", "en")
    assert res.exit_code == 0
    assert "No records of room_pue_declared yet" in res.stdout
    assert "govops report summary --record" in res.stdout  # it said `govops report ... --record`


def test_record_without_as_of_is_now(city_rw: Cli) -> None:
    assert city_rw("report", "links", "--record", "--format", "json").exit_code == 0
    series = city_rw("report", "trend", "links_total", "--format", "json").json()["figures"]["series"]
    assert series == {"links_total": {dt.datetime.now(dt.UTC).strftime("%Y-%m"): 7.0}}


def test_trend_of_a_mistyped_figure_is_refused_with_the_name_meant(city: Cli) -> None:
    # A name no KPI has and no record carries showed an empty table and "run --record" (exit 0) for ever.
    res = city("report", "trend", "cloud_rate", "cloud_rat", "--format", "json")
    assert res.exit_code == 2 and not res.stdout
    assert "'cloud_rat' is no KPI" in res.stderr and "did you mean `cloud_rate`?" in res.stderr
    old = city("report", "trend", "servers_domestic_share", "--format", "json")  # an old name: the KPI's series
    assert old.exit_code == 0 and list(old.json()["figures"]["series"]) == ["domestic_server_rate"]


def test_record_says_what_it_stored_as_of_when_and_how_many(city_rw: Cli) -> None:
    res = city_rw("report", "rooms", "--as-of", AS_OF, "--record", "--department", "D2", "--format", "json")
    assert res.exit_code == 0, res.stderr
    res.json()  # stdout stays the report alone
    with session_scope(make_engine(city_rw.db_url)) as s:
        stored = s.scalar(select(func.count()).where(FigureRecord.source == "report", FigureRecord.scope == "D2"))
    assert stored
    line = (f"已记录 {stored} 项指标 recorded {stored} figures: rooms, 截至 as of {AS_OF} 23:59:59 UTC, "
            "部门 department D2; `govops report trend` shows them")
    assert line in res.stderr.splitlines(), res.stderr
