"""Inventory gauges: counts from a real SQLite store, scrape cost independent of its size."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govops.agent.runtime import Agent
from govops.collectors.inventory import InventoryCollector
from govops.errors import ConfigError
from govops.reports.audit import iter_audit
from govops.reports.build import make_context
from govops.store.db import make_engine
from tests.agenttools import audit_findings, fill_store, parse_samples
from tests.conftest import Cli
from tests.storetools import store_backend


def test_counts_match_the_store(store_cli: Cli, home: Path) -> None:
    url = store_cli.db_url
    expected = fill_store(url, devices=2000, systems=300)
    engine = make_engine(url)
    coll = InventoryCollector(None, engine, findings=audit_findings())
    agent = Agent("inventory", [coll])
    asyncio.run(agent.poll_once(agent.states[0]))
    t0 = time.perf_counter()
    body = agent.exposition().decode()
    assert time.perf_counter() - t0 < 0.05
    s = parse_samples(body)
    devices = {k: v for k, v in s.items() if k.startswith("govops_inventory_devices{")}
    assert sum(devices.values()) == expected["devices"]
    servers_domestic = sum(v for k, v in devices.items() if 'kind="server"' in k and 'domestic="domestic"' in k)
    assert servers_domestic == expected["servers_domestic"]
    assert sum(v for k, v in s.items() if k.startswith("govops_inventory_systems{")) == expected["systems"]
    assert sum(v for k, v in s.items() if k.startswith("govops_inventory_systems_dengbao{")) == expected["systems"]
    assert sum(v for k, v in s.items() if k.startswith("govops_inventory_systems_backup{")) == expected["systems"]
    assert s['govops_inventory_rooms{lifecycle="closed"}'] == expected["rooms_closed"]
    # Stored findings plus the computed compliance checks, exactly as many as the audit lists.
    listed = audit_listed_critical(engine)
    assert listed > expected["findings_stored_open_critical"]
    assert s['govops_inventory_findings_open{severity="critical"}'] == listed
    assert any('department="unassigned"' in k for k in s if k.startswith("govops_kpi_numerator{"))
    assert s['govops_collector_success{collector="inventory"}'] == 1
    engine.dispose()


def audit_listed_critical(engine: Engine) -> int:
    """Critical findings as `govops audit` lists them (one by one, not counted by the agent's COUNT queries)."""
    with Session(engine) as session:
        ctx = make_context(session, lang="en")
        return sum(1 for f in iter_audit(ctx) if f.severity == "critical")


def test_empty_store_still_reports_zero_findings(store_cli: Cli, home: Path) -> None:
    engine = make_engine(store_cli.db_url)
    coll = InventoryCollector(None, engine, findings=audit_findings())
    fams = {f.name: f for f in coll.read()}
    assert [v for _l, v in fams["govops_inventory_findings_open"].samples] == [0.0, 0.0, 0.0]
    assert fams["govops_inventory_devices"].samples == []
    engine.dispose()


@pytest.mark.skipif(store_backend() != "sqlite", reason="counts label combinations, not a backend: once, on SQLite")
def test_series_stay_within_budget_for_a_city(store_cli: Cli, home: Path) -> None:
    """Issue 17's cardinality budget: a few thousand series at 100,000 devices, not every label combination.

    150 departments (more than a city's 委办局 and counties) and every kind, verdict, status and level
    the generator knows: the breakdowns are city-wide, only KPI counts carry a department, and past
    ``max_departments`` the smallest departments are summed into ``other_departments``. Series count
    label combinations, not rows: 20,000 devices already fill every combination of this city (3,020 for
    kind x department x verdict), and the same generator at 100,000 devices gives the same 3,118
    series (11,932 before the budget).
    """
    url = store_cli.db_url
    fill_store(url, devices=20_000, systems=2_000, departments=150)
    engine = make_engine(url)
    coll = InventoryCollector(None, engine, findings=audit_findings())
    fams = {f.name: f for f in coll.read()}
    coll.max_departments = 10_000
    every_department = {f.name: f for f in coll.read()}
    engine.dispose()
    per_family = {name: len(f.samples) for name, f in fams.items()}
    assert sum(per_family.values()) <= 5000, per_family
    assert per_family["govops_inventory_devices"] <= 50  # kinds x verdicts
    shown = {labels.split("department=")[1].split(",")[0] for labels, _v in fams["govops_kpi_numerator"].samples}
    assert len(shown) == 100 + 2  # the 100 largest, unassigned, other_departments
    assert {'"unassigned"', '"other_departments"'} <= shown
    # Summing the smallest departments into other_departments keeps every city-wide figure exact.
    for name in ("govops_kpi_numerator", "govops_kpi_denominator"):
        assert sum(v for _l, v in fams[name].samples) == sum(v for _l, v in every_department[name].samples)
    assert len(every_department["govops_kpi_numerator"].samples) > len(fams["govops_kpi_numerator"].samples)


def test_a_store_outage_keeps_the_last_counts_served_with_their_age(store_cli: Cli, home: Path,
                                                                   tmp_path: Path) -> None:
    """The counts stay true while the store is down: served (collector success 0, last success says how old)
    for the collector's ``stale_after_seconds`` (an hour by default), not dropped after two failed polls."""
    from govops.util.section import CollectorConfig, Section

    engine = make_engine(store_cli.db_url)
    coll = InventoryCollector(None, engine, findings=audit_findings())
    agent = Agent("inventory", [coll], failure_threshold=2)
    assert agent.states[0].stale_after == 3600
    asyncio.run(agent.poll_once(agent.states[0]))
    coll.engine = make_engine(f"sqlite:///{tmp_path / 'gone' / 'store.db'}")  # the store went away
    for _ in range(3):
        asyncio.run(agent.poll_once(agent.states[0]))
    s = parse_samples(agent.exposition().decode())
    assert s['govops_collector_success{collector="inventory"}'] == 0
    assert s['govops_inventory_findings_open{severity="critical"}'] == 0
    agent.states[0].last_success_mono = time.monotonic() - 3601  # an hour later: withdrawn
    assert "govops_inventory_findings_open" not in agent.exposition().decode()
    coll.engine.dispose()
    engine.dispose()

    def configured(options: dict[str, object]) -> InventoryCollector:
        return InventoryCollector(CollectorConfig("inventory", 60.0, 30.0, Section(options, "inventory.yml")), engine,
                                  findings=audit_findings())

    assert configured({"stale_after_seconds": 600}).stale_after_seconds == 600
    with pytest.raises(ConfigError, match="stale_after_seconds"):
        configured({"stale_after_seconds": 30})
