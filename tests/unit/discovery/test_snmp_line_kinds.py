"""Kinds of H3C's and Huawei-3Com's product lines told by the registered model: each case is a sysObjectID of the
registration MIB (HH3C-PRODUCT-ID-MIB 25506.1, Huawei-3Com's 2011.10.1) with a blank sysDescr or a banner written
in the vendor's documented format, and the kind the model's line gives."""

from __future__ import annotations

import re

import pytest

from govops.catalog.products import REGISTRY_FILE
from tests.snmp_cases import run, system

H3C = "1.3.6.1.4.1.25506.1"
H3C_OLD = "1.3.6.1.4.1.2011.10.1"
COMWARE5 = ("H3C Comware Platform Software\r\nComware Software, Version 5.20, Release 2509P33\r\n"
            "Copyright (c) 2004-2012 Hangzhou H3C Tech. Co., Ltd. All rights reserved.\r\nH3C {}")
VRP3 = ("Huawei Versatile Routing Platform Software\r\nVRP (tm) Software, Version 3.40, Release 0201\r\n"
        "Copyright (c) 1998-2006 Huawei Tech. Co., Ltd. All rights reserved.\r\nQuidway {}")

CASES: dict[str, tuple[str, str, str]] = {
    # Each case: the sysDescr, the sysObjectID and the kind expected.
    "vg-voice-gateway": ("", f"{H3C}.129", "other"),  # hh3c-vg20-32
    "vg-voice-gateway-banner": (COMWARE5.format("VG20-32"), f"{H3C}.129", "other"),
    "wcm-switch-card": ("", f"{H3C}.489", "wireless_controller"),  # hh3c-LSWM1WCM10
    "wcm-msr-card": ("", f"{H3C}.613", "wireless_controller"),  # hh3c-EWPX2WCMD0
    "wcm-wx-card": ("", f"{H3C}.204", "wireless_controller"),  # hh3c-wcm-wx5002
    "wcm-s7500e-card": ("", f"{H3C}.1479", "wireless_controller"),  # hh3cLSQM1WCMX40
    "fw-switch-card": ("", f"{H3C}.243", "firewall"),  # hh3c-LSB1FW2A0
    "fw-lswm-card": ("", f"{H3C}.493", "firewall"),  # hh3c-LSWM1FW10
    "acg-blade": ("", f"{H3C}.1544", "firewall"),  # hh3cACG1000-Blade-E
    "iag": ("", f"{H3C}.355", "firewall"),  # hh3c-iag5000-A
    "f100-unhyphenated": ("", f"{H3C}.1070", "firewall"),  # hh3cF100ASI
    "hic-camera": ("", f"{H3C}.792", "camera"),  # hh3cHIC5421E
    "sic-camera": ("", f"{H3C}.800", "camera"),  # hh3cSIC635
    "ec-encoder": ("", f"{H3C}.698", "camera"),  # hh3cEC2016HC
    "ecr-recorder": ("", f"{H3C}.715", "camera"),  # hh3cECR3308HD
    "isc-recorder": ("", f"{H3C}.309", "camera"),  # hh3c-isc3000
    "dr-dsl-router": ("", f"{H3C}.158", "router"),  # hh3c-dr834
    "dr-dsl-router-huawei3com": (COMWARE5.format("WDR854G"), f"{H3C_OLD}.184", "router"),  # wdr854g
    "wb-bridge": ("", f"{H3C}.451", "access_point"),  # hh3c-wb2320x-age
    "vbras": ("", f"{H3C}.1145", "router"),  # hh3cvBRAS1000
    "vlns": ("", f"{H3C}.1536", "router"),  # hh3cvLNS1000
    "wa-three-digit": ("", f"{H3C}.2012", "access_point"),  # hh3cWA538-WW
    "wb-bridge-banner": (COMWARE5.format("WB2320X-AGE"), f"{H3C}.451", "access_point"),
    # Huawei-3Com's registration (2011.10.1) under an H3C banner: the AR46 written without its hyphen, a VG.
    "ar46-h3c": (COMWARE5.format("AR46-20E"), f"{H3C_OLD}.88", "router"),  # ar4620E
    "vg-huawei3com": (COMWARE5.format("VG10-40"), f"{H3C_OLD}.123", "other"),  # vg10-40
    # ... and under a Huawei VRP banner (the Quidway products of that time): the hyphenated AR, SR8800, SecPath.
    "ar18-huawei": (VRP3.format("AR18-21"), f"{H3C_OLD}.65", "router"),  # ar18-21
    "ar28-huawei-banner-only": (VRP3.format("AR28-11"), "1.3.6.1.4.1.2011.1", "router"),
    "sr8805-huawei": (VRP3.format("SR8805"), f"{H3C_OLD}.40", "router"),  # sr8805
    "secpath-huawei": (VRP3.format("SecPath1000F"), f"{H3C_OLD}.26", "firewall"),  # secpath1000F
    # A switch of either registration stays one.
    "switch-h3c": ("", f"{H3C}.1", "switch"),  # hh3c-s5500-28C-EI
    "switch-huawei3com": (VRP3.format("S3928P-EI"), f"{H3C_OLD}.13", "switch"),  # s3928P-EI
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_line_kind(case: str) -> None:
    descr, oid, kind = CASES[case]
    assert run(system(descr, oid)).device["kind"] == kind


# H3C's router, firewall, load-balancer, controller and access-point lines, told by the descriptor the registration
# MIB gives each product (not by the model rules under test).
NOT_SWITCH = re.compile(r"\Ahh3c-?(?:msr|sr\d|cr\d|icg|vsr|er\d|ar\d|secpath|secblade|dptech|f100|f1000|f5000|m90|"
                        r"v(?:bras|lns)\d|[wv]?dr\d|wx\d|wac\d|wa\d|wt\d|wap\d|wb\d|vg\d|hic\d|sic\d|ecr?\d|isc\d)",
                        re.IGNORECASE)


def test_no_h3c_router_firewall_or_wireless_product_is_a_switch() -> None:
    """Every product registered under H3C's arc whose descriptor names one of those lines comes out of discovery (a
    blank sysDescr: the kind from the registered model alone) as anything but a switch."""
    lines = [row.split("\t") for row in REGISTRY_FILE.read_text(encoding="utf-8").splitlines()
             if row.startswith(f"{H3C}.")]
    chosen = [(oid, desc) for oid, _model, desc in lines if NOT_SWITCH.match(desc.split("::")[-1])]
    assert len(chosen) > 850  # the table holds them (923 in V1.59): the sweep is not vacuous
    switches = [desc for oid, desc in chosen if run(system("", oid)).device["kind"] == "switch"]
    assert switches == []
