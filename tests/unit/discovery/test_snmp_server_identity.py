"""Servers and their management controllers identified from the makers' own MIBs, for every product line: each case
a made-up walk in the MIB's shape (ATEN-IPMI-MIB on Supermicro BMCs, whatever sysObjectID the agent keeps; DELL-RAC-MIB
by the agent's banner; SuperDoctor 5 and the iDRAC's system group answered by a host's agent; LENOVO-XCC-MIB's
machine type), with the bad answers an agent gives instead (blank, a placeholder) giving no value."""

from __future__ import annotations

import pytest

from tests.snmp_cases import identity, run, system

ATEN = "1.3.6.1.4.1.21317.1"  # ATEN-IPMI-MIB ipmi
FRU_PRODUCT, FRU_BOARD, FRU_CHASSIS = f"{ATEN}.16.3", f"{ATEN}.16.2", f"{ATEN}.16.1"
BOARDINFO = f"{ATEN}.5"  # bmcMajorVesion .1, bmcMinorVesion .2, bmcBuildVesion .7
NET_SNMP = "1.3.6.1.4.1.8072.3.2.10"
LINUX = "Linux bmc 4.14.0 #1 SMP Mon Jan 1 00:00:00 UTC 2024 armv7l"
DRS = "1.3.6.1.4.1.674.10892.2.1"  # DELL-RAC-MIB drsInformationGroup
SD5_MB = "1.3.6.1.4.1.10876.100.1.6.1"  # SUPERMICRO-SD5-MIB mbEntry
IDRAC_SYSTEM = "1.3.6.1.4.1.674.10892.5.1.3"  # IDRAC-MIB-SMIv2 system group
XCC_MACHINE = "1.3.6.1.4.1.19046.11.1.1.5.2.1"  # LENOVO-XCC-MIB machineLevelVpd


