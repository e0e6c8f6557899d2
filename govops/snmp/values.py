"""Decode SNMP values to plain Python, and OCTET STRINGs to text or hex.

Chinese equipment often answers ``sysDescr``, ``sysName``, ``sysLocation`` and
``ifAlias`` in GBK or its superset GB18030, and binary values such as MAC
addresses travel as OCTET STRINGs too, so text is decoded UTF-8 first, then
GB18030, then Latin-1, and bytes that are not text at all are shown as
colon-separated hex.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal, NamedTuple, overload

from govops.util.oid import Oid, index_under, oid_str

ValueKind = Literal["int", "octets", "oid", "ip", "null", "missing", "end"]
SnmpValue = int | str | bytes | None


class VarBind(NamedTuple):
    """One OID and its decoded value; OCTET STRINGs stay bytes until a caller picks text or hex.

    A named tuple rather than a frozen dataclass: discovery makes one per value it reads, and a
    tuple is built in a third of the time (immutable and hashable all the same).
    """

    oid: Oid
    kind: ValueKind
    value: SnmpValue

    @property
    def present(self) -> bool:
        """False for noSuchObject, noSuchInstance and endOfMibView."""
        return self.kind not in ("missing", "end")

    def index_in(self, column: Oid) -> Oid | None:
        """Where a GETNEXT answer lies inside ``column`` (a column's OID, or any subtree's): what follows the column's
        OID (a row's index); None for an answer outside it, which is whatever the agent has next, or an exception."""
        return index_under(self.oid, column) if self.present else None

    def text(self) -> str | None:
        """The value as text: integers and OIDs as strings, bytes decoded (hex if binary)."""
        value = self.value
        if value is None:
            return None
        if isinstance(value, bytes):
            return display_text(value)
        return str(value)

    def words(self) -> str | None:
        """The value as text, None when the OCTET STRING is binary.

        A model, serial or version that an agent fills with bytes is no value at all: its
        hex rendering (``00:ff:10``) must not pass for one, however short it is. Here text
        is UTF-8 or GB18030 only: the Latin-1 fallback turns any bytes into letters (FF D8
        reads 'ÿØ'), so bytes that are text only in Latin-1 count as binary.
        """
        if isinstance(self.value, bytes):
            return text_or_none(self.value, latin1=False)
        return self.text()

    def integer(self) -> int | None:
        """The value as an integer; numeric text is accepted, anything else is None."""
        return to_int(self.value)

    def hex(self) -> str | None:
        """The value as colon-separated hex (MAC addresses), or None if empty or not bytes."""
        if isinstance(self.value, bytes) and self.value:
            return to_hex(self.value)
        return None


def decode_value(value: Any) -> tuple[ValueKind, SnmpValue]:
    """Decode a pysnmp value object to its kind and a Python value.

    Integers, counters, gauges and timeticks become ``int``; OCTET STRING,
    Opaque and BITS stay ``bytes``; IpAddress becomes dotted text; OBJECT
    IDENTIFIER dotted text; the SNMPv2 exceptions become ``None`` with kind
    ``missing`` or ``end``.
    """
    # Imported here: only SNMPv3 answers are pysnmp objects, and pysnmp costs ~60 ms to import.
    from pyasn1.type import univ
    from pysnmp.proto import rfc1902, rfc1905

    if isinstance(value, univ.Integer):
        return "int", int(value)
    # pyasn1's Null (and the SNMPv2 exceptions built on it) subclasses OctetString: test them first.
    if isinstance(value, univ.Null):
        if isinstance(value, rfc1905.EndOfMibView):
            return "end", None
        if isinstance(value, rfc1905.NoSuchObject | rfc1905.NoSuchInstance):
            return "missing", None
        return "null", None
    if isinstance(value, rfc1902.IpAddress):
        raw = value.asOctets()
        return "ip", ".".join(str(b) for b in raw) if len(raw) == 4 else to_hex(raw)
    if isinstance(value, univ.OctetString):
        return "octets", value.asOctets()
    if isinstance(value, univ.ObjectIdentifier):
        return "oid", oid_str(tuple(value))
    return "null", None


def to_hex(raw: bytes) -> str:
    """Render bytes as lower-case colon-separated hex.

    >>> to_hex(bytes([0, 0x1e, 0xc9, 1, 2, 255]))
    '00:1e:c9:01:02:ff'
    """
    return raw.hex(":")


def _printable(text: str) -> bool:
    # str.isprintable() is a C loop that is True only without any category C (or separator) character.
    return text.isprintable() or all(ch in "\t\r\n" or unicodedata.category(ch)[0] != "C" for ch in text)


@overload
def to_text(raw: bytes) -> str: ...
@overload
def to_text(raw: bytes, *, latin1: Literal[True]) -> str: ...
@overload
def to_text(raw: bytes, *, latin1: bool) -> str | None: ...


def to_text(raw: bytes, *, latin1: bool = True) -> str | None:
    """Decode bytes as text: UTF-8, then GB18030, then Latin-1 (None without it); trailing NULs and spaces dropped.

    GB18030, not GBK: it decodes every GBK string the same, and also the characters GBK lacks (two-byte additions
    such as U+4DAE, four-byte ones such as CJK extension B), which a GBK decoder rejects whole (the text then fell
    to Latin-1 and came out as hex).

    >>> to_text("华为".encode("gbk")), to_text("刘䶮 𠀀".encode("gb18030"))
    ('华为', '刘䶮 𠀀')
    """
    raw = raw.rstrip(b"\x00")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec).strip()
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1").strip() if latin1 else None


def text_or_none(raw: bytes, *, latin1: bool = True) -> str | None:
    """Decode bytes as text if they are text (in Latin-1 too unless ``latin1`` is false); None if binary.

    >>> text_or_none(b"S5720"), text_or_none(bytes([0, 0xFF, 0x10])), text_or_none(bytes(2))
    ('S5720', None, '')
    >>> text_or_none(bytes([0xFF, 0xD8])), text_or_none(bytes([0xFF, 0xD8]), latin1=False)
    ('ÿØ', None)
    """
    stripped = raw.rstrip(b"\x00")
    if not stripped:
        return ""
    text = to_text(stripped, latin1=latin1)
    return text if text is not None and _printable(text) else None


def display_text(raw: bytes) -> str:
    """Decode bytes as text if they are text, else render them as hex.

    >>> display_text(b"S5720")
    'S5720'
    >>> display_text(bytes([0, 1, 2]))
    '00:01:02'
    """
    if raw.isascii():  # most values: printable ASCII reads the same in every codec text_or_none tries
        ascii_text = raw.rstrip(b"\x00").decode("ascii").strip()
        if ascii_text.isprintable():
            return ascii_text
    text = text_or_none(raw)
    return to_hex(raw) if text is None else text


def to_int(value: SnmpValue) -> int | None:
    """Return an integer from an int or numeric text; None otherwise.

    >>> to_int(b" 42 "), to_int("x"), to_int(7)
    (42, None, 7)
    """
    if isinstance(value, int):
        return value
    if isinstance(value, bytes):
        value = to_text(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None
