"""Values as people write them in a 台账: dates, numbers with units, addresses, full-width text.

Each parser takes a cell (text, or a number or date Excel already typed) and
returns the canonical value, or raises ``ValueError`` saying what would be
accepted; the caller names the cell.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from govops.util.limits import INT64_MAX

# Full stops and separators a Chinese input method types where a "." or ":" was meant.
_PUNCT = str.maketrans({"。": ".", "．": ".", "｡": ".", "，": ",", "：": ":", "、": ","})


def ascii_text(text: str) -> str:
    """Return text with full-width letters, digits and punctuation made ASCII, trimmed.

    >>> ascii_text("２．１"), ascii_text(" 10。20。0。11 "), ascii_text("ＲＨ２２８８\\u3000")
    ('2.1', '10.20.0.11', 'RH2288')
    """
    return unicodedata.normalize("NFKC", text).translate(_PUNCT).strip()


def clean_text(value: Any) -> str:
    """Return a text cell trimmed of every kind of space (a number Excel typed becomes its digits).

    >>> clean_text("  核心交换机\\u3000 "), clean_text(12345678.0), clean_text(3.5)
    ('核心交换机', '12345678', '3.5')
    """
    if value.__class__ is str:
        # str.strip() already takes the ideographic and no-break spaces; zero-width ones are rarer.
        text = value.strip()
        if text and (text[0] in _INVISIBLE or text[-1] in _INVISIBLE):
            text = text.strip(_INVISIBLE).strip()
        return text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


_INVISIBLE = "\u200b\ufeff\u2060"


# --- dates --------------------------------------------------------------------------------------

_DATE = re.compile(
    r"^(?P<y>\d{4}|\d{2}(?=\s*年))\s*(?:[-/.年]\s*(?P<m>\d{1,2})\s*(?:[-/.月]\s*(?:(?P<d>\d{1,2})\s*[日号]?)?)?)?"
    r"\s*(?:年)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
# 2019年3月底, 2019年初, 2020年前: the period is still the month or the year.
_DATE_SUFFIX = re.compile(r"(?:底|初|末|中|前|左右|上旬|中旬|下旬)$")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$")
# Excel stores dates as days since 1899-12-30; a bare number in this range in a date column is one.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2099-12-31
YEARS = (1950, 2100)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
DATE_WORDS = "2019-03-01, 2019/3/1, 2019.03.01, 2019年3月1日, 2019年3月, 2019.3, 2016年"


class PartialDate(dt.date):
    """A date written to the month or the year (2019年3月, 2016年): its first day, and that precision.

    It equals the plain date of its first day; the importer keeps ``precision`` beside the stored date,
    and listings and exports write it back as written (``2019-03``, ``2016``).
    """

    precision: str

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = "month") -> PartialDate:
        self = super().__new__(cls, year, month, day)
        self.precision = precision
        return self

    def __reduce__(self) -> Any:
        return (PartialDate, (self.year, self.month, self.day, self.precision))


# The column that says which dates of a row a ledger gave to the month or the year (``{"purchased": "month"}``).
PRECISION = "date_precision"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def at_precision(value: Any, precision: str | None) -> Any:
    """A stored date as it was given (``2026-11``, ``2026``): other values and dates to the day unchanged.

    Takes a date or its ISO text (history written before dates were kept at their precision holds ``2026-11-01``).
    """
    if precision not in ("month", "year"):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return date_text(value, precision)
    return value


# A ``date_precision`` history entry's maps before and after the change (column -> precision; {} for none).
PrecisionChange = tuple[dict[str, str], dict[str, str]]


def precision_change(old: Any, new: Any) -> PrecisionChange:
    """The maps of a ``date_precision`` entry's ``old`` and ``new`` (None, or not a map: none)."""
    return (old if isinstance(old, dict) else {}), (new if isinstance(new, dict) else {})


def dates_at(field: str | None, old: Any, new: Any, change: PrecisionChange | None) -> tuple[Any, Any]:
    """A history entry's ``old`` and ``new`` with its date as given before and after (``2026-11`` rather than
    ``2026-11-01``), where a ``date_precision`` entry made at the same moment on the same entity (``change``) says so.

    >>> dates_at("eol", "2026-11-01", "2027-01-01", ({"eol": "month"}, {"eol": "year"}))
    ('2026-11', '2027')
    >>> dates_at("eol", "2026-11-01", None, None)
    ('2026-11-01', None)
    """
    if change is None or not field:
        return old, new
    before, after = change
    return at_precision(old, before.get(field)), at_precision(new, after.get(field))


