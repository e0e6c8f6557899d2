"""Where a serial is stated beyond the chassis's serial column: a label in the chassis description (any maker), and
vendor MIBs whose identity scalars were not read (NetSpire, Rajant, Eaton's DC controllers, the SSR's backplane).
Walks made up in the MIBs' shapes: (vendor id, kind, model, version, serial)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from govops.catalog import serials
from govops.discovery import snmp
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import VarBind
from govops.util.oid import Oid, parse_oid
from tests.snmp_cases import ENT, discover, identity, run, system

UNKNOWN = "1.3.6.1.4.1.99999.3"  # an enterprise number no row knows


def row(index: int, descr: str, *, serial: str | None = None, cls: int | None = 3) -> list[str]:
    """One ENTITY-MIB row: its description, class (None: no class column) and containment, and a serial column."""
    lines = [f"{ENT}.2.{index}|4|{descr}"]
    if cls is not None:
        lines += [f"{ENT}.4.{index}|2|0", f"{ENT}.5.{index}|2|{cls}"]
    return lines + ([f"{ENT}.11.{index}|4|{serial}"] if serial is not None else [])


@pytest.mark.parametrize(
    ("descr", "serial", "want"),
    [
        ("Acme, QX-40, SW: 2.3.1, SN: 7318820046", None, "7318820046"),
        ("Acme QX_40F, HW Serial#: QX40FTB991827", None, "QX40FTB991827"),
        ("QX-40 chassis, S/N 2207AQ0031", None, "2207AQ0031"),
        # The serial column first, where it has one.
        ("Acme, QX-40, SN: 7318820046", "K0098123", "K0098123"),
        # No label, or a label without a serial of a serial's shape (a digit, five characters): none.
        ("Acme QX-40 7318820046", None, None),
        ("Serial Port Module", None, None),
        ("Acme QX-40, SN: n/a", None, None),
    ],
)
def test_a_serial_the_chassis_description_labels(descr: str, serial: str | None, want: str | None) -> None:
    obs = run([*system("Acme box", UNKNOWN), *row(1, descr, serial=serial)])
    assert obs.device["serial"] == want, obs.device["evidence"].get("serial")


NETSPIRE = "1.3.6.1.4.1.1732.2.1"  # OACOMMON-MIB netSpireDevice
RAJANT = "1.3.6.1.4.1.34861"  # RAJANT-CORPORATION-MIB
SC200 = "1.3.6.1.4.1.1918.2.13"  # RPS-SC200-MIB, rooted at the controller's sysObjectID


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # NetSpire: the model and serial scalars of OACOMMON-MIB (a model the sysDescr states only in part).
        ("NetSpire QRM02/7710:20AB r2.4", "1.3.6.1.4.1.1732",
         [f"{NETSPIRE}.11.0|4|903300417", f"{NETSPIRE}.41.0|4|QRM02/7710:20AB"],
         (None, "other", "QRM02/7710:20AB", None, "903300417")),
        # Rajant: serialNumber at the object's own OID (the agent's instance), or at '.0' as the SMI has it.
        ("relay-7 12.3.1 LX5-8800-77410 Field Mesh", "1.3.6.1.4.1.34861.1.1", [f"{RAJANT}.1.1|4|LX5-8800-77410"],
         (None, "access_point", None, "12.3.1", "LX5-8800-77410")),
        ("relay-7 12.3.1 LX5-8800-77410 Field Mesh", "1.3.6.1.4.1.34861.1.1", [f"{RAJANT}.1.1.0|4|LX5-8800-77410"],
         (None, "access_point", None, "12.3.1", "LX5-8800-77410")),
        # Eaton SC200: the controller's serial-Number, else the system's; the model stays the controller's.
        ("SC200 Controller - software version 5.12", SC200,
         [f"{SC200}.10.10.20.0|4|771020", f"{SC200}.10.10.30.0|4|SY200417", f"{SC200}.10.20.90.0|4|310994411"],
         ("eaton", "dc_power", "SC200", "5.12", "310994411")),
        ("SC300 Controller - software version 2.01", "1.3.6.1.4.1.1918.2.14",
         ["1.3.6.1.4.1.1918.2.14.10.10.20.0|4|771020"], ("eaton", "dc_power", "SC300", "2.01", "771020")),
        # An Ericsson SSR: the chassis's serial is on its backplane's description (entity 2).
        ("Ericsson IPOS-21.1.2.3-Release", "1.3.6.1.4.1.193.218.1.17",
         [*row(1, "SSR 8010 chassis", cls=None),
          *row(2, "SSR 8010 backplane SN:QA70011822 Rev:R2B Mfg.Dt:3-MAR-2021 CLEI code:ABCD000ZZZ", cls=None)],
         ("ericsson", "router", "SSR 8010", "21.1.2.3-Release", "QA70011822")),
        # ... and entity 2 being something else states no serial.
        ("Ericsson IPOS-21.1.2.3-Release", "1.3.6.1.4.1.193.218.1.17",
         [*row(1, "SSR 8010 chassis", cls=None), *row(2, "Fan tray SN:QA70011822", cls=None)],
         ("ericsson", "router", "SSR 8010", "21.1.2.3-Release", None)),
    ],
    ids=["netspire", "rajant-own-oid", "rajant-instance", "eaton-sc200", "eaton-sc300-system-serial", "ericsson-ssr",
         "ericsson-no-backplane"],
)
def test_vendor_identity_scalars(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


# The serial scalars a maker's MIB defines (govops.catalog.serials), here a made-up maker's: 99999 has two (its
# appliances answer one MIB or the other), 99998 one.
MAKER_SERIALS = {
    99999: (serials.SerialObject("1.3.6.1.4.1.99999.1.1.2.0", "EXAMPLE-MIB", "exSysSerialNumber"),
            serials.SerialObject("1.3.6.1.4.1.99999.7.3.0", "EXAMPLE-NAS-MIB", "nasSerial")),
    99998: (serials.SerialObject("1.3.6.1.4.1.99998.4.0", "OTHER-MIB", "otherSerialNumber"),),
}
NET_SNMP = "1.3.6.1.4.1.8072.3.2.10"  # net-snmp's sysObjectID, which many appliances answer


@pytest.fixture
def maker_serials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serials, "_table", lambda: MAKER_SERIALS)


@pytest.mark.parametrize(
    ("oid", "rows", "want"),
    [
        # The scalar of the maker's MIB under the sysObjectID's arc, with no ENTITY-MIB.
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.2.0|4|QX7300210044"], "QX7300210044"),
        # The first the agent answers: a product answers its own MIB's.
        (UNKNOWN, ["1.3.6.1.4.1.99999.7.3.0|4|NAS0017733"], "NAS0017733"),
        # A placeholder or a fill pattern is no serial: the next object's, else none.
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.2.0|4|N/A", "1.3.6.1.4.1.99999.7.3.0|4|NAS0017733"], "NAS0017733"),
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.2.0|4|XXXXXXXXXX"], None),
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.2.0|4|   "], None),
        # An OBJECT IDENTIFIER answered where the serial is meant names nothing.
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.2.0|6|1.3.6.1.4.1.99999.1"], None),
        # Another maker's arc is not read when the sysObjectID names a catalogue vendor (its own MIBs say who it is).
        ("1.3.6.1.4.1.9.1.99999", ["1.3.6.1.4.1.99998.4.0|4|OT55120093"], None),
        # Behind net-snmp's sysObjectID, or a number no catalogue vendor has: the serial of the maker MIB the agent
        # answers.
        (NET_SNMP, ["1.3.6.1.4.1.99998.4.0|4|OT55120093"], "OT55120093"),
        (UNKNOWN, ["1.3.6.1.4.1.99998.4.0|4|OT55120093"], "OT55120093"),
    ],
)
def test_the_serial_scalar_the_makers_mib_defines(maker_serials: None, oid: str, rows: list[str],
                                                  want: str | None) -> None:
    obs = run([*system("Example appliance", oid), *rows])
    assert obs.device["serial"] == want, obs.device["evidence"].get("serial")
    if want is not None:
        assert "MIB::" in obs.device["evidence"]["serial"] and "gen_serials" in obs.device["evidence"]["serial"]


def test_the_chassis_serial_comes_before_the_makers_mib(maker_serials: None) -> None:
    obs = run([*system("Example appliance", UNKNOWN), *row(1, "QX-73 chassis", serial="CH0099871"),
               "1.3.6.1.4.1.99999.1.1.2.0|4|QX7300210044"])
    assert obs.device["serial"] == "CH0099871"


def test_a_ups_name_or_model_is_no_serial() -> None:
    # UPS-MIB (RFC 1628) defines no serial: upsIdentName is a name the administrator sets, upsIdentModel the model.
    ident = "1.3.6.1.2.1.33.1.1"
    obs = run([*system("UPS agent", UNKNOWN), f"{ident}.1.0|4|Acme Power", f"{ident}.2.0|4|QX-3000",
               f"{ident}.5.0|4|UPS-RACK7-0042"])
    assert (obs.device["model"], obs.device["serial"]) == ("QX-3000", None)


def test_without_a_chassis_row_the_containment_roots_serial_is_the_devices() -> None:
    # Only a module at the top of the containment tree (contained in nothing) and its port: the module is the device.
    rows = [*row(5, "QX-40 main module", serial="MOD0044221", cls=9), f"{ENT}.2.6|4|port 1", f"{ENT}.4.6|2|5",
            f"{ENT}.5.6|2|10", f"{ENT}.11.6|4|PORT0000006"]
    obs = run([*system("Acme box", UNKNOWN), *rows])
    assert obs.device["serial"] == "MOD0044221", obs.device["evidence"].get("serial")


# A made-up maker whose MIB states the device's identity in a table whose rows are the device (a stack's units, a
# daisy chain's PDUs): the column, read at its first row holding a value.
UNIT_SERIAL = "1.3.6.1.4.1.99997.5.1.1.4"
UNIT_MODEL = "1.3.6.1.4.1.99997.5.1.1.2"
MAKER_TABLES = {
    99997: (serials.SerialObject(UNIT_MODEL, "EXAMPLE-UNIT-MIB", "exUnitModelName", "model", "exUnitTable"),
            serials.SerialObject(UNIT_SERIAL, "EXAMPLE-UNIT-MIB", "exUnitSerialNumber", "serial", "exUnitTable")),
}


@pytest.fixture
def maker_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serials, "_table", lambda: MAKER_TABLES)


@pytest.mark.parametrize(
    ("oid", "rows", "want"),
    [
        # One unit: its row, whatever its index.
        ("1.3.6.1.4.1.99997.1", [f"{UNIT_MODEL}.7|4|QZ-2200", f"{UNIT_SERIAL}.7|4|QZ22K0099187"],
         ("QZ-2200", "QZ22K0099187")),
        # A stack or a chain: the first unit is the device (the one answering).
        ("1.3.6.1.4.1.99997.1", [f"{UNIT_MODEL}.1|4|QZ-2200", f"{UNIT_MODEL}.2|4|QZ-2400",
                                 f"{UNIT_SERIAL}.1|4|QZ22K0099187", f"{UNIT_SERIAL}.2|4|QZ24K0001122"],
         ("QZ-2200", "QZ22K0099187")),
        # A first row left blank (a unit that states none): the next row holding a value.
        ("1.3.6.1.4.1.99997.1", [f"{UNIT_SERIAL}.1|4|", f"{UNIT_SERIAL}.2|4|QZ24K0001122"], (None, "QZ24K0001122")),
        # ... or one holding a placeholder, which states no value either (as for the rules' first-row reads).
        ("1.3.6.1.4.1.99997.1", [f"{UNIT_SERIAL}.1|4|N/A", f"{UNIT_SERIAL}.2|4|QZ24K0001122"], (None, "QZ24K0001122")),
        # No row: the GETNEXT answers the next column's or the next object's value, which is none of the device's.
        ("1.3.6.1.4.1.99997.1", ["1.3.6.1.4.1.99997.5.1.1.5.1|4|QZ22K0099187"], (None, None)),
        # Behind net-snmp's sysObjectID, the maker's arc the agent answers: its table's first row too.
        (NET_SNMP, [f"{UNIT_SERIAL}.3|4|QZ22K0099187"], (None, "QZ22K0099187")),
        # Another maker's sysObjectID: its own MIBs say who it is, this table is not read.
        ("1.3.6.1.4.1.9.1.99999", [f"{UNIT_SERIAL}.1|4|QZ22K0099187"], (None, None)),
    ],
    ids=["one-unit", "stack-first-unit", "blank-first-row", "placeholder-first-row", "empty-table", "net-snmp",
         "other-maker"],
)
def test_a_device_tables_first_row_states_the_device(maker_tables: None, oid: str, rows: list[str],
                                                     want: tuple[str | None, str | None]) -> None:
    obs = run([*system("Example appliance", oid), *rows])
    assert (obs.device["model"], obs.device["serial"]) == want, obs.device["evidence"]
    if want[1] is not None:
        assert "exUnitSerialNumber" in obs.device["evidence"]["serial"]
        assert "first row of exUnitTable" in obs.device["evidence"]["serial"]


def _requests(lines: list[str], monkeypatch: pytest.MonkeyPatch,
              table: Mapping[int, tuple[serials.SerialObject, ...]]) -> tuple[int, str | None]:
    """How many requests discovery sends the walk's agent with ``table`` as the catalogue, and the serial it finds."""
    monkeypatch.setattr(serials, "_table", lambda: table)
    sent = 0

    def counted(name: str) -> None:
        method = getattr(RecordedAgent, name)

        async def wrapper(self: RecordedAgent, *args: object, **kwargs: object) -> object:
            nonlocal sent
            sent += 1
            return await method(self, *args, **kwargs)

        monkeypatch.setattr(RecordedAgent, name, wrapper)

    for name in ("get", "get_next", "walk_columns"):
        counted(name)
    obs = run(lines)
    monkeypatch.undo()
    return sent, obs.device["serial"]


