"""The columns of one device table that identify the device are read from ONE row, the device's: the first row
holding a value in any of them. A blank in that row is no value, not a reason to read the next row, which is another
unit (a BCM2 controller's power meter, unit 2 of a chain or stack). A row blank in every column (an empty slot listed
first) is no device and is stepped over, a few rows at most. Walks made up in the MIBs' shapes (index, column and
SYNTAX as the MIBs define them), never a recording's values."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from govops.platforms.snmp import default_platforms
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import VarBind
from govops.util.oid import Oid
from tests.snmp_agreement import general_layers
from tests.snmp_cases import discover, system

NAMEPLATE = "1.3.6.1.4.1.13742.6.3.2.1.1"  # PDU2-MIB nameplateEntry: pduModel .3, pduSerialNumber .4; INDEX pduId
UNIT = "1.3.6.1.4.1.1718.4.1.2.2.1"  # Sentry4-MIB st4UnitConfigEntry: st4UnitProductSN .4, st4UnitModel .5
RADLAN = "1.3.6.1.4.1.89.53.14.1"  # rlPhdUnitGenParamTable: software .2, serial .5, model .11; INDEX stack unit

CASES = {
    # A Raritan BCM2: pduId 1 the main controller, its serial left blank; pduId 2 a power meter with its own serial.
    "bcm2-blank-controller-serial": (
        *system("Branch circuit monitor", "1.3.6.1.4.1.13742.6"),
        f"{NAMEPLATE}.3.1|4|BCM2-ZZ48", f"{NAMEPLATE}.4.1|4|", f"{NAMEPLATE}.3.2|4|PMC-ZZ10",
        f"{NAMEPLATE}.4.2|4|QZP9900002"),
    # A linked Sentry4 chain: unit A's serial blank, unit B's stated.
    "sentry4-chain-blank-unit-a-serial": (
        *system("Sentry Switched PDU", "1.3.6.1.4.1.1718.4"),
        f"{UNIT}.4.1|4|", f"{UNIT}.4.2|4|ZZEK0000002", f"{UNIT}.5.1|4|C2S99VE-ZZZZ", f"{UNIT}.5.2|4|C2X99VE-ZZZZ"),
    # A stack on the Radlan SDK (standard layer): unit 1 states its model and software, its serial 'N/A'.
    "radlan-stack-unit-1-serial-na": (
        *system("Acmenet QX-310 managed switch", "1.3.6.1.4.1.64999.1.310"),
        f"{RADLAN}.2.1|4|4.1.7", f"{RADLAN}.5.1|4|N/A", f"{RADLAN}.11.1|4|QX-310-24",
        f"{RADLAN}.2.2|4|4.1.7", f"{RADLAN}.5.2|4|QXS3100002", f"{RADLAN}.11.2|4|QX-310-48"),
}
EXPECTED = {
    "bcm2-blank-controller-serial": ("BCM2-ZZ48", None),
    "sentry4-chain-blank-unit-a-serial": ("C2S99VE-ZZZZ", None),
    "radlan-stack-unit-1-serial-na": ("QX-310-24", None),
}


@pytest.mark.parametrize("rows", ["all", "general"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_blank_in_the_device_row_is_no_value_not_the_next_units(case: str, rows: str) -> None:
    table = default_platforms() if rows == "all" else general_layers(default_platforms())
    obs = discover(RecordedAgent(parse_snmprec(list(CASES[case]))), table)
    assert obs.ok, obs.error
    assert (obs.device["model"], obs.device["serial"]) == EXPECTED[case], obs.device["evidence"]


@pytest.mark.parametrize("rows", ["all", "general"])
def test_a_wholly_blank_first_row_is_stepped_over_for_the_whole_row(rows: str) -> None:
    """pduId 1 an empty slot (both columns blank): pduId 2 is the device, its serial blank; pduId 3's serial is
    another unit's."""
    lines = [*system("PDU", "1.3.6.1.4.1.13742.6"), f"{NAMEPLATE}.3.1|4|", f"{NAMEPLATE}.4.1|4| ",
             f"{NAMEPLATE}.3.2|4|PX3-9999Z", f"{NAMEPLATE}.4.2|4|N/A", f"{NAMEPLATE}.3.3|4|PX3-1111Z",
             f"{NAMEPLATE}.4.3|4|QZP9900003"]
    table = default_platforms() if rows == "all" else general_layers(default_platforms())
    obs = discover(RecordedAgent(parse_snmprec(lines)), table)
    assert (obs.device["model"], obs.device["serial"]) == ("PX3-9999Z", None), obs.device["evidence"]


