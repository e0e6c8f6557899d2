"""Recorded walks served in process: the same answers as the SNMP client, and clear errors on bad files."""

from __future__ import annotations

import asyncio
import bz2
from pathlib import Path

import pytest

from govops.errors import InputError
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec, read_snmprec

T, C = SnmpTarget("walk", 161), SnmpCredentials.v2c("public")
WALK = """1.3.6.1.2.1.1.1.0|4|Huawei Versatile Routing Platform
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2011.2.23.291
1.3.6.1.2.1.1.3.0|67|12345
1.3.6.1.2.1.2.2.1.2.1|4x|476967616269744574686572
1.3.6.1.2.1.2.2.1.2.2|4e|GE\\x00
1.3.6.1.2.1.2.2.1.5.1|66:numeric|1000000000
1.3.6.1.2.1.4.20.1.2.10.0.0.1|2|1
1.3.6.1.2.1.4.20.1.1.10.0.0.1|64x|0a000001
"""


def test_values_decode_like_the_wire() -> None:
    vbs = parse_snmprec(WALK.splitlines())
    assert vbs[(1, 3, 6, 1, 2, 1, 1, 2, 0)].text() == "1.3.6.1.4.1.2011.2.23.291"
    assert vbs[(1, 3, 6, 1, 2, 1, 1, 3, 0)].integer() == 12345
    assert vbs[(1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1)].text() == "GigabitEther"
    assert vbs[(1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 2)].value == b"GE\x00"
    assert vbs[(1, 3, 6, 1, 2, 1, 2, 2, 1, 5, 1)].integer() == 1_000_000_000
    assert vbs[(1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 10, 0, 0, 1)].value == "10.0.0.1"


def test_get_next_and_walks() -> None:
    agent = RecordedAgent(parse_snmprec(WALK.splitlines()))
    got = asyncio.run(agent.get(T, C, [(1, 3, 6, 1, 2, 1, 1, 1, 0), (1, 3, 6, 1, 2, 1, 1, 9, 0)]))
    assert list(got) == [(1, 3, 6, 1, 2, 1, 1, 1, 0)]
    (nxt,) = asyncio.run(agent.get_next(T, C, [(1, 3, 6, 1, 2, 1, 2)]))
    assert nxt.oid == (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1)
    (end,) = asyncio.run(agent.get_next(T, C, [(1, 3, 6, 1, 9)]))
    assert end.kind == "end"
    walk = asyncio.run(agent.walk_columns(T, C, [(1, 3, 6, 1, 2, 1, 2, 2, 1, 2)]))
    assert walk.complete and len(walk.rows((1, 3, 6, 1, 2, 1, 2, 2, 1, 2))) == 2
    cut = asyncio.run(agent.walk_columns(T, C, [(1, 3, 6, 1, 2, 1, 2, 2, 1, 2)], max_rows=1))
    assert cut.stopped == "max_rows"


def test_prefix_filter_keeps_only_the_subtrees_asked_for() -> None:
    vbs = parse_snmprec(WALK.splitlines(), prefixes=("1.3.6.1.2.1.1.",))
    assert {oid[:7] for oid in vbs} == {(1, 3, 6, 1, 2, 1, 1)}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("1.3.6.1.2.1.1.1.0|4", "expected OID|TYPE|VALUE"),
        ("1.3.6.1.2.1.4.20.1.2.<IPADDR>|2|1", "bad OID"),
        ("1.3.6.1.2.1.1.3.0|67|soon", "is not an integer"),
        ("1.3.6.1.2.1.1.1.0|4x|zz", "is not hex"),
        ("1.3.6.1.2.1.1.1.0|99|x", "unknown value type"),
    ],
)
def test_bad_lines_name_file_and_line(line: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_snmprec(["1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9", line], source="w.snmprec")
    assert message in str(info.value) and "w.snmprec:2" in str(info.value)
    skipped: list[str] = []
    assert len(parse_snmprec(["1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9", line], skipped=skipped)) == 1
    assert skipped and message in skipped[0]


def test_blank_number_is_absent_not_zero() -> None:
    assert parse_snmprec(["1.3.6.1.2.1.1.3.0|67|"]) == {}


def test_truncated_and_corrupt_files(tmp_path: Path) -> None:
    good = tmp_path / "w.snmprec.bz2"
    good.write_bytes(bz2.compress(WALK.encode()))
    assert len(read_snmprec(good)) == 8
    cut = tmp_path / "cut.snmprec.bz2"
    cut.write_bytes(good.read_bytes()[:20])
    with pytest.raises(InputError, match="cannot read the walk"):
        read_snmprec(cut)
    with pytest.raises(InputError, match="cannot read the walk"):
        read_snmprec(tmp_path / "missing.snmprec")


def test_arc_heads_keep_the_first_row_of_each_vendor_arc() -> None:
    lines = ["1.3.6.1.2.1.1.1.0|4|x", "1.3.6.1.4.1.2021.4.5.0|2|1", "1.3.6.1.4.1.2021.4.6.0|2|2",
             "1.3.6.1.4.1.6574.1.5.1.0|4|DS918+", "1.3.6.1.4.1.6574.1.5.2.0|4|more"]
    vbs = parse_snmprec(lines, prefixes=("1.3.6.1.2.1.1.",), arc_heads="1.3.6.1.4.1.")
    assert sorted(vbs) == [
        (1, 3, 6, 1, 2, 1, 1, 1, 0), (1, 3, 6, 1, 4, 1, 2021, 4, 5, 0), (1, 3, 6, 1, 4, 1, 6574, 1, 5, 1, 0)
    ]
