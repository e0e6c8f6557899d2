"""PDUs are named by the identity catalogue (govops/catalog/data/serials.tsv) too: where the maker states the device's
identity in a table of the chain's PDUs (Raritan PDU2-MIB nameplateTable, ServerTech Sentry3-MIB towerTable and
Sentry4-MIB st4UnitConfigTable) or in scalars (Vertiv VERTIV-V5-MIB deviceInfo), without any platform row (discovery
as for a maker no row knows) and behind net-snmp's sysObjectID, where no row of the maker applies. Rittal's CMC III
states its own kind (cmcIIIUnitType). Walks made up in the MIBs' shapes (index, column and SYNTAX as the MIBs define
them), never a recording's values."""

from __future__ import annotations

import pytest

from govops.platforms.snmp import default_platforms
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from tests.snmp_agreement import general_layers
from tests.snmp_cases import discover, system

NAMEPLATE = "1.3.6.1.4.1.13742.6.3.2.1.1"  # PDU2-MIB nameplateEntry: pduModel .3, pduSerialNumber .4; INDEX pduId
TOWER = "1.3.6.1.4.1.1718.3.2.1.1"  # Sentry3-MIB towerEntry: towerProductSN .6, towerModelNumber .7; INDEX towerIndex
UNIT = "1.3.6.1.4.1.1718.4.1.2.2.1"  # Sentry4-MIB st4UnitConfigEntry: st4UnitProductSN .4, st4UnitModel .5, A=1
FIRMWARE = "1.3.6.1.4.1.1718.4.1.1.1.3.0"  # Sentry4-MIB st4SystemFirmwareVersion
PRODUCT_NAME = "1.3.6.1.4.1.1718.4.1.1.1.1.0"  # Sentry4-MIB st4SystemProductName (the series', not a unit's model)
NET_SNMP = "1.3.6.1.4.1.8072.3.2.10"
DEVICE_INFO = "1.3.6.1.4.1.21239.5.2.1"  # VERTIV-V5-MIB deviceInfo: productTitle .1, ModelNumber .8, SerialNumber .10

CASES = {
    # A linked Sentry4 system, two units: unit A (st4UnitIndex 1), the one answering; the series' name is no model.
    "sentry4-chain": (
        "1.3.6.1.4.1.1718.4",
        [f"{PRODUCT_NAME}|4|Sentry Switched PDU", f"{FIRMWARE}|4|Version 8.1c", f"{UNIT}.4.1|4|AHEK0001234",
         f"{UNIT}.4.2|4|AHEK0005678", f"{UNIT}.5.1|4|C2S36VE-YCFA2B9A", f"{UNIT}.5.2|4|C2X36VE-YCFA2B9A"],
        ("C2S36VE-YCFA2B9A", "AHEK0001234")),
    # A Sentry3 (CDU) system of two towers: the first tower's model and serial.
    "sentry3-towers": (
        "1.3.6.1.4.1.1718.3",
        [f"{TOWER}.6.1|4|ABEF0012345", f"{TOWER}.6.2|4|ABEF0067890", f"{TOWER}.7.1|4|CW-24V2-L30M",
         f"{TOWER}.7.2|4|CX-24V2-L30M"],
        ("CW-24V2-L30M", "ABEF0012345")),
    # A Raritan PX3 (pduId 1).
    "raritan-px3": ("1.3.6.1.4.1.13742.6", [f"{NAMEPLATE}.3.1|4|PX3-5493V", f"{NAMEPLATE}.4.1|4|QHP1234567"],
                    ("PX3-5493V", "QHP1234567")),
    # ... behind net-snmp's sysObjectID: the maker's arc the agent answers, no row of Raritan's applies.
    "raritan-net-snmp": (NET_SNMP, [f"{NAMEPLATE}.3.1|4|PX3-5493V", f"{NAMEPLATE}.4.1|4|QHP1234567"],
                         ("PX3-5493V", "QHP1234567")),
    # A Vertiv (Geist) V5 rack PDU: VERTIV-V5-MIB deviceInfo's factory-assigned model and serial numbers, not its
    # product name ('Product name').
    "vertiv-v5": ("1.3.6.1.4.1.21239.5.2", [f"{DEVICE_INFO}.1.0|4|rPDU", f"{DEVICE_INFO}.8.0|4|VP7881A",
                                            f"{DEVICE_INFO}.10.0|4|VP1834ZZ0044"], ("VP7881A", "VP1834ZZ0044")),
}


@pytest.mark.parametrize("rows", ["all", "general"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_pdu_tables_first_row_states_the_device(case: str, rows: str) -> None:
    oid, lines, want = CASES[case]
    table = default_platforms() if rows == "all" else general_layers(default_platforms())
    obs = discover(RecordedAgent(parse_snmprec([*system("PDU", oid), *lines])), table)
    assert (obs.device["model"], obs.device["serial"]) == want, obs.device["evidence"]


def test_the_firmware_scalar_states_the_version_without_its_label() -> None:
    # Sentry4-MIB st4SystemFirmwareVersion ('The firmware version.') answered as 'Version 8.1c'.
    obs = discover(RecordedAgent(parse_snmprec([*system("PDU", "1.3.6.1.4.1.1718.4"), f"{FIRMWARE}|4|Version 8.1c"])),
                   general_layers(default_platforms()))
    assert obs.device["os_version"] == "8.1c", obs.device["evidence"]


UNIT_TYPE = "1.3.6.1.4.1.2606.7.2.8.0"  # RITTAL-CMC-III-MIB cmcIIIUnitType: pu(2) compact(3) lcp(4) pdu(5) rms(6)
FIRST_DEVICE = "1.3.6.1.4.1.2606.7.4.1.2.1.2.1"  # cmcIIIDevName of device 1


@pytest.mark.parametrize(
    ("unit_type", "kind"),
    [("5", "pdu"), ("4", "cooling"), ("2", "env_monitor"), ("3", "env_monitor"), (None, "env_monitor")],
)
def test_a_rittal_cmc_iii_unit_states_its_own_type(unit_type: str | None, kind: str) -> None:
    # A unit whose sysDescr and first device's name (its part number) name no product: the unit's type says it.
    lines = [*system("Rittal CMC III SN 40111222 HW V3.00 - SW V3.17.10", "1.3.6.1.4.1.2606.7"),
             f"{FIRST_DEVICE}|4|7979.221"]
    if unit_type is not None:
        lines.append(f"{UNIT_TYPE}|2|{unit_type}")
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert obs.device["kind"] == kind, obs.device["evidence"].get("kind")


def test_a_rittal_cmc_iii_behind_net_snmp_s_sysobjectid_is_the_unit_not_a_linux_server() -> None:
    # cmcIIIUnit (2606.7.2): firmware .4, serial .6, type .8; the unit's first device names the model.
    unit = ["1.3.6.1.4.1.2606.7.2.4.0|4|V3.17.10", "1.3.6.1.4.1.2606.7.2.6.0|4|30123456", f"{UNIT_TYPE}|2|2",
            f"{FIRST_DEVICE}|4|CMCIII-PU"]
    obs = discover(RecordedAgent(parse_snmprec([*system("Linux cmc3 4.9.88", NET_SNMP), *unit])))
    d = obs.device
    assert (d["vendor_id"], d["kind"], d["model"], d["os_version"], d["serial"]) == (
        "rittal", "env_monitor", "CMCIII-PU", "V3.17.10", "30123456"), d["evidence"]
    # ... and a Linux host that answers no CMC III group stays a server.
    host = discover(RecordedAgent(parse_snmprec(system("Linux web01 5.15.0", NET_SNMP))))
    assert host.device["kind"] == "server"
