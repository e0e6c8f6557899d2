"""Identity objects of the makers the acceptance set holds, read from their own MIBs where the sysDescr or ENTITY-MIB
states nothing: each case a made-up walk in the MIB's shape, with the bad answers an agent may give instead (blank,
'N/A', a fill pattern, text longer than any serial, bytes) giving no value."""

from __future__ import annotations

import pytest

from tests.snmp_cases import chassis, identity, run, system

FIBERHOME = "1.3.6.1.4.1.3807.1.8012.2.1"  # WRI-DEVICE-MIB msppDevGeneral
DCN = "1.3.6.1.4.1.6339.100.1"  # DCN-MIB priSystem
APC_IRM = "1.3.6.1.4.1.318.1.1.13.5.1"  # PowerNet-MIB airIRmIdent (InRoom cooling units)
APC_IRRC = "1.3.6.1.4.1.318.1.1.13.3.2.2.1"  # airIRRCUnitIdent (InRow chilled water)
APC_IRRP = "1.3.6.1.4.1.318.1.1.13.3.3.1.2.1"  # airIRRP100UnitIdent (InRow DX)
APC_IRRP500 = "1.3.6.1.4.1.318.1.1.13.3.3.2.2.1"  # airIRRP500UnitIdent (InRow chilled water RP)
APC_IRSC = "1.3.6.1.4.1.318.1.1.13.3.4.1.1"  # airIRSCUnitIdent (InRow SC: no ID column, model .3 and serial .4)
OS10 = "1.3.6.1.4.1.674.11000.5000.100.4.1.1.3.1"  # DELLEMC-OS10-CHASSIS-MIB os10ChassisEntry
OS10_BANNER = ("Dell EMC Networking OS10 Enterprise.\r\nCopyright (c) 1999-2021 by Dell Inc. All Rights Reserved.\r\n"
               "OS Version: 10.5.2.6\r\nSystem Type: S5248F-ON")
