"""Report figures on the hand-made city (tests/unit/reports/city.py), worked out by hand.

Active systems: S1..S5, S7 (S6 is retired). On the cloud: S1. Overdue on 2024-06-30:
S2 (planned 2024-03-31) and S7 (planned 2024-06-01). Level-3: S1, S2, S3, S7; covered
(passed within 365 days): S1 (2024-01-15), S2 (2023-08-01); S2 expires 2024-07-30, within 90 days.
"""

from __future__ import annotations

from typing import Any

import pytest

from govops.reports.i18n import Lang
from govops.reports.rooms import pue_grade
from tests.conftest import Cli
from tests.unit.reports.city import AS_OF


def figures(cli: Cli, kind: str, *extra: str) -> dict[str, Any]:
    res = cli("report", kind, "--format", "json", "--as-of", AS_OF, *extra)
    assert res.exit_code == 0, res.stderr
    body = res.json()
    assert body["as_of"] == AS_OF
    got: dict[str, Any] = body["figures"]
    return got


def test_migration_figures(city: Cli) -> None:
    f = figures(city, "migration")
    assert f["systems_total"] == 6
    assert f["systems_on_cloud"] == 1
    assert f["systems_on_cloud_share"] == pytest.approx(1 / 6)
    assert f["systems_overdue"] == 2
    assert f["systems_exempt"] == 1
    # self-built, not classified: S1, S2, S7 (S3 is classified, S6 retired); on the cloud: S1.
    assert f["self_built_open_total"] == 3
    assert f["self_built_open_on_cloud_share"] == pytest.approx(1 / 3)


