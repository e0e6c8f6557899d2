"""Read inventory files (YAML, CSV, Excel) into raw records that know where they came from.

Readers only parse and convert cell text to typed values; validation against the
canonical rows, references and duplicates is the importer's job. Every error
names the file and the line, or the row and column (``book.xlsx[设备]!F7``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.store.inventory.fields import (
    FALSE_WORDS,
    FLAT_FIELDS,
    KIND_ALIASES,
    KINDS,
    TRUE_WORDS,
    header_hint,
    header_to_field,
    kind_of_name,
    unflatten,
)
from govops.util.hints import did_you_mean
from govops.util.limits import shown
from govops.util.yamlio import LineDict, load_yaml_text

# 100,000 devices in YAML flow style or CSV stay well below this; a larger file is
# almost always a mistake (a database dump, a log) and would take minutes and gigabytes.
DEFAULT_MAX_MB = 40.0
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}

# Chinese words registers use for enumerated values, accepted in CSV/Excel cells.
VALUE_ALIASES: dict[str, str] = {
    "在用": "in_service", "在网": "in_service", "运行": "in_service", "闲置": "idle", "报废": "retired",
    "退役": "retired", "省级": "province", "省": "province", "市级": "city", "市": "city", "县级": "county",
    "县": "county", "区县": "county", "乡镇": "township", "乡": "township", "镇": "township", "村": "village",
    "村级": "village", "国垂": "national", "省垂": "provincial", "自建": "self_built", "主": "primary",
    "主用": "primary", "备": "backup", "备用": "backup", "国产": "domestic", "国外": "foreign",
    "进口": "foreign", "未知": "unknown", "已迁移": "migrated", "已上云": "migrated", "迁移中": "migrating",
    "适配中": "adapting", "计划中": "planned", "未评估": "not_assessed", "豁免": "exempt", "已下线": "retired",
    "本地": "local", "异地": "offsite", "本地+异地": "local+offsite",
}  # fmt: skip


@dataclass(frozen=True)
class Record:
    """One raw row of one kind, with its place (``where`` and ``line``) for error messages."""

    kind: str
    data: Mapping[str, Any]
    where: str
    line: int | None
    # For rows from CSV/Excel: field -> column index, shared by the rows of one table, and the
    # function naming a cell, so errors found after reading still name the column.
    columns: Mapping[str, int] = field(default_factory=dict)
    cell_ref: typing.Callable[[int, int], str] | None = None

    def place(self, fieldname: str | None = None) -> str:
        """Return the most precise place for an error about ``fieldname``."""
        if fieldname and self.cell_ref is not None and self.line is not None:
            col = self.columns.get(fieldname)
            if col is None:
                col = self.columns.get(fieldname.split(".")[0])
            if col is not None:
                return self.cell_ref(col, self.line)
        if isinstance(self.data, LineDict) and fieldname:
            top = fieldname.split(".")[0]
            if top in self.data.key_lines:
                return f"{self.where}:{self.data.line_of(top)}"
        return f"{self.where}:{self.line}" if self.line else self.where


@dataclass
class ReadResult:
    """Records of every file read, and notes for the user (an encoding guessed, a file skipped)."""

    records: list[Record] = field(default_factory=list)
    # YAML files parsed by the fast parser, without line numbers: re-read them slowly to place an error.
    fast_files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Where each kind's records came from, per workbook: names a missing sheet in errors.
    sheets: dict[str, list[str]] = field(default_factory=dict)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into their inventory files (recursively, sorted).

    Raises:
        InputError: For a path that does not exist, an unsupported file, or a directory with no files.
    """
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError("no .yaml, .yml, .csv or .xlsx files in this directory", where=str(path))
            out.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(
                    f"unsupported file type {path.suffix or '(none)'}", where=str(path),
                    hint="use .yaml/.yml, .csv or .xlsx",
                )  # fmt: skip
            out.append(path)
        else:
            raise InputError("no such file or directory", where=str(path))
    return out