def test_a_device_tables_column_rides_in_the_getnext_discovery_already_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the sysObjectID's own arc the columns go in the PDU of the rules' first-row reads: no request more."""
    lines = [*system("Example appliance", "1.3.6.1.4.1.99997.1"), f"{UNIT_SERIAL}.1|4|QZ22K0099187"]
    without, none = _requests(lines, monkeypatch, {})
    with_table, serial = _requests(lines, monkeypatch, MAKER_TABLES)
    assert (none, serial) == (None, "QZ22K0099187")
    assert with_table == without > 0


class _AskedAgent(RecordedAgent):
    """A recorded walk that keeps the OIDs of every GET."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(parse_snmprec(lines))
        self.asked: list[Oid] = []

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        self.asked.extend(oids)
        return await super().get(target, creds, oids)


@pytest.mark.parametrize("chassis_serial", [None, "CH0099871"])
def test_another_makers_scalar_is_asked_only_for_a_field_no_stronger_source_gave(
        maker_serials: None, chassis_serial: str | None) -> None:
    """Behind net-snmp's sysObjectID the agent answers another maker's arc, whose catalogued serial costs a GET: asked
    where identification would read it, not where the ENTITY-MIB chassis (read before the catalogue) gave the serial."""
    other = "1.3.6.1.4.1.99998.4.0"
    agent = _AskedAgent([*system("Example appliance", NET_SNMP), *row(1, "QX-73 chassis", serial=chassis_serial),
                         f"{other}|4|OT55120093"])
    obs = discover(agent)
    assert obs.device["serial"] == (chassis_serial or "OT55120093")
    assert (parse_oid(other) in agent.asked) == (chassis_serial is None)


