"""One vocabulary for every surface: look-ups over the tables in ``govops.vocab.table``.

Import, ``govops track``, the exports and the reports' labels ask here what a
header, an enum word or a yes/no word means, and what to write for a value.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from govops.vocab.table import (
    COLUMN_LABELS,
    ENUMS,
    FACILITY_KINDS,
    FIELD_ENUMS,
    FIELD_UNITS,
    FIELD_YES_NO,
    FILLER_WORDS,
    HEADERS,
    IGNORED_HEADERS,
    KIND_NAMES,
    NETWORK_KINDS,
    NO,
    NOTE_PREFIXES,
    PLACEHOLDERS,
    PLANT_KINDS,
    POWER_KINDS,
    TOTAL_WORDS,
    YES,
    Header,
    Word,
)

__all__ = [
    "ENUMS",
    "FACILITY_KINDS",
    "FIELD_UNITS",
    "NETWORK_KINDS",
    "PLANT_KINDS",
    "POWER_KINDS",
    "HeaderMatch",
    "RuleTitles",
    "Word",
    "column_label",
    "enum_for",
    "enum_label",
    "enum_value",
    "enum_words",
    "field_word",
    "header_index",
    "header_label",
    "is_placeholder",
    "kind_label",
    "kind_of_name",
    "labelled",
    "labelled_field",
    "normalise_word",
    "report_labels",
    "with_clause",
    "with_label",
    "yes_no",
    "yes_no_cell",
]  # fmt: skip

_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)  # a ledger repeats its words (服务器, 在用) thousands of times
def normalise_word(text: str) -> str:
    """Return the form words are matched in: NFKC (full-width to ASCII), no spaces, lower case.

    >>> normalise_word(" 不上云（涉密） "), normalise_word("ＵＰＳ"), normalise_word("面积（㎡）")
    ('不上云(涉密)', 'ups', '面积(m2)')
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def enum_for(kind: str, field: str) -> str | None:
    """Return the enumeration a field's values come from (``kind@devices`` rows scope by kind).

    >>> enum_for("links", "kind"), enum_for("devices", "kind"), enum_for("devices", "name")
    ('link_kind', 'device_kind', None)
    """
    return FIELD_ENUMS.get(f"{field}@{kind}") or FIELD_ENUMS.get(field)


