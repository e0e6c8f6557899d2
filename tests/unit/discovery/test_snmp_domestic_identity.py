"""Identity objects of domestic makers beyond the big network vendors (site power, cameras, OLTs), read from the
makers' own MIBs: each case a made-up walk in the MIB's shape, and the bad answers an agent may give instead (blank,
'N/A', a fill pattern, text longer than any serial, another type) giving no value."""

from __future__ import annotations

import pytest

from tests.snmp_cases import identity, run, system

SMU_MONITOR = "1.3.6.1.4.1.2011.6.164.1.2.2.1.1"  # HUAWEI-SITE-MONITOR-MIB hwMonitorEntry
HIK_DEVICE = "1.3.6.1.4.1.39165.1"  # HIK-DEVICE-MIB devicemib
VSOL_SYSTEM = "1.3.6.1.4.1.37950.1.1.5.10.12.5"  # V1600D MIB systemInfo
HW_UPS_IDENT = "1.3.6.1.4.1.2011.6.174.1.2.100.1"  # HUAWEI-UPS-MIB hwUpsDeviceIdentEntry
HW_UPS_SYS_ESN = "1.3.6.1.4.1.2011.6.174.1.1.1.1.0"  # HUAWEI-UPS-MIB hwUpsSystemMainDeviceESN
UPS_CARD = "Linux ups-card 3.10.108 #2 armv7l"
CDATA_CARD = "1.3.6.1.4.1.34592.1.3.1.5.2.1.1"  # C-Data FD-SYSTEM-MIB card entry (answers 34592.1.3)
NSCRTV_OLT = "1.3.6.1.4.1.17409.2.3.1.2.1.1"  # NSCRTV-FTTX-EPON-MIB oltPropertyEntry
NSCRTV_BOARD = "1.3.6.1.4.1.17409.2.3.1.3.1.1"  # NSCRTV-FTTX-EPON-MIB boardEntry


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # Huawei SMU: the first monitor's production SN (hwMonEquipSerialNo) beside its software version.
        ("Site Monitor Unit", "1.3.6.1.4.1.2011.6.164",
         [f"{SMU_MONITOR}.5.1|4|V700R001C20", f"{SMU_MONITOR}.9.1|4|21023176MDK9J7000812"],
         ("huawei", "dc_power", None, "V700R001C20", "21023176MDK9J7000812")),
        # Hikvision cameras answer HIK-DEVICE-MIB (deviceType, softwVersion), not HIKVISION-MIB.
        ("IP CAMERA", "1.3.6.1.4.1.39165.1.1",
         [f"{HIK_DEVICE}.1.0|4|DS-2CD2347G2-LU", f"{HIK_DEVICE}.3.0|4|V5.7.3 build 220112"],
         ("hikvision", "camera", "DS-2CD2347G2-LU", "V5.7.3 build 220112", None)),
        # ... a device type without a model number in it ('IPCamera') names no model.
        ("IP CAMERA", "1.3.6.1.4.1.39165.1.1", [f"{HIK_DEVICE}.1.0|4|IPCamera", f"{HIK_DEVICE}.3.0|4|V5.5.0"],
         ("hikvision", "camera", None, "V5.5.0", None)),
        # V-SOL OLTs: systemInfo's serial and device model, the model before the sysDescr's.
        ("V1600D", "1.3.6.1.4.1.37950.1.1.5",
         [f"{VSOL_SYSTEM}.4.0|4|V2.1.07R", f"{VSOL_SYSTEM}.11.0|4|VS21094A0073", f"{VSOL_SYSTEM}.15.0|4|V1600D8"],
         ("vsol", "switch", "V1600D8", "V2.1.07R", "VS21094A0073")),
        # ... and the sysDescr's where the model object is blank.
        ("V1600D", "1.3.6.1.4.1.37950.1.1.5", [f"{VSOL_SYSTEM}.4.0|4|V2.1.07R", f"{VSOL_SYSTEM}.15.0|4|"],
         ("vsol", "switch", "V1600D", "V2.1.07R", None)),
        # Huawei UPS card: hwUpsDeviceSoftVersion where UPS-MIB states no software version (not the card's kernel).
        (UPS_CARD, "1.3.6.1.4.1.8072.3.2.10",
         [f"{HW_UPS_IDENT}.2.1|4|UPS2000-A-2KTTS", f"{HW_UPS_IDENT}.3.1|4|V200R001C10SPC030",
          f"{HW_UPS_IDENT}.5.1|4|2102312FMN10L3000271"],
         ("huawei", "ups", "UPS2000-A-2KTTS", "V200R001C10SPC030", "2102312FMN10L3000271")),
        # ... the system's master-device ESN where the device row's ESN is blank.
        (UPS_CARD, "1.3.6.1.4.1.8072.3.2.10",
         [f"{HW_UPS_IDENT}.2.1|4|UPS5000-E-120K", f"{HW_UPS_IDENT}.5.1|4|", f"{HW_UPS_SYS_ESN}|4|2102310TQE10M4000019"],
         ("huawei", "ups", "UPS5000-E-120K", "3.10.108", "2102310TQE10M4000019")),
        # C-Data OLTs: the NSCRTV EPON MIB's OLT type and board-0 software where C-Data's card objects are blank ...
        ("EPON OLT", "1.3.6.1.4.1.17409.1.10",
         [f"{CDATA_CARD}.4.0|4|", f"{CDATA_CARD}.7.0|2|1", f"{NSCRTV_OLT}.3.1|4|FD1216S-B1",
          f"{NSCRTV_BOARD}.9.1.0|4|V1.3.2_190820", "1.3.6.1.4.1.17409.2.3.1.1.13.0|4|CD19A07001234"],
         ("cdata", "switch", "FD1216S-B1", "V1.3.2_190820", "CD19A07001234")),
        # ... C-Data's own first, and an OLT type without a model number ('EPON OLT') is none.
        ("EPON OLT", "1.3.6.1.4.1.17409.1.10",
         [f"{CDATA_CARD}.4.0|4|FD1104SN", f"{CDATA_CARD}.5.0|4|V2.0.5", f"{NSCRTV_OLT}.3.1|4|FD1216S-B1",
          f"{NSCRTV_BOARD}.9.1.0|4|V1.3.2_190820"],
         ("cdata", "switch", "FD1104SN", "V2.0.5", None)),
        ("EPON OLT", "1.3.6.1.4.1.17409.1.10", [f"{CDATA_CARD}.7.0|2|1", f"{NSCRTV_OLT}.3.1|4|EPON OLT"],
         ("cdata", "switch", None, None, None)),
    ],
    ids=["huawei-smu-serial", "hikvision-device-mib", "hikvision-type-no-model", "vsol-system-info",
         "vsol-model-blank", "huawei-ups-soft-version", "huawei-ups-system-esn",
         "cdata-nscrtv-olt", "cdata-own-first", "cdata-type-no-model"],
)
def test_domestic_identity_objects(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


# (sysDescr, sysObjectID, the serial object, rows the row needs to be chosen); a Huawei UPS card is told by its device
# table answering, so its row is there, its ESN blank, and the system ESN is the object under test.
SERIAL_OBJECTS = [
    ("Site Monitor Unit", "1.3.6.1.4.1.2011.6.164", f"{SMU_MONITOR}.9.1", []),
    ("V1600D", "1.3.6.1.4.1.37950.1.1.5", f"{VSOL_SYSTEM}.11.0", []),
    (UPS_CARD, "1.3.6.1.4.1.8072.3.2.10", HW_UPS_SYS_ESN, [f"{HW_UPS_IDENT}.2.1|4|UPS2000-A-2KTTS"]),
]


@pytest.mark.parametrize(
    ("descr", "oid", "serial_oid", "rows"), SERIAL_OBJECTS, ids=["huawei-smu", "vsol", "huawei-ups"]
)
@pytest.mark.parametrize(
    "answer",
    ["4|", "4|N/A", "4|unavailable", "4|Serial Number", "4|FFFFFFFFFFFF", "4|" + "SN-0042 " * 10,
     "6|1.3.6.1.4.1.37950", "64|10.8.1.20"],
    ids=["blank", "n/a", "unavailable", "field-name", "fill", "too-long", "oid", "ip"],
)
def test_a_serial_object_with_no_serial_gives_none(
    descr: str, oid: str, serial_oid: str, rows: list[str], answer: str
) -> None:
    obs = run([*system(descr, oid), *rows, f"{serial_oid}|{answer}"])
    assert obs.ok and obs.device["serial"] is None, obs.device["evidence"].get("serial")
    # ... where a real serial in the same object is read (the row is the one chosen).
    obs = run([*system(descr, oid), *rows, f"{serial_oid}|4|2102318QWE10K6000555"])
    assert obs.device["serial"] == "2102318QWE10K6000555", obs.device["evidence"]


@pytest.mark.parametrize(
    ("descr", "oid", "model_oid"),
    [("IP CAMERA", "1.3.6.1.4.1.39165.1.1", f"{HIK_DEVICE}.1.0"),
     ("Network Video Recorder", "1.3.6.1.4.1.50001.1", "1.3.6.1.4.1.50001.1.100.0"),  # HIKVISION-MIB hikEntityType
     ("Optical Line Terminal", "1.3.6.1.4.1.37950.1.1.5", f"{VSOL_SYSTEM}.15.0")],
    ids=["hikvision", "hikvision-mib", "vsol"],
)
@pytest.mark.parametrize("answer", ["4|", "4|N/A", "4|Model Name", "4|NVR", "4|Hybrid NVR", "2|3", "4|3",
                                    "6|1.3.6.1.4.1.39165.1.1"],
                         ids=["blank", "n/a", "field-name", "type-word", "type-words", "integer", "type-code", "oid"])
def test_a_model_object_with_no_model_gives_none(descr: str, oid: str, model_oid: str, answer: str) -> None:
    obs = run([*system(descr, oid), f"{model_oid}|{answer}"])
    assert obs.ok and obs.device["model"] is None, obs.device["evidence"].get("model")
    # ... where a model in the same object is read.
    obs = run([*system(descr, oid), f"{model_oid}|4|DS-7716NI-Q4"])
    assert obs.device["model"] == "DS-7716NI-Q4", obs.device["evidence"]