def read_paths(
    paths: Iterable[Path],
    *,
    kind: str | None = None,
    encoding: str | None = None,
    max_mb: float = DEFAULT_MAX_MB,
    fast_yaml: bool = True,
) -> ReadResult:
    """Read every inventory file under ``paths``.

    Args:
        paths: Files or directories.
        kind: The kind of every CSV file (else taken from each file's name).
        encoding: Force the text encoding of CSV files (else UTF-8, UTF-16 with BOM or GBK, detected).
        max_mb: Largest file accepted, in megabytes.
        fast_yaml: Parse large YAML files with the fast parser (no line numbers) when it is installed.

    Raises:
        InputError: Naming the file and line (or row and column) of the first problem.
    """
    result = ReadResult()
    for path in expand_paths(paths):
        _check_size(path, max_mb)
        fmt = SUFFIXES[path.suffix.lower()]
        if fmt == "yaml":
            fast = _read_yaml_fast(path) if fast_yaml and path.stat().st_size >= FAST_YAML_BYTES else None
            if fast is not None:
                result.records.extend(fast)
                result.fast_files.append(path)
            else:
                result.records.extend(_read_yaml(path))
        elif fmt == "csv":
            _read_csv(path, kind, encoding, result)
        else:
            _read_xlsx(path, result)
    return result


def _check_size(path: Path, max_mb: float) -> None:
    size = path.stat().st_size
    if size > max_mb * 1_000_000:
        raise InputError(
            f"file is {size / 1_000_000:.1f} MB, larger than the {max_mb:g} MB limit for one file",
            where=str(path),
            hint="split it into several files (a directory is fine) or raise the limit with --max-file-mb",
        )
    if size == 0:
        raise InputError("empty file", where=str(path), hint="an inventory file needs at least one row")


# PyYAML builds a node with two position marks for every scalar: about 20 s of CPU for 100,000
# devices even with libyaml. Large files are parsed by ryaml (Rust, YAML 1.2) when installed; any
# problem, structural here or found later by the importer, sends the file back through PyYAML, which
# names the line (and, for YAML 1.1 words like `yes`, decides what they mean).
FAST_YAML_BYTES = 1_000_000


def _read_yaml_fast(path: Path) -> list[Record] | None:
    try:
        import ryaml
    except ImportError:
        return None
    try:
        doc = ryaml.loads(path.read_bytes().decode("utf-8"))  # type: ignore[attr-defined]
    except Exception:  # any failure at all: the PyYAML path reads the file again and explains it
        return None
    if not isinstance(doc, dict) or not doc:
        return None
    records: list[Record] = []
    for key, rows in doc.items():
        if key not in KINDS or not isinstance(rows, list | type(None)):
            return None
        for row in rows or []:
            if not isinstance(row, dict):
                return None
            records.append(Record(kind=key, data=row, where=str(path), line=None))
    return records


def _read_yaml(path: Path) -> Iterator[Record]:
    text = _decode(path.read_bytes(), str(path), None, [])
    doc = load_yaml_text(text, str(path))
    if doc is None:
        raise InputError("empty file (no YAML document)", where=str(path))
    if not isinstance(doc, LineDict):
        raise InputError(
            "the top level must map kinds to lists of rows", where=f"{path}:1",
            hint="e.g. `devices: [{name: sw-01, kind: switch}]`",
        )  # fmt: skip
    for key, rows in doc.items():
        if key not in KINDS:
            raise InputError(
                f"unknown section `{key}`", where=f"{path}:{doc.line_of(key)}",
                hint=did_you_mean(key, KINDS) or f"sections are {', '.join(KINDS)}",
            )  # fmt: skip
        if rows is None:
            continue
        if not isinstance(rows, list):
            raise InputError(f"section `{key}` must be a list of rows", where=f"{path}:{doc.line_of(key)}")
        for row in rows:
            if not isinstance(row, LineDict):
                raise InputError(
                    f"each row of `{key}` must be a mapping, got {shown(row)}", where=f"{path}:{doc.line_of(key)}"
                )
            yield Record(kind=key, data=row, where=str(path), line=row.line)


