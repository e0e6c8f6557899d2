"""`govops report kpi` on the hand-made city: every figure worked out by hand (AS_OF 2024-06-30)."""

from __future__ import annotations

from typing import Any

import pytest

from govops.kpi.definitions import kpi_catalogue
from govops.vocab import FACILITY_KINDS, NETWORK_KINDS
from tests.conftest import Cli
from tests.unit.reports.city import AS_OF
from tests.unit.reports.conftest import city, city_rw  # noqa: F401 (the hand-made city's fixtures)

REQUIRED = {
    "cloud_rate", "dengbao_l3_pass_rate", "dengbao_coverage_rate", "backup_rate", "offsite_backup_rate",
    "domestic_server_rate", "domestic_network_rate", "domestic_switch_rate", "domestic_router_rate",
    "domestic_firewall_rate", "domestic_storage_rate", "domestic_facility_rate", "self_built_room_rate",
    "room_pue_declared", "room_pue_measured", "ipv6_system_rate", "ipv6_network_device_rate", "link_ipv6_rate",
    "egress_capacity_gbps", "egress_backup_capacity_gbps",
}


def kpis(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    res = cli("report", "kpi", "--format", "json", "--as-of", AS_OF, *args)
    assert res.exit_code == 0, res.stderr
    body = res.json()
    return {k["key"]: k for k in body["kpis"]}


def test_catalogue_has_the_plan_keys_with_labels_definitions_and_sources() -> None:
    cat = kpi_catalogue()
    assert {k.key for k in cat} >= REQUIRED
    for k in cat:
        assert k.label_zh and k.label_en and k.source
        assert "{" not in k.definition("zh") and "{" not in k.definition("en")


def test_definitions_name_kinds_origins_and_roles_by_the_vocabulary_labels() -> None:
    # A reader of the Chinese report sees 交换机、无线控制器, never the store's keys (wireless_controller, dc_power).
    cat = {k.key: k for k in kpi_catalogue()}
    network_zh = cat["domestic_network_rate"].definition("zh")
    facility_en = cat["domestic_facility_rate"].definition("en")
    assert "交换机、路由器、防火墙、负载均衡、无线控制器" in network_zh and "wireless_controller" not in network_zh
    assert "DC power system" in facility_en and "transfer switch" in facility_en and "dc_power" not in facility_en
    assert "来源为 自建 " in cat["cloud_rate"].definition("zh")
    assert "角色为备用的" in cat["egress_backup_capacity_gbps"].definition("zh")


def test_network_kpis_count_the_one_network_kind_set() -> None:
    # The catalogue is data a city may override, but its defaults are the vocabulary's network kinds.
    cat = {k.key: k for k in kpi_catalogue()}
    for key in ("domestic_network_rate", "ipv6_network_device_rate"):
        assert tuple(cat[key].params["kinds"]) == NETWORK_KINDS, key
    # ... and its facility share counts the vocabulary's facility kinds (a DC power system is one).
    assert tuple(cat["domestic_facility_rate"].params["kinds"]) == FACILITY_KINDS


@pytest.mark.parametrize(
    ("key", "value", "num", "den"),
    [
        ("cloud_rate", 1 / 3, 1, 3),  # S1 of S1, S2, S7 (S3 classified, S4/S5 not self-built, S6 retired)
        ("dengbao_l3_pass_rate", 2 / 6, 2, 6),  # S1, S2 passed within 365 days; S3 too old, S7 failed
        ("dengbao_coverage_rate", 0.4, 2, 5),  # graded S1, S2, S3, S4 (L2, never assessed), S7
        ("backup_rate", 4 / 6, 4, 6),
        ("offsite_backup_rate", 0.5, 3, 6),
        ("domestic_server_rate", 1 / 3, 1, 3),  # srv4 retired
        ("domestic_network_rate", 0.5, 1, 2),  # fw1 undetermined: not foreign
        ("self_built_room_rate", 2 / 3, 2, 3),  # R3 closed
        ("room_pue_declared", 5.45 / 3, 5.45, 3),
        ("link_ipv6_rate", 2 / 7, 2, 7),
    ],
)
def test_values_by_hand(city: Cli, key: str, value: float, num: float, den: float) -> None:  # noqa: F811
    k = kpis(city)[key]
    assert k["value"] == pytest.approx(value, abs=1e-6)
    assert k["numerator"] == pytest.approx(num) and k["denominator"] == pytest.approx(den)


@pytest.mark.parametrize(("as_of", "passed"), [("2024-07-30", 2), ("2024-07-31", 1)])
def test_an_assessment_counts_for_period_days_after_it_and_not_one_more(
    city: Cli, as_of: str, passed: int  # noqa: F811
) -> None:
    """S2 passed on 2023-08-01: 364 days before 2024-07-30 it counts, 365 days before 2024-07-31 it has lapsed
    (the window is the ``period_days`` ending with the as-of day)."""
    res = city("report", "kpi", "--format", "json", "--as-of", as_of)
    assert res.exit_code == 0, res.stderr
    k = {k["key"]: k for k in res.json()["kpis"]}
    assert (k["dengbao_l3_pass_rate"]["numerator"], k["dengbao_l3_pass_rate"]["denominator"]) == (passed, 6)


def test_undetermined_is_beside_never_foreign_and_facility_apart(city: Cli) -> None:  # noqa: F811
    k = kpis(city)
    assert k["domestic_network_rate"]["undetermined"] == 1
    assert k["domestic_server_rate"]["undetermined"] == 0
    # pdu1 is facility equipment: not in any IT share, its own share has no value (no verdict yet).
    assert k["domestic_facility_rate"]["value"] is None and k["domestic_facility_rate"]["undetermined"] == 1
    assert k["domestic_storage_rate"]["value"] is None


def test_egress_is_primary_with_backup_beside(city: Cli) -> None:  # noqa: F811
    k = kpis(city)
    assert k["egress_capacity_gbps"]["value"] == 2.0 and k["egress_capacity_gbps"]["target"] == 6.7
    assert k["egress_capacity_gbps"]["meets_target"] is False
    assert k["egress_backup_capacity_gbps"]["value"] == 2.0


def test_measured_pue_without_prometheus_says_why(city: Cli) -> None:  # noqa: F811
    k = kpis(city)["room_pue_measured"]
    assert k["value"] is None and "prometheus_url" in k["note"]


def test_department_scope_sums_its_departments(city: Cli) -> None:  # noqa: F811
    k = kpis(city, "--department", "D2")
    assert (k["cloud_rate"]["numerator"], k["cloud_rate"]["denominator"]) == (0, 1)  # S7 only
    assert k["domestic_network_rate"]["value"] == 0.0  # sw2 foreign


def test_config_changes_target_params_and_the_printed_definition(city_rw: Cli) -> None:  # noqa: F811
    (city_rw.home / "config.toml").write_text(
        '[kpi.cloud_rate]\ntarget = 0.85\norigins = ["self_built", "provincial"]\n', encoding="utf-8"
    )
    k = kpis(city_rw)["cloud_rate"]
    assert k["target"] == 0.85 and (k["numerator"], k["denominator"]) == (1, 4)  # S4 joins
    assert "自建、省垂" in k["definition"]  # the origins in force, by their labels


def test_older_reports_keys_still_set_targets(city_rw: Cli) -> None:  # noqa: F811
    (city_rw.home / "config.toml").write_text("[reports]\ncloud_target = 0.5\n", encoding="utf-8")
    assert kpis(city_rw)["cloud_rate"]["target"] == 0.5


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[kpi.cloud_rat]\ntarget = 0.5\n", "did you mean cloud_rate"),
        ("[kpi.cloud_rate]\ntarget = 80\n", "between 0 and 1"),
        ('[kpi.domestic_server_rate]\nkinds = ["toaster"]\n', "'toaster' is not one of"),
        ("[kpi.dengbao_coverage_rate]\nperiod_days_l2 = -1\n", "between 1 and 3650"),
        ("[kpi.cloud_rate]\norigin = []\n", "did you mean origins"),
    ],
)
def test_bad_kpi_config_is_an_error_naming_the_key(city_rw: Cli, toml: str, message: str) -> None:  # noqa: F811
    (city_rw.home / "config.toml").write_text(toml, encoding="utf-8")
    res = city_rw("report", "kpi", "--format", "json")
    assert res.exit_code == 2 and message in res.stderr, res.stderr