def test_a_column_without_the_device_row_has_no_value() -> None:
    """The serial column lists no row for pduId 1 (its first row is pduId 2's): no serial, not pduId 2's."""
    lines = [*system("PDU", "1.3.6.1.4.1.13742.6"), f"{NAMEPLATE}.3.1|4|PX3-9999Z", f"{NAMEPLATE}.3.2|4|PX3-1111Z",
             f"{NAMEPLATE}.4.2|4|QZP9900002"]
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert (obs.device["model"], obs.device["serial"]) == ("PX3-9999Z", None), obs.device["evidence"]


def test_blank_rows_past_the_step_over_limit_give_no_value() -> None:
    """Four blank rows before the first value: the step-over stops (a table whose rows never end costs a few
    requests at most), and what it stopped at is blank."""
    blanks = [f"{NAMEPLATE}.{c}.{i}|4|" for i in range(1, 5) for c in (3, 4)]
    lines = [*system("PDU", "1.3.6.1.4.1.13742.6"), *blanks, f"{NAMEPLATE}.3.5|4|PX3-9999Z",
             f"{NAMEPLATE}.4.5|4|QZP9900005"]
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert (obs.device["model"], obs.device["serial"]) == (None, None), obs.device["evidence"]


def test_a_unit_whose_model_is_blank_keeps_its_own_serial() -> None:
    """pduId 1 names no model but states its serial: it is the device (a blank model is no empty slot)."""
    lines = [*system("PDU", "1.3.6.1.4.1.13742.6"), f"{NAMEPLATE}.3.1|4|", f"{NAMEPLATE}.4.1|4|QZP9900001",
             f"{NAMEPLATE}.3.2|4|PX3-1111Z", f"{NAMEPLATE}.4.2|4|QZP9900002"]
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert (obs.device["model"], obs.device["serial"]) == (None, "QZP9900001"), obs.device["evidence"]


CONTROL_UNITS = "1.3.6.1.4.1.12148.10.13.8.2.1"  # SP2-MIB controlUnitEntry: description .2, software .8


def test_the_model_column_says_which_rows_are_units() -> None:
    """The software column lists a row the description column does not (a sparse table): the device's row is the
    first the model column lists, and the software is that row's, asked for it."""
    lines = [*system("ELTEK Power System", "1.3.6.1.4.1.12148.10"), f"{CONTROL_UNITS}.2.3|4|Zetapack Q",
             f"{CONTROL_UNITS}.8.2|4|9.1", f"{CONTROL_UNITS}.8.3|4|9.7.3"]
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert (obs.device["model"], obs.device["os_version"]) == ("Zetapack Q", "9.7.3"), obs.device["evidence"]


class _Counting(RecordedAgent):
    """A recorded agent counting the GETNEXT (``asked``) and GET (``got``) requests that ask inside one table."""

    def __init__(self, lines: list[str], table: str) -> None:
        super().__init__(parse_snmprec(lines))
        self.table = tuple(int(arc) for arc in table.split("."))
        self.asked = self.got = 0

    def _inside(self, oids: Sequence[Oid]) -> bool:
        return any(oid[: len(self.table)] == self.table for oid in oids)

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        self.asked += self._inside(oids)
        return await super().get_next(target, creds, oids)

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        self.got += self._inside(oids)
        return await super().get(target, creds, oids)


def test_a_blank_row_is_stepped_over_in_one_request_for_the_whole_table() -> None:
    """The first GETNEXT of the identity columns, then one for the blank row's columns together (not one a
    column)."""
    agent = _Counting([*system("PDU", "1.3.6.1.4.1.13742.6"), f"{NAMEPLATE}.3.1|4|", f"{NAMEPLATE}.4.1|4|",
                       f"{NAMEPLATE}.3.2|4|PX3-9999Z", f"{NAMEPLATE}.4.2|4|QZP9900002"], NAMEPLATE)
    obs = discover(agent, general_layers(default_platforms()))
    assert (obs.device["model"], obs.device["serial"]) == ("PX3-9999Z", "QZP9900002"), obs.device["evidence"]
    assert agent.asked == 2


def test_a_sparse_tables_blank_row_is_asked_for_once_then_stepped_over() -> None:
    """The software column lists a row before the model column's first, and that first row is blank in both: the
    software is asked for in the row (one GET), the row is stepped over in one GETNEXT for both columns, and the next
    row is the device's (the GET counts as no row stepped over)."""
    agent = _Counting([*system("ELTEK Power System", "1.3.6.1.4.1.12148.10"), f"{CONTROL_UNITS}.8.1|4|9.1",
                       f"{CONTROL_UNITS}.2.2|4|", f"{CONTROL_UNITS}.8.2|4|", f"{CONTROL_UNITS}.2.3|4|Zetapack Q",
                       f"{CONTROL_UNITS}.8.3|4|9.7.3"], CONTROL_UNITS)
    obs = discover(agent)
    assert (obs.device["model"], obs.device["os_version"]) == ("Zetapack Q", "9.7.3"), obs.device["evidence"]
    assert (agent.asked, agent.got) == (2, 1)
