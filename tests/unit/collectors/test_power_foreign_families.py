"""Power of the foreign PDU and UPS families issue 13 names, on made-up walk fragments shaped as each MIB.

Each case fails without the catalogue row it covers: the documented object is read in the MIB's UNITS, a
unit's total is never added to its own phases or outlets, and an unavailable row gives no number.
"""

from __future__ import annotations

from govops.collectors.power_model import total_for
from govops.collectors.power_snmp import compose
from govops.collectors.power_snmp_access import SnmpValue

SYS_OID = "1.3.6.1.2.1.1.2.0"
WATCHDOG = "1.3.6.1.4.1.21239.5.1"  # GEIST-V4-MIB watchdog100
RPM = f"{WATCHDOG}.10.1"  # rpmSensorEntry: 4 Avail, 5 Energy (kWh), 11 RealPower (W), 12 ApparentPower (VA)


def watchdog(values: dict[str, SnmpValue]) -> dict[str, SnmpValue]:
    return {SYS_OID: "1.3.6.1.4.1.21239.42.1.32", **{f"{RPM}.{k}": v for k, v in values.items()}}


def test_a_geist_v4_watchdog_reads_each_remote_power_manager_in_watts_and_kwh() -> None:
    # Two RPMs on one monitor: each delivers its own load, so the two add up; the VA column is never read.
    r = compose("watchdog", watchdog({"4.1": 1, "5.1": 310, "11.1": 420, "12.1": 465,
                                      "4.2": 1, "5.2": 95, "11.2": 130, "12.2": 150}))
    got = sorted((p.watts, p.energy_kwh) for p in r.points if p.point == "pdu_output")
    assert got == [(130.0, 95.0), (420.0, 310.0)]
    assert total_for(r.points, "pdu_output").watts == 550.0


def test_a_geist_v4_rpm_that_is_unavailable_gives_no_number() -> None:
    # rpmSensorAvail 0 (unavailable): the stale 0 W beside it is no reading, and the sum is not made of the rest.
    r = compose("watchdog", watchdog({"4.1": 1, "11.1": 420, "4.2": 0, "11.2": 0}))
    assert sorted((p.watts is None) for p in r.points) == [False, True]
    assert total_for(r.points, "pdu_output").watts is None