UCS_RACK = "1.3.6.1.4.1.9.9.719.1.9.35.1"  # CISCO-UNIFIED-COMPUTING-COMPUTE-MIB cucsComputeRackUnitEntry
CIMC = "Cisco Integrated Management Controller(CIMC) [UCSC-C240-M5SX], Firmware Version 4.1(2f) Copyright (c) 2008-2020"
EQL_CHASSIS = "1.3.6.1.4.1.12740.2.1.11.1"  # EQLMEMBER-MIB eqlMemberChassisEntry
EQL_LOCAL_MEMBER = "1.3.6.1.4.1.12740.5.1.7.9.1.0"  # EQLVOLUME-MIB eqliscsiLocalMemberId
SC_PRODUCT = "1.3.6.1.4.1.674.11000.2000.500.1.2"  # DELL-STORAGE-SC-MIB productID
DAHUA = "1.3.6.1.4.1.1004849.2.1"  # DAHUA-SNMP-MIB systemInfo (versionInfo .1, productInfo .2)
NMC = ("APC Web/SNMP Management Card (MB:v4.2.1 PF:v6.9.2 PN:apc_hw05_aos_692.bin AF1:v6.9.2 AN1:apc_hw05_irm_692.bin "
       "MN:AP9641 HR:05 SN: QA2203118876 MD:03/02/2022)")


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # FiberHome datacom: msppDevSerialNum (.39) beside the software version (.4).
        ("Fiberhome S5800-28T-X Switch", "1.3.6.1.4.1.3807.1.5800",
         [f"{FIBERHOME}.4.0|4|RP0810", f"{FIBERHOME}.39.0|4|FH5800QT20417"],
         ("fiberhome", "switch", "S5800-28T-X", "RP0810", "FH5800QT20417")),
        # DCN: the release from sysSoftwareVersion where the banner is gone (an operator's description), its model
        # prefix dropped as the banner's is.
        ("north core", "1.3.6.1.4.1.6339.1.1.2.77", [f"{DCN}.3.0|4|CS6200-28X-EI_7.4.3.2(R0004.0123)"],
         ("dcn", "switch", None, "7.4.3.2(R0004.0123)", None)),
        # ... and the banner's release first where it is there.
        ("CS6200-28X-EI Device, Compiled Jun 02 10:11:12 2021\n  SoftWare Version 7.4.3.2(R0004.0123)",
         "1.3.6.1.4.1.6339.1.1.2.77", [f"{DCN}.3.0|4|7.0.0.1"],
         ("dcn", "switch", "CS6200-28X-EI", "7.4.3.2(R0004.0123)", None)),
        # APC InRoom cooling: the unit's own model and serial, not the management card's (MN:/SN: in the sysDescr).
        (NMC, "1.3.6.1.4.1.318.1.3.14.9", [f"{APC_IRM}.3.0|4|ACRP501", f"{APC_IRM}.4.0|4|JK1931004417"],
         ("apc", "cooling", "ACRP501", "AOS v6.9.2 / App v6.9.2", "JK1931004417")),
        # ... and the card's where the unit states none.
        (NMC, "1.3.6.1.4.1.318.1.3.14.9", [f"{APC_IRM}.3.0|4|", f"{APC_IRM}.4.0|4|N/A"],
         ("apc", "cooling", "AP9641", "AOS v6.9.2 / App v6.9.2", "QA2203118876")),
        # APC InRow units: RC and RP100 state model .4 and serial .5 of their unit ident groups.
        (NMC, "1.3.6.1.4.1.318.1.3.14.5", [f"{APC_IRRC}.4.0|4|ACRC602", f"{APC_IRRC}.5.0|4|JK2044011093"],
         ("apc", "cooling", "ACRC602", "AOS v6.9.2 / App v6.9.2", "JK2044011093")),
        (NMC, "1.3.6.1.4.1.318.1.3.14.6", [f"{APC_IRRP}.4.0|4|ACRP102", f"{APC_IRRP}.5.0|4|JK1822000471"],
         ("apc", "cooling", "ACRP102", "AOS v6.9.2 / App v6.9.2", "JK1822000471")),
        (NMC, "1.3.6.1.4.1.318.1.3.14.7", [f"{APC_IRRP500}.4.0|4|ACRP502", f"{APC_IRRP500}.5.0|4|JK1639006215"],
         ("apc", "cooling", "ACRP502", "AOS v6.9.2 / App v6.9.2", "JK1639006215")),
        (NMC, "1.3.6.1.4.1.318.1.3.14.4", [f"{APC_IRSC}.3.0|4|ACSC101", f"{APC_IRSC}.4.0|4|JK1518002734"],
         ("apc", "cooling", "ACSC101", "AOS v6.9.2 / App v6.9.2", "JK1518002734")),
        # Dell OS10: os10ChassisProductSN of the first chassis, else its service tag.
        (OS10_BANNER, "1.3.6.1.4.1.674.11000.5000.100.2.1.21",
         [f"{OS10}.13.1|4|TW0X7K2H2821006Q", f"{OS10}.7.1|4|4QZ7B33"],
         ("dell", "switch", "S5248F-ON", "10.5.2.6", "TW0X7K2H2821006Q")),
        (OS10_BANNER, "1.3.6.1.4.1.674.11000.5000.100.2.1.21", [f"{OS10}.13.1|4|", f"{OS10}.7.1|4|4QZ7B33"],
         ("dell", "switch", "S5248F-ON", "10.5.2.6", "4QZ7B33")),
        # Cisco CIMC: the rack server's own serial (cucsComputeRackUnitSerial, first row) and its model.
        (CIMC, "1.3.6.1.4.1.9.1.1682", [f"{UCS_RACK}.32.1|4|UCSC-C240-M5SX", f"{UCS_RACK}.47.1|4|WZP2318A0KX"],
         ("cisco", "bmc", "UCSC-C240-M5SX", "4.1(2f)", "WZP2318A0KX")),
        # Dell EqualLogic: the answering member's own row of eqlMemberChassisTable, not the group's first member.
        ("Storage Array Firmware V9.1.4 (R423871)", "1.3.6.1.4.1.12740.17.1",
         [f"{EQL_LOCAL_MEMBER}|66|2787044322", f"{EQL_CHASSIS}.1.1.1104133411|4|PS4110E",
          f"{EQL_CHASSIS}.2.1.1104133411|4|SHU0913220089A1", f"{EQL_CHASSIS}.1.1.2787044322|4|PS6210E",
          f"{EQL_CHASSIS}.2.1.2787044322|4|SHU1451870012B0"],
         ("dell", "storage", "PS6210E", "9.1.4", "SHU1451870012B0")),
        # Dell Compellent (SC): the Storage Center's release and serial from its productID group.
        ("Compellent Storage Center", "1.3.6.1.4.1.674.11000.2000.500",
         [f"{SC_PRODUCT}.1.0|4|Storage Center", f"{SC_PRODUCT}.4.0|4|7.4.21.2", f"{SC_PRODUCT}.5.0|4|61337"],
         ("dell", "storage", None, "7.4.21.2", "61337")),
        # Emerson (Vertiv) Vortex DC power through its VEC card: VEC-MIBv5-9 vecFirmwareVersion.
        ("Emerson Vortex Power System", "1.3.6.1.4.1.885.3", ["1.3.6.1.4.1.885.3.1.1.0|4|3.2.0.7"],
         ("vertiv", "dc_power", None, "3.2.0.7", None)),
    ],
    ids=["fiberhome-serial", "dcn-software-version", "dcn-banner-first", "apc-inroom", "apc-inroom-blank",
         "apc-inrow-rc", "apc-inrow-rp", "apc-inrow-rp500", "apc-inrow-sc", "dell-os10-product-sn",
         "dell-os10-service-tag", "cisco-cimc", "dell-equallogic", "dell-compellent",
         "emerson-vec"],
)
def test_maker_identity_objects(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


@pytest.mark.parametrize(
    "answer",
    ["4|", "4|N/A", "4|   ", "4|000000000000", "4|XXXXXXXXXXXX", "4|" + "QT2041-" * 12, "4x|00ff8a9cd3e1"],
    ids=["blank", "n/a", "spaces", "zeros", "fill", "too-long", "bytes"],
)
def test_a_serial_object_answered_with_no_serial_gives_none(answer: str) -> None:
    obs = run([*system("Fiberhome S5800-28T-X Switch", "1.3.6.1.4.1.3807.1.5800"), f"{FIBERHOME}.39.0|{answer}"])
    assert obs.ok and obs.device["serial"] is None, obs.device["evidence"].get("serial")


def test_text_longer_than_any_serial_is_no_serial_wherever_it_is_read() -> None:
    # ENTITY-MIB caps entPhysicalSerialNum at 32; an agent answering a whole label there states no serial.
    label = "Unit QX-40 rev B, made 2021-03, lot 7710 tray 4, " * 3
    obs = run(system("Acme box", "1.3.6.1.4.1.99999.3") + chassis(1, model="QX-40", serial=label))
    assert obs.ok and obs.device["model"] == "QX-40" and obs.device["serial"] is None
    # ... and a serial of 64 characters is still one.
    obs = run(system("Acme box", "1.3.6.1.4.1.99999.3") + chassis(1, model="QX-40", serial="Q7" * 32))
    assert obs.device["serial"] == "Q7" * 32


@pytest.mark.parametrize("answer", ["6|1.3.6.1.4.1.3807.1.5800", "64|10.20.30.40"], ids=["oid", "ip"])
def test_a_serial_or_model_object_answered_with_no_text_names_nothing(answer: str) -> None:
    # A DisplayString object answered with an OID or an address is another object's value: no serial, and no model.
    obs = run([*system("Fiberhome S5800-28T-X Switch", "1.3.6.1.4.1.3807.1.5800"), f"{FIBERHOME}.39.0|{answer}"])
    assert obs.ok and obs.device["serial"] is None, obs.device["evidence"].get("serial")
    obs = run([*system("north core", "1.3.6.1.4.1.318.1.3.14.9"), f"{APC_IRM}.3.0|{answer}", f"{APC_IRM}.4.0|{answer}"])
    assert obs.ok and obs.device["model"] is None and obs.device["serial"] is None, obs.device["evidence"]
    # ... and so wherever a row reads one: JUNIPER-MIB jnxBoxSerialNo, PowerNet-MIB upsBasicIdentModel.
    obs = run([*system("edge-7", "1.3.6.1.4.1.2636.1.1.1.2.57"), f"1.3.6.1.4.1.2636.3.1.3.0|{answer}"])
    assert obs.ok and obs.device["serial"] is None, obs.device["evidence"].get("serial")
    obs = run([*system("north core", "1.3.6.1.4.1.318.1.3.2.12"), f"1.3.6.1.4.1.318.1.1.1.1.1.1.0|{answer}"])
    assert obs.ok and obs.device["model"] is None, obs.device["evidence"].get("model")


def test_a_serial_answered_as_a_number_is_kept() -> None:
    # Some makers' MIBs define the unit's serial as an INTEGER: a number is a serial all the same.
    obs = run([*system("Fiberhome S5800-28T-X Switch", "1.3.6.1.4.1.3807.1.5800"), f"{FIBERHOME}.39.0|2|7041977"])
    assert obs.device["serial"] == "7041977"


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        # Dahua: versionInfo's softwareRevision and hardwareRevision, productInfo's deviceType and serialNumber.
        ([f"{DAHUA}.1.1.0|4|V4.001.0000000.3.R", f"{DAHUA}.1.2.0|4|1.00", f"{DAHUA}.2.4.0|4|7J0A3C9PAZ5E1B2",
          f"{DAHUA}.2.5.0|4|V3.216.0000000.0.R", f"{DAHUA}.2.6.0|4|DHI-NVR5216-16P-I"],
         ("DHI-NVR5216-16P-I", "V4.001.0000000.3.R", "7J0A3C9PAZ5E1B2", "1.00")),
        # ... and productInfo's systemVersion where versionInfo states no software version.
        ([f"{DAHUA}.1.1.0|4|", f"{DAHUA}.2.5.0|4|V3.216.0000000.0.R", f"{DAHUA}.2.6.0|4|IPC-HFW2431S"],
         ("IPC-HFW2431S", "V3.216.0000000.0.R", None, None)),
    ],
    ids=["dahua-all", "dahua-system-version"],
)
def test_dahua_product_info(rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system("NVR", "1.3.6.1.4.1.1004849.2.10.2") + rows)
    got = (obs.device["model"], obs.device["os_version"], obs.device["serial"], obs.device["hardware_rev"])
    assert obs.device["vendor_id"] == "dahua" and got == want, obs.device["evidence"]


