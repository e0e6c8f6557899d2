"""Servers' management controllers and hypervisors identified by the general layers alone (the standard row and the
vendor-MIB catalogue, no platform row): what any product of these makers answers in its maker's MIB. Walks made up
in the MIBs' shapes (values invented): (model, version, serial); where the MIB states no version or model, a Linux
banner's kernel and machine class give none: the controller answers its maker's number, it is no host."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govops.discovery.observation import Observation
from govops.errors import CatalogError
from govops.platforms.snmp import ExtractRule, SnmpPlatform, default_platforms, validate
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from tests.snmp_cases import discover, general, run, system

NET_SNMP_LINUX = "1.3.6.1.4.1.8072.3.2.10"
# DELL-MM-MIB-SMIv2 dmmProductInfoGroup (674.10892.6.1.1) and dmmFirmwareGroup (674.10892.6.1.2).
DMM = "1.3.6.1.4.1.674.10892.6.1"
# IMM-MIB machineLevelVpd (2.3.51.3.1.5.2.1).
IMM_VPD = "1.3.6.1.4.1.2.3.51.3.1.5.2.1"
# ATEN-IPMI-MIB: hardwareinfo (21317.1.6), fruinfo chassis (21317.1.16.1), product (21317.1.16.3).
ATEN = "1.3.6.1.4.1.21317.1"
# VMWARE-SYSTEM-MIB vmwSystem (6876.1).
VMW = "1.3.6.1.4.1.6876.1"
# F5-BIGIP-SYSTEM-MIB sysGeneral (3375.2.1.3.3) and sysProduct (3375.2.1.4).
F5_GENERAL, F5_PRODUCT = "1.3.6.1.4.1.3375.2.1.3.3", "1.3.6.1.4.1.3375.2.1.4"
# NETWORK-APPLIANCE-MIB product (789.1.1).
NETAPP = "1.3.6.1.4.1.789.1.1"
# ISM-STORAGE-SVC-MIB common (34774.4.1.1): Huawei's storage MIB, under another of its maker's enterprise numbers.
ISM = "1.3.6.1.4.1.34774.4.1.1"


def facts(obs: Observation) -> tuple[str | None, ...]:
    return obs.device["model"], obs.device["os_version"], obs.device["serial"]


CASES = {
    # A modular chassis's management module: the product name, its version and the chassis's service tag (Dell's
    # serial); the firmware group's version behind the product's.
    "dell-mm": ([*system("Chassis Management Module", "1.3.6.1.4.1.674.10892.6"),
                 f"{DMM}.1.1.0|4|PowerEdge MX9000", f"{DMM}.1.5.0|4|3.10.05", f"{DMM}.1.6.0|4|7QX9ZK2",
                 f"{DMM}.2.1.0|4|3.10.05.17"],
                ("PowerEdge MX9000", "3.10.05", "7QX9ZK2")),
    # ... where it answers only the chassis model and the firmware version.
    "dell-mm-chassis-model": ([*system("Chassis Management Module", "1.3.6.1.4.1.674.10892.6"),
                               f"{DMM}.1.15.0|4|PowerEdge MX9000", f"{DMM}.2.1.0|4|3.10.05.17"],
                              ("PowerEdge MX9000", "3.10.05.17", None)),
    # An IMM behind net-snmp's sysObjectID (a Linux banner): its maker's arc answers the machine's VPD; the machine
    # type's model code ('4AC') is no model. The controller answers its maker's arc: an appliance, whose kernel release
    # and CPU class are not its firmware or model.
    "imm-behind-net-snmp": ([*system("Linux imm-host 2.6.16.46 #1 PREEMPT mips", NET_SNMP_LINUX),
                             f"{IMM_VPD}.1.0|4|7148", f"{IMM_VPD}.2.0|4|4AC", f"{IMM_VPD}.3.0|4|KQ7Z31X",
                             f"{IMM_VPD}.5.0|4|System x3950 X9"],
                            ("System x3950 X9", None, "KQ7Z31X")),
    "imm-model-code-only": ([*system("Linux imm-host 2.6.16.46 #1 PREEMPT mips", NET_SNMP_LINUX),
                             f"{IMM_VPD}.2.0|4|4AC", f"{IMM_VPD}.3.0|4|KQ7Z31X"],
                            (None, None, "KQ7Z31X")),
    # A Supermicro board's BMC: the FRU product area's part/model number and serial, never the motherboard's serial;
    # never the kernel's release of its uname banner (the BMC's number is its maker's: an appliance).
    "aten-fru-product": ([*system("Linux (none) 3.18.0 #1 armv6l", "1.3.6.1.4.1.21317"),
                          f"{ATEN}.6.1.0|4|WM23BS004411", f"{ATEN}.16.3.4.0|4|SYS-6029P-QRTZ",
                          f"{ATEN}.16.3.6.0|4|A27155AC91Q0042"],
                         ("SYS-6029P-QRTZ", None, "A27155AC91Q0042")),
    # ... the FRU product name before the part number; the chassis area's serial where the product area has none.
    "aten-fru-name-chassis-serial": ([*system("Linux (none) 3.18.0 #1 armv6l", "1.3.6.1.4.1.21317"),
                                      f"{ATEN}.6.1.0|4|WM23BS004411", f"{ATEN}.16.1.3.0|4|C8150LK27A00911",
                                      f"{ATEN}.16.3.3.0|4|SuperServer 6029P", f"{ATEN}.16.3.4.0|4|SYS-6029P-QRTZ"],
                                     ("SuperServer 6029P", None, "C8150LK27A00911")),
    # ... a bare board with only the motherboard's serial: no system serial.
    "aten-motherboard-only": ([*system("Linux (none) 3.18.0 #1 armv6l", "1.3.6.1.4.1.21317"),
                               f"{ATEN}.6.1.0|4|WM23BS004411"],
                              (None, None, None)),
    # A hypervisor whose banner states no release: VMWARE-SYSTEM-MIB's product version.
    "vmware-system": ([*system("VMware ESXi", "1.3.6.1.4.1.6876.4.1"), f"{VMW}.1.0|4|VMware ESXi",
                       f"{VMW}.2.0|4|9.1.2", f"{VMW}.4.0|4|31177744"],
                      (None, "9.1.2", None)),
    # A load balancer: the product's version; its product name is the line ('BIG-IP'), never the model.
    "f5-bigip": ([*system("BIG-IP appliance", "1.3.6.1.4.1.3375.2.1.3.4.43"), f"{F5_GENERAL}.3.0|4|f5-qzxw-kyrt",
                  f"{F5_PRODUCT}.1.0|4|BIG-IP", f"{F5_PRODUCT}.2.0|4|17.5.1", f"{F5_PRODUCT}.3.0|4|0.0.7"],
                 (None, "17.5.1", "f5-qzxw-kyrt")),
    # A storage controller: the product group's model and serial; the HA partner's serial and the boot firmware's
    # version are not the device's.
    "netapp-product": ([*system("Storage controller", "1.3.6.1.4.1.789.2.5"), f"{NETAPP}.5.0|4|FAS9700",
                        f"{NETAPP}.6.0|4|12.4", f"{NETAPP}.9.0|4|832117000231", f"{NETAPP}.10.0|4|832117000232"],
                       ("FAS9700", None, "832117000231")),
    # A Huawei storage system under its storage number (34774), or behind net-snmp's sysObjectID answering it: the
    # storage MIB's version. (Under Huawei's 2011 the storage MIB is another number's, not asked: the platform rows
    # read it.)
    "huawei-storage": ([*system("Storage Agent", "1.3.6.1.4.1.34774.4.99"), f"{ISM}.1.0|4|QX21873AB0042",
                        f"{ISM}.2.0|2|87", f"{ISM}.6.0|4|6.1.7.SPC300"],
                       (None, "6.1.7.SPC300", None)),
    "huawei-storage-net-snmp": ([*system("Storage Agent", NET_SNMP_LINUX), f"{ISM}.1.0|4|QX21873AB0042",
                                 f"{ISM}.6.0|4|6.1.7.SPC300"],
                                (None, "6.1.7.SPC300", None)),
    "netapp-partner-only": ([*system("Storage controller", "1.3.6.1.4.1.789.2.5"), f"{NETAPP}.6.0|4|12.4",
                             f"{NETAPP}.10.0|4|832117000232"],
                            (None, None, None)),
}


@pytest.mark.parametrize("case", CASES)
def test_a_server_controllers_identity_from_its_makers_mib(case: str) -> None:
    walk, want = CASES[case]
    obs = general(walk)
    assert facts(obs) == want, obs.device["evidence"]


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("", None),  # blank
        ("   ", None),
        ("N/A", None),  # a placeholder
        ("Not Specified", None),
        ("XXXXXXX", None),  # a fill pattern is no serial
        ("0000000", None),
        ("7QX9ZK2" * 700, None),  # longer than any ledger field: a dump, not a value
        (" 7QX9ZK2 ", "7QX9ZK2"),  # padding is no part of it
    ],
)
def test_a_service_tag_that_names_nothing_is_no_serial(value: str, want: str | None) -> None:
    walk = [*system("Chassis Management Module", "1.3.6.1.4.1.674.10892.6"), f"{DMM}.1.6.0|4|{value}"]
    assert general(walk).device["serial"] == want


@pytest.mark.parametrize(
    ("name", "version"),
    [("", None), ("N/A", None), ("PowerEdge MX9000" * 300, None), ("PowerEdge MX9000", "3.10.05")],
)
def test_a_product_name_that_names_nothing_gives_way_to_the_chassis_model(name: str, version: str | None) -> None:
    """The first object answered with a value, in the MIB's order: a placeholder or a dump is passed over."""
    walk = [*system("Chassis Management Module", "1.3.6.1.4.1.674.10892.6"), f"{DMM}.1.1.0|4|{name}",
            f"{DMM}.1.15.0|4|PowerEdge MX9000"]
    walk += [f"{DMM}.1.5.0|4|3.10.05"] if version else [f"{DMM}.1.5.0|4|{name}"]
    obs = general(walk)
    assert (obs.device["model"], obs.device["os_version"]) == ("PowerEdge MX9000", version), obs.device["evidence"]