def boardinfo(major: str, minor: str, build: str | None = None) -> list[str]:
    rows = [f"{BOARDINFO}.1.0|2|{major}", f"{BOARDINFO}.2.0|2|{minor}"]
    return rows + ([f"{BOARDINFO}.7.0|2|{build}"] if build is not None else [])


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # Supermicro BMC: the FRU product name where the part number is blank; the chassis serial where the product's
        # is blank; the firmware as major.minor.build, not the kernel of the sysDescr.
        (LINUX, "1.3.6.1.4.1.21317",
         [f"{FRU_PRODUCT}.4.0|4|", f"{FRU_PRODUCT}.3.0|4|AS-2115HV-TN", f"{FRU_PRODUCT}.6.0|4|",
          f"{FRU_CHASSIS}.3.0|4|C2160KL07A90123", *boardinfo("3", "88", "6")],
         ("supermicro", "bmc", "AS-2115HV-TN", "3.88.6", "C2160KL07A90123")),
        # ... a minor version of 0 is a part of the version; without the build number, major.minor.
        (LINUX, "1.3.6.1.4.1.21317", [f"{FRU_PRODUCT}.4.0|4|SYS-6029TP-HTR", *boardinfo("2", "0")],
         ("supermicro", "bmc", "SYS-6029TP-HTR", "2.0", None)),
        # ... a board sold alone: no product FRU, the board's product name and serial, else the motherboard serial.
        (LINUX, "1.3.6.1.4.1.21317",
         [f"{FRU_BOARD}.3.0|4|X12STH-LN4F", f"{ATEN}.6.1.0|4|OM21BS004567", *boardinfo("1", "3", "2")],
         ("supermicro", "bmc", "X12STH-LN4F", "1.3.2", "OM21BS004567")),
        # ... placeholders in every FRU field name nothing (a banner-less agent: no uname line to fall back on).
        ("", "1.3.6.1.4.1.21317",
         [f"{FRU_PRODUCT}.4.0|4|To be filled by O.E.M.", f"{FRU_PRODUCT}.3.0|4|To be filled by O.E.M.",
          f"{FRU_BOARD}.3.0|4|To be filled by O.E.M.", f"{FRU_PRODUCT}.6.0|4|0123456789",
          f"{FRU_BOARD}.4.0|4|WM19AS003210", *boardinfo("1", "71")],
         ("supermicro", "bmc", None, "1.71", "WM19AS003210")),
        # The same BMC whose agent keeps net-snmp's sysObjectID: ATEN's boardinfo tells it from a Linux server.
        (LINUX, NET_SNMP, [f"{FRU_PRODUCT}.4.0|4|SYS-5019C-MR", f"{FRU_PRODUCT}.6.0|4|S41298765432101",
                           *boardinfo("1", "52", "10")],
         ("supermicro", "bmc", "SYS-5019C-MR", "1.52.10", "S41298765432101")),
        # A DRAC that names itself in the sysDescr under another sysObjectID: DELL-RAC-MIB read as for its own arc.
        ("Dell Out-of-band SNMP Agent for Remote Access Controller", NET_SNMP,
         [f"{DRS}.1.2.0|4|iDRAC6", f"{DRS}.1.11.0|4|7QX4Z2K", f"{DRS}.2.1.0|4|2.85"],
         ("dell", "bmc", "iDRAC6", "2.85", "7QX4Z2K")),
        # A Linux host with Supermicro SuperDoctor 5: the first baseboard's product name and serial (its maker is the
        # hardware's, as for Dell OpenManage on a host).
        ("Linux app01 5.15.0-91-generic #101-Ubuntu SMP x86_64", NET_SNMP,
         [f"{SD5_MB}.11.1|4|X11DPi-NT", f"{SD5_MB}.16.1|4|VM18CS012345"],
         ("supermicro", "server", "X11DPi-NT", "5.15.0-91-generic", "VM18CS012345")),
        # A Windows host whose agent answers the iDRAC's system group: the server's model and service tag.
        ("Hardware: Intel64 Family 6 Model 106 Stepping 6 AT/AT COMPATIBLE - Software: Windows Version 6.3 "
         "(Build 20348 Multiprocessor Free)", "1.3.6.1.4.1.311.1.1.3.1.2",
         [f"{IDRAC_SYSTEM}.12.0|4|PowerEdge R750xs", f"{IDRAC_SYSTEM}.2.0|4|8HZK3M3"],
         ("microsoft", "server", "PowerEdge R750xs", "6.3", "8HZK3M3")),
        # Lenovo XCC: the machine type where the product name is blank; a placeholder type is none.
        ("", "1.3.6.1.4.1.19046.11.1", [f"{XCC_MACHINE}.5.0|4|", f"{XCC_MACHINE}.1.0|4|7D2V",
                                         f"{XCC_MACHINE}.3.0|4|J30A1B2C"],
         ("lenovo", "bmc", "7D2V", None, "J30A1B2C")),
        ("", "1.3.6.1.4.1.19046.11.1", [f"{XCC_MACHINE}.5.0|4|", f"{XCC_MACHINE}.1.0|4|N/A"],
         ("lenovo", "bmc", None, None, None)),
    ],
    ids=["aten-product-name", "aten-major-minor", "aten-board-only", "aten-placeholders", "aten-on-net-snmp-arc",
         "drac-by-banner", "sd5-on-linux", "idrac-system-group-on-windows", "xcc-machine-type",
         "xcc-placeholder-type"],
)
def test_server_and_controller_identity(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    assert identity(run(system(descr, oid) + rows)) == want


def test_linux_without_aten_boardinfo_is_the_linux_row_judged_an_appliance() -> None:
    """net-snmp's arc alone (no ATEN-IPMI-MIB boardinfo) selects the Linux row, whatever else of ATEN's tree answers.
    ATEN's arc answered is a maker's, so the host rules judge it an appliance: its kernel is not given as its release,
    nor is the row's default kind (a host's) its kind, and the evidence names the arc."""
    obs = run([*system(LINUX, NET_SNMP), f"{FRU_PRODUCT}.4.0|4|SYS-5019C-MR"])
    assert (obs.device["platform"], obs.device["kind"], obs.device["os_version"]) == ("net_snmp_linux", None, None)
    for field in ("os_version", "kind"):
        assert "left out on an appliance (the agent answers arc 21317," in obs.device["evidence"][field]


ENCLOSURE = "1.3.6.1.4.1.232.22.2.3.1.1.1"  # CPQRACK-MIB cpqRackCommonEnclosureEntry (INDEX rack, enclosure)
OA_MANAGER = "1.3.6.1.4.1.232.22.2.3.1.6.1"  # cpqRackCommonEnclosureManagerEntry


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        # The enclosure's model and firmware where CPQSINFO-MIB is not answered.
        ([f"{ENCLOSURE}.3.1.1|4|BladeSystem c3000 Enclosure", f"{ENCLOSURE}.8.1.1|4|3.71"],
         ("hpe", "bmc", "BladeSystem c3000 Enclosure", "3.71", None)),
        # ... the manager's firmware before the enclosure's; a blank model row names nothing.
        ([f"{ENCLOSURE}.3.1.1|4|", f"{ENCLOSURE}.8.1.1|4|3.71", f"{OA_MANAGER}.15.1.1|4|4.97"],
         ("hpe", "bmc", None, "4.97", None)),
    ],
    ids=["enclosure-model-and-firmware", "manager-firmware-first"],
)
def test_onboard_administrator_enclosure(rows: list[str], want: tuple[str | None, ...]) -> None:
    assert identity(run(system("HP Onboard Administrator", "1.3.6.1.4.1.11.5.7.1.2") + rows)) == want


@pytest.mark.parametrize("oid", ["1.3.6.1.4.1.2.3.51.2", "1.3.6.1.4.1.8072.3.2.10"], ids=["ibm-arc", "net-snmp-arc"])
def test_bladecenter_chassis_manager_is_a_controller(oid: str) -> None:
    """IBM BladeCenter's Advanced Management Module, known by its banner whatever its sysObjectID."""
    obs = run(system("BladeCenter Advanced Management Module", oid))
    assert (obs.device["vendor_id"], obs.device["kind"]) == ("ibm", "bmc")


@pytest.mark.parametrize(
    ("descr", "want"),
    [
        ("SSE-F3548SR Layer 3 Switch", ("supermicro", "switch", "SSE-F3548SR")),
        ("SBM-25G-100 blade switch module", ("supermicro", "switch", "SBM-25G-100")),
        ("Supermicro Switch", ("supermicro", "switch", None)),
    ],
    ids=["sse", "sbm", "plain-banner"],
)
def test_supermicro_switches_under_its_arc_are_switches(descr: str, want: tuple[str | None, ...]) -> None:
    """Supermicro's enterprise arc holds its BMCs and its switches: the switch banner decides."""
    assert identity(run(system(descr, "1.3.6.1.4.1.10876.101.1")))[:3] == want
