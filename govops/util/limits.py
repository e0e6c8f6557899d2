"""Every limit govops puts on input, and the checks that apply them, in one place.

Hostile or careless input (a ledger row, a device's answer, an HTTP client) is
bounded here: file and expansion sizes, row counts, name and field lengths,
connections and deadlines of the agents' HTTP server, and how much of a bad
value an error message may show. Importers, exporters and the agents import
these figures; none keeps a private copy. Runs on Python 3.6 (the host agent's
zipapp ships it), hence no ``from __future__`` import and ``typing`` generics.
"""

import re
import reprlib
import unicodedata
from typing import Any, Optional

# ---------------------------------------------------------------- files and documents

# One inventory file, as stored on disk (YAML, CSV or the compressed xlsx).
MAX_FILE_MB = 40.0
# What an xlsx may inflate to, measured by decompressing its members (the zip directory can lie).
XLSX_MAX_UNCOMPRESSED_BYTES = 250_000_000
# Rows of one table (CSV file or worksheet), counted as read, never taken from <dimension>.
MAX_TABLE_ROWS = 1_000_000
# YAML: nodes that aliases may add beyond the document's own nodes, and nesting depth.
YAML_MAX_ALIAS_EXPANSION = 100_000
YAML_MAX_DEPTH = 64
# YAML read a row at a time (inventory import): one row's values (every scalar and collection in it),
# keys of one mapping, and characters of one scalar. A row is a few dozen values; these only stop a
# file that is one giant row, or a mapping or string built to exhaust memory.
YAML_MAX_ROW_VALUES = 100_000
YAML_MAX_MAPPING_KEYS = 1_000
YAML_MAX_SCALAR_CHARS = 1_000_000  # a field's own limit (4,096, names 128) is checked on import
# The largest integer an input may give (signed 64 bits): the store's INTEGER (SQLite's) holds no more, and no field
# wants more. YAML reads a hex integer of any length, and a long decimal one fails Python's own conversion limit.
INT64_MAX = 2**63 - 1

# ---------------------------------------------------------------- names and fields

# Names of devices, links, rooms, departments, systems (and their codes).
NAME_MAX_CHARS = 128
# Any other text field of a ledger row (notes, addresses, models...).
TEXT_MAX_CHARS = 4_096
# How much of a bad value an error message shows.
SHOWN_VALUE_CHARS = 40
# Characters of one SNMP text (sysDescr, a MIB's string) that identification patterns search. SNMPv2-MIB
# caps sysDescr at 255 (the corpus's longest, of 671 walks, is 255 bytes); four times that keeps every
# pattern's search short on a hostile answer (a pattern quadratic in its text costs ~1 M steps here;
# tests/unit/catalog/test_pattern_cost.py holds every catalogue pattern to that). Discovery stores sysDescr cut to
# this too (govops.discovery.snmp.stored_sys_descr): the facts keep what the rules searched, and a binary sysDescr
# of the MIB's 255 octets whole (764 characters of hex), never a hostile answer's 64 KiB.
SNMP_MATCH_MAX_CHARS = 1_024

# ---------------------------------------------------------------- agents' HTTP server

HTTP_MAX_CONNECTIONS = 32  # served at once; more wait in the listen backlog, then are refused
HTTP_HANDSHAKE_TIMEOUT_S = 10.0  # TLS handshake
HTTP_HEADER_TIMEOUT_S = 10.0  # from connection (or the previous response) to the end of the headers
HTTP_IDLE_TIMEOUT_S = 60.0  # a kept-alive connection with no new request (Prometheus scrapes every 15-60 s)
HTTP_MAX_HEADER_BYTES = 16_384
AUTH_FAILURES_PER_MINUTE = 20  # bcrypt checks for unknown credentials per client address
LOG_FIELD_MAX_CHARS = 128

# Field names whose values are secrets: an error never shows them.
SECRET_FIELD_NAMES = frozenset(
    ("password", "community", "auth_key", "priv_key", "secret", "token", "passphrase", "key")
)

