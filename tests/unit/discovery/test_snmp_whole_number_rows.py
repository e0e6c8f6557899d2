"""Rows keyed to a maker's whole enterprise number select a device only where its banner confirms the row's OS: the
maker registers its other product lines under the same number, and those are no device of that OS. Each banner is
written from the maker's documented sysDescr form (not from a walk)."""

from __future__ import annotations

import pytest

from tests.snmp_cases import run, system


@pytest.mark.parametrize(
    ("descr", "oid", "vendor", "platform", "version"),
    [
        # Nokia 6527: SR OS ('TiMOS-<type>-<release> ...') is the row's; SR Linux, registered under 6527.1.20, is not.
        ("TiMOS-B-21.10.R1 both/x86_64 Nokia 7750 SR Copyright (c) 2000-2021 Nokia.", "1.3.6.1.4.1.6527.1.3.99",
         "nokia", "nokia_timos", "21.10.R1"),
        ("SRLinux-v23.10.1 7220 IXR-D3L Copyright (c) 2000-2023 Nokia. Kernel 5.15.0", "1.3.6.1.4.1.6527.1.20.99",
         "nokia", None, None),
        # NetScreen 3224: ScreenOS ('<model> version <release> (SN: <serial>, Firewall+VPN)'), not a Juniper wireless
        # LAN controller registered there.
        ("NS-5200 version 6.3.0r12.0 (SN: 0123456789012345, Firewall+VPN)", "1.3.6.1.4.1.3224.1.99",
         "juniper", "juniper_screenos", "6.3.0r12.0"),
        ("Juniper Networks WLC880R wireless LAN controller, MSS version 9.1.1.2", "1.3.6.1.4.1.3224.1.99",
         "juniper", None, None),
        # Force10 6027 and Dell's OS10 arc: the switch OS (FTOS, OS10), not a chassis manager or storage array.
        ("Force10 Networks Real Time Operating System Software. Force10 Application Software Version: 8.3.12.1",
         "1.3.6.1.4.1.6027.1.3.99", "dell", "dell_networking", "8.3.12.1"),
        ("Dell EMC Networking OS10-Enterprise. System Description: S5248F-ON. OS Version: 10.5.4.1.",
         "1.3.6.1.4.1.674.11000.5000.100.2.1.99", "dell", "dell_networking", "10.5.4.1"),
        ("Dell EMC OpenManage Enterprise-Modular MX7000 chassis", "1.3.6.1.4.1.6027.9.99", "dell", None, None),
        ("Dell EMC PS6210 storage array", "1.3.6.1.4.1.674.11000.5000.100.9.99", "dell", None, None),
        # Juniper 2636: Junos by its banner ('..., kernel JUNOS <release>') or, where an operator replaced the
        # sysDescr, by JUNIPER-MIB jnxBoxAnatomy; not a wireless LAN controller registered there.
        ("Juniper Networks, Inc. mx204 internet router, kernel JUNOS 21.4R3.15", "1.3.6.1.4.1.2636.1.1.1.2.999",
         "juniper", "juniper_junos", "21.4R3.15"),
        ("Juniper Networks WLC880R wireless LAN controller, MSS version 9.1.1.2", "1.3.6.1.4.1.2636.2.99",
         "juniper", None, None),
        # Arista 30065: EOS ('Arista Networks EOS version <release> running on ...'), not its monitoring fabric.
        ("Arista Networks EOS version 4.30.1F running on an Arista Networks DCS-7050SX3-48YC8",
         "1.3.6.1.4.1.30065.1.3011.99", "arista", "arista_eos", "4.30.1F"),
        ("Arista DANZ Monitoring Fabric controller 8.4.0", "1.3.6.1.4.1.30065.1.9999", "arista", None, None),
    ],
)
def test_whole_number_row_needs_its_banner(
    descr: str, oid: str, vendor: str, platform: str | None, version: str | None
) -> None:
    obs = run(system(descr, oid))
    # The maker is the enterprise number's either way; the OS row (its platform, kind and rules) only with its banner.
    assert obs.device["vendor_id"] == vendor
    assert obs.device["platform"] == platform
    if platform is not None:
        assert obs.device["os_version"] == version



def test_junos_with_replaced_banner_is_confirmed_by_its_products_arc() -> None:
    # An operator's sysDescr ('snmp description') under JUNIPER-CHASSIS-DEFINES-MIB jnxProductName: still Junos.
    device = run(system("core-rtr-1", "1.3.6.1.4.1.2636.1.1.1.2.999")).device
    assert (device["vendor_id"], device["platform"], device["os"]) == ("juniper", "juniper_junos", "Junos")
    # ... elsewhere under 2636, nothing confirms Junos: the maker only.
    device = run(system("core-rtr-1", "1.3.6.1.4.1.2636.2.99")).device
    assert (device["vendor_id"], device["platform"]) == ("juniper", None)