TOPSEC = "1.3.6.1.4.1.14331.5.5.1.3"  # TOS-SYSINFO sysInfo


@pytest.mark.parametrize(
    ("descr", "rows", "want"),
    [
        # Topsec: sysProductType, the version out of sysSoftwareVersion's 'OS type and version', sysProductSN; ahead of
        # an operator's sysDescr that names no model.
        ("Topsec edge firewall", [f"{TOPSEC}.1.0|4|TS00A1B2C3D4", f"{TOPSEC}.2.0|4|TFW-3800E",
                                  f"{TOPSEC}.3.0|4|TOS 3.4.101.7"],
         ("topsec", "firewall", "TFW-3800E", "3.4.101.7", "TS00A1B2C3D4")),
        # ... the stray quote TOS agents write before the type and the serial, and the bracketed hardware code, are no
        # part of them.
        ("Topsec edge firewall", [f'{TOPSEC}.1.0|4|"TS00A1B2C3D4', f'{TOPSEC}.2.0|4|"TFW-3800E(TG-10931)'],
         ("topsec", "firewall", "TFW-3800E", None, "TS00A1B2C3D4")),
        # ... and the banner's model and version where the MIB states none (a type in words is no model).
        ("Topsec TFW-3800E(TG-10931) Software Version V3.3101.2", [f"{TOPSEC}.2.0|4|firewall"],
         ("topsec", "firewall", "TFW-3800E", "V3.3101.2", None)),
    ],
    ids=["topsec-sysinfo", "topsec-stray-quote", "topsec-banner"],
)
def test_topsec_sysinfo(descr: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.14331.1.2") + rows)
    assert identity(obs) == want, obs.device["evidence"]


def test_hikvision_device_mib_hardware_version() -> None:
    # HIK-DEVICE-MIB devicemib: deviceType .1, hardwVersion .2, softwVersion .3.
    dev = "1.3.6.1.4.1.39165.1"
    obs = run([*system("Hikvision camera", "1.3.6.1.4.1.39165.1.1"),
               f"{dev}.1.0|4|DS-2CD2143G2-I", f"{dev}.2.0|4|B2", f"{dev}.3.0|4|V5.7.3 build 220112"])
    got = (obs.device["model"], obs.device["os_version"], obs.device["hardware_rev"])
    assert got == ("DS-2CD2143G2-I", "V5.7.3 build 220112", "B2"), obs.device["evidence"]


@pytest.mark.parametrize(
    ("answer", "version"),
    [
        ("V4.30.085 build 200916", "V4.30.085 build 200916"),
        # hikEntitySubType's product code (HIKVISION-MIB: NVR(200), IPC(400)) is no version.
        ("400", None),
    ],
)
def test_hikvision_mib_101_is_a_version_only_in_a_version_shape(answer: str, version: str | None) -> None:
    ent = "1.3.6.1.4.1.50001.1"  # HIKVISION-MIB hikEntity: hikEntityType .100, .101
    obs = run([*system("Hikvision NVR", "1.3.6.1.4.1.50001.1.1"), f"{ent}.100.0|4|DS-7608NI-K2",
               f"{ent}.101.0|4|{answer}"])
    assert obs.device["os_version"] == version, obs.device["evidence"]


@pytest.mark.parametrize("oid", ["1.3.6.1.4.1.674.10893.2.31", "1.3.6.1.4.1.674.10893.2.30"])
def test_a_dell_powervault_md_under_dell_s_storage_arc_is_storage(oid: str) -> None:
    obs = run(system("DELL MD3820i", oid))
    assert (obs.device["vendor_id"], obs.device["kind"]) == ("dell", "storage"), obs.device["evidence"]
