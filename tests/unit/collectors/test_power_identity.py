"""A power reading names a device's model where discovery does: by its SNMP platform row's model rules.

The identity objects' meanings are written once, in ``platforms/<name>/snmp.yaml``; the power catalogue's
``power_devices`` rows only name devices that send another system's sysObjectID. Every case is made up in the shape of
the vendor's MIB (not taken from a walk).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from govops.catalog.power import power_devices
from govops.collectors.power_snmp import discover, identify
from govops.collectors.power_snmp_access import RecordedAccess, SnmpValue
from govops.snmp.recorded import RecordedAgent
from tests.snmp_cases import run

SYS_DESCR, SYS_OID = "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0"

CASES = {
    # LIEBERT-GP-AGENT-MIB lgpAgentDeviceModel of the first managed device (476.1.42.2.4.2.1.4.1).
    "liebert": ("Liebert", "1.3.6.1.4.1.476.1.42", {"1.3.6.1.4.1.476.1.42.2.4.2.1.4.1": "NXC 30kVA"}, "NXC 30kVA"),
    # PowerNet-MIB atsIdentModelNumber (318.1.1.8.1.5).
    "apc-ats": ("APC Web/SNMP Management Card (PF:v6.4.6 AF1:v6.4.7 MN:AP4423)", "1.3.6.1.4.1.318.1.3.11",
                {"1.3.6.1.4.1.318.1.1.8.1.5.0": "AP4424"}, "AP4424"),
    # ... or the model the card's sysDescr states, where no identity group answers.
    "apc-descr": ("APC Web/SNMP Management Card (PF:v3.5.7 AF1:v3.5.6 MN:AP9340 HR:05)", "1.3.6.1.4.1.318.1.3.8.4",
                  {}, "AP9340"),
    # Sentry4-MIB st4UnitModel of unit A (1718.4.1.2.2.1.5.1).
    "sentry4": ("Sentry Switched PDU", "1.3.6.1.4.1.1718.4", {"1.3.6.1.4.1.1718.4.1.2.2.1.5.1": "C2WG36MS"},
                "C2WG36MS"),
    # A made-up G3 ePDU (534.6.6.7) that answers the managed line's EATON-EPDU-MA-MIB part number (534.6.6.6.1.1.12)
    # too: the model is its own MIB's, EATON-EPDU-MIB partNumber of the first unit, though the row lists the other's
    # first.
    "eaton-g3-both": ("Eaton ePDU", "1.3.6.1.4.1.534.6.6.7", {"1.3.6.1.4.1.534.6.6.6.1.1.12.0": "PW102MA0U",
                                                              "1.3.6.1.4.1.534.6.6.7.1.2.1.3.0": "EMAB21"}, "EMAB21"),
    # A UPS card under a maker's arc with no model object of its own: UPS-MIB upsIdentModel (the standard row).
    "upsmib": ("UPS", "1.3.6.1.4.1.2011.2.999", {"1.3.6.1.2.1.33.1.1.2.0": "UPS2000-A-3KTTL"}, "UPS2000-A-3KTTL"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_power_reading_names_the_model_discovery_names(case: str) -> None:
    descr, sys_oid, objects, model = CASES[case]
    values: dict[str, SnmpValue] = {SYS_DESCR: descr, SYS_OID: sys_oid, **objects}
    assert identify(values)[1] == model
    discovered = run([f"{SYS_DESCR}|4|{descr}", f"{SYS_OID}|6|{sys_oid}", *(f"{o}|4|{v}" for o, v in objects.items())])
    assert discovered.device["model"] == model


def test_discovery_reads_the_first_row_of_a_model_column(tmp_path: Path) -> None:
    # EATON-EPDU-MIB unitTable partNumber (534.6.6.7.1.2.1.3), index strapping unit: the first unit, 0, is the one
    # addressed (the platform row reads it with GETNEXT); inputTotalWatts makes it a power reading.
    unit = "1.3.6.1.4.1.534.6.6.7.1.2.1.3"
    walk = tmp_path / "g3.snmprec"
    walk.write_text(f"{SYS_DESCR}|4|Eaton ePDU\n{SYS_OID}|6|1.3.6.1.4.1.534.6.6.7\n{unit}.0|4|EMAB21\n"
                    f"{unit}.1|4|EMAB22\n1.3.6.1.4.1.534.6.6.7.3.5.1.4.0.1|2|1500\n")
    values, plan = asyncio.run(discover(RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "g3")))
    assert plan.model == "EMAB21" and f"{unit}.1" not in values


def test_power_devices_rows_name_only_devices_no_platform_row_selects() -> None:
    # An SMU board sends net-snmp's sysObjectID: its SMU MIB answering names it.
    (smu,) = (d for d in power_devices() if d.id == "huawei_smu")
    values: dict[str, SnmpValue] = {SYS_DESCR: "Linux", SYS_OID: "1.3.6.1.4.1.8072.3.2.10", smu.probe_oid: "SMU02B"}
    assert identify(values) == ("Huawei Technologies", "SMU")
    assert identify({SYS_DESCR: "Linux", SYS_OID: "1.3.6.1.4.1.8072.3.2.10"})[1] != "SMU"