# A maker's table of every piece of hardware (a made-up MIB's shape): a class column whose chassis is 4, a serial and
# a model column; the device is the row whose class is the chassis's, wherever the table lists it.
HW_ENTRY = "1.3.6.1.4.1.99996.3.2.1"
HW_CLASS, HW_SERIAL, HW_MODEL = f"{HW_ENTRY}.6", f"{HW_ENTRY}.4", f"{HW_ENTRY}.3"
HW_LABEL = "exHwKind is chassis(4)"
MAKER_HARDWARE = {
    99996: (serials.SerialObject(HW_MODEL, "EXAMPLE-HW-MIB", "exHwModelName", "model", "exHwTable", HW_CLASS, 4,
                                 HW_LABEL),
            serials.SerialObject(HW_SERIAL, "EXAMPLE-HW-MIB", "exHwSerialNumber", "serial", "exHwTable", HW_CLASS, 4,
                                 HW_LABEL)),
}
HW_SYSTEM = system("Example router", "1.3.6.1.4.1.99996.1")


def _hw(index: str, kind: int, serial: str, model: str = "") -> list[str]:
    return [f"{HW_CLASS}.{index}|2|{kind}", f"{HW_SERIAL}.{index}|4|{serial}",
            *([f"{HW_MODEL}.{index}|4|{model}"] if model else [])]


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        # A fan tray listed first: its serial is no the device's; the chassis's row is.
        ([*_hw("1.16777217", 6, "FT0099123"), *_hw("1.67108865", 4, "CH7781200", "RX-40")], ("RX-40", "CH7781200")),
        # Two chassis (an extension): the first.
        ([*_hw("1.67108865", 4, "CH7781200"), *_hw("1.67108866", 4, "CH7781299")], (None, "CH7781200")),
        # No row of the chassis's class: none, not the first piece's.
        (_hw("1.16777217", 6, "FT0099123"), (None, None)),
        # No such table.
        ([], (None, None)),
    ],
    ids=["fan-first", "two-chassis", "no-chassis", "no-table"],
)
def test_a_hardware_tables_chassis_row_states_the_device(monkeypatch: pytest.MonkeyPatch, rows: list[str],
                                                         want: tuple[str | None, str | None]) -> None:
    monkeypatch.setattr(serials, "_table", lambda: MAKER_HARDWARE)
    obs = run([*HW_SYSTEM, *rows])
    assert (obs.device["model"], obs.device["serial"]) == want, obs.device["evidence"]
    if want[1] is not None:
        assert "the first row of exHwTable whose exHwKind is chassis(4)" in obs.device["evidence"]["serial"]