def test_every_format_renders(city: Cli) -> None:  # noqa: F811
    for fmt in ("table", "csv", "markdown", "html"):
        res = city("report", "kpi", "--format", fmt, "--lang", "en", "--as-of", AS_OF)
        assert res.exit_code == 0 and "cloud_rate" in res.stdout, (fmt, res.stderr)


def test_inventory_agent_exports_the_same_counts(city: Cli) -> None:  # noqa: F811
    """The agent's per-department counts, summed as the recording rule does, give the report's figures."""
    import datetime as dt

    from sqlalchemy.orm import Session

    from govops.collectors.inventory import InventoryCollector
    from govops.kpi.compute import compute_kpis
    from govops.store.db import make_engine
    from tests.agenttools import audit_findings

    engine = make_engine(city.db_url)
    fams = {f.name: f for f in InventoryCollector(None, engine, findings=audit_findings(), kpis=kpi_catalogue()).read()}

    def sums(name: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for labels, value in fams[name].samples:
            key = labels.split('kpi="', 1)[1].split('"', 1)[0]
            out[key] = out.get(key, 0.0) + value
        return out

    num, den = sums("govops_kpi_numerator"), sums("govops_kpi_denominator")
    with Session(engine) as s:
        values = compute_kpis(s, kpi_catalogue(), as_of=dt.date.today())
    for v in values:
        if v.kpi.subject == "prometheus":
            assert v.kpi.key not in num
            continue
        agent = num[v.kpi.key] / den[v.kpi.key] if den.get(v.kpi.key) else None
        if v.kpi.unit == "gbps":
            agent = num[v.kpi.key]
        assert (agent, v.kpi.key) == ((pytest.approx(v.value, abs=1e-6) if v.value is not None else None), v.kpi.key)
    engine.dispose()