def test_the_evidence_names_the_mib_object() -> None:
    obs = general(CASES["imm-behind-net-snmp"][0])
    assert "IMM-MIB::machineLevelProductName" in obs.device["evidence"]["model"]
    assert "IMM-MIB::machineLevelSerialNumber" in obs.device["evidence"]["serial"]


# The server makers' host agents, answered under the host system's sysObjectID (net-snmp's on Linux, Microsoft's on
# Windows): MIB-Dell-10892's chassis table (674.10892.1.300.10.1), the iDRAC's system group (674.10892.5.1.3),
# CPQSINFO-MIB (232.2.2), SUPERMICRO-SD5-MIB's baseboard table (10876.100.1.6.1).
LINUX = ("Linux web01 5.14.0-362.el9.x86_64 #1 SMP PREEMPT_DYNAMIC x86_64", NET_SNMP_LINUX)
WINDOWS = ("Hardware: Intel64 Family 6 Model 106 Stepping 6 AT/AT COMPATIBLE - Software: Windows Version 6.3 "
           "(Build 20348 Multiprocessor Free)", "1.3.6.1.4.1.311.1.1.3.1.3")
OMSA, IDRAC, CPQ, SD5 = ("1.3.6.1.4.1.674.10892.1.300.10.1", "1.3.6.1.4.1.674.10892.5.1.3", "1.3.6.1.4.1.232.2.2",
                         "1.3.6.1.4.1.10876.100.1.6.1")
