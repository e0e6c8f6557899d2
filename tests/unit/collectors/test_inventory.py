"""Inventory gauges: counts from a real SQLite store, scrape cost independent of its size."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from govops.agent.runtime import Agent
from govops.collectors.inventory import InventoryCollector
from govops.store.db import make_engine
from tests.agenttools import fill_store, parse_samples
from tests.conftest import Cli


def test_counts_match_the_store(store_cli: Cli, home: Path) -> None:
    url = store_cli.db_url
    expected = fill_store(url, devices=2000, systems=300)
    engine = make_engine(url)
    coll = InventoryCollector(None, engine)
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
    assert s['govops_inventory_findings_open{severity="critical"}'] == expected["findings_open_critical"]
    assert any('department="unassigned"' in k for k in devices)
    assert s['govops_collector_success{collector="inventory"}'] == 1
    engine.dispose()


def test_empty_store_still_reports_zero_findings(store_cli: Cli, home: Path) -> None:
    engine = make_engine(store_cli.db_url)
    coll = InventoryCollector(None, engine)
    fams = {f.name: f for f in coll.read()}
    assert [v for _l, v in fams["govops_inventory_findings_open"].samples] == [0.0, 0.0, 0.0]
    assert fams["govops_inventory_devices"].samples == []
    engine.dispose()
