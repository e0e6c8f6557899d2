"""`govops report dengbao` and the KPI dengbao_technical_ready_rate on a hand-made store: one definition."""

from __future__ import annotations

from typing import Any

import pytest

from govops.catalog.hostcheck import RULE_IDS
from govops.kpi.technical import network_rule_map
from govops.store.db import make_engine, session_scope
from govops.store.models import ConfigBackup, Device, Finding, HostCheck, System
from tests.conftest import Cli


def _server(name: str, statuses: dict[str, str] | None) -> Device:
    dev = Device(name=name, kind="server")
    if statuses is not None:
        clause = "8.1.4.1 a)"
        dev_checks = [HostCheck(rule=r, clause=clause, severity="warning", status=statuses.get(r, "pass"),
                                evidence=[{"file": "/etc/login.defs", "line": 14, "value": "PASS_MAX_DAYS 99999"}])
                      for r in RULE_IDS]
        dev.__dict__["_checks"] = dev_checks
    return dev


@pytest.fixture
def store(store_cli: Cli) -> Cli:
    engine = make_engine(store_cli.db_url)
    with session_scope(engine) as s:
        devs = {
            "srv-a": _server("srv-a", {}),
            "srv-b": _server("srv-b", {"password_expiry": "fail", "time_sync": "unknown"}),
            "srv-c": _server("srv-c", None),
            "sw-1": Device(name="sw-1", kind="switch", platform="huawei_vrp"),
            "sw-2": Device(name="sw-2", kind="switch", platform="huawei_vrp"),
            "pdu-1": Device(name="pdu-1", kind="pdu"),
        }
        s.add_all(devs.values())
        s.flush()
        for dev in devs.values():
            for c in dev.__dict__.get("_checks", []):
                c.device_id = dev.id
                s.add(c)
        for sw in ("sw-1", "sw-2"):
            s.add(ConfigBackup(device_id=devs[sw].id, sha256="0" * 64, text="sysname x"))
        s.add(Finding(device_id=devs["sw-2"].id, rule_id="huawei_vrp.telnet_enabled", severity="critical",
                      title="Telnet", evidence="telnet server enable", status="open", source="config_audit"))
        # An unmapped rule (IPv6) never counts against 等保 readiness.
        s.add(Finding(device_id=devs["sw-1"].id, rule_id="huawei_vrp.no_ipv6", severity="info",
                      title="IPv6", evidence="", status="open", source="config_audit"))
        systems = [("S1", 3, ["srv-a", "sw-1"]), ("S2", 3, ["srv-b", "srv-a"]), ("S3", 4, ["srv-c"]),
                   ("S4", 3, ["sw-2"]), ("S5", 2, ["srv-b"]), ("S6", 3, ["pdu-1"])]
        for name, level, hosts in systems:
            s.add(System(name=name, dengbao_level=level, hosts=[devs[h] for h in hosts]))
        s.add(System(name="S7", dengbao_level=3, migration_status="retired", hosts=[devs["srv-a"]]))
    return store_cli


def _report(cli: Cli, *args: str) -> dict[str, Any]:
    res = cli("report", "dengbao", "--format", "json", *args)
    assert res.exit_code == 0, res.stderr
    body: dict[str, Any] = res.json()
    return body


def test_each_level3_system_shows_how_far_it_is_from_passing(store: Cli) -> None:
    doc = _report(store)
    rows = {r["system"]: r for r in next(s for s in doc["sections"] if s["key"] == "dengbao_systems")
            ["tables"][0]["rows"]}
    assert set(rows) == {"S1", "S2", "S3", "S4", "S6"}  # S5 is level 2, S7 retired
    assert rows["S1"]["ready"] is True and rows["S1"]["devices"] == 2 and rows["S1"]["ready_devices"] == 2
    assert (rows["S2"]["failing"], rows["S2"]["unknown"], rows["S2"]["ready"]) == (1, 1, False)
    assert rows["S3"]["unchecked"] == 1 and rows["S3"]["ready"] is False
    assert rows["S4"]["failing"] == 1 and rows["S4"]["clauses"] == "8.1.4.1 c)"
    assert rows["S6"]["devices"] == 0 and rows["S6"]["ready"] is False, "nothing checkable is not ready"
    clauses = {(r["clause"], r["rule"]): r for r in next(s for s in doc["sections"] if s["key"] == "dengbao_clauses")
               ["tables"][0]["rows"]}
    assert clauses[("8.1.4.1 c)", "cleartext_remote_management")]["failing"] == 1
    assert clauses[("8.1.4.1 a)", "time_sync")]["unknown"] == 1  # the clause stored with the check
    assert doc["figures"]["dengbao_technical_ready_systems"] == 1


def test_kpi_and_report_agree(store: Cli) -> None:
    doc = _report(store)
    kpi = {k["key"]: k for k in doc["kpis"]}["dengbao_technical_ready_rate"]
    assert (kpi["numerator"], kpi["denominator"]) == (1, 5)
    assert kpi["value"] == doc["figures"]["dengbao_technical_ready_rate"]  # one name: the KPI's key
    assert (doc["figures"]["dengbao_technical_ready_systems"], doc["figures"]["dengbao_l3_systems"]) == (1, 5)
    res = store("report", "kpi", "--format", "json")
    assert {k["key"]: k for k in res.json()["kpis"]}["dengbao_technical_ready_rate"]["value"] == pytest.approx(0.2)


def test_record_keeps_the_figure_for_the_trend(store: Cli) -> None:
    _report(store, "--record")
    res = store("report", "trend", "dengbao_technical_ready_rate", "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert "0.2" in res.stdout


def test_every_mapped_network_rule_names_a_host_rule() -> None:
    mapped = network_rule_map()
    assert {"huawei_vrp", "hp_comware", "cisco_ios", "ruijie_os", "zte_zxros"} <= set(mapped)
    for per_platform in mapped.values():
        assert set(per_platform.values()) <= set(RULE_IDS)
        assert "time_sync" in per_platform.values() and "remote_logging" in per_platform.values()


def test_a_failing_check_s_evidence_shows_every_piece(store_cli: Cli) -> None:
    # audit_enabled stores what passed (auditd enabled) before what failed (no rules); the worklist printed
    # the first piece only, so a failing row read "auditd.service enabled" as its whole basis.
    with session_scope(make_engine(store_cli.db_url)) as s:
        dev = Device(name="srv-x", kind="server")
        s.add(dev)
        s.flush()
        s.add(HostCheck(device_id=dev.id, rule="audit_enabled", clause="8.1.4.3 a)", severity="warning",
                        status="fail", evidence=[
                            {"file": "/etc/systemd/system/multi-user.target.wants/auditd.service", "line": None,
                             "value": "enabled"},
                            {"file": "/etc/audit/audit.rules", "line": None, "value": "no audit rules (-w/-a)"}]))
        s.add(System(name="SX", dengbao_level=3, hosts=[dev]))
    doc = _report(store_cli)
    rows = next(s for s in doc["sections"] if s["key"] == "dengbao_details")["tables"][0]["rows"]
    (row,) = [r for r in rows if r["rule"] == "audit_enabled"]
    assert row["evidence"] == ("/etc/systemd/system/multi-user.target.wants/auditd.service enabled; "
                               "/etc/audit/audit.rules no audit rules (-w/-a)")