_SECRET_MASK = "<hidden>"  # noqa: S105 - what is shown instead of a secret

# A strict name (devices, links, codes): it becomes an Ansible host, a Prometheus label, a file name.
# Letters of any script, digits, and a little punctuation that real ledgers use; never a template
# or shell character ({ } $ ` ' " \\ | ; < > %), never whitespace at either end.
_STRICT_NAME = re.compile(r"(?:\w|\w[\w .\-:/+#@()（）·]*[\w.)）])\Z", re.UNICODE)
# An environment variable's name, as POSIX shells accept it.
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

class _ShortRepr(reprlib.Repr):
    """reprlib's rendering (a shared structure never expanded), a long text, number or other value cut at its end
    as ``cut_to`` cuts: reprlib's own cut keeps both ends around a '...'."""

    def __init__(self) -> None:
        super().__init__()
        # Elided items and levels (Python 3.11 on; 3.6's reprlib, in the host agent, still writes '...' there).
        self.fillvalue = "…"
        self.maxlevel = 2
        self.maxstring = self.maxother = self.maxlong = SHOWN_VALUE_CHARS
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = 4

    def repr_str(self, x: str, level: int) -> str:
        return repr(cut_to(x, self.maxstring))

    def repr_int(self, x: int, level: int) -> str:
        try:
            text = repr(x)
        except ValueError:  # past Python's 4,300 digits (sys.get_int_max_str_digits): a hostile YAML's 0xfff...
            return f"<int of {x.bit_length()} bits>"
        return cut_to(text, self.maxlong)

    def repr_instance(self, x: Any, level: int) -> str:
        try:
            text = repr(x)
        except Exception:  # a value's own __repr__ may fail: the message still names its type
            return f"<{type(x).__name__} instance>"
        return cut_to(text, self.maxother)


_repr = _ShortRepr()


def shown(value: Any, field: Optional[str] = None) -> str:
    """Return a short, safe rendering of ``value`` for an error message.

    A secret field shows nothing of its value; anything else shows at most a short
    prefix, cut with ``cut_to``'s mark, without expanding shared (aliased) structures.

    >>> shown("x" * 100)[:12], shown("x" * 100)[-3:], shown("Hunter2", field="ssh.password")
    ("'xxxxxxxxxxx", "x…'", '<hidden>')
    """
    if field is not None and field.rsplit(".", 1)[-1].lower() in SECRET_FIELD_NAMES:
        return _SECRET_MASK
    return cut_to(_escaped(_repr.repr(value)), SHOWN_VALUE_CHARS + 8)


def shown_text(value: Any, field: Optional[str] = None) -> str:
    """A bad value's text as a problem quotes it (``errors.Problem``): a text's own, anything else's ``shown``, cut
    with ``cut_to``'s mark; nothing of a secret.

    >>> shown_text("x" * 50)[-3:], shown_text(["a"]), shown_text("Hunter2", field="ssh.password")
    ('xx…', "['a']", '<hidden>')
    """
    if field is not None and field.rsplit(".", 1)[-1].lower() in SECRET_FIELD_NAMES:
        return _SECRET_MASK
    return cut_to(value if isinstance(value, str) else shown(value), SHOWN_VALUE_CHARS)


def cut_to(text: str, chars: int) -> str:
    """``text`` at most ``chars`` characters long, its last one '…' where it was cut (a cell, a label, a stored
    answer, a value in an error message): one cutter, so every surface marks a cut alike and counts characters, never
    octets.

    >>> cut_to("core-sw-01", 10), cut_to("core-sw-012", 10)
    ('core-sw-01', 'core-sw-0…')
    """
    # A cut that falls just after a mark already there (a cut text inside a cut rendering) adds none: one mark.
    return text if len(text) <= chars else text[: chars - 1].rstrip("…") + "…"


def control_character(text: str) -> Optional[int]:
    """Return the index of the first control or format character (newline included), or None."""
    if text.isprintable():  # no Cc, Cf, Zl, Zp (nor other spaces than ' '): the common case, in C
        return None
    for index, ch in enumerate(text):
        if unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029":
            return index
    return None