def test_a_hardware_tables_chassis_row_costs_its_class_rows_and_one_get(monkeypatch: pytest.MonkeyPatch) -> None:
    """The class column is read one row a request up to the chassis's (``MAX_CLASS_ROWS`` at most), then one GET
    reads the row's columns: a device whose table lists three pieces before the chassis costs four GETNEXTs and a GET
    more; one listing more pieces than the bound than that bound, and no serial."""
    chassis = _hw("1.67108865", 4, "CH7781200")
    pieces = [line for i in range(3) for line in _hw(f"1.{16777217 + i}", 6, f"FT00991{i:02}")]
    without, _ = _requests([*HW_SYSTEM, *pieces, *chassis], monkeypatch, {})
    with_table, serial = _requests([*HW_SYSTEM, *pieces, *chassis], monkeypatch, MAKER_HARDWARE)
    assert (serial, with_table - without) == ("CH7781200", 4 + 1)
    many = [line for i in range(snmp.MAX_CLASS_ROWS) for line in _hw(f"1.{16777217 + i}", 6, f"FT00{i:04}")]
    without, _ = _requests([*HW_SYSTEM, *many, *chassis], monkeypatch, {})
    with_table, serial = _requests([*HW_SYSTEM, *many, *chassis], monkeypatch, MAKER_HARDWARE)
    assert (serial, with_table - without) == (None, snmp.MAX_CLASS_ROWS)
    # A device of another maker is not asked.
    other = system("Example router", "1.3.6.1.4.1.9.1.99999")
    assert _requests([*other, *chassis], monkeypatch, {})[0] == _requests([*other, *chassis], monkeypatch,
                                                                           MAKER_HARDWARE)[0]