def values_as_given(values: Any) -> Any:
    """A created entity's values (a dict) with its dates as given and no ``date_precision`` of their own."""
    if not isinstance(values, dict) or PRECISION not in values:
        return values
    precision = values[PRECISION] if isinstance(values[PRECISION], dict) else {}
    return {k: at_precision(v, precision.get(k)) for k, v in values.items() if k != PRECISION}


def as_given(day: dt.date | None, precision: Any, column: str) -> dt.date | None:
    """A stored date with the precision its row's ``date_precision`` gives ``column``: ``date_text`` then writes it
    as it was given (2026-11), and JSON still as its first day.

    >>> date_text(as_given(dt.date(2026, 11, 1), {"eol": "month"}, "eol")), as_given(dt.date(2026, 11, 1), None, "eol")
    ('2026-11', datetime.date(2026, 11, 1))
    """
    prec = precision.get(column) if isinstance(precision, dict) else None
    if day is None or prec not in ("month", "year"):
        return day
    return PartialDate(day.year, day.month, day.day, prec)


def split_precision(
    values: Mapping[str, Any], columns: Iterable[str], precision: Mapping[str, str] | None
) -> tuple[dict[str, Any], dict[str, str] | None]:
    """``values`` with the ``columns`` given as ``PartialDate`` made plain dates (the store holds the first day), and
    the row's ``date_precision`` after them: a column given anew drops its old entry, one not given keeps it.

    The one place the import and ``track`` set a date's precision.

    >>> split_precision({"eol": cell_date("2026年11月")}, ["eol"], {"eol": "year", "purchased": "year"})
    ({'eol': datetime.date(2026, 11, 1)}, {'eol': 'month', 'purchased': 'year'})
    """
    out = dict(values)
    merged = dict(precision or {})
    for col in columns:
        value = out[col]
        merged.pop(col, None)
        if isinstance(value, PartialDate):
            merged[col] = value.precision
            out[col] = dt.date(value.year, value.month, value.day)
    return out, dict(sorted(merged.items())) or None


def cell_date(value: Any) -> dt.date:
    """Return the date of a cell, a ``PartialDate`` when it was written to the month or year.

    >>> cell_date("2019年3月").precision, cell_date("2019-03-01") == dt.date(2019, 3, 1)
    ('month', True)
    """
    day, precision = parse_date(value)
    return day if precision == "day" else PartialDate(day.year, day.month, day.day, precision)


def parse_date(value: Any) -> tuple[dt.date, str]:
    """Return a date and its precision (``day``, ``month`` or ``year``); a partial date is its first day.

    Raises:
        ValueError: Naming the forms accepted.

    >>> parse_date("2019年3月"), parse_date("2016年")[1], parse_date("2014.6")[0], parse_date(2014.6)[0]
    ((datetime.date(2019, 3, 1), 'month'), 'year', datetime.date(2014, 6, 1), datetime.date(2014, 6, 1))
    >>> parse_date("2018/11/20")[0], parse_date("２０１９．０３．０１")[0], parse_date(43525)[0]
    (datetime.date(2018, 11, 20), datetime.date(2019, 3, 1), datetime.date(2019, 3, 1))
    >>> parse_date("19年3月"), parse_date("2019年3月底")[1], parse_date("2019年3月1号")[1]
    ((datetime.date(2019, 3, 1), 'month'), 'month', 'day')
    """
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, bool):
        raise ValueError(f"a date ({DATE_WORDS})")
    if isinstance(value, int | float):
        return _date_from_number(value)
    if value.__class__ is str and _ISO_DAY.fullmatch(value):  # the common cell, 2019-03-01: no normalising
        return _checked(int(value[:4]), int(value[5:7]), int(value[8:])), "day"
    text = _DATE_SUFFIX.sub("", ascii_text(str(value))).strip()
    found = _DATE.match(text) or _COMPACT.match(text)
    if not found:
        raise ValueError(f"a date ({DATE_WORDS})")
    year, month, day = int(found["y"]), found["m"], found["d"]
    if year < 100:  # 19年3月
        year += 2000 if year < 50 else 1900
    precision = "day" if day else "month" if month else "year"
    return _checked(year, int(month or 1), int(day or 1)), precision