HOST_AGENTS = {
    "openmanage": ([f"{OMSA}.9.1|4|PowerEdge R860", f"{OMSA}.11.1|4|4JX8QZ3"], ("Dell", "PowerEdge R860", "4JX8QZ3")),
    "idrac-group": ([f"{IDRAC}.12.0|4|PowerEdge R660xs", f"{IDRAC}.2.0|4|9BV2KM4"],
                    ("Dell", "PowerEdge R660xs", "9BV2KM4")),
    "insight": ([f"{CPQ}.4.2.0|4|ProLiant DL560 Gen11", f"{CPQ}.2.1.0|4|MXQ4210B7K"],
                ("HPE", "ProLiant DL560 Gen11", "MXQ4210B7K")),
    "superdoctor": ([f"{SD5}.11.1|4|X13DEI-T", f"{SD5}.16.1|4|OM23BS001122"],
                    ("Supermicro", "X13DEI-T", "OM23BS001122")),
    # An agent answering its product name blank names nothing, not even its maker (the model is then the machine
    # class the host's banner states).
    "insight-blank": ([f"{CPQ}.4.2.0|4|", f"{CPQ}.2.1.0|4|MXQ4210B7K"], (None, "Generic x86 64-bit", "MXQ4210B7K")),
}


@pytest.mark.parametrize("host", ["linux", "windows"])
@pytest.mark.parametrize("agent", HOST_AGENTS)
def test_a_hosts_server_agent_names_the_hardware_maker_model_and_serial(host: str, agent: str) -> None:
    """The host's system (Linux, Windows) is what its sysObjectID names; the hardware beneath is the server maker's,
    whose own agent states it: the maker, the model and the serial, whatever system runs on it."""
    descr, oid = LINUX if host == "linux" else WINDOWS
    rows, want = HOST_AGENTS[agent]
    obs = run([*system(descr, oid), *rows])
    assert (obs.device["hardware_maker"], obs.device["model"], obs.device["serial"]) == want, obs.device["evidence"]
    assert obs.device["kind"] == "server"
    if host == "windows":  # Microsoft's sysObjectID names the system's maker, as before
        assert obs.device["vendor_id"] == "microsoft"
    else:  # the server maker's own agent answers its arc: a host still, its kernel's release its system's
        pen, mib = {"openmanage": (674, "MIB-Dell-10892"), "idrac-group": (674, "IDRAC-MIB-SMIv2"),
                    "superdoctor": (10876, "SUPERMICRO-SD5-MIB")}.get(agent, (232, "CPQSINFO-MIB"))
        assert obs.device["os_version"] == "5.14.0-362.el9.x86_64"
        assert obs.device["evidence"]["os_version"].endswith(
            f" on a general-purpose host (sysObjectID {NET_SNMP_LINUX} and arcs {pen}: agent software's or an"
            f" operating system project's numbers and a server maker's host agent ({pen} {mib}), no appliance"
            " maker's)")



