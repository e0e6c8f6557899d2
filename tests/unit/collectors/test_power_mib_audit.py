"""Power rows checked object by object against their makers' MIB text (issue 13), on made-up walk fragments.

Each test fails without the row it covers; bad raw values (negative, text, NULL, beyond any device) give no reading
and say why, never a number.
"""

from __future__ import annotations

import pytest

from govops.collectors.power_model import total_for
from govops.collectors.power_snmp import compose
from govops.collectors.power_snmp_access import SnmpValue

SYS_OID = "1.3.6.1.2.1.1.2.0"
UPS_MIB_OUTPUT_POWER = "1.3.6.1.2.1.33.1.4.4.1.4"
SOCOMEC_LINE_KW = "1.3.6.1.4.1.4555.1.1.7.1.4.4.1.6"  # SOCOMECUPS-MIB upsOutputKw, 0.1 kW
SOCOMEC_LINE_KVA = "1.3.6.1.4.1.4555.1.1.7.1.4.4.1.5"  # upsOutputKva, 0.1 kVA: never read
SOCOMEC_GLOBAL_KW = "1.3.6.1.4.1.4555.1.1.7.1.4.6.0"  # upsOutputGlobalkW, 0.1 kW
SOCOMEC_GLOBAL_KVA = "1.3.6.1.4.1.4555.1.1.7.1.4.5.0"  # upsOutputGlobalkVA: never read
SENTRY3_OUTLET = "1.3.6.1.4.1.1718.3.2.3.1"  # outletEntry: 14 outletPower (W), 15 apparent (VA), 18 energy (Wh)


def socomec(values: dict[str, SnmpValue]) -> dict[str | None, float | None]:
    r = compose("netvision", {SYS_OID: "1.3.6.1.4.1.4555.1.1.1", **values})
    return {p.phase: p.watts for p in r.points if p.point == "ups_output"}


def test_a_socomec_ups_reads_its_lines_and_global_output_in_tenths_of_kw() -> None:
    lines = {f"{SOCOMEC_LINE_KW}.{i}": kw for i, kw in ((1, 41), (2, 38), (3, 44))}
    kva = {f"{SOCOMEC_LINE_KVA}.1": 47, SOCOMEC_GLOBAL_KVA: 139}
    assert socomec({**lines, **kva}) == {"L1": 4100.0, "L2": 3800.0, "L3": 4400.0}
    r = compose("netvision", {**lines, **kva, SOCOMEC_GLOBAL_KW: 124})
    assert total_for(r.points, "ups_output").watts == 12400.0  # the global total, not lines + total


def test_socomec_rows_stand_in_only_where_ups_mib_gives_no_output_power() -> None:
    ups_mib = {f"{UPS_MIB_OUTPUT_POWER}.{i}": w for i, w in ((1, 4080), (2, 3790))}
    r = compose("netvision", {**ups_mib, f"{SOCOMEC_LINE_KW}.1": 41, f"{SOCOMEC_LINE_KW}.2": 38,
                              SOCOMEC_GLOBAL_KW: 79})
    assert [p.source.split("::")[0] for p in r.points] == ["UPS-MIB"] * 2  # the same output never counted twice
    assert total_for(r.points, "ups_output").watts == 7870.0


@pytest.mark.parametrize("bad", [-3, "4.1", "4.1 kW", None, 10**15])
def test_a_socomec_value_that_is_not_a_reading_gives_none(bad: SnmpValue) -> None:
    r = compose("netvision", {f"{SOCOMEC_LINE_KW}.1": bad, f"{SOCOMEC_LINE_KW}.2": 38})
    assert {p.phase: p.watts for p in r.points} == {"L1": None, "L2": 3800.0}
    assert total_for(r.points, "ups_output").watts is None  # never a partial sum
    (missing,) = [p.source for p in r.points if p.watts is None]
    assert "upsOutputKw.1 (" in missing  # says which object and why


def test_a_sentry3_outlet_pairs_its_watts_with_its_watt_hours() -> None:
    r = compose("cdu", {SYS_OID: "1.3.6.1.4.1.1718.3", f"{SENTRY3_OUTLET}.14.1.1.1": 96,
                        f"{SENTRY3_OUTLET}.15.1.1.1": 104, f"{SENTRY3_OUTLET}.18.1.1.1": 250_600})
    (p,) = r.points
    assert (p.point, p.watts, p.energy_kwh, p.resettable) == ("outlet", 96.0, 250.6, False)


@pytest.mark.parametrize("bad", [-1, -7, "250 Wh", None])
def test_a_sentry3_outlet_energy_that_is_not_a_reading_gives_none(bad: SnmpValue) -> None:
    r = compose("cdu", {SYS_OID: "1.3.6.1.4.1.1718.3", f"{SENTRY3_OUTLET}.14.1.1.1": 96,
                        f"{SENTRY3_OUTLET}.18.1.1.1": bad})
    (p,) = r.points
    assert (p.watts, p.energy_kwh) == (96.0, None)