def test_migration_tables(city: Cli) -> None:
    res = city("report", "migration", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    sections = {s["key"]: s for s in res.json()["sections"]}
    overdue = sections["overdue"]["tables"][0]["rows"]
    assert [(r["name"], r["days_late"]) for r in overdue] == [("S2", 91), ("S7", 29)]
    exempt = sections["exempt"]["tables"][0]["rows"]
    assert exempt == [{"name": "S3", "department": "D2", "reason": "涉密系统，按规定不上云"}]
    by_origin = {r["group"]: r for r in sections["by_origin"]["tables"][0]["rows"]}
    assert by_origin["self-built"]["systems"] == 4 and by_origin["self-built"]["overdue"] == 2


def test_department_scope_includes_departments_below(city: Cli) -> None:
    # D2 holds D3 and D4 below it; its systems are S3, S4, S7; S7 is overdue.
    f = figures(city, "migration", "--department", "D2")
    assert (f["systems_total"], f["systems_on_cloud"], f["systems_overdue"]) == (3, 0, 1)
    links = figures(city, "links", "--department", "D2")
    assert links["links_total"] == 4  # L3, L6 to D2, L5 to D3, L7 to D4


def test_xinchuang_figures(city: Cli) -> None:
    f = figures(city, "xinchuang")
    # active IT equipment: srv1 srv2 srv3 sw1 sw2 fw1 (srv4 retired; pdu1 is facility equipment, apart).
    assert f["it_devices_total"] == 6
    assert f["devices_domestic"] == 2 and f["devices_foreign"] == 3 and f["devices_unknown"] == 1
    assert f["devices_domestic_share"] == pytest.approx(2 / 5)  # fw1 undetermined: not foreign
    assert f["domestic_server_rate"] == pytest.approx(1 / 3)
    assert f["domestic_network_rate"] == pytest.approx(1 / 2)  # sw1 of sw1, sw2; fw1 undetermined
    assert f["domestic_facility_rate"] is None  # pdu1 has no verdict yet
    assert f["backlog_total"] == 3


def test_xinchuang_it_share_leaves_out_cooling_and_environment_monitors(city_rw: Cli) -> None:
    # A precision air conditioner and an environment monitor are machine-room plant, not IT equipment: two foreign
    # ones change no IT figure (active IT equipment stays srv1 srv2 srv3 sw1 sw2 fw1), and show in the by-kind table.
    extra = city_rw.home / "plant.yaml"
    extra.write_text(
        "devices:\n"
        "  - {name: crac1, kind: cooling, room: R1, department: D1, domestic: foreign, status: in_service}\n"
        "  - {name: emon1, kind: env_monitor, room: R1, department: D1, domestic: foreign, status: in_service}\n",
        encoding="utf-8",
    )
    res = city_rw("inventory", "import", str(extra))
    assert res.exit_code == 0, res.stderr
    res = city_rw("report", "xinchuang", "--format", "json", "--lang", "zh")  # today: the import is history now
    assert res.exit_code == 0, res.stderr
    f = res.json()["figures"]
    assert (f["it_devices_total"], f["devices_foreign"]) == (6, 3)
    assert f["devices_domestic_share"] == pytest.approx(2 / 5)
    by_kind = next(s for s in res.json()["sections"] if s["key"] == "by_kind")["tables"][0]["rows"]
    assert {"精密空调", "动环监控"} <= {r["group"] for r in by_kind}
    # The overview's count is of IT equipment, and says so (the by-kind table also lists the plant).
    overview = next(s for s in res.json()["sections"] if s["key"] == "overview")["figures"]
    assert next(f["label"] for f in overview if f["key"] == "it_devices_total") == "IT 设备总数（不含机房基础设施）"


def test_xinchuang_backlog_order_and_evidence(city: Cli) -> None:
    res = city("report", "xinchuang", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    backlog = next(s for s in res.json()["sections"] if s["key"] == "backlog")["tables"][0]["rows"]
    # end of life first (sw2 2022, srv2 2030), then no EOL (srv3).
    assert [r["device"] for r in backlog] == ["sw2", "srv2", "srv3"]
    assert "sys_object_id=1.3.6.1.4.1.674" in backlog[1]["evidence"]
    assert backlog[1]["age"] == pytest.approx(6.0, abs=0.01)
    assert "CPU: Intel Xeon Gold 6130 → foreign (vendor_id=GenuineIntel; cpu:intel)" in backlog[2]["evidence"]
    assert "operating system: Kylin Linux Advanced Server V10 → domestic" in backlog[2]["evidence"]
    dims = {
        r["group"]: r
        for r in next(s for s in res.json()["sections"] if s["key"] == "by_dimension")["tables"][0]["rows"]
    }
    # srv1 (SNMP-style words), srv2 (words), srv3 (server-style flags); 7 active devices.
    dimensions = ("vendor", "CPU", "operating system")
    counts = [(dims[d]["domestic"], dims[d]["foreign"], dims[d]["unknown"]) for d in dimensions]
    assert counts == [(1, 2, 4), (1, 2, 4), (1, 0, 6)]
    # Software counts installed items: WPS and 达梦 domestic, Oracle foreign.
    software = dims["software (installed items)"]
    assert (software["total"], software["domestic"], software["foreign"]) == (3, 2, 1)


def test_rooms_figures_and_ranking(city: Cli) -> None:
    f = figures(city, "rooms")
    assert f["rooms_total"] == 4
    assert f["rooms_by_lifecycle"] == {"active": 1, "retained": 1, "converting": 0, "closing": 1, "closed": 1}
    assert f["room_pue_declared"] == pytest.approx((2.4 + 1.8 + 1.25) / 3, abs=1e-3)
    assert f["self_built_room_rate"] == pytest.approx(2 / 3)  # the KPI: R1, R2 of the open R1, R2, R4
    # R1 hosts only S2 (planned): it can close once S2 moves; R2 still hosts exempt S3.
    assert f["rooms_closable"] == 1
    assert f["rooms_by_recommendation"] == {"retain": 2, "convert": 0, "close": 1, "closed": 1}
    res = city("report", "rooms", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    sections = {s["key"]: s for s in res.json()["sections"]}
    ranking = sections["ranking"]["tables"][0]["rows"]
    assert [r["code"] for r in ranking] == ["R1", "R2", "R4"]
    rooms = {r["code"]: r for r in sections["list"]["tables"][0]["rows"]}
    assert (rooms["R1"]["servers"], rooms["R1"]["systems"]) == (2, 1)
    assert (rooms["R2"]["servers"], rooms["R2"]["systems"]) == (1, 3)
    assert rooms["R4"]["grade"] == "2" and rooms["R1"]["grade"] == "over"
    # Recommendations with reasons: never close the cloud room or a room hosting systems without naming them.
    assert rooms["R1"]["action"] == "close"
    # Power freed: 2 servers × 400 W (the default [reports] server_watts) × declared PUE 2.4, no meter.
    assert rooms["R1"]["reasons"] == ("move 1 systems first: S2; 2 servers to retire or move; "
                                      "frees about 1.9 kW (estimated: servers × power per server × PUE)")
    assert rooms["R1"]["power_freed_kw"] == 1.9 and rooms["R2"]["power_freed_kw"] is None
    assert rooms["R2"]["action"] == "retain" and "S3" in rooms["R2"]["reasons"]
    assert (rooms["R4"]["action"], rooms["R4"]["reasons"]) == ("retain", "the e-government cloud room")
    # A closed room has no PUE and no grade.
    assert (rooms["R3"]["action"], rooms["R3"]["pue_declared"], rooms["R3"]["grade"]) == ("closed", None, None)
    assert sections["ranking"]["charts"][0]["labels"][0].startswith("R1")
    assert "not configured" in " ".join(res.json()["notes"])


def test_power_freed_reads_in_its_reason_as_in_its_column(city_rw: Cli) -> None:
    # R1 with 5 servers at 100 kW each ([reports] server_watts) × declared PUE 2.4 frees 1,200 kW: the reason prints
    # the number as the column does (format_value, thousands separated), in every language and format for people.
    from sqlalchemy import select

    from govops.store.db import make_engine, session_scope
    from govops.store.models import Device, Room

    (city_rw.home / "config.toml").write_text("[reports]\nserver_watts = 100000\n", encoding="utf-8")
    with session_scope(make_engine(city_rw.db_url)) as s:
        r1 = s.scalars(select(Room).where(Room.code == "R1")).one()
        s.add_all([Device(name=f"srv-extra-{n}", kind="server", room_id=r1.id, department_id=r1.department_id)
                   for n in range(3)])  # fmt: skip
    res = city_rw("report", "rooms", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    sections = {s["key"]: s for s in res.json()["sections"]}
    rows = {r["code"]: r for r in sections["list"]["tables"][0]["rows"]}
    assert rows["R1"]["power_freed_kw"] == 1200.0 and "frees about 1,200.0 kW" in rows["R1"]["reasons"], rows["R1"]
    for lang, words in (("en", "frees about 1,200.0 kW"), ("zh", "可释放电力约 1,200.0 kW")):
        page = city_rw("report", "rooms", "--format", "markdown", "--as-of", AS_OF, "--lang", lang).stdout
        (row,) = [line for line in page.splitlines() if line.startswith("| R1 ")]
        assert "| 1,200.0 |" in row and words in row, row


def test_links_figures(city: Cli) -> None:
    f = figures(city, "links")
    assert f["links_total"] == 7
    assert f["links_without_backup"] == 3  # L4, L5, L7
    assert f["links_tier_compliant_share"] == pytest.approx(3 / 5)  # L3, L5, L6 of L3..L7
    assert f["link_ipv6_rate"] == pytest.approx(2 / 7)
    assert f["egress_capacity_gbps"] == 2.0 and f["egress_backup_capacity_gbps"] == 2.0  # L1 primary, L2 beside it
    res = city("report", "links", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    cov = {
        r["level"]: r for r in next(s for s in res.json()["sections"] if s["key"] == "coverage")["tables"][0]["rows"]
    }
    assert (cov["county"]["departments"], cov["county"]["connected"]) == (2, 2)
    assert cov["city"]["connected"] == 0
    # A city bureau reaching the extranet through the city core is not 'connected': the report says so beside the
    # 0%, so the figure is not read as 'no city department is on the extranet'.
    (section,) = [s for s in res.json()["sections"] if s["key"] == "coverage"]
    assert any("link of their own" in n and "shared link" in n for n in section["notes"]), section["notes"]
    zh = city("report", "links", "--as-of", AS_OF)
    assert "经市级核心等共用线路接入的部门不计入" in "".join(zh.stdout.split())


def test_compliance_figures(city: Cli) -> None:
    f = figures(city, "compliance")
    assert f["dengbao_level3_total"] == 4
    assert f["dengbao_level3_covered"] == 2
    assert f["dengbao_coverage_rate"] == 0.4  # the KPI: S1, S2 of the graded S1, S2, S3, S4 (level 2), S7
    assert f["dengbao_expiring"] == 1
    assert f["backup_rate"] == pytest.approx(4 / 6)  # S3 none, S4 unset
    assert f["offsite_backup_rate"] == pytest.approx(3 / 6)  # S1, S7 offsite, S5 local+offsite
    # The audit's figure: 3 stored findings (telnet on sw2 and fw1's default admin critical) and 15 computed
    # checks (S7's failed and S3's missing 等保 assessment critical), as `govops audit` counts them (test_audit).
    assert f["findings_open"] == 18 and f["findings_critical"] == 4
    assert f["default_credentials"] == 1
    assert f["ipv6_system_rate"] == pytest.approx(1 / 6)


def test_as_of_moves_the_judgement(city: Cli) -> None:
    # A year later nothing of the 2023/2024 assessments covers any more, and S4 (planned 2024-12-31) is late too.
    res = city("report", "compliance", "--format", "json", "--as-of", "2025-06-30")
    assert res.json()["figures"]["dengbao_level3_covered"] == 0
    res = city("report", "migration", "--format", "json", "--as-of", "2025-06-30")
    assert res.json()["figures"]["systems_overdue"] == 3


def test_summary_contract(city: Cli) -> None:
    res = city("report", "summary", "--format", "json", "--as-of", AS_OF)
    body = res.json()
    assert body["as_of"] == AS_OF
    f = body["figures"]
    expected = {
        "rooms_total": 4, "devices_total": 7, "servers_total": 3, "systems_total": 6, "systems_on_cloud": 1,
        "systems_overdue": 2, "links_total": 7, "links_without_backup": 3,
        "dengbao_level3_passed": 2,  # S1, S2 passed at level 3 within 365 days; S3 too old, S7 failed
    }  # fmt: skip
    assert {k: f[k] for k in expected} == expected
    assert f["rooms_by_lifecycle"]["closing"] == 1 and f["devices_by_kind"]["server"] == 3
    for key, value in [("domestic_server_rate", 1 / 3), ("domestic_network_rate", 1 / 2),
                       ("dengbao_l3_pass_rate", 2 / 6),
                       ("cloud_rate", 1 / 3),
                       ("backup_rate", 4 / 6), ("offsite_backup_rate", 3 / 6),
                       ("room_pue_declared", (2.4 + 1.8 + 1.25) / 3)]:  # fmt: skip
        assert f[key] == pytest.approx(value, abs=1e-3), key
    # The page's cloud share is the KPI's (S1 of the self-built S1, S2, S3), not S1 of every active system.
    assert "systems_on_cloud_share" not in f
    # The page for people shows the same figures, labelled in Chinese.
    md = city("report", "summary", "--format", "markdown", "--as-of", AS_OF, "--lang", "zh").stdout
    assert "# 政务基础设施概况" in md and "**上云率**: 33.3%" in md and "**无备份链路**: 3" in md


def test_thresholds_from_config(city_rw: Cli) -> None:
    (city_rw.home / "config.toml").write_text(
        "[reports]\ncloud_target = 0.5\ndengbao_period_days = 1000\nbandwidth_tiers_mbps = {village = 50}\n",
        encoding="utf-8",
    )
    mig = city_rw("report", "migration", "--format", "json", "--as-of", AS_OF).json()
    target = next(f for f in mig["sections"][0]["figures"] if f["key"] == "cloud_rate")["target"]
    assert target == 0.5
    # A 1000-day period still covers S3 (assessed 2022-05-01): 3 of 4 level-3 systems.
    assert figures(city_rw, "compliance")["dengbao_level3_covered"] == 3
    # L7 (50 Mbps to a village) now meets its tier: L3, L5, L6, L7 of five.
    assert figures(city_rw, "links")["links_tier_compliant_share"] == pytest.approx(4 / 5)


def test_bad_config_names_the_key(city_rw: Cli) -> None:
    (city_rw.home / "config.toml").write_text("[reports]\ncloud_targett = 0.5\n", encoding="utf-8")
    res = city_rw("report", "migration")
    assert (
        res.exit_code == 2 and "unknown key 'cloud_targett'" in res.stderr and "did you mean cloud_target" in res.stderr
    )
    (city_rw.home / "config.toml").write_text("[reports]\ndengbao_target = 90\n", encoding="utf-8")
    res = city_rw("report", "compliance")
    assert res.exit_code == 2 and "dengbao_target = 90" in res.stderr and "between 0 and 1" in res.stderr


def test_xinchuang_department_by_class_matrix(city: Cli) -> None:
    res = city("report", "xinchuang", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    table = next(s for s in res.json()["sections"] if s["key"] == "by_department_class")["tables"][0]
    # A row names its department by its code, as by_department's rows and the backlog do; the label is `group`.
    rows = {r["department"]: r for r in table["rows"]}
    d1, d2 = rows["D1"], rows["D2"]
    assert (d1["group"], d2["group"]) == ("市数据局 (D1)", "东县 (D2)")
    assert (d1["domestic_server_rate"], d1["domestic_server_rate_n"]) == (0.5, "1/2")  # srv1 of srv1, srv2
    assert d1["domestic_network_rate"] == 1.0 and d1["domestic_network_rate_n"] == "1/1 (+1 Undetermined)"  # fw1
    # pdu1 is facility equipment: its own column, undetermined, and in no IT share.
    assert d1["domestic_facility_rate"] is None and "+1" in d1["domestic_facility_rate_n"]
    assert (d2["domestic_server_rate"], d2["domestic_network_rate"]) == (0.0, 0.0)  # srv3, sw2 (srv4 retired)


def test_compliance_findings_name_devices_and_counts_agree(city: Cli) -> None:
    res = city("report", "compliance", "--format", "json", "--as-of", AS_OF, "--lang", "zh").json()
    tables = {tb["key"]: tb for s in res["sections"] if s["key"] == "findings" for tb in s["tables"]}
    rows = {r["rule"]: r for r in tables["findings"]["rows"]}
    assert rows["telnet_enabled"]["devices"] == "sw2" and rows["telnet_enabled"]["count"] == 1  # sw1's is closed
    assert sum(r["count"] for r in tables["findings"]["rows"]) == res["figures"]["findings_open"]
    creds = tables["default_credentials"]["rows"]
    assert len({r["device"] for r in creds}) == res["figures"]["default_credentials"] == 1
    assert creds[0]["device"] == "fw1"
    # The table lists findings (a device with a default community and a factory account is two rows): titled as the
    # figure that counts devices, the demo's 310 rows ("110 more") read under a headline of 167.
    figure = next(f for s in res["sections"] for f in s["figures"] if f["key"] == "default_credentials")
    assert tables["default_credentials"]["title"] != figure["label"]


@pytest.mark.parametrize(("lang", "maker"), [("zh", "华为"), ("en", "Huawei Technologies")])
def test_backlog_evidence_names_a_vendor_by_its_name_not_its_catalogue_id(lang: Lang, maker: str) -> None:
    # SNMP's vendor dimension carries only the catalogue row (subject: huawei); the reader sees the maker's name.
    from govops.reports.i18n import Translator
    from govops.reports.xinchuang import _evidence_text

    doc = {"verdict": "domestic", "source": "snmp", "vendor": {"verdict": "domestic", "subject": "huawei", "evidence": [
        {"field": "platform", "value": "huawei_vrp", "rule": "snmp_platform:huawei_vrp vendor:huawei"}]}}
    text = _evidence_text(doc, None, Translator(lang))
    assert f": {maker} → " in text and ": huawei → " not in text


def test_xinchuang_group_rows_name_kind_and_department_by_their_codes(city: Cli) -> None:
    # A row's group is keyed as elsewhere in the JSON (`kind: server`, `department: D1`, as `inventory list` and
    # the backlog say), not by a bare `k` holding the store's internal department id.
    res = city("report", "xinchuang", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    tables = {tb["key"]: tb for s in res.json()["sections"] for tb in s["tables"]}
    kinds = {r["kind"]: r["group"] for r in tables["by_kind"]["rows"]}
    depts = {r["department"]: r["group"] for r in tables["by_department"]["rows"]}
    assert kinds["server"] == "server" and depts["D1"] == "市数据局 (D1)"
    assert not any("k" in r for r in tables["by_kind"]["rows"] + tables["by_department"]["rows"])


def test_one_figure_name_has_one_value_in_every_report(city: Cli) -> None:
    # A figure is recorded for `report trend` by its name from whichever report ran with --record, and read by
    # dashboards by its name: `devices_total` was 7 in the summary and 6 (IT equipment only) in xinchuang, and
    # the summary rounded room_pue_declared and systems_on_cloud_share where rooms and migration did not.
    seen: dict[str, tuple[str, Any]] = {}
    clashes = []
    for kind in ("summary", "migration", "xinchuang", "rooms", "links", "compliance", "dengbao"):
        for name, value in figures(city, kind).items():
            if isinstance(value, dict | list):
                continue
            first = seen.setdefault(name, (kind, value))
            if first[1] != value:
                clashes.append((name, first, (kind, value)))
    assert clashes == []


def test_xinchuang_every_domestic_share_has_the_kpi_s_definition(city: Cli) -> None:
    # One truth per figure: a group's share, like the overview's and the KPIs', is domestic over the determined
    # verdicts (fw1 and pdu1 are undetermined: beside the share, never in its denominator).
    res = city("report", "xinchuang", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    body = res.json()
    tables = {tb["key"]: tb for s in body["sections"] for tb in s["tables"]}
    for key in ("by_kind", "by_department", "by_dimension"):
        assert tables[key]["rows"], key  # an empty table would pass the loop below
        for row in tables[key]["rows"]:
            determined = row["domestic"] + row["foreign"]
            want = row["domestic"] / determined if determined else None
            assert row["share"] == (pytest.approx(want) if want is not None else None), (key, row)
    kinds = {r["kind"]: r for r in tables["by_kind"]["rows"]}
    assert kinds["server"]["share"] == pytest.approx(body["figures"]["domestic_server_rate"])  # 1/3
    assert kinds["firewall"]["unknown"] == 1 and kinds["firewall"]["share"] is None
    d1 = next(r for r in tables["by_department"]["rows"] if r["department"] == "D1")
    assert (d1["domestic"], d1["foreign"], d1["share"]) == (2, 1, pytest.approx(2 / 3))  # was 2/5 with unknowns


@pytest.mark.parametrize(
    ("pue", "grade"), [(1.0, 1), (1.2, 1), (1.2001, 2), (1.3, 2), (1.5, 3), (1.5001, 4), (None, None)]
)
def test_pue_grade_bounds_are_inclusive(pue: float | None, grade: int | None) -> None:
    """GB 40879's grade limits are upper bounds a room may reach: PUE 1.3 is still grade 2."""
    assert pue_grade(pue, (1.2, 1.3, 1.5)) == grade
