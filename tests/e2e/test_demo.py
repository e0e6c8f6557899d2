"""The demo city: generated deterministically, imports cleanly, and `govops demo` summarises it."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from govops.lab.city_dates import city_dated
from govops.reports.i18n import both_languages
from tests.conftest import Cli

REPO = Path(__file__).resolve().parents[2]
CITY = REPO / "inventory" / "demo-city"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_demo_city", REPO / "inventory" / "generate_demo_city.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_committed_demo_city_is_what_the_generator_makes() -> None:
    generated = load_generator().generate()
    for name, text in generated.items():
        stale = f"{name} is stale: run inventory/generate_demo_city.py"
        assert (CITY / name).read_text(encoding="utf-8") == text, stale


def test_demo_city_has_the_scale_of_the_plans() -> None:
    doc = {}
    for path in sorted(CITY.glob("*.yaml")):
        doc.update(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    rooms = doc["rooms"]
    assert len(rooms) == 57
    assert round(sum(r["self_built"] for r in rooms) / 57, 2) == 0.58
    assert sum(r["pue_declared"] for r in rooms) / len(rooms) > 2.2
    servers = [d for d in doc["devices"] if d["kind"] == "server"]
    assert len(servers) == 318
    assert sum(s["cpu_cores"] for s in servers) == 2500
    cpus = {s["cpu_vendor"] for s in servers}
    assert {"HiSilicon", "Phytium", "Hygon", "GenuineIntel"} <= cpus
    assert sum(s["domestic"] == "domestic" for s in servers) < len(servers) / 3  # a minority
    vendors = {d["vendor"] for d in doc["devices"] if d["kind"] in ("switch", "router")}
    assert {"Huawei", "H3C", "Ruijie", "ZTE", "Cisco"} <= vendors
    assert {"firewall", "pdu", "ups"} <= {d["kind"] for d in doc["devices"]}
    levels = [d["level"] for d in doc["departments"]]
    assert 85 <= levels.count("city") + levels.count("county") <= 95
    assert "township" in levels and "village" in levels
    systems = doc["systems"]
    assert len(systems) == 182
    assert {s["origin"] for s in systems} == {"national", "provincial", "self_built"}
    assert 0 < sum(s["classified"] for s in systems) <= 8
    passed3 = [s for s in systems if s.get("dengbao", {}).get("level") == 3 and s["dengbao"]["passed"]]
    assert len(passed3) == 6
    # Written as seen on the day city.toml declares: the six passes within the year before it (Suining: 6/182).
    dated = city_dated(CITY)
    assert dated == load_generator().DATED
    assert all(0 < (dated - s["dengbao"]["assessed"]).days < 365 for s in passed3)
    backed = [s for s in systems if s["backup"] != "none"]
    assert round(len(backed) / 182, 2) == 0.26
    assert 0 < sum("offsite" in s["backup"] for s in backed) <= 6
    assert sum(s.get("migration", {}).get("status") == "migrated" for s in systems) == 20
    egress = [lk for lk in doc["links"] if lk["kind"] == "internet"]
    assert {(lk["carrier"], lk["role"]) for lk in egress} == {("中国电信", "primary"), ("中国联通", "backup")}
    assert sum(lk["bandwidth_mbps"] for lk in egress) == 4200
    reached = {lk["level"] for lk in doc["links"] if lk["kind"] == "extranet"}
    assert {"county", "township", "village"} <= reached


def test_demo_city_imports_and_lists_57_rooms(store_cli: Cli) -> None:
    res = store_cli("inventory", "import", str(CITY), "--json")
    assert res.exit_code == 0, res.stderr
    rooms = store_cli("inventory", "list", "rooms", "--json").json()
    assert len(rooms) == 57
    again = store_cli("inventory", "import", str(CITY), "--json").json()
    assert again["history_entries"] == 0


def test_demo_headline_prints_report_kpi_rows(store_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each headline row is the KPI's label and the value `report kpi` prints for that key (no second formatting)."""
    from rich.console import Console

    from govops.cli import demo

    assert store_cli("inventory", "import", str(CITY)).exit_code == 0
    report = store_cli("report", "kpi", "--format", "json").json()
    printed = next(t["rows"] for s in report["sections"] for t in s["tables"] if t["key"] == "kpis")
    wide = Console(width=300, record=True, file=io.StringIO())
    monkeypatch.setattr(demo, "console", wide)
    demo.print_kpis(report["kpis"], both_languages("kpi.unmeasured"))
    text = wide.export_text()
    lines = {line.split("│")[-2].strip(): line for line in text.splitlines() if line.count("│") == 6}
    assert set(lines) == {k["key"] for k in report["kpis"]}
    for kpi, row in zip(report["kpis"], printed, strict=True):
        line = lines[kpi["key"]]
        assert f"{kpi['label_zh']} {kpi['label_en']}" in line and f" {row['value']} " in line, line
        if kpi["unit"] == "share" and kpi["denominator"]:
            assert f" {kpi['numerator']}/{kpi['denominator']} " in line, line
    # A measured figure without Prometheus shows no value; the headline says why, as `report kpi` does.
    unmeasured = [k for k in report["kpis"] if k["value"] is None and k["note"]]
    assert unmeasured, "the store-only run leaves the measured PUE without a value"
    assert f"— {unmeasured[0]['note']} measured figures need prometheus_url" in text  # report kpi's (zh), then en


# `govops demo` end to end runs in tests/e2e/test_readme_flow.py, on the lab the README flow starts
# (which also checks the city's servers carry a spread of 等保 settings: servers_carry_a_spread_of_dengbao_settings).


@pytest.mark.parametrize("bad", ["nonexistent-dir"])
def test_demo_with_missing_city_is_a_clear_error(cli: Cli, tmp_path: Path, bad: str) -> None:
    res = cli("demo", "--city", str(tmp_path / bad))
    assert res.exit_code == 2 and "demo city not found" in res.stderr
