"""Broken, truncated, hostile and slow answers on identification's newer input paths, served by the recorded-agent
harness: a device table's column read at its first row holding a value (under the device's own arc, and under
another maker's arc the agent answers), a row of the same maker selected for an unseen product by the MIB it reads,
the standard layer's kind words in sysDescr, and the power rows of Geist RPMs and APC ATS banks.

Each case gives an observation (never an exception), with the field empty where the answer holds no value, a
bounded number of requests whatever the agent does, and no half-written identity when the device fails.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from govops.catalog.vendors import default_vendors
from govops.discovery.observation import Observation
from govops.discovery.reconcile import reconcile
from govops.discovery.snmp import MAX_BLANK_ROWS_SKIPPED, DiscoveryOptions, discover_target
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.errors import DeviceUnreachable
from govops.platforms.snmp import default_platforms
from govops.snmp import SnmpCredentials, values
from govops.snmp.credentials import SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import ValueKind, VarBind
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device
from govops.util.limits import SNMP_MATCH_MAX_CHARS, TEXT_MAX_CHARS
from govops.util.oid import Oid, parse_oid
from tests.snmp_cases import system

# A made-up PDU under its own maker's arc (PANDUIT-MIB pdug5IdentTable: 5 firmware version, 8 serial), and a
# made-up Linux appliance behind net-snmp's sysObjectID answering another maker's device table (FS-ENTITY-MIB
# fsDeviceInfoTable: 10 serial): the two readers of a device table's column.
OWN = ("1.3.6.1.4.1.19536.10.1", "Widget", "1.3.6.1.4.1.19536.10.1.1.2.1.8")
OTHER = ("1.3.6.1.4.1.8072.3.2.10", "Linux box 5.10.0", "1.3.6.1.4.1.52642.1.1.10.2.21.1.2.1.10")
PATHS = pytest.mark.parametrize("path", [OWN, OTHER], ids=["own-arc", "other-arc"])
VERSION_COLUMN = "1.3.6.1.4.1.19536.10.1.1.2.1.5"


class Hostile(RecordedAgent):
    """A recorded walk whose GETNEXT after ``column`` answers as told: ``exception`` (the SNMPv2 exception as the
    answer to the column's first GETNEXT), ``endless`` (a blank row after every row, the table never ends) or
    ``stuck`` (the same blank first row whatever is asked: out of order)."""

    def __init__(self, lines: list[str], column: str, *, exception: ValueKind | None = None,
                 endless: bool = False, stuck: bool = False) -> None:
        super().__init__(parse_snmprec(lines))
        self.column, self.exception, self.endless, self.stuck = parse_oid(column), exception, endless, stuck

    def _after(self, oid: Oid) -> VarBind | None:
        root = self.column
        if oid == root and self.exception is not None:
            return VarBind((*root, 1), self.exception, None)
        if oid[: len(root)] == root and (self.endless or self.stuck):
            row = (*root, 1) if self.stuck or oid == root else (*oid[:-1], oid[-1] + 1)
            return VarBind(row, "octets", b" ")
        return None

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        answers = await super().get_next(target, creds, oids)
        return [self._after(oid) or vb for oid, vb in zip(oids, answers, strict=True)]


def discover(agent: RecordedAgent, options: DiscoveryOptions | None = None) -> Observation:
    target = DiscoveryTarget("192.0.2.9", 161, SnmpCredentials.v2c("public"))
    return asyncio.run(discover_target(agent, target, options or DiscoveryOptions(neighbors=False),
                                       default_platforms(), default_vendors()))


def walk(path: tuple[str, str, str], rows: list[str]) -> list[str]:
    """The device's system group and ``rows`` of its device table's column (``index|type|value`` each)."""
    sys_object_id, descr, column = path
    return [*system(descr, sys_object_id), *(f"{column}.{row}" for row in rows)]


@PATHS
@pytest.mark.parametrize("first", ["|4|", "|4|   ", "|4|N/A", "|4|000000", "|4x|00ff10fe", "|4|" + "Q" * 70_000],
                         ids=["empty", "blank", "placeholder", "zeros", "binary", "oversized"])
def test_a_device_tables_first_row_holding_no_value_gives_way_to_the_next(path: tuple[str, str, str],
                                                                          first: str) -> None:
    # Both readers step over what holds no value (the other maker's arc read only the first row: no serial).
    obs = discover(Hostile(walk(path, ["1" + first, "2|4|SN-42-A"]), path[2]))
    assert obs.ok, obs.error
    assert obs.device["serial"] == "SN-42-A"
    assert path[2] in obs.device["evidence"]["serial"]


@PATHS
def test_a_column_blank_beyond_the_bound_gives_no_value(path: tuple[str, str, str]) -> None:
    blanks = [f"{i}|4|" for i in range(1, MAX_BLANK_ROWS_SKIPPED + 2)]
    obs = discover(Hostile(walk(path, [*blanks, f"{len(blanks) + 1}|4|SN-42-A"]), path[2]))
    assert obs.ok and obs.device["serial"] is None


@PATHS
@pytest.mark.parametrize("row", ["1|6|1.3.6.1.4.1.9.1.1", "1|64x|c0000201"], ids=["oid", "ipaddress"])
def test_a_device_table_serial_of_the_wrong_type_is_no_serial(path: tuple[str, str, str], row: str) -> None:
    obs = discover(Hostile(walk(path, [row, "2|4|SN-42-A"]), path[2]))
    assert obs.ok and obs.device["serial"] is None  # a value, of the wrong type: neither it nor the next row


@PATHS
@pytest.mark.parametrize("exception", ["missing", "end"], ids=["noSuchInstance", "endOfMibView"])
def test_an_exception_for_a_columns_first_row_is_an_empty_table(path: tuple[str, str, str],
                                                                 exception: ValueKind) -> None:
    obs = discover(Hostile(walk(path, ["1|4|SN-42-A"]), path[2], exception=exception))
    assert obs.ok and obs.device["serial"] is None
    assert obs.device["vendor_id"] is not None  # identified from the rest


@PATHS
@pytest.mark.parametrize("how", ["endless", "stuck"], ids=["never-ends", "out-of-order"])
def test_a_column_that_never_ends_or_goes_back_costs_a_bounded_number_of_requests(path: tuple[str, str, str],
                                                                                  how: str) -> None:
    agent = Hostile(walk(path, ["1|4|SN-42-A"]), path[2])
    assert discover(agent).device["serial"] == "SN-42-A"
    hostile = Hostile(walk(path, []), path[2], endless=how == "endless", stuck=how == "stuck")
    started = time.monotonic()
    obs = discover(hostile)
    assert obs.ok and obs.device["serial"] is None
    assert hostile.requests - agent.requests <= MAX_BLANK_ROWS_SKIPPED
    assert time.monotonic() - started < 5


def test_a_version_of_kilobytes_from_a_device_table_is_no_version() -> None:
    ok = discover(Hostile([*walk(OWN, []), f"{VERSION_COLUMN}.1|4|2.4.1"], OWN[2]))
    assert ok.device["os_version"] == "2.4.1"
    obs = discover(Hostile([*walk(OWN, []), f"{VERSION_COLUMN}.1|4|" + "2.4." * TEXT_MAX_CHARS], OWN[2]))
    assert obs.ok and obs.device["os_version"] is None


def test_a_sysdescr_of_64_kib_is_stored_cut_and_marked_as_text_and_as_hex(store_url: str) -> None:
    # The whole answer went into the device's facts: 64 KiB of text, or three times that as hex for a binary one.
    short = discover(RecordedAgent(parse_snmprec(system("Linux box 5.10.0", OTHER[0]))))
    assert short.device["sys_descr"] == "Linux box 5.10.0" and "sys_descr_truncated" not in short.device
    text = "Linux box 5.10.0 " + "Q" * 65_536
    obs = discover(RecordedAgent(parse_snmprec(system(text, OTHER[0]))))
    assert obs.ok, obs.error
    stored = obs.device["sys_descr"]
    assert len(stored) == SNMP_MATCH_MAX_CHARS and stored.endswith("…") and text.startswith(stored[:-1])
    assert obs.device["sys_descr_truncated"] == {"octets": len(text), "characters": len(text)}
    assert obs.device["vendor_id"] == short.device["vendor_id"]  # identification read the answer as before
    binary = discover(RecordedAgent(parse_snmprec([f"1.3.6.1.2.1.1.1.0|4x|{'00ff10fe' * 16_384}",
                                                   *system("", OTHER[0])[1:]])))
    assert binary.ok, binary.error
    hexed = binary.device["sys_descr"]
    assert len(hexed) <= SNMP_MATCH_MAX_CHARS and hexed.startswith("00:ff:10:fe:00")
    assert re.fullmatch(r"(?:[0-9a-f]{2}:)+…", hexed)  # whole octets, then the mark
    assert binary.device["sys_descr_truncated"] == {"octets": 65_536, "characters": 65_536 * 3 - 1}
    # And so the store keeps it (--save): the cut text and the record of the cut in the device's SNMP facts.
    engine = make_engine(store_url)
    upgrade_store(engine)
    reconcile(engine, [obs])
    with session_scope(engine) as session:
        facts = (session.scalars(select(Device)).one().facts or {})["snmp"]
    assert (facts["sys_descr"], facts["sys_descr_truncated"]) == (stored, obs.device["sys_descr_truncated"])


@pytest.mark.parametrize("raw", [("Linux box 5.10.0 " + "汉" * 2_000).encode("gb18030"),
                                 bytes([0, 0xFF, 0x10, 0xFE]) * 512], ids=["gb18030-text", "binary"])
def test_a_long_sysdescr_is_decoded_once(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stored cut (a long answer): the text discovery read is the text stored, not a second decode of the same octets.
    decoded: list[bytes] = []
    text_or_none = values.text_or_none

    def counted(octets: bytes, *, latin1: bool = True) -> str | None:
        decoded.append(octets)
        return text_or_none(octets, latin1=latin1)

    monkeypatch.setattr(values, "text_or_none", counted)
    obs = discover(RecordedAgent(parse_snmprec([f"1.3.6.1.2.1.1.1.0|4x|{raw.hex()}", *system("", OTHER[0])[1:]])))
    assert obs.ok, obs.error
    assert obs.device["sys_descr_truncated"]["octets"] == len(raw)
    assert decoded.count(raw) == 1


class Version1(RecordedAgent):
    """A recorded walk answering as an SNMPv1 agent does: a GETNEXT of which one OID is past the end of the MIB fails
    whole (noSuchName), which the client reports as every varbind past the end."""

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        answers = await super().get_next(target, creds, oids)
        if creds.version == "1" and any(not vb.present for vb in answers):
            return [VarBind(oid, "end", None) for oid in oids]
        return answers


def test_snmpv1_asks_another_makers_device_table_one_column_at_a_time() -> None:
    # FSC-SERVERCONTROL2-MIB sc2UnitTable: a model (5) and no serial column (7) rows, nothing after it in the agent's
    # MIB. Asked in one PDU, the serial column's end lost the model with it.
    unit = "1.3.6.1.4.1.231.2.10.2.2.10.2.3.1"
    lines = [*system("Linux box 5.10.0", "1.3.6.1.4.1.8072.3.2.10"), f"{unit}.5.1|4|Mainframe QX 9"]
    target = DiscoveryTarget("192.0.2.9", 161, SnmpCredentials.v2c("public").with_version("1"))
    obs = asyncio.run(discover_target(Version1(parse_snmprec(lines)), target, DiscoveryOptions(neighbors=False),
                                      default_platforms(), default_vendors()))
    assert obs.ok and obs.device["snmp_version"] == "1"
    assert (obs.device["model"], obs.device["serial"]) == ("Mainframe QX 9", None)


# --- a row of the same maker selected for an unseen product, by the maker MIB it reads -------------------------------

MIKROTIK = "1.3.6.1.4.1.14988.1.1"  # MIKROTIK-MIB: 7.3.0 mtxrSerialNumber, 4.4.0 mtxrLicVersion
UNSEEN = "1.3.6.1.4.1.14988.9.9"  # an arc of MikroTik's number no row holds


@pytest.mark.parametrize(("serial", "version", "expected"), [
    ("4|HX0F0A1B2C", "4|7.15.2", ("HX0F0A1B2C", "7.15.2")),
    ("6|1.3.6.1.4.1.14988", "4x|fffe00", (None, None)),  # an OID for a serial, bytes for a version
    ("64x|0a000001", "5|", (None, None)),  # an address for a serial, NULL for a version
    ("4|" + "H" * 70_000, "4|" + "7." * TEXT_MAX_CHARS, (None, None)),  # kilobytes: dumps, not values
    ("4e|\\x1b[31mHX0F\\x07", "4e|7.1\\x00\\x00", (None, "7.1")),  # an escape sequence; trailing NULs
])
def test_an_unseen_product_answering_its_makers_mib_with_wrong_types_keeps_the_row_and_no_bad_value(
        serial: str, version: str, expected: tuple[str | None, str | None]) -> None:
    lines = [*system("RouterOS RB9000", UNSEEN), f"{MIKROTIK}.7.3.0|{serial}", f"{MIKROTIK}.4.4.0|{version}"]
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert obs.ok, obs.error
    assert obs.device["vendor_id"] == "mikrotik" and obs.device["model"] == "RB9000"
    assert (obs.device["serial"], obs.device["os_version"]) == expected


# --- kind from sysDescr words in the standard layer ------------------------------------------------------------------

UNREGISTERED = "1.3.6.1.4.1.99999.1"


@pytest.mark.parametrize(("descr", "kind"), [
    (b"Acme Switch XS4800", "switch"),
    (b"Acme Switch XS4800 \xff\xfe\xc3\x28", "switch"),  # invalid UTF-8 after the words: read as Latin-1 text
    (b"\xc3\x28" * 32_768 + b" Acme Switch XS4800", None),  # 64 KiB before the words: beyond what patterns search
    (b"Acme Switch XS4800 " + b"\x01\x02" * 32_768, None),  # control characters: binary, shown as hex, no words
    (b"WLC" * 21_845 + b" 2", None),
    (b"Integrated Lights-Out " * 3_000, "bmc"),
    (b"IBM PowerPC CHRP " + b"AIX version: " * 5_000, None),  # no number after the words in the searched part
])
def test_a_hostile_sys_descr_gives_a_kind_from_its_searched_part_only_and_quickly(descr: bytes,
                                                                                 kind: str | None) -> None:
    lines = [f"1.3.6.1.2.1.1.1.0|4x|{descr.hex()}", f"1.3.6.1.2.1.1.2.0|6|{UNREGISTERED}"]
    started = time.monotonic()
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert time.monotonic() - started < 5
    assert obs.ok, obs.error
    assert obs.device["kind"] == kind


# --- an agent answering the extra varbinds slowly or not at all ------------------------------------------------------

FS_TABLE = parse_oid("1.3.6.1.4.1.52642.1.1.10.2.21")


class Withholding(RecordedAgent):
    """A recorded walk that answers requests touching the other maker's device table ``delay`` seconds late, or
    never (``silent``: the client's unanswered request); ``dies``: once that table is asked, nothing more is answered
    (a device gone silent, not one dropping what it does not know)."""

    def __init__(self, lines: list[str], *, delay: float = 0.0, silent: bool = False, dies: bool = False) -> None:
        super().__init__(parse_snmprec(lines))
        self.delay, self.silent, self.dies, self.dead = delay, silent, dies, False
        self.asked: list[list[Oid]] = []

    async def _wait(self, oids: Sequence[Oid]) -> None:
        self.asked.append(list(oids))
        if self.dead or any(oid[: len(FS_TABLE)] == FS_TABLE for oid in oids):
            self.dead = self.dies
            if self.silent or self.dead:
                raise DeviceUnreachable("no SNMP answer to next", device="192.0.2.9:161")
            await asyncio.sleep(self.delay)

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        await self._wait(oids)
        return await super().get(target, creds, oids)

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        await self._wait(oids)
        return await super().get_next(target, creds, oids)

APPLIANCE = walk(OTHER, ["1|4|", "2|4|SN-42-A"])


def test_extra_varbinds_answered_slowly_within_the_deadline_still_identify() -> None:
    obs = discover(Withholding(APPLIANCE, delay=0.05))
    assert obs.ok and obs.device["serial"] == "SN-42-A"


def test_extra_varbinds_answered_past_the_deadline_fail_the_device_naming_the_step(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The deadline passes on a clock the test moves once the withheld request is out, not on the machine's: with a
    # short real deadline, a busy machine still in an earlier step when it passed named that step instead.
    skipped = [0.0]
    monotonic = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: monotonic() + skipped[0])

    class NeverAnswering(Withholding):
        async def _wait(self, oids: Sequence[Oid]) -> None:
            if any(oid[: len(FS_TABLE)] == FS_TABLE for oid in oids):
                skipped[0] += 60.0  # the 10 s deadline, long past
                await asyncio.Event().wait()  # no answer: only the deadline ends the request
            await super()._wait(oids)

    options = DiscoveryOptions(neighbors=False, timeout=0.05, retries=0, target_deadline=10.0)
    obs = discover(NeverAnswering(APPLIANCE), options)
    assert not obs.ok and obs.device == {} and obs.interfaces is None
    assert obs.error == "192.0.2.9:161: discovery did not finish within its deadline (step: vendor MIB identity)"


def test_extra_varbinds_never_answered_leave_their_field_unread_and_identify_the_device_from_the_rest() -> None:
    # An agent dropping the requests that hold the other maker's table (a hung subagent under that arc): the request
    # of its version and serial columns (the maker's arc makes the device an appliance, whose release its kernel's
    # banner does not state), then each column alone, then a GET of sysUpTime.0, which is answered: the columns are
    # given up on and the device identified from everything else, the serial and version marked not read.
    agent = Withholding(APPLIANCE, silent=True)
    obs = discover(agent)
    assert obs.ok, obs.error
    assert obs.device["serial"] is None and obs.device["sys_object_id"] == OTHER[0]
    why = "unreachable: 192.0.2.9:161: no SNMP answer to next (step: vendor MIB identity)"
    assert obs.unread == {"serial": why, "os_version": why}
    assert "serial not read: " + obs.unread["serial"] in obs.warnings
    table = [a for a in agent.asked if any(oid[: len(FS_TABLE)] == FS_TABLE for oid in a)]
    assert [len(a) for a in table] == [2, 1, 1]  # both columns' GETNEXT, then each alone, not asked again
    assert [parse_oid("1.3.6.1.2.1.1.3.0")] in agent.asked


def test_a_device_gone_silent_at_the_extra_varbinds_still_fails_as_unreachable_naming_the_step() -> None:
    # Silent to the parts and to sysUpTime.0 too: the device went silent, it is not identified from part of a scan.
    agent = Withholding(APPLIANCE, dies=True)
    obs = discover(agent)
    assert not obs.ok and obs.error_kind == "unreachable"
    assert obs.error == "192.0.2.9:161: no SNMP answer to next (step: vendor MIB identity)"
    assert obs.device == {} and obs.interfaces is None
    first = next(i for i, a in enumerate(agent.asked) if any(oid[: len(FS_TABLE)] == FS_TABLE for oid in a))
    # The request's parts (its version and serial columns, each alone), sysUpTime.0, then nothing.
    parts = [[oid] for oid in agent.asked[first]]
    assert len(parts) == 2 and agent.asked[first + 1 :] == [*parts, [parse_oid("1.3.6.1.2.1.1.3.0")]]


# --- fuzzed first rows -----------------------------------------------------------------------------------------------

FUZZ = settings(max_examples=int(os.environ.get("GOVOPS_FUZZ_EXAMPLES", "60")), deadline=None, database=None,
                derandomize=bool(os.environ.get("CI")), suppress_health_check=[HealthCheck.too_slow])
row_values = st.one_of(
    st.sampled_from(["4|", "4|N/A", "4|0", "4|SN-42-A", "2|-1", "2|4294967295", "70|18446744073709551615", "5|",
                     "6|1.3.6.1", "64x|0a000001", "4x|00ff", "4|" + "Z" * 5_000]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40).map(
        lambda t: "4x|" + t.encode("utf-8").hex()),
    st.binary(max_size=40).map(lambda b: "4x|" + b.hex()),
)


@FUZZ
@given(st.sampled_from([OWN, OTHER]), st.lists(st.tuples(st.integers(1, 2**32 - 1), row_values), max_size=6))
def test_fuzzed_device_table_rows_give_an_observation_and_a_serial_only_from_a_row(
        path: tuple[str, str, str], rows: list[tuple[int, str]]) -> None:
    served = parse_snmprec(walk(path, [f"{index}|{value}" for index, value in rows]))
    obs = discover(RecordedAgent(served))
    assert obs.ok, obs.error
    serial = obs.device["serial"]
    texts = [" ".join((vb.text() or "").replace("\x00", " ").split()) for vb in served.values()]
    assert serial is None or serial in texts, (serial, rows)
    assert serial is None or len(serial) <= 64