@functools.cache
def _enum_index(enum: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for word in ENUMS[enum]:
        for text in (word.value, word.zh, word.en, *word.words):
            key = normalise_word(text)
            if index.setdefault(key, word.value) != word.value:
                raise ValueError(f"vocabulary: {text!r} means two values of {enum}")
    return index


def enum_value(enum: str, text: str) -> str | None:
    """Return the value a word means in ``enum``, or None.

    >>> enum_value("device_kind", " 交换机 "), enum_value("migration_status", "不上云（涉密）")
    ('switch', 'exempt')
    >>> enum_value("dengbao_level", "第三级"), enum_value("backup", "无"), enum_value("level", "nowhere")
    ('3', 'none', None)
    """
    return _enum_index(enum).get(normalise_word(text))


@functools.cache
def _enum_labels(enum: str) -> dict[str, Word]:
    return {w.value: w for w in ENUMS[enum]}


def enum_label(enum: str, value: str, lang: str = "zh") -> str:
    """Return the label of a value of ``enum`` in ``lang`` (zh or en), or the value itself when it has none.

    >>> enum_label("device_kind", "wireless_controller"), enum_label("device_kind", "dc_power", "en")
    ('无线控制器', 'DC power system')
    >>> enum_label("device_kind", "nope")
    'nope'
    """
    word = _enum_labels(enum).get(value)
    if word is None:
        return value
    return word.zh if lang == "zh" else word.en


def enum_words(enum: str) -> list[str]:
    """Return the values of ``enum`` with their Chinese labels, for error messages.

    >>> enum_words("link_role")
    ['primary (主用)', 'backup (备用)']
    """
    return [f"{w.value} ({w.zh})" if w.zh != w.value else w.value for w in ENUMS[enum]]


@functools.cache
def _yes_no_index(field: str | None) -> dict[str, bool]:
    extra_yes, extra_no = FIELD_YES_NO.get(field or "", ((), ()))
    index = {normalise_word(w): True for w in (*YES, *extra_yes)}
    index.update({normalise_word(w): False for w in (*NO, *extra_no)})
    return index


def yes_no(text: str, field: str | None = None) -> bool | None:
    """Return True or False for a yes/no word (with ``field``'s own words), or None.

    >>> yes_no("√"), yes_no("否"), yes_no("通过", "dengbao.passed"), yes_no("通过")
    (True, False, True, None)
    """
    return _yes_no_index(field).get(normalise_word(text))


def yes_no_label(value: bool) -> str:
    """Return the word an export writes for yes or no (the first of each list).

    >>> yes_no_label(True), yes_no_label(False)
    ('是', '否')
    """
    return YES[0] if value else NO[0]


def yes_no_words(field: str | None = None) -> str:
    """Describe the accepted yes/no words of ``field``.

    >>> yes_no_words("classified")
    'yes (是, √, 涉密 ...) or no (否, ×, 非涉密 ...)'
    """
    extra_yes, extra_no = FIELD_YES_NO.get(field or "", ((), ()))
    yes = ", ".join(["是", "√", *extra_yes[:1]])
    no = ", ".join(["否", "×", *extra_no[:1]])
    return f"yes ({yes} ...) or no ({no} ...)"


_PLACEHOLDERS = frozenset(normalise_word(p) for p in PLACEHOLDERS)
_LONGEST_PLACEHOLDER = max(len(p) for p in PLACEHOLDERS) + 2
_DASHES = "-—_/\\.·*－―"


def is_placeholder(text: str) -> bool:
    """Return True for cells that mean "nothing here" (无, -, /, 空, N/A).

    >>> is_placeholder(" N/A "), is_placeholder("－"), is_placeholder("无"), is_placeholder("H3C")
    (True, True, True, False)
    """
    if len(text) > _LONGEST_PLACEHOLDER and text[:1] not in _DASHES:
        return False  # the common case, a real value: no normalising needed
    word = normalise_word(text)
    return word in _PLACEHOLDERS or (bool(word) and set(word) <= set(_DASHES))


@dataclass(frozen=True)
class HeaderMatch:
    """What a header cell means: the field, and the unit its parentheses name (``内存(GB)``)."""

    field: str
    unit: str | None = None
    canonical: bool = False


_UNIT_SUFFIX = re.compile(r"^(?P<base>.+?)\((?P<unit>[^()]*)\)$")


def header_index(kind: str, fields: Iterable[str]) -> dict[str, str]:
    """Return normalised header text -> field for one kind (English names, labels and aliases).

    Raises:
        ValueError: When one header means two fields of ``kind`` (a defect in the table).
    """
    known = set(fields)
    index: dict[str, str] = {}
    owner: dict[str, str] = {}

    def add(text: str, field: str, row: str) -> None:
        key = normalise_word(text)
        if index.setdefault(key, field) != field:
            raise ValueError(f"vocabulary: header {text!r} means {index[key]} and {field} in {kind} ({row})")
        owner.setdefault(key, row)

    for name in known:
        add(name, name, "field name")
    for header in HEADERS:
        if kind in header.kinds and header.field in known:
            for text in (header.zh, header.en, *header.aliases):
                add(text, header.field, header.zh)
    return index


def match_header(index: Mapping[str, str], text: str) -> HeaderMatch | None:
    """Return what a header cell means, trying it whole, then without a unit in parentheses.

    >>> idx = header_index("devices", ["memory_mb", "name"])
    >>> match_header(idx, "内存（GB）"), match_header(idx, "内存(MB)").canonical, match_header(idx, "用途")
    (HeaderMatch(field='memory_mb', unit='gb', canonical=False), True, None)
    """
    key = normalise_word(text).strip("*※")
    field = index.get(key)
    if field is not None:
        return HeaderMatch(field, None, canonical=key in (field, normalise_word(header_label(field))))
    found = _UNIT_SUFFIX.match(key)
    if found and found["base"] in index:
        return HeaderMatch(index[found["base"]], found["unit"] or None)
    return None


@functools.cache
def _labels() -> dict[str, Header]:
    out: dict[str, Header] = {}
    for header in HEADERS:
        out.setdefault(header.field, header)
    return out


def header_label(field: str, lang: str = "zh") -> str:
    """Return the header an export writes for a field (Chinese, or English words).

    >>> header_label("bandwidth_mbps"), header_label("dengbao.level", "en"), header_label("nope")
    ('带宽(Mbps)', 'MLPS level', 'nope')
    """
    header = _labels().get(field)
    if header is None:
        return field
    return header.zh if lang == "zh" else header.en


def column_label(column: str) -> str:
    """Return the Chinese label of a table's column: an inventory field's header, else the command line's word for
    the column, else the column itself.

    >>> column_label("mgmt_ip"), column_label("severity"), column_label("zzz")
    ('管理IP', '级别', 'zzz')
    """
    header = _labels().get(column)
    return header.zh if header is not None else COLUMN_LABELS.get(column, column)


def with_label(label: str, word: str) -> str:
    """A Chinese label and its English word as every table shows them, ``类型 kind``: the one style of headers and
    of enumerated cells. The label alone when it is the word (``PUE``), the word alone when there is no label.

    >>> with_label("类型", "kind"), with_label("PUE", "pue"), with_label("", "n"), with_label("zzz", "zzz")
    ('类型 kind', 'PUE', 'n', 'zzz')
    """
    if not label:
        return word
    return label if label.casefold() == word.casefold() else f"{label} {word}"


def with_clause(label: str, clause: str) -> str:
    """A rule's label with its clause, in brackets: a clause names its list item with a closing parenthesis, as
    GB/T 22239 numbers them ('8.1.4.1 a)'), so round ones would double it ('password_expiry (8.1.4.1 a))')."""
    return f"{label} [{clause}]"


@dataclass(frozen=True)
class RuleTitles:
    """An audit rule's two titles, and the 等保 clause a host rule's titles name: the one place their text is
    built, for the writers that store a finding's title and the surfaces that show it (sibling layers both)."""

    zh: str
    en: str
    clause: str | None = None

    def cell(self) -> str:
        """Both languages, as every table shows a title and a finding is stored:
        ``口令复杂度 Password complexity [8.1.4.1 a)]``.

        >>> RuleTitles("口令复杂度", "Password complexity", "8.1.4.1 a)").cell(), RuleTitles("标题", "Title").cell()
        ('口令复杂度 Password complexity [8.1.4.1 a)]', '标题 Title')
        """
        return self._clause(with_label(self.zh, self.en))

    def in_lang(self, lang: str) -> str:
        """The one ``--lang`` chose (--json, a report in one language)."""
        return self._clause(self.zh if lang == "zh" else self.en)

    def _clause(self, text: str) -> str:
        return with_clause(text, self.clause) if self.clause else text


def yes_no_cell(value: bool) -> str:
    """A yes/no value as every table and line shows it: the word an export writes, then its English, never
    True/False (``inventory list``, ``history``, ``classify device``).

    >>> yes_no_cell(True), yes_no_cell(False)
    ('是 yes', '否 no')
    """
    return with_label(yes_no_label(value), "yes" if value else "no")


def labelled(enum: str, value: str) -> str:
    """A value of ``enum`` as a table shows it: the vocabulary's Chinese label, then the value (--json's word).

    >>> labelled("device_kind", "dc_power"), labelled("verdict", "unknown"), labelled("device_kind", "?")
    ('通信电源 dc_power', '未判定 unknown', '?')
    >>> labelled("device_kind", "pdu")
    'PDU'
    """
    return with_label(enum_label(enum, value), value)


def labelled_field(kind: str, field: str, value: object) -> object:
    """A field's value as a table shows it: a word of the field's vocabulary with its label (``labelled``), any other
    value (a name, a number, yes/no, nothing) as it is. ``--where`` takes either form back (``field_word``).

    >>> labelled_field("devices", "kind", "switch"), labelled_field("systems", "dengbao.level", 3)
    ('交换机 switch', '第三级 3')
    >>> labelled_field("devices", "name", "sw-1"), labelled_field("devices", "kind", None)
    ('sw-1', None)
    >>> labelled_field("rooms", "self_built", True), labelled_field("rooms", "self_built", False)
    ('是 yes', '否 no')
    """
    if isinstance(value, bool):
        return yes_no_cell(value)
    enum = enum_for(kind, field)
    if enum is None or value is None:
        return value
    return labelled(enum, str(value))


def field_word(kind: str, field: str, text: str) -> str:
    """The stored word a field's value is written as: the word itself, its label or any word import reads for it
    (交换机, 核心交换机), or the cell as a table shows it (``交换机 switch``); other text as it is.

    >>> field_word("devices", "kind", "交换机"), field_word("devices", "kind", "交换机 switch")
    ('switch', 'switch')
    >>> field_word("systems", "dengbao.level", "第三级"), field_word("devices", "kind", "serverx")
    ('3', 'serverx')
    """
    enum = enum_for(kind, field)
    if enum is None:
        return text
    return enum_value(enum, text) or enum_value(enum, text.rpartition(" ")[2]) or text


def all_labels() -> dict[str, str]:
    """Return dotted field -> Chinese export label for every field in the table."""
    return {field: header.zh for field, header in _labels().items()}


_IGNORED = frozenset(normalise_word(h) for h in IGNORED_HEADERS)


def is_ignored_header(text: str) -> bool:
    """Return True for header cells that are never fields (序号).

    >>> is_ignored_header("序 号"), is_ignored_header("名称")
    (True, False)
    """
    return normalise_word(text) in _IGNORED


def non_data_row(first: str) -> str | None:
    """Name the kind of non-data row a first cell starts (total, note, form filler), or None.

    >>> non_data_row("合 计"), non_data_row("注：1. 带宽单位为M"), non_data_row("填报单位：市大数据局")
    ('total', 'note', 'filler')
    >>> non_data_row("sw-1"), non_data_row("注册服务器")
    (None, None)
    """
    word = normalise_word(first)
    if word in _TOTALS:
        return "total"
    if _NOTE.match(word):
        return "note"
    if word.startswith(_FILLERS):
        return "filler"
    return None


_TOTALS = frozenset(normalise_word(w) for w in TOTAL_WORDS)
_FILLERS = tuple(normalise_word(w) for w in FILLER_WORDS)
# 注：, 注1., 注: and 备注：/说明： open a footnote; a device named 注册服务器 does not.
_NOTE = re.compile("^(?:" + "|".join(re.escape(normalise_word(p)) for p in NOTE_PREFIXES) + r")(?:[:.、,]|\d|$)")


@functools.cache
def _kind_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for kind, (zh, en, names) in KIND_NAMES.items():
        for name in (kind, zh, en, *names):
            out[normalise_word(name)] = kind
    return out


_YEAR = re.compile(r"\(?\d{4}年?度?\)?")
# 附件1：设备台账, 表2 机房情况: the attachment or table number in front of a sheet's name.
_PREFIX = re.compile(r"^(?:附件|附表|表)\d*[:：.、\-_ ]*")


def kind_of_name(name: str) -> str | None:
    """Return the kind a sheet name or file stem means, if any (a year or 附件 number in it is ignored).

    >>> kind_of_name("devices-2024"), kind_of_name("机房"), kind_of_name("2024年设备"), kind_of_name("设备台账")
    ('devices', 'rooms', 'devices', 'devices')
    >>> kind_of_name("业务系统清单（2024）"), kind_of_name("notes"), kind_of_name("devicesx"), kind_of_name("填表说明")
    ('systems', None, None, None)
    >>> kind_of_name("附件1：设备清单"), kind_of_name("市级机房设备清单")
    ('devices', None)
    """
    return _kind_by_name(name, inside=False)


def kind_in_name(name: str) -> str | None:
    """Return the kind a name mentions anywhere (the longest name found inside wins), for a sheet's header to confirm.

    >>> kind_in_name("附件1：市级机房设备清单"), kind_in_name("表3 电子政务外网链路"), kind_in_name("填表说明")
    ('devices', 'links', None)
    """
    return _kind_by_name(name, inside=True)


def _kind_by_name(name: str, *, inside: bool) -> str | None:
    names = _kind_names()
    text = _PREFIX.sub("", _YEAR.sub("", normalise_word(name))).strip("-_. ")
    if text in names:
        return names[text]
    best: tuple[int, str] | None = None
    for alias, kind in names.items():
        if inside and not alias.isascii():
            ok = alias in text
        else:
            rest = text[len(alias) :] if text.startswith(alias) else None
            # "links_v2", "设备台账", "业务系统清单" mean their kind; "devicesx" does not.
            ok = rest is not None and (not alias.isascii() or rest[:1] in set("-_. 0123456789("))
        if ok and (best is None or len(alias) > best[0]):
            best = (len(alias), kind)
    return best[1] if best else None


def kind_label(kind: str, lang: str = "zh") -> str:
    """Return the sheet name of a kind in ``lang``.

    >>> kind_label("systems"), kind_label("systems", "en")
    ('业务系统', 'systems')
    """
    zh, en, _ = KIND_NAMES[kind]
    return zh if lang == "zh" else en


def report_labels() -> dict[str, tuple[str, str]]:
    """Return ``<enum>.<value>`` -> (zh, en) for the reports' translation table.

    >>> report_labels()["device_status.idle"]
    ('闲置（可利旧）', 'idle (for reuse)')
    """
    return {f"{enum}.{w.value}": (w.zh, w.en) for enum, words in ENUMS.items() for w in words}
