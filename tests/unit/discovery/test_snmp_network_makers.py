"""Identity objects of the network makers the acceptance set holds (Cisco, Juniper, F5, Check Point, Fortinet, Arista,
Dell, HPE/Aruba, Lenovo), for product lines our corpus has no walk of: each case a made-up walk in the MIB's shape."""

from __future__ import annotations

import pytest

from tests.snmp_cases import identity, run, system

JNX_VC = "1.3.6.1.4.1.2636.3.40.1.4.1.1.1"  # JUNIPER-VIRTUALCHASSIS-MIB jnxVirtualChassisMemberEntry
JNX_BOX_DESCR = "1.3.6.1.4.1.2636.3.1.2.0"  # JUNIPER-MIB jnxBoxDescr
EX_OID = "1.3.6.1.4.1.2636.1.1.1.2.63"
MX_OID = "1.3.6.1.4.1.2636.1.1.1.2.21"
HP_SWITCH_OS_VERSION = "1.3.6.1.4.1.11.2.14.11.5.1.1.3.0"  # NETSWITCH-MIB hpSwitchOsVersion
PROCURVE_OID = "1.3.6.1.4.1.11.2.3.7.11.181"
CX_OID = "1.3.6.1.4.1.47196.4.1.1.1.200"
ENT = "1.3.6.1.2.1.47.1.1.1.1"


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # A Virtual Chassis: the running release of member 0 before the installed one; the master member's model
        # (member 1 is master here, member 0 a line card), where the sysDescr was set by the operator.
        ("core stack b2", EX_OID,
         [f"{JNX_BOX_DESCR}|4|Juniper Networks Virtual Chassis Switch",
          f"{JNX_VC}.3.0|2|3", f"{JNX_VC}.3.1|2|1", f"{JNX_VC}.5.0|4|19.4R3-S2.7", f"{JNX_VC}.5.1|4|19.4R3-S2.7",
          f"{JNX_VC}.8.0|4|ex3400-24p", f"{JNX_VC}.8.1|4|ex3400-48t",
          "1.3.6.1.2.1.25.6.3.1.2.2|4|JUNOS Software Release [18.2R1.9]"],
         ("juniper", "switch", "ex3400-48t", "19.4R3-S2.7", None)),
        # A chassis whose part number is not its model: the bracketed model, in jnxBoxDescr ...
        ("Juniper Networks, Inc. jnp10003 internet router, kernel JUNOS 21.2R3.8, Build date: 2022-01-10",
         MX_OID, [f"{JNX_BOX_DESCR}|4|Juniper JNP10003 [MX10003]"], ("juniper", "router", "MX10003", "21.2R3.8", None)),
        # ... or in the sysDescr.
        ("Juniper Networks, Inc. jnp10008 [MX10008] internet router, kernel JUNOS 22.1R1.10", MX_OID, [],
         ("juniper", "router", "MX10008", "22.1R1.10", None)),
        # ProCurve / Aruba-OS switch: the model and its product number from the banner, over the chassis's product
        # number alone; the switch's own operating code version over the banner's revision.
        ("HP J9856A 2530-24-2SFP+ Switch, revision YA.16.08.0002, ROM YA.15.20 (/ws/swbuildm/rel_ukiah_qaoff/code/"
         "build/lakes(swbuildm_rel_ukiah_qaoff_rel_ukiah))", PROCURVE_OID,
         [f"{ENT}.2.1|4|HP J9856A Switch", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|3", f"{ENT}.11.1|4|CN71HKW0QQ",
          f"{ENT}.13.1|4|J9856A", f"{HP_SWITCH_OS_VERSION}|4|YA.16.08.0004"],
         ("hpe", "switch", "2530-24-2SFP+ J9856A", "YA.16.08.0004", "CN71HKW0QQ")),
        ("ProCurve J8697A Switch 5406zl, revision K.15.12.0015, ROM K.15.30", PROCURVE_OID, [],
         ("hpe", "switch", "5406zl J8697A", "K.15.12.0015", None)),
        # AOS-CX: the banner's product number and model over the chassis's product number alone.
        ("Aruba JL663A 6300M 48G CL4 PoE 4SFP56 Swch FL.10.11.1021", CX_OID,
         [f"{ENT}.2.1|4|Chassis", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|3", f"{ENT}.11.1|4|SG07KMX0AB",
          f"{ENT}.13.1|4|JL663A"],
         ("aruba", "switch", "JL663A 6300M 48G CL4 PoE 4SFP56 Swch", "FL.10.11.1021", "SG07KMX0AB")),
        # Cisco Firepower by product: FXOS's banner names neither ASA nor FTD; a firewall all the same, its version read
        # as the ASA row reads it, its model from the chassis.
        ("Cisco FirePOWER FPR-4110 Security Appliance, System Version 2.10(1.159)", "1.3.6.1.4.1.9.1.2295",
         [f"{ENT}.2.10|4|Cisco Firepower 4110", f"{ENT}.4.10|2|0", f"{ENT}.5.10|2|3", f"{ENT}.11.10|4|JMX2231Y0QF",
          f"{ENT}.13.10|4|FPR-4110-K9"],
         ("cisco", "firewall", "FPR-4110-K9", "2.10(1.159)", "JMX2231Y0QF")),
        # Cisco Business Wireless: the controller the CBW access point runs, read as an AireOS controller.
        ("Cisco Business Wireless 240AC", "1.3.6.1.4.1.9.1.2824",
         ["1.3.6.1.4.1.14179.1.1.1.3.0|4|CBW240AC-E", "1.3.6.1.4.1.14179.1.1.1.4.0|4|DNI2417A0BC",
          "1.3.6.1.4.1.14179.1.1.1.14.0|4|10.4.1.0"],
         ("cisco", "wireless_controller", "CBW240AC-E", "10.4.1.0", "DNI2417A0BC")),
        # Cisco Small Business access points: by their ciscoSB arc, the model their Linux banner names.
        ("Linux 2.6.36.4, Cisco Small Business WAP321 Wireless-N Selectable-Band Access Point",
         "1.3.6.1.4.1.9.6.1.32.321.1", [], ("cisco", "access_point", "WAP321", None, None)),
        # Cisco industrial Ethernet switches whose banner opens with the product: IOS, its version and chassis.
        ("IE2000 Industrial Ethernet Switch, Version 15.2(7)E4", "1.3.6.1.4.1.9.1.1470",
         [f"{ENT}.2.1|4|IE-2000-8TC-G-B", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|3", f"{ENT}.11.1|4|FOC1822X0AB",
          f"{ENT}.13.1|4|IE-2000-8TC-G-B"],
         ("cisco", "switch", "IE-2000-8TC-G-B", "15.2(7)E4", "FOC1822X0AB")),
        # JUNOSe E-series: Juniper-System-MIB juniSystemSwVersion, its release number.
        ("Juniper Networks E320 Broadband Services Router", "1.3.6.1.4.1.4874.1.1.1.1.6",
         ["1.3.6.1.4.1.4874.2.2.2.1.1.1.0|4|(10.3.2 patch-0.4 [BuildId 14321])"],
         ("juniper", "router", "E320", "10.3.2", None)),
        # Dell PowerConnect / N-series without Dell-Vendor-MIB's identification: the model the banner opens with.
        ("Dell EMC Networking N1548P, 6.6.3.10, Linux 4.14.174", "1.3.6.1.4.1.674.10895.3093", [],
         ("dell", "switch", "Dell EMC Networking N1548P", "6.6.3.10", None)),
        # Lenovo Flex System embedded switches (LENOVO-PRODUCTS-MIB flex): the switch row, the product's model.
        ("Lenovo Flex System Fabric SI4091 System Interconnect Module", "1.3.6.1.4.1.19046.1.18.23", [],
         ("lenovo", "switch", "SI4091", None, None)),
    ],
    ids=["junos-virtual-chassis", "junos-bracketed-box-descr", "junos-bracketed-sysdescr",
         "procurve-banner-model", "procurve-older-banner", "aruba-cx-banner-model", "cisco-firepower-fxos",
         "cisco-business-wireless", "cisco-sb-wap", "cisco-ie-switch", "junose", "dell-n-series-banner",
         "lenovo-flex"],
)
def test_network_maker_identity(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


def test_a_cisco_industrial_switch_banner_is_read_as_ios() -> None:
    # 'IE2000 Industrial Ethernet Switch ...' names no 'Cisco IOS': the IOS row still knows it (its image family's
    # kind rules, its version rule), not only the standard layer.
    obs = run(system("IE4000 Industrial Ethernet Switch, Version 15.2(7)E4", "1.3.6.1.4.1.9.1.1733"))
    assert (obs.device["platform"], obs.device["os_version"]) == ("cisco_ios", "15.2(7)E4"), obs.device["evidence"]
