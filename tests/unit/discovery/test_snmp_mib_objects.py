"""Vendor-MIB identity objects behind values the agreement test listed as not read: each case is a recording written
from the MIB's definition with made-up values of its shape (never a value copied from a walk)."""

from __future__ import annotations

import pytest

from tests.snmp_cases import run, system

GROOVE_SWLOAD = "1.3.6.1.4.1.42229.1.2.9.2.1.1"  # CORIANT-GROOVE-MIB softwareloadEntry
VSERVER = "1.3.6.1.4.1.3382.12.1.2.1.1"  # VENTURI-SERVER-SYSTEM-MIB vServerGeneralScalars
HOST2 = "1.3.6.1.4.1.27993.5"  # VEL-HOST2-MIB host2
OA_COMMON = "1.3.6.1.4.1.7501.1.2.116.1.2.1"  # BKTEL-HFC862-OA-V01-MIB oaCommonEntry
NE_MODULE = "1.3.6.1.4.1.7501.1.1.1.16.1"  # BKTEL-HFC862-HMSNE-MIB neModuleEntry
E3_CTR = "1.3.6.1.4.1.21695.1.10.1"  # NETTRACK-E3METER-CTR-SNMP-MIB e3Concentrator
CXR_SYSTEM = "1.3.6.1.4.1.1425.1040.1"  # CXR-TS-MIB system
AGT_SYSTEM = "1.3.6.1.4.1.1887.1.1.1.2.1"  # ULAF2-MIB agtSystem

CASES: dict[str, tuple[str, str, list[str], dict[str, str | None]]] = {
    # The version of the software load whose softwareloadSwloadState (.2) is active(1), not the inactive(2) one
    # listed first.
    "groove-active-load": (
        "Groove G30", "1.3.6.1.4.1.42229.1.2",
        ["1.3.6.1.4.1.42229.1.2.2.1.3.0|4|GROOVE_G30", f"{GROOVE_SWLOAD}.2.1|2|2", f"{GROOVE_SWLOAD}.2.2|2|1",
         f"{GROOVE_SWLOAD}.3.1|4|FP4.0.1", f"{GROOVE_SWLOAD}.3.2|4|FP4.1.2"],
        {"model": "GROOVE_G30", "os_version": "FP4.1.2"}),
    # vServerSerialNumber (.8); vServerType (.1, BITS) is no model; a Venturi server is a server.
    "venturi-vserver": (
        "Venturi Server VSX 5.0.1.12", "1.3.6.1.4.1.3382.11.1.6",
        [f"{VSERVER}.1.0|4x|80", f"{VSERVER}.2.0|4|5.0.1", f"{VSERVER}.5.0|4|12", f"{VSERVER}.8.0|4|VS-0042"],
        {"serial": "VS-0042", "kind": "server", "model": None}),
    # host2Version (.2), not host2Name (.1).
    "vigintos-host-controller": (
        "Host Controller", "1.3.6.1.4.1.27993.5",
        [f"{HOST2}.1.0|4|site-7 amplifier", f"{HOST2}.2.0|4|Host Controller MD2030-100/02"],
        {"os_version": "Host Controller MD2030-100/02", "model": None, "kind": "other"}),
    # oaCommonType of the first amplifier slot is the element's model; the controller's neModuleModelName is no
    # version; answering oaCommon makes it transport gear.
    "bktel-optical-amplifier": (
        "Net Element Controller for HFC Cable TV components", "1.3.6.1.4.1.7501.1.2.100",
        [f"{NE_MODULE}.3.3|4|NECE-X", f"{NE_MODULE}.3.7|4|KOA10121", "1.3.6.1.4.1.7501.1.2.116.1.1.0|2|1",
         f"{OA_COMMON}.2.7|4|KOA10121", f"{OA_COMMON}.4.7|4|V1.07"],
        {"model": "KOA10121", "kind": "transport", "os_version": None}),
    # e3ConcentratorFWVersion at its '.0' instance ...
    "e3meter-concentrator": (
        "E3METER Data Concentrator", "1.3.6.1.4.1.21695.1401",
        [f"{E3_CTR}.1.0|4|7.2.0 (2021-03-01)", f"{E3_CTR}.3.0|66|1614556800"],
        {"os_version": "7.2.0 (2021-03-01)", "kind": "meter"}),
    # ... or at the object itself, where the agent leaves the instance out.
    "e3meter-concentrator-bare-object": (
        "E3METER Data Concentrator", "1.3.6.1.4.1.21695.1401",
        [f"{E3_CTR}.1|4|7.2.0 (2021-03-01)"],
        {"os_version": "7.2.0 (2021-03-01)"}),
    # CXR-TS-MIB version ('Revision'); a terminal server is a console server.
    "cxr-terminal-server": (
        "TS 316 (SN: 0000000000001 - 01 01)", "1.3.6.1.4.1.1425.1040",
        [f"{CXR_SYSTEM}.1.0|4|TS 316 (0A0B0C0D)", f"{CXR_SYSTEM}.2.0|4|Rev 3.01a", f"{CXR_SYSTEM}.3.0|2|2"],
        {"os_version": "Rev 3.01a", "kind": "console_server"}),
    # ULAF2-MIB agtSWVersion: the OMI SNMP unit's software.
    "ulaf-omi-snmp": (
        "ULAF+ OMI SNMP", "1.3.6.1.4.1.1887.1.1.1.2.1.1.0",
        [f"{AGT_SYSTEM}.1.0|4|OMI SNMP V5.10", f"{AGT_SYSTEM}.4.0|4|FullAciSupport"],
        {"os_version": "OMI SNMP V5.10", "kind": "transport"}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_vendor_mib_identity_object(case: str) -> None:
    descr, oid, rows, want = CASES[case]
    obs = run(system(descr, oid) + rows)
    assert {field: obs.device[field] for field in want} == want, obs.device["evidence"]
