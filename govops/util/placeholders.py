"""Placeholders: what a BIOS, an SDK or a card's template leaves in an identity field instead of a value.

One judgement for every collector (SNMP identity objects, DMI from SSH and Ansible). Besides blanks and fillers
it covers the field's own name ('System Serial Number', 'SERIALNUMBER', 'System Product Name'): kept as a
serial, the same placeholder on two servers would make reconcile take one for the other (it finds devices by
serial first).
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(
    r"(?:n/?a|none|null|unknown|not (?:available|specified|applicable|set)|default string"
    r"|to be filled by o\.?e\.?m\.?|0+|[*.\-_ ]+|0123456789|system manufacturer"
    r"|(?:system |chassis |board |base ?board |product )?(?:serial|model) ?(?:number|num|no\.?|name)"
    r"|(?:system |chassis |product )?serial|(?:system )?product name)",
    re.IGNORECASE,
)


def is_placeholder(text: str) -> bool:
    """True for a value that names nothing (``text`` with its whitespace already collapsed, or blank).

    >>> [is_placeholder(t) for t in ("", "N/A", "To Be Filled By O.E.M.", "System Serial Number", "SN1234")]
    [True, True, True, True, False]
    """
    text = text.strip()
    return not text or PLACEHOLDER.fullmatch(text) is not None
