"""Kinds a maker's row tells by the MIB group a device answers, not by its product arc: the next device of a line whose
sysObjectID no kind rule names (a product line registered after the rules were written) keeps its kind. Every case
is a made-up walk in the MIB's shape under an arc no rule knows; the guards check that the same maker's other
products, answering their own groups, are not taken."""

from __future__ import annotations

import pytest

from tests.snmp_cases import run, system

EMS = "1.3.6.1.4.1.318.1.1.10.3"  # PowerNet-MIB environmentalMonitor.envMgtSystem (the EMU)
MEM = "1.3.6.1.4.1.318.1.1.10.4"  # PowerNet-MIB environmentalMonitor.modEnvMgr (the Environmental Manager)
IEM = "1.3.6.1.4.1.318.1.1.10.2"  # PowerNet-MIB environmentalMonitor.integrated (a probe on a UPS card)
UPS_IDENT = "1.3.6.1.4.1.318.1.1.1.1"  # PowerNet-MIB upsIdent
FEXT_INFO = "1.3.6.1.4.1.12356.121.21"  # FORTINET-FORTIEXTENDER-MIB fextInfo
LCS_MONITORING = "1.3.6.1.4.1.2356.100.1.1"  # LCOS-SX-GENERAL-MIB lcsMonitoring
CARD = "APC Web/SNMP Management Card (MB:v3.9.9 PF:v6.4.0 PN:apc_hw05_aos_640.bin AF1:v6.4.0 MN:AP9999 HR:05)"


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "kind"),
    [
        # An APC monitoring appliance under a product arc the registration (318.1.3) does not name: its branch of
        # environmentalMonitor says what it is.
        (CARD, "1.3.6.1.4.1.318.1.3.77.1", [f"{EMS}.1.1.0|4|Lab Monitor", f"{EMS}.2.1.1.1.1|2|1"], "env_monitor"),
        (CARD, "1.3.6.1.4.1.318.1.3.77.1", [f"{MEM}.1.1.1.1|2|1", f"{MEM}.1.1.1.2.1|4|Row 4 sensor"], "env_monitor"),
        # Guard: a UPS whose card has a temperature probe answers the integrated branch and upsIdent: still a UPS.
        (CARD, "1.3.6.1.4.1.318.1.3.77.1", [f"{UPS_IDENT}.1.1.0|4|Smart-UPS 9000", f"{IEM}.1.1.0|4|Probe 1"],
         "ups"),
        # A FortiExtender under a product arc no rule names: its fextInfo group says it is the extender (a WAN router).
        ("FX000Z", "1.3.6.1.4.1.12356.177.200.1", [f"{FEXT_INFO}.1.1.1.0|4|FX000Z-v9.9.9-build001",
                                                   f"{FEXT_INFO}.1.1.3.0|4|FX000Z"], "router"),
        # Guard: a Fortinet product answering no fextInfo keeps the row's default (FortiOS, a firewall).
        ("FG000Z", "1.3.6.1.4.1.12356.177.200.1", ["1.3.6.1.4.1.12356.101.4.1.1.0|4|v9.9.9,build0001"], "firewall"),
        # A LANCOM LCOS SX switch under an arc no rule names: LCOS-SX-GENERAL-MIB's monitoring group says it.
        ("LANCOM ZS-1000", "1.3.6.1.4.1.2356.77.8.1000", [f"{LCS_MONITORING}.2.1.1.1|66|1",
                                                          f"{LCS_MONITORING}.2.1.3.1|2|41"], "switch"),
        # Guard: a LANCOM device answering none of it keeps the row's default (LCOS routers).
        ("LANCOM 1000Z", "1.3.6.1.4.1.2356.77.8.1000", [], "router"),
    ],
    ids=["apc-ems", "apc-mem", "apc-ups-with-probe", "fortiextender", "fortinet-other", "lcos-sx", "lancom-other"],
)
def test_kind_by_group_under_unseen_arc(descr: str, oid: str, rows: list[str], kind: str) -> None:
    obs = run([*system(descr, oid), *rows])
    assert obs.device["kind"] == kind, obs.device["evidence"].get("kind")
