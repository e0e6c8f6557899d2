"""One truth per figure: every KPI has one value in the reports, in Prometheus and on the dashboards.

On the demo city: `govops report kpi` and the KPI lists of every other report; the
inventory agent scraped by a real Prometheus evaluating exporters/prometheus/inventory.rules.yml;
and every dashboard query that reads a KPI record, run against that Prometheus.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govops.util.yamlio import load_yaml_file
from tests.agenttools import AgentProcess
from tests.conftest import Cli
from tests.prometheus import PrometheusFactory, PrometheusServer, static_job
from tests.storetools import StoreFactory

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
CITY = REPO / "inventory" / "demo-city"
RULES = REPO / "exporters" / "prometheus" / "inventory.rules.yml"
DASHBOARDS = REPO / "exporters" / "grafana" / "dashboards"
REPORTS = ("summary", "migration", "compliance", "xinchuang", "rooms", "links")
KPI_RECORD = re.compile(r'(kpi(?:_department)?:govops_kpi:value)\{kpi(=~?)"([^"]+)"\}')


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, store_factory: StoreFactory) -> Cli:
    home = tmp_path_factory.mktemp("kpi-surfaces") / "home"
    home.mkdir(mode=0o700)
    cli = Cli(home, store_factory(home, migrated=True))
    assert cli("init").exit_code == 0
    res = cli("inventory", "import", str(CITY))
    assert res.exit_code == 0, res.stderr
    return cli


def report_kpis(cli: Cli, kind: str, *args: str) -> dict[str, dict[str, Any]]:
    res = cli("report", kind, "--format", "json", *args)
    assert res.exit_code == 0, res.stderr
    return {k["key"]: k for k in res.json()["kpis"]}


@pytest.fixture(scope="module")
def prom(demo: Cli, prometheus: PrometheusFactory) -> Iterator[PrometheusServer]:
    """The inventory agent on the demo city's store with the inventory rules (a generous poll timeout: a
    loaded machine may take seconds to count the city)."""
    cfg = demo.home / "inventory-agent.yml"
    cfg.write_text("collectors:\n  inventory: {interval_seconds: 10, timeout_seconds: 9}\n", encoding="utf-8")
    env = {"GOVOPS_HOME": str(demo.home), "GOVOPS_DB": demo.db_url}
    agent = AgentProcess(["-c", "from govops.cli.main import entry; entry()", "agent", "inventory",
                          "--config", str(cfg), "--listen", "127.0.0.1:0"], env=env)  # fmt: skip
    try:
        server = prometheus([static_job("govops-inventory", [f"127.0.0.1:{agent.port}"])], rule_files=[RULES])
        server.wait_for('kpi:govops_kpi:value{kpi="cloud_rate"}', timeout=60)
        yield server
    finally:
        agent.stop()


def same(report_value: float | None, prom_values: list[float]) -> bool:
    if report_value is None:
        return not prom_values or all(math.isnan(v) for v in prom_values)
    return len(prom_values) == 1 and prom_values[0] == pytest.approx(report_value, rel=1e-9, abs=1e-9)


def values(prom: PrometheusServer, expr: str) -> dict[str, float]:
    """Series of ``expr`` by their kpi label (and department, for per-department records)."""
    out = {}
    for r in prom.query(expr):
        m = r["metric"]
        out[m.get("kpi", "") + ("|" + m["department"] if "department" in m else "")] = float(r["value"][1])
    return out


def test_every_report_shows_the_kpi_report_values(demo: Cli) -> None:
    kpis = report_kpis(demo, "kpi")
    assert {"cloud_rate", "dengbao_l3_pass_rate", "domestic_server_rate", "egress_capacity_gbps"} <= set(kpis)
    shown: set[str] = set()
    for kind in REPORTS:
        for key, k in report_kpis(demo, kind).items():
            assert k["value"] == kpis[key]["value"], (kind, key)
            assert (k["numerator"], k["denominator"]) == (kpis[key]["numerator"], kpis[key]["denominator"])
            shown.add(key)
    # Every store-computed KPI appears in at least one of the topical reports.
    assert {k for k, v in kpis.items() if k != "room_pue_measured"} <= shown


def test_prometheus_records_equal_the_report(demo: Cli, prom: PrometheusServer) -> None:
    kpis = report_kpis(demo, "kpi")
    city = values(prom, "kpi:govops_kpi:value")
    undetermined = values(prom, "kpi:govops_kpi_undetermined:sum")
    for key, k in kpis.items():
        if key == "room_pue_measured":  # measured by the power agent, not the inventory agent
            assert key not in city
            continue
        got = [city[key]] if key in city else []
        assert same(k["value"], got), (key, k["value"], got)
        if k["undetermined"] is not None:
            assert undetermined.get(key, 0.0) == k["undetermined"], key
    targets = values(prom, "govops_kpi_target")
    assert {key: k["target"] for key, k in kpis.items() if k["target"] is not None and key in city} == {
        key: v for key, v in targets.items() if key in city
    }


def test_department_records_equal_the_department_report(demo: Cli, prom: PrometheusServer) -> None:
    departments = json.loads(demo("inventory", "list", "departments", "--json").stdout)
    per_dept = values(prom, "kpi_department:govops_kpi:value")
    # Departments with systems of their own and no departments below them: the agent's label is the department itself.
    parents = {d.get("parent") for d in departments}
    leaves = [d for d in departments if d["code"] not in parents]
    checked = 0
    for d in leaves:
        kpis = report_kpis(demo, "kpi", "--department", d["code"])
        for key in ("cloud_rate", "domestic_server_rate", "backup_rate"):
            label = f"{key}|{d['name']}"
            got = [per_dept[label]] if label in per_dept else []
            assert same(kpis[key]["value"], got), (d["code"], key, kpis[key]["value"], got)
            checked += got != []
        if checked >= 6:
            break
    assert checked >= 3


def test_dashboard_queries_show_the_report_values(demo: Cli, prom: PrometheusServer) -> None:
    kpis = report_kpis(demo, "kpi")
    seen: set[str] = set()
    for path in sorted(DASHBOARDS.glob("*.json")):
        for panel in json.loads(path.read_text(encoding="utf-8"))["panels"]:
            for target in panel.get("targets", []):
                m = KPI_RECORD.fullmatch(target["expr"])
                if not m or m.group(1) != "kpi:govops_kpi:value":
                    continue
                got = values(prom, target["expr"])
                keys = [k for k in kpis if (re.fullmatch(m.group(3), k) if m.group(2) == "=~" else k == m.group(3))]
                assert keys, target["expr"]
                for key in keys:
                    assert same(kpis[key]["value"], [got[key]] if key in got else []), (path.name, key)
                    seen.add(key)
    assert {"cloud_rate", "domestic_server_rate", "dengbao_coverage_rate", "offsite_backup_rate"} <= seen


FINDINGS_METRIC = "govops_inventory_findings_open"


def alert_expr(name: str) -> str:
    """The expression of alert ``name`` in the inventory rules, without its threshold."""
    rules = [r for g in load_yaml_file(RULES)["groups"] for r in g["rules"] if r.get("alert") == name]
    assert len(rules) == 1, name
    expr, _gt, _threshold = rules[0]["expr"].rpartition(" > ")
    return str(expr)


def test_open_findings_are_one_figure_on_every_surface(demo: Cli, prom: PrometheusServer) -> None:
    """`govops audit` (its counts and its textfile), `report compliance`, the inventory agent's metric through a real
    Prometheus, the GovopsCriticalFindingsOpen alert's expression and every dashboard query of the metric: one number.

    Before, the audit counted the compliance checks it computes from the inventory and every other surface did
    not, so the alert said N critical findings and the list it pointed to had more.
    """
    res = demo("audit", "--format", "json", "--fail-on", "critical", "--textfile", str(demo.home))
    assert res.exit_code in (0, 1), res.stderr
    audit = res.json()["counts"]
    audit_done = time.time()
    computed = {f["rule"] for f in res.json()["findings"] if f["source"] == "compliance"}
    assert computed, "the demo city has computed findings: a test that cannot fail otherwise"
    textfile = (demo.home / "govops_audit.prom").read_text(encoding="utf-8")
    for severity in ("critical", "warning", "info"):
        line = f'govops_audit_findings_by_severity{{severity="{severity}"}} {float(audit.get(severity, 0))}'
        assert line in textfile.splitlines(), line
    report = demo("report", "compliance", "--format", "json")
    assert report.exit_code == 0, report.stderr
    figures = report.json()["figures"]
    assert (figures["findings_open"], figures["findings_critical"]) == (sum(audit.values()), audit.get("critical", 0))
    # The agent polls every 10 s: wait for a poll that began after the audit (which re-evaluates configurations).
    prom.wait_for(f'govops_collector_last_success_timestamp_seconds{{collector="inventory"}} > {audit_done + 0.5}',
                  timeout=60)
    time.sleep(1.5)  # and for Prometheus to scrape it (scrape interval 1 s)

    def scalar(expr: str) -> float:
        (result,) = prom.query(expr)
        return float(result["value"][1])

    for severity in ("critical", "warning", "info"):
        assert scalar(f'sum({FINDINGS_METRIC}{{severity="{severity}"}})') == audit.get(severity, 0), severity
    assert scalar(alert_expr("GovopsCriticalFindingsOpen")) == audit.get("critical", 0)
    dashboard_exprs = [t["expr"] for path in sorted(DASHBOARDS.glob("*.json"))
                       for panel in json.loads(path.read_text(encoding="utf-8"))["panels"]
                       for t in panel.get("targets", []) if FINDINGS_METRIC in t["expr"]]  # fmt: skip
    assert dashboard_exprs
    for expr in dashboard_exprs:
        m = re.search(r'severity="(\w+)"', expr)
        want = audit.get(m.group(1), 0) if m else sum(audit.values())
        assert scalar(expr) == want, expr


def test_agent_numbers_follow_a_change(demo: Cli, prom: PrometheusServer) -> None:
    """Not a frozen copy: retiring a system moves the report and, within a few scrapes, the record."""
    before = report_kpis(demo, "kpi")["backup_rate"]
    systems = json.loads(demo("inventory", "list", "systems", "--json").stdout)
    victim = next(s for s in systems if s.get("backup") in ("local", "offsite", "local+offsite")
                  and s.get("migration", {}).get("status") != "retired")  # fmt: skip
    res = demo("track", "system", victim["name"], "--status", "retired")
    assert res.exit_code == 0, res.stderr
    after = report_kpis(demo, "kpi")["backup_rate"]
    assert after["denominator"] == before["denominator"] - 1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        got = values(prom, 'kpi:govops_kpi:value{kpi="backup_rate"}').get("backup_rate")
        if got is not None and got == pytest.approx(after["value"]):
            break
        time.sleep(0.5)
    assert got == pytest.approx(after["value"])