def name_problem(text: str, strict: bool = True) -> Optional[str]:
    """Say why ``text`` cannot be a name, or return None when it can.

    ``strict`` names (devices, links, codes) take letters, digits and ``.-_:/+#@()`` with
    inner spaces; other names (departments, rooms, systems) any printable text. Both are
    capped at ``NAME_MAX_CHARS`` and refuse control characters.

    >>> name_problem("sw-core-01"), name_problem("汇聚交换机-01"), name_problem("a{{b}}")[:20]
    (None, None, 'holds `{`: names tak')
    """
    if not text:
        return "is empty"
    if len(text) > NAME_MAX_CHARS:
        return f"is {len(text)} characters long; names take at most {NAME_MAX_CHARS}"
    bad = control_character(text)
    if bad is not None:
        return f"holds a control character (U+{ord(text[bad]):04X}) at position {bad + 1}"
    if text != text.strip():
        return "starts or ends with a space"
    if strict and not _STRICT_NAME.match(text):
        odd = next((ch for ch in text if not (ch.isalnum() or ch in "_ .-:/+#@()（）·")), text[-1])
        return f"holds `{odd}`: names take letters, digits, spaces inside and . - _ : / + # @ ( )"
    return None


def text_problem(text: str) -> Optional[str]:
    """Say why ``text`` cannot be a free-text field value (too long, control characters), or None."""
    if len(text) > TEXT_MAX_CHARS:
        return f"is {len(text)} characters long; a field takes at most {TEXT_MAX_CHARS}"
    # One regex pass (category Cc is exactly these ranges): every cell of a 100,000-row ledger passes here.
    found = _TEXT_CONTROL.search(text)
    if found is not None:
        return f"holds a control character (U+{ord(found.group()):04X}) at position {found.start() + 1}"
    return None


_TEXT_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def is_env_name(text: str) -> bool:
    """Whether ``text`` is a valid environment-variable name.

    >>> is_env_name("SNMP_RO"), is_env_name("X') }}{{ lookup('pipe','id') }}")
    (True, False)
    """
    return bool(_ENV_NAME.match(text))


def log_field(value: Any) -> str:
    """Cap a value for a log line and escape what a terminal would interpret (ESC, CR, NUL)."""
    text = str(value)
    if len(text) > LOG_FIELD_MAX_CHARS:
        text = text[:LOG_FIELD_MAX_CHARS] + f"...({len(text)} chars)"
    return _escaped(text)


def _escaped(text: str) -> str:
    """Replace what a terminal or log reader would interpret (ESC, CR, NUL...) with an escape."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


# OWASP's CSV-injection rule: a cell a spreadsheet would read as a formula starts with one of these.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")


def spreadsheet_cell(value: Any) -> Any:
    """Neutralise a text cell for CSV/XLSX output: a leading formula character gets a `'` prefix.

    Numbers stay numbers (``-3`` and ``+1.5`` are data, not formulas).

    >>> spreadsheet_cell("=HYPERLINK(\\"x\\")"), spreadsheet_cell("-3"), spreadsheet_cell(7)
    ('\\'=HYPERLINK("x")', '-3', 7)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def spreadsheet_row(values: Any) -> list:  # type: ignore[type-arg]
    """Neutralise every cell of a CSV row (``spreadsheet_cell``)."""
    return [spreadsheet_cell(v) for v in values]


def spreadsheet_text(cell: str) -> str:
    """Undo ``spreadsheet_cell`` on a cell read back from CSV, so an export re-imports unchanged.

    >>> spreadsheet_text("'=1+1"), spreadsheet_text("'quoted")
    ('=1+1', "'quoted")
    """
    if cell.startswith("'") and cell[1:2] in _FORMULA_STARTS and cell[1:2] and spreadsheet_cell(cell[1:]) == cell:
        return cell[1:]
    return cell
