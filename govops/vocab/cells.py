"""One parser per field: what a cell (or a ``govops track`` option) means, scoped by the vocabulary.

The order is the same for every surface: the field's own words first (an enum
word, a yes/no word: 无 is "no backup" in 备份 and "no" in IPv6), then
placeholders (无, -, /, 空, N/A mean nothing was written), then the value's form
(a date, a number with a unit, an address).
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable
from typing import Any

from govops.errors import one_of_words
from govops.vocab import FIELD_UNITS, enum_for, enum_value, enum_words, is_placeholder, yes_no, yes_no_words
from govops.vocab.values import (
    PartialDate,
    ascii_text,
    cell_date,
    clean_text,
    parse_ip,
    parse_number,
    parse_quantity,
    whole,
)

# Cells mean "nothing here": the field is left out of the row (the stored value stays).
EMPTY: Any = object()

# Fields whose text is an identifier: full-width letters and digits typed by a Chinese input method become ASCII.
IDENTIFIER_FIELDS = frozenset({
    "serial", "model", "platform", "rack", "os_version", "cpu_model", "arch", "a_end.interface", "snmp.user",
    "snmp.auth_protocol", "snmp.priv_protocol", "ssh.username",
})  # fmt: skip
ADDRESS_FIELDS = frozenset({"mgmt_ip", "probe.address"})
MAX_RECORD_CHARS = 32_000  # an Excel cell holds 32,767 characters; a record is a few hundred
RANGES: dict[str, tuple[float, float]] = {
    "pue_declared": (1.0, 10.0), "pue_target": (1.0, 10.0), "dengbao.level": (1, 5), "migration.wave": (0, 1000),
    "snmp.port": (1, 65535), "ssh.port": (1, 65535), "probe.tcp_port": (1, 65535), "cpu_sockets": (1, 64),
    "racks": (0, 100000),
}  # fmt: skip

CellParser = Callable[[Any], Any]


def range_problem(field: str, value: Any) -> str | None:
    """What ``field`` takes where ``value`` is a number outside its range (``RANGES``), else None: one check for a
    CSV or 台账 cell and a YAML row's field.

    >>> range_problem("snmp.port", 70000), range_problem("snmp.port", 161), range_problem("name", 70000)
    ('a value from 1 to 65535', None, None)
    """
    lo_hi = RANGES.get(field)
    if lo_hi is None or isinstance(value, bool) or not isinstance(value, int | float) or lo_hi[0] <= value <= lo_hi[1]:
        return None
    return f"a value from {lo_hi[0]:g} to {lo_hi[1]:g}"


def cell_parser(kind: str, field: str, tp: Any, header_unit: str | None = None) -> CellParser:
    """Return the parser of ``field``'s cells; it returns ``EMPTY`` or a value, or raises ``ValueError``.

    >>> parse = cell_parser("systems", "backup", str)
    >>> parse("无"), parse("本地+异地")
    ('none', 'local+offsite')
    >>> cell_parser("devices", "serial", str)(" 无 ") is EMPTY, cell_parser("links", "bandwidth_mbps", float)("千兆")
    (True, 1000.0)
    """
    enum = enum_for(kind, field)
    if enum is None and typing.get_origin(tp) is typing.Literal:
        raise TypeError(f"vocabulary: {kind}.{field} has choices but no enumeration in the table")
    inner = _inner(tp, enum, field, header_unit)

    def parse_once(value: Any) -> Any:
        if value is None:
            return EMPTY
        if isinstance(value, str):
            value = clean_text(value)
            if not value:
                return EMPTY
        result = inner(value)
        problem = None if result is EMPTY else range_problem(field, result)
        if problem is not None:
            raise ValueError(problem)
        return result

    return _remembering(parse_once)


# A ledger repeats most of its words (kind, room, department, maker, status, dates) row after row:
# each column remembers what its first distinct short texts meant. Only immutable results are kept
# (a list or a record is parsed afresh, since the importer may change it), and at most
# MEMO_ENTRIES texts of at most MEMO_CHARS each, so a column of unique names costs a lookup, not memory.
MEMO_ENTRIES = 2048
MEMO_CHARS = 128
_IMMUTABLE = frozenset({str, int, float, bool, dt.date, PartialDate})
_MISSING: Any = object()


def _remembering(parse: CellParser) -> CellParser:
    memo: dict[str, Any] = {}

    def remembered(value: Any) -> Any:
        if value.__class__ is not str or len(value) > MEMO_CHARS:
            return parse(value)
        got = memo.get(value, _MISSING)
        if got is _MISSING:
            got = parse(value)  # a ValueError is raised again for every cell that has it: never kept
            if len(memo) < MEMO_ENTRIES and (got is EMPTY or got.__class__ in _IMMUTABLE):
                memo[value] = got
        return got

    return remembered


def _or_empty(text: Any, expected: str) -> Any:
    if isinstance(text, str) and is_placeholder(text):
        return EMPTY
    raise ValueError(expected)


def _inner(tp: Any, enum: str | None, field: str, header_unit: str | None) -> CellParser:
    if enum is not None:
        as_int = tp is int
        expected = one_of_words(enum_words(enum))

        def word(value: Any) -> Any:
            text = value if value.__class__ is str else clean_text(value)
            found = enum_value(enum, text)
            if found is None:
                return _or_empty(text, expected)
            return int(found) if as_int else found

        return word
    if tp is bool:
        expected_bool = yes_no_words(field)

        def boolean(value: Any) -> Any:
            if isinstance(value, bool):
                return value
            text = value if value.__class__ is str else clean_text(value)
            found = yes_no(text, field)
            return _or_empty(text, expected_bool) if found is None else found

        return boolean
    if tp is dt.date:

        def date(value: Any) -> Any:
            try:
                return cell_date(value)
            except ValueError as exc:
                return _or_empty(value, str(exc))

        return date
    if tp in (int, float):
        quantity = FIELD_UNITS.get(field)

        def number(value: Any) -> Any:
            try:
                got = parse_quantity(value, quantity, header_unit) if quantity else parse_number(value)
            except ValueError as exc:
                return _or_empty(value, str(exc))
            return whole(got, f"a whole number, not {got:g}") if tp is int else got

        return number
    if typing.get_origin(tp) is list:

        def items(value: Any) -> Any:
            parts = [p for p in (clean_text(x) for x in split_list(clean_text(value))) if p and not is_placeholder(p)]
            return parts or EMPTY

        return items
    if tp is Any:
        return _json_record
    if field in ADDRESS_FIELDS:

        def address(value: Any) -> Any:
            try:
                return parse_ip(value)
            except ValueError as exc:
                return _or_empty(clean_text(value), str(exc))

        return address
    identifier = field in IDENTIFIER_FIELDS

    def text(value: Any) -> Any:
        got = value if value.__class__ is str else clean_text(value)
        if is_placeholder(got):
            return EMPTY
        return ascii_text(got) if identifier else got

    return text


def _json_record(value: Any) -> Any:
    """A judged verdict's record as an export writes it in a cell: JSON text (checked by the importer)."""
    text = value if value.__class__ is str else clean_text(value)
    if is_placeholder(text):
        return EMPTY
    if len(text) > MAX_RECORD_CHARS:
        raise ValueError(f"a classification record of at most {MAX_RECORD_CHARS} characters")
    try:
        return json.loads(text)
    except ValueError:
        raise ValueError("a classification record as JSON (what `govops inventory export` writes)") from None


def split_list(text: str) -> list[str]:
    """Split a cell listing names (``srv-1、srv-2，srv-3``).

    >>> split_list("srv-1、srv-2，srv-3;srv-4")
    ['srv-1', 'srv-2', 'srv-3', 'srv-4']
    """
    for sep in ("；", "、", "，", ";", "\n"):
        text = text.replace(sep, ",")
    return text.split(",")