def _decode(raw: bytes, where: str, encoding: str | None, notes: list[str]) -> str:
    """Decode file bytes: a forced encoding, else BOMs, UTF-8, then GBK (GB18030) with a note."""
    if encoding:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}", where=where) from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            f"neither UTF-8 (invalid byte at offset {utf8_error.start}) nor GBK/GB18030 text",
            where=where,
            hint="save the file as UTF-8, or name its encoding with --encoding",
        ) from utf8_error
    # Excel on Chinese Windows saves "CSV" in the ANSI code page, GBK: decode it and say so.
    notes.append(f"{where}: not UTF-8; decoded as GBK (GB18030), the encoding Excel uses on Chinese Windows")
    return text


def _read_csv(path: Path, kind: str | None, encoding: str | None, result: ReadResult) -> None:
    kind = kind or kind_of_name(path.stem)
    if kind is None:
        raise InputError(
            "cannot tell which kind of rows this CSV holds from its name",
            where=str(path),
            hint=f"name it after the kind ({', '.join(KINDS)}, or 设备/机房/部门/链路/业务系统) or pass --kind",
        )
    text = _decode(path.read_bytes(), str(path), encoding, result.notes)
    if not text.strip():
        raise InputError("empty file", where=str(path))
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = ((reader.line_num, row) for row in reader)

    def cell_ref(col: int, line: int) -> str:
        return f"{path}:{line} column {_column_letter(col)}"

    result.records.extend(_records_from_table(kind, rows, str(path), cell_ref))


def _column_letter(index: int) -> str:
    """Return the Excel column name of a 0-based index.

    >>> _column_letter(0), _column_letter(27)
    ('A', 'AB')
    """
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _excel_ref(where: str) -> typing.Callable[[int, int], str]:
    def ref(col: int, line: int) -> str:
        return f"{where}!{_column_letter(col)}{line}"

    return ref


def _read_xlsx(path: Path, result: ReadResult) -> None:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable Excel workbook: {exc}", where=str(path)) from exc
    try:
        found: list[str] = []
        for sheet in book.worksheets:
            kind = kind_of_name(sheet.title)
            if kind is None:
                raise InputError(
                    f"sheet `{sheet.title}` is not a kind of inventory",
                    where=f"{path}[{sheet.title}]",
                    hint=did_you_mean(sheet.title, list(KINDS))
                    or "name each sheet after its kind: departments/部门, rooms/机房, devices/设备, links/链路, "
                    "systems/业务系统",
                )
            found.append(kind)
            where = f"{path}[{sheet.title}]"
            rows = ((i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), start=1))
            result.records.extend(_records_from_table(kind, rows, where, _excel_ref(where)))
        result.sheets[str(path)] = found
        if not found:
            raise InputError("the workbook has no sheets", where=str(path))
    finally:
        book.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _records_from_table(
    kind: str,
    rows: Iterable[tuple[int, list[Any]]],
    where: str,
    cell_ref: typing.Callable[[int, int], str],
) -> Iterator[Record]:
    """Turn a header row plus data rows into typed records; blank cells are left out."""
    iterator = iter(rows)
    header: list[str | None] | None = None
    header_line = 0
    for line, values in iterator:
        if all(_blank(v) for v in values):
            continue
        header_line = line
        header = _map_header(kind, values, where, header_line, cell_ref)
        break
    if header is None:
        raise InputError("empty table: no header row", where=where)
    types_of = FLAT_FIELDS[kind]
    converters = [_cell_converter(types_of[name]) if name else None for name in header]
    columns: dict[str, int] = {}
    for col, name in enumerate(header):
        if name:
            columns[name] = col
            columns.setdefault(name.split(".")[0], col)
    nested = any(name and "." in name for name in header)
    width = len(header)
    for line, values in iterator:
        flat: dict[str, Any] = {}
        for col, value in enumerate(values):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            conv = converters[col] if col < width else None
            if conv is None:
                raise InputError(f"value {shown(value)} in a column without a header", where=cell_ref(col, line))
            name = header[col]
            try:
                flat[typing.cast(str, name)] = conv(value)
            except ValueError as exc:
                raise InputError(f"field `{name}`: expected {exc}, got {shown(value, name)}", where=cell_ref(col, line)) from None
        if flat:
            data = unflatten(flat) if nested else flat
            yield Record(kind=kind, data=data, where=where, line=line, columns=columns, cell_ref=cell_ref)