def _date_from_number(number: float) -> tuple[dt.date, str]:
    if float(number).is_integer() and YEARS[0] <= number < YEARS[1]:
        return _checked(int(number), 1, 1), "year"
    if float(number).is_integer() and _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=int(number)), "day"
    # 2014.6 typed into a cell Excel reads as a number: year.month (2014.10 arrives as 2014.1, January).
    year, _, frac = f"{number:.2f}".partition(".")
    if len(frac) != 2 or not year.lstrip("-").isdigit():  # inf, nan: no date at all
        raise ValueError(f"a date ({DATE_WORDS})")
    month = int(frac) if frac[1] != "0" else int(frac[0])
    if YEARS[0] <= int(year) < YEARS[1] and 1 <= month <= 12:
        return _checked(int(year), month, 1), "month"
    raise ValueError(f"a date ({DATE_WORDS})")


def _checked(year: int, month: int, day: int) -> dt.date:
    if not YEARS[0] <= year < YEARS[1]:
        raise ValueError(f"a date between {YEARS[0]} and {YEARS[1] - 1}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"a date that exists ({DATE_WORDS})") from None


def date_text(day: dt.date, precision: str | None = None) -> str:
    """Write a date back at its precision (by default a ``PartialDate``'s own, else the day): the one place dates
    are written for people.

    >>> date_text(dt.date(2019, 3, 1), "month"), date_text(dt.date(2016, 1, 1), "year"), date_text(cell_date("2016年"))
    ('2019-03', '2016', '2016')
    """
    precision = precision or getattr(day, "precision", "day")
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


# --- numbers with units -----------------------------------------------------------------------

# Unit word (normalised, lower case) -> factor to the canonical unit of each quantity.
UNITS: dict[str, dict[str, float]] = {
    "area": {"": 1, "m2": 1, "m²": 1, "平方米": 1, "平米": 1, "平方": 1, "平": 1, "sqm": 1},
    "count": {"": 1, "个": 1, "台": 1, "架": 1, "组": 1, "面": 1, "套": 1, "只": 1, "颗": 1, "路": 1, "核": 1, "块": 1,
              "c": 1, "cores": 1, "core": 1, "vcpu": 1, "批": 1, "号": 1, "期": 1},
    "size_mb": {"k": 1 / 1024, "kb": 1 / 1024, "m": 1, "mb": 1, "兆": 1, "g": 1024, "gb": 1024, "gib": 1024,
                "mib": 1, "t": 1024**2, "tb": 1024**2},
    "bandwidth_mbps": {"k": 0.001, "kb": 0.001, "kbps": 0.001, "kbit/s": 0.001, "kb/s": 0.001, "m": 1, "mb": 1,
                       "mbps": 1, "mbit/s": 1, "mb/s": 1, "m/s": 1, "兆": 1, "兆bps": 1, "兆比特": 1, "g": 1000,
                       "gb": 1000, "gbps": 1000, "gbit/s": 1000, "gb/s": 1000, "g/s": 1000, "吉": 1000,
                       "百兆": 100, "千兆": 1000, "万兆": 10000, "t": 1e6, "tbps": 1e6},
}  # fmt: skip
# The unit a bare number means when neither the cell nor its header names one. Memory: people write 256 for 256G.
BARE_UNIT = {"area": "", "count": "", "size_mb": "g", "bandwidth_mbps": "m"}
CANONICAL_UNIT = {"area": "", "count": "", "size_mb": "m", "bandwidth_mbps": "m"}
UNIT_WORDS = {
    "area": "120, 120㎡, 120平方米",
    "count": "20, 20个, 32核, 2路",
    "size_mb": "256G, 512GB, 1T, 65536MB",
    "bandwidth_mbps": "100M, 1G, 100Mbps, 10Gbps, 100兆, 千兆, 万兆",
}
# 约120㎡, 1.6左右: an approximate figure is still the figure.
_QUALIFIERS = re.compile(r"^(?:约|大约|~|≈)\s*|\s*(?:左右|上下)$")
_QUANTITY = re.compile(r"^(?P<n>[+-]?(?:\d+(?:\.\d*)?|\.\d+))?\s*(?P<u>(?:[^\d\s.][^\s]*)?)$")


def parse_quantity(value: Any, quantity: str, header_unit: str | None = None) -> float:
    """Return a number in the canonical unit of ``quantity`` (m², count, MB, Mbps) from a cell.

    ``header_unit`` is the unit the column header names (``内存(GB)``), used for bare numbers.

    Raises:
        ValueError: Naming the forms accepted.

    >>> parse_quantity("3000M", "bandwidth_mbps"), parse_quantity("1G", "bandwidth_mbps")
    (3000.0, 1000.0)
    >>> parse_quantity("万兆", "bandwidth_mbps"), parse_quantity("２５６G", "size_mb"), parse_quantity(256, "size_mb")
    (10000.0, 262144.0, 262144.0)
    >>> parse_quantity("120㎡", "area"), parse_quantity("1,200", "area"), parse_quantity(16, "size_mb", "gb")
    (120.0, 1200.0, 16384.0)
    """
    units = UNITS[quantity]
    default = BARE_UNIT[quantity] if header_unit is None else header_unit.lower()
    if default not in units:
        raise ValueError(f"a unit this column understands, not ({header_unit})")
    if isinstance(value, bool):
        raise ValueError(f"a number ({UNIT_WORDS[quantity]})")
    if isinstance(value, int | float):
        return float(value) * units[default]
    text = _QUALIFIERS.sub("", ascii_text(str(value)).replace(",", "").lower())
    found = _QUANTITY.match(text)
    if not found or not (found["n"] or found["u"]):
        raise ValueError(f"a number ({UNIT_WORDS[quantity]})")
    unit = found["u"] or default
    if unit not in units:
        raise ValueError(f"a number in a known unit ({UNIT_WORDS[quantity]})")
    if found["n"] is None and unit not in ("百兆", "千兆", "万兆"):
        raise ValueError(f"a number ({UNIT_WORDS[quantity]})")
    return float(found["n"] or 1) * units[unit]


def parse_number(value: Any) -> float:
    """Return a plain number from a cell (full-width digits allowed).

    >>> parse_number("２．１"), parse_number(" 1.35 "), parse_number(2), parse_number("1.6左右")
    (2.1, 1.35, 2.0, 1.6)
    """
    if isinstance(value, bool):
        raise ValueError("a number")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(_QUALIFIERS.sub("", ascii_text(str(value)).replace(",", "")))
    except ValueError:
        raise ValueError("a number") from None


def whole(number: float, what: str = "a whole number") -> int:
    """Return ``number`` as an int when it is whole, within 64 bits (``INT64_MAX``: the store holds no more).

    >>> whole(20.0)
    20
    >>> whole(1e30)
    Traceback (most recent call last):
    ValueError: a whole number within 64 bits (at most 9,223,372,036,854,775,807)
    """
    if not float(number).is_integer():
        raise ValueError(what)
    if abs(number) > INT64_MAX:
        raise ValueError(f"a whole number within 64 bits (at most {INT64_MAX:,})")
    return int(number)


# --- addresses --------------------------------------------------------------------------------


# 10.20.0.11(管理), 10.20.0.11 （带外）: a remark after the address is not part of it.
_REMARK = re.compile(r"\s*\([^()]*\)$")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
_PLAIN_V4 = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}", re.ASCII)


