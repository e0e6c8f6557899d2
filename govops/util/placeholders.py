"""Placeholders: what a BIOS, an SDK or a card's template leaves in an identity field instead of a value.

One judgement for every collector (SNMP identity objects, DMI from SSH and Ansible). Besides blanks and fillers
it covers the field's own name ('System Serial Number', 'SERIALNUMBER', 'System Product Name'): kept as a
serial, the same placeholder on two servers would make reconcile take one for the other (it finds devices by
serial first). A serial has one judgement more, ``is_placeholder_serial``: a fill pattern (one character repeated,
'FFFFFFFF', 'XXXXXXXXXX') is a template's blank, not a serial.

Shipped in the host-agent zipapp: standard library only, Python 3.6 once its annotations are stripped.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(
    r"(?:n/?a|n\.a\.|none|null|unknown|undefined|invalid|unavailable|unspecified"
    r"|not (?:available|specified|applicable|set|present)"
    r"|default string"
    r"|to be filled by o\.?e\.?m\.?|0+|[*.\-_ ]+|0123456789|system manufacturer"
    r"|(?:system |chassis |board |base ?board |product )?(?:serial|model) ?(?:number|num|no\.?|name)"
    r"|(?:system |chassis |product )?(?:serial|model)|(?:system )?product name)",
    re.IGNORECASE,
)
# Separators a fill pattern may be written with ('FF:FF:FF:FF:FF:FF', 'XXXX-XXXX'): not counted.
FILL_SEPARATORS = re.compile(r"[\s\-_.:/]+")
# The shortest fill pattern taken as one. Shorter, one repeated character ('1', '11', '222') is as likely a unit,
# slot or asset number as a template's blank. From four on it is a blank: templates fill a serial field's width
# (6 to 16 characters: 'XXXXXX', 'FFFFFFFF', 'XXXXXXXXXX'), while a maker's real serial is one repeated
# character at most once in 10**(n-1) values of an n-digit numeric serial space (1 in 1,000 at four digits,
# 1 in 1,000,000 at seven) and less with letters; and a serial of four characters or fewer identifies nothing
# across a city's devices anyway. Keeping a blank costs more than dropping a real value: reconcile would take
# one device for another by that serial, where without it the device is matched by address.
FILL_MIN_CHARS = 4
# The longest text taken as a serial. Makers' serials run to 20-odd characters (a Huawei ESN 20, an H3C barcode 20,
# ENTITY-MIB caps entPhysicalSerialNum at 32); a longer answer is a dump (a description, a whole label, bytes
# run together), and kept as a serial it would be a key reconcile matches devices by. Twice ENTITY-MIB's bound.
SERIAL_MAX_CHARS = 64


def is_placeholder(text: str) -> bool:
    """True for a value that names nothing (``text`` with its whitespace already collapsed, or blank).

    >>> [is_placeholder(t) for t in ("", "N/A", "To Be Filled By O.E.M.", "System Serial Number", "unavailable",
    ...                              "SN1234")]
    [True, True, True, True, True, False]
    """
    text = text.strip()
    return not text or PLACEHOLDER.fullmatch(text) is not None


def is_fill_pattern(text: str) -> bool:
    """True for one character repeated at least ``FILL_MIN_CHARS`` times, separators aside.

    >>> [is_fill_pattern(t) for t in ("FFFFFFFF", "XX:XX:XX", "xxxXXX", "111", "A1XQD500P", "1111-1112")]
    [True, True, True, False, False, False]
    """
    core = FILL_SEPARATORS.sub("", text).casefold()
    return len(core) >= FILL_MIN_CHARS and len(set(core)) == 1


def is_placeholder_serial(text: str) -> bool:
    """True for a serial that names no device: a placeholder, a fill pattern, or text longer than any serial.

    >>> [is_placeholder_serial(t) for t in ("FFFFFFFFFFFF", "**********", "0000000", "SN0001111", "N/A", "AB1" * 30)]
    [True, True, True, False, True, True]
    """
    return is_placeholder(text) or is_fill_pattern(text) or len(text.strip()) > SERIAL_MAX_CHARS