def _map_header(
    kind: str, values: list[Any], where: str, line: int, cell_ref: typing.Callable[[int, int], str]
) -> list[str | None]:
    header: list[str | None] = []
    seen: dict[str, str] = {}
    for col, value in enumerate(values):
        if _blank(value):
            header.append(None)
            continue
        text = str(value)
        name = header_to_field(kind, text)
        ref = cell_ref(col, line)
        if name is None:
            raise InputError(f"unknown field `{text.strip()}` for {kind}", where=ref, hint=header_hint(kind, text))
        if name in seen:
            raise InputError(f"column `{text.strip()}` repeats field `{name}` (first at {seen[name]})", where=ref)
        seen[name] = ref
        header.append(name)
    return header


def _cell_converter(tp: Any) -> typing.Callable[[Any], Any]:
    """Return a converter for cells of field type ``tp``; the common text cells take a fast path."""
    if tp is str:

        def text(value: Any) -> Any:
            if isinstance(value, str):
                return value.strip()
            return convert_cell(value, str)

        return text
    if typing.get_origin(tp) is typing.Literal:
        choices = frozenset(str(a) for a in typing.get_args(tp))

        def literal(value: Any) -> Any:
            if isinstance(value, str):
                word = value.strip()
                if word in choices:
                    return word
            return convert_cell(value, tp)

        return literal
    if tp is dt.date:

        def date(value: Any) -> Any:
            if isinstance(value, str) and len(value) == 10:
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    pass
            return convert_cell(value, tp)

        return date
    return lambda value: convert_cell(value, tp)


def convert_cell(value: Any, tp: Any) -> Any:
    """Convert a CSV/Excel cell to the field type ``tp``.

    Raises:
        ValueError: With what was expected, for the caller to place.

    >>> convert_cell("2024-05-01", dt.date), convert_cell("是", bool), convert_cell(161.0, int)
    (datetime.date(2024, 5, 1), True, 161)
    """
    text = value.strip() if isinstance(value, str) else value
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        choices = [str(a) for a in typing.get_args(tp)]
        word = str(text)
        word = VALUE_ALIASES.get(word, word)
        if word in choices:
            return word
        if isinstance(text, float) and text.is_integer() and str(int(text)) in choices:
            return str(int(text))
        raise ValueError("one of " + ", ".join(choices))
    if origin is list:
        if not isinstance(text, str):
            text = str(text)
        return [part for part in (p.strip() for p in _split_list(text)) if part]
    if tp is str:
        if isinstance(text, float) and text.is_integer():
            return str(int(text))
        if isinstance(text, dt.datetime | dt.date):
            return text.isoformat()
        return str(text)
    if tp is bool:
        if isinstance(text, bool):
            return text
        word = str(text).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError("true or false (是/否)")
    if tp is int:
        if isinstance(text, bool):
            raise ValueError("an integer")
        if isinstance(text, int):
            return text
        if isinstance(text, float) and text.is_integer():
            return int(text)
        try:
            return int(str(text))
        except ValueError:
            raise ValueError("an integer") from None
    if tp is float:
        if isinstance(text, int | float) and not isinstance(text, bool):
            return float(text)
        try:
            return float(str(text))
        except ValueError:
            raise ValueError("a number") from None
    if tp is dt.date:
        if isinstance(text, dt.datetime):
            return text.date()
        if isinstance(text, dt.date):
            return text
        try:
            return dt.date.fromisoformat(str(text))
        except ValueError:
            raise ValueError("an ISO date (YYYY-MM-DD)") from None
    raise TypeError(f"unsupported field type {tp!r}")


def _split_list(text: str) -> list[str]:
    for sep in ("；", "、", "，", ";"):
        text = text.replace(sep, ",")
    return text.replace("\n", ",").split(",")