def parse_ip(value: Any) -> str:
    """Return a normalised IP address (full-width digits and 。 accepted, leading zeros dropped).

    Raises:
        ValueError: Saying what an address looks like.

    >>> parse_ip("10。20。0。11"), parse_ip("１９２．１６８．１．１"), parse_ip("010.001.002.003")
    ('10.20.0.11', '192.168.1.1', '10.1.2.3')
    >>> parse_ip("10.0.0.5/24")
    '10.0.0.5'
    >>> parse_ip("2001:DB8::1"), parse_ip("10.20.0.11（管理）")
    ('2001:db8::1', '10.20.0.11')
    """
    if value.__class__ is str and _PLAIN_V4.fullmatch(value):
        return str(value)  # already the normal form (no leading zeros, no spaces): most ledger cells
    text = _REMARK.sub("", ascii_text(clean_text(value))).strip()
    if "/" in text:
        text, _, prefix = text.partition("/")
        if not prefix.isdigit():
            raise ValueError("one IPv4 or IPv6 address, e.g. 10.20.0.11")
    parts = text.split(".")
    if len(parts) == 4 and all(p.isdigit() and 0 < len(p) <= 3 for p in parts):
        text = ".".join(str(int(p)) for p in parts)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise ValueError("one IPv4 or IPv6 address, e.g. 10.20.0.11") from None