# A server maker's host agent a platform row adds (made up: Acme's, under arc 99997): its rule names the agent's MIB.
ACME_AGENT = ExtractRule("hardware_maker", oid="1.3.6.1.4.1.99997.2.1.0", regex=r"\w", format="Acme",
                         host_agent="ACME-SERVER-MIB")


@pytest.mark.parametrize("added", [True, False], ids=["row-adds-the-agent", "no-row-names-it"])
def test_a_platform_row_adds_a_server_makers_host_agent(added: bool) -> None:
    rows = [replace(row, extract=(*row.extract, ACME_AGENT)) if added and row.id == "net_snmp_linux" else row
            for row in default_platforms()]
    obs = discover(RecordedAgent(parse_snmprec([*system(LINUX[0], NET_SNMP_LINUX),
                                                "1.3.6.1.4.1.99997.2.1.0|4|Acme Server X1"])), rows)
    if added:  # Acme's arc is its host agent's: a host, its kernel's release its system's, the row's default kind
        assert (obs.device["hardware_maker"], obs.device["kind"], obs.device["os_version"]) == (
            "Acme", "server", "5.14.0-362.el9.x86_64"), obs.device["evidence"]
        assert "a server maker's host agent (99997 ACME-SERVER-MIB)" in obs.device["evidence"]["os_version"]
    else:  # an arc no row names as a host agent is an appliance maker's
        assert (obs.device["kind"], obs.device["os_version"]) == (None, None), obs.device["evidence"]


@pytest.mark.parametrize("rule", [
    replace(ACME_AGENT, host_agent=" "),  # no MIB named
    replace(ACME_AGENT, oid="1.3.6.1.2.1.33.1.1.1.0"),  # a standard MIB's object: no maker's arc
    ExtractRule("hardware_maker", sys_descr=r"Acme", host_agent="ACME-SERVER-MIB"),  # no object read
])
def test_a_host_agent_names_its_mib_and_reads_below_a_makers_arc(rule: ExtractRule) -> None:
    with pytest.raises(CatalogError, match="host_agent names the MIB"):
        validate([SnmpPlatform(id="generic", source="test", extract=(rule,))])
