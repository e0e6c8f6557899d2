"""Read inventory files (YAML, CSV, Excel) into raw records that know where they came from.

Readers only parse and convert cell text to typed values; validation against the
canonical rows, references and duplicates is the importer's job. Every error
names the file and the line, or the row and column (``book.xlsx[设备]!F7``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import typing
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govops.errors import InputError, Place, Problem
from govops.store.inventory.fields import KINDS, kind_of_name
from govops.store.inventory.ledger import CellRef, Note, Table, read_table, records_data
from govops.store.inventory.yaml_sections import TextOpener, YamlSections
from govops.util.hints import did_you_mean
from govops.util.limits import (
    MAX_FILE_MB,
    XLSX_MAX_UNCOMPRESSED_BYTES,
    shown,
    spreadsheet_text,
)
from govops.util.yamlio import LineDict
from govops.vocab import kind_in_name

# 100,000 devices in YAML flow style or CSV stay well below this; a larger file is
# almost always a mistake (a database dump, a log) and would take minutes and gigabytes.
DEFAULT_MAX_MB = MAX_FILE_MB
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}

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
    cell_ref: CellRef | None = None
    # Fields whose cells were refused while reading (each already a problem).
    failed: frozenset[str] = frozenset()

    def place(self, fieldname: str | None = None) -> Place:
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
                return Place.at(self.where, self.data.line_of(top))
        return Place.at(self.where, self.line)


@dataclass
class ReadResult:
    """What reading every file found: records by kind, and notes for the user (an encoding guessed, a file skipped).

    Records are handed out kind by kind (``records``); a CSV file's rows are read as they are
    handed out, so the problems and notes of its cells are complete only after ``finish``.
    """

    notes: list[str] = field(default_factory=list)
    # Where each kind's records came from, per workbook: names a missing sheet in errors.
    sheets: dict[str, list[str]] = field(default_factory=dict)
    # Every bad cell, header or sheet found while reading; the importer adds its own and reports them all.
    problems: list[Problem] = field(default_factory=list)
    # What was skipped or assumed (title, section, total rows ...), for --explain.
    explained: list[str] = field(default_factory=list)
    # Each file's (or sheet's) records of one kind, in the order read.
    parts: list[tuple[str, Iterable[Record]]] = field(default_factory=list)
    # Bytes of every file read: a large import reads and checks its rows in a second process.
    size: int = 0
    # Reads the same files again from the start (to place an error found after their rows were dropped).
    reread: typing.Callable[[], ReadResult] | None = None
    # Tables whose problems and notes are gathered by ``finish``, with where they go in the lists above.
    _tables: list[tuple[Table, int, int, int]] = field(default_factory=list)
    # YAML files streamed kind by kind: ``finish`` reads what is left of each (its end) and closes it.
    _yaml_files: list[YamlSections] = field(default_factory=list)
    # Each file's (and sheet's) place in the order read: problems are listed in it (``in_order``).
    _files: dict[str, int] = field(default_factory=dict)

    def in_order(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems by file, in the order the files (and a workbook's sheets) were read, then by row and column;
        a place naming no row (a sheet's header) or no column (a row) first. Stable: a cell's problems keep the order
        they were found in."""

        def key(problem: Problem) -> tuple[int, str, int, int]:
            column = -1 if problem.column is None else problem.column
            return self._files.get(problem.file, len(self._files)), problem.file, problem.row, column

        return sorted(problems, key=key)

    def add_records(self, kind: str, records: Iterable[Record]) -> None:
        """Take the records of one kind from one file."""
        self.parts.append((kind, records))

    def add_table(self, table: Table, where: str, cell_ref: CellRef) -> None:
        """Take one sheet's rows; its problems and notes join the lists at this place on ``finish``."""
        self._tables.append((table, len(self.problems), len(self.notes), len(self.explained)))
        self._files.setdefault(where, len(self._files))
        if table.kind is None:
            return
        kind = table.kind
        self.add_records(kind, (
            Record(kind=kind, data=data, where=where, line=line, columns=table.columns, cell_ref=cell_ref,
                   failed=table.failed.get(line, frozenset()))
            for line, data in records_data(table)
        ))  # fmt: skip

    def add_yaml(self, path: Path, open_text: TextOpener) -> None:
        """Take one YAML file: its rows of each kind are read when that kind is asked for."""
        sections = YamlSections(str(path), open_text)
        self._files.setdefault(str(path), len(self._files))
        self._yaml_files.append(sections)
        for kind in KINDS:
            self.add_records(kind, _yaml_records(sections, kind, str(path)))

    def records(self, kind: str) -> Iterator[Record]:
        """Yield every record of ``kind``, file by file in the order given (each part once)."""
        for part_kind, records in self.parts:
            if part_kind == kind:
                yield from records

    def every_record(self) -> list[Record]:
        """Read every record of every kind, file by file, and ``finish`` (for checks and tests: it holds them all)."""
        out = [rec for _, records in self.parts for rec in records]
        self.finish()
        return out

    def finish(self) -> None:
        """Gather the problems and notes of every table, in file order (call once every record was read).

        Raises:
            InputError: What is left of a YAML file is not allowed (a second document, an unknown section).
        """
        for table, problems_at, notes_at, explained_at in reversed(self._tables):
            self.problems[problems_at:problems_at] = table.problems
            self.notes[notes_at:notes_at] = [str(n) for n in table.notes if n.always]
            self.explained[explained_at:explained_at] = [str(n) for n in table.notes if not n.always]
        self._tables = []
        yaml_files, self._yaml_files = self._yaml_files, []
        for sections in yaml_files:
            sections.finish()


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
    strict: bool = False,
) -> ReadResult:
    """Read every inventory file under ``paths``.

    Args:
        paths: Files or directories.
        kind: The kind of every CSV file (else taken from each file's name).
        encoding: Force the text encoding of CSV files (else UTF-8, UTF-16 with BOM or GBK, detected).
        max_mb: Largest file accepted, in megabytes.
        strict: Make an unknown CSV/Excel column a problem instead of a note.

    Cell, header and sheet problems are collected in ``ReadResult.problems``. CSV and YAML files
    are read as their rows are taken (``ReadResult.records``), a row at a time.

    Raises:
        InputError: For a file that cannot be read at all (missing, too large, not a workbook, undecodable).
    """
    paths = list(paths)
    result = ReadResult()
    result.reread = lambda: read_paths(paths, kind=kind, encoding=encoding, max_mb=max_mb, strict=strict)
    for path in expand_paths(paths):
        result.size += _check_size(path, max_mb)
        fmt = SUFFIXES[path.suffix.lower()]
        if fmt == "yaml":
            result.add_yaml(path, _text_opener(path, result.notes))
        elif fmt == "csv":
            _read_csv(path, kind, encoding, result, strict)
        else:
            _read_xlsx(path, result, strict)
    return result


def _check_size(path: Path, max_mb: float) -> int:
    """Return the file's size once it is within the limit and not empty."""
    size = path.stat().st_size
    if size > max_mb * 1_000_000:
        raise InputError(
            f"file is {size / 1_000_000:.1f} MB, larger than the {max_mb:g} MB limit for one file",
            where=str(path),
            hint="split it into several files (a directory is fine) or raise the limit with --max-file-mb",
        )
    if size == 0:
        raise InputError("empty file", where=str(path), hint="an inventory file needs at least one row")
    return size


def _yaml_records(sections: YamlSections, kind: str, where: str) -> Iterator[Record]:
    for row, line in sections.rows(kind):
        if not isinstance(row, LineDict):
            raise InputError(f"each row of `{kind}` must be a mapping, got {shown(row)}", where=f"{where}:{line}")
        yield Record(kind=kind, data=row, where=where, line=row.line)


def _text_opener(path: Path, notes: list[str]) -> TextOpener:
    """Open the file as text again each time it is read: its encoding found once, as for CSV (``_open_text``).

    YAML files take no forced encoding (``--encoding`` is for CSV), as always.
    """
    fh = _open_text(path, None, notes)
    if isinstance(fh, io.StringIO):  # not UTF-8 throughout: decoded whole
        text = fh.getvalue()
        return lambda: io.StringIO(text, newline="")
    fh.close()
    encoding = typing.cast(io.TextIOWrapper, fh).encoding
    return lambda: path.open(encoding=encoding, newline="")


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
    mixed = _decode_mixed_lines(raw, where, notes)
    if mixed is not None:
        return mixed
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


def _decode_mixed_lines(raw: bytes, where: str, notes: list[str]) -> str | None:
    """Decode a file whose lines mix UTF-8 and GBK (rows pasted from two sources) line by line.

    Returns None when no line is non-ASCII UTF-8, i.e. the file is plain GBK. A newline byte
    never occurs inside a GBK or UTF-8 character, so each line decodes on its own.
    """
    lines = raw.split(b"\n")
    utf8_rows = [i for i, line in enumerate(lines, 1) if not line.isascii() and _is_utf8(line)]
    if not utf8_rows:
        return None
    gbk_rows: list[int] = []
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        if _is_utf8(line):
            out.append(line.decode("utf-8"))
            continue
        try:
            out.append(line.decode("gb18030"))
        except UnicodeDecodeError:
            raise InputError("line is neither UTF-8 nor GBK/GB18030 text", where=f"{where}:{number}",
                             hint="save the file as UTF-8, or name its encoding with --encoding") from None
        gbk_rows.append(number)
    shown_rows = ", ".join(map(str, gbk_rows[:10])) + (" ..." if len(gbk_rows) > 10 else "")
    notes.append(f"{where}: lines mix encodings; lines {shown_rows} decoded as GBK (GB18030), the rest as UTF-8")
    return "\n".join(out)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read_csv(path: Path, kind: str | None, encoding: str | None, result: ReadResult, strict: bool) -> None:
    """Find the kind and header of a CSV file now; its rows are read as the importer takes them."""
    kind = kind or kind_of_name(path.stem)
    fh = _open_text(path, encoding, result.notes)
    try:
        if _blank(fh):
            raise InputError("empty file", where=str(path))
        first = fh.readline()
        fh.seek(0)
    except UnicodeDecodeError as exc:
        fh.close()
        raise InputError(f"cannot decode as {encoding}: {exc}", where=str(path)) from None
    except BaseException:
        fh.close()
        raise
    delimiter = max((",", "\t", ";"), key=first.count)
    rows = _csv_rows(fh, delimiter, str(path), encoding)
    cell_ref = CsvCell(str(path))
    table = read_table(rows, kind=kind, where=str(path), cell_ref=cell_ref, strict=strict,
                       prefer=kind_in_name(path.stem))
    if table.kind is None:
        rows.close()
        raise InputError(
            "cannot tell which kind of rows this CSV holds from its name or its header",
            where=str(path),
            hint=f"name it after the kind ({', '.join(KINDS)}, or 设备/机房/部门/链路/业务系统) or pass --kind",
        )
    result.add_table(table, str(path), cell_ref)


# Bytes checked (and text skipped) per read where a file is scanned without being held.
SCAN_CHUNK = 1 << 20


def _open_text(path: Path, encoding: str | None, notes: list[str]) -> typing.TextIO:
    """Open a CSV file as text to stream it; a file that is not UTF-8 (GBK, mixed lines) is decoded whole.

    Which encoding is detected exactly as ``_decode`` does: a forced one, a BOM, UTF-8 throughout
    (checked in chunks, nothing kept), else the whole-file fallbacks.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}", where=str(path)) from exc
        return path.open(encoding=encoding, newline="")
    with path.open("rb") as raw:
        head = raw.read(3)
        if head.startswith(b"\xef\xbb\xbf"):
            return path.open(encoding="utf-8-sig", newline="")
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return path.open(encoding="utf-16", newline="")
        raw.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := raw.read(SCAN_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return io.StringIO(_decode(path.read_bytes(), str(path), None, notes), newline="")
    return path.open(encoding="utf-8", newline="")


def _blank(fh: typing.TextIO) -> bool:
    """Whether the text holds nothing but white space (read in chunks, then rewound)."""
    try:
        while chunk := fh.read(SCAN_CHUNK):
            if chunk.strip():
                return False
        return True
    finally:
        fh.seek(0)


def _csv_rows(
    fh: typing.TextIO, delimiter: str, where: str, encoding: str | None
) -> Generator[tuple[int, list[str]], None, None]:
    """Yield (line, cells) and close the file; a line the csv module cannot split is an error naming it."""
    with fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for row in reader:
                # Exports quote cells that a spreadsheet would run as formulas; the quote is not data.
                yield reader.line_num, [cell if cell[:1] != "'" else spreadsheet_text(cell) for cell in row]
        except csv.Error as exc:
            raise InputError(f"not readable as CSV: {exc}", where=f"{where}:{reader.line_num}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}", where=f"{where}:{reader.line_num + 1}") from None


@dataclass(frozen=True)
class CsvCell:
    """Names a cell of a CSV file (a plain object, not a closure: records cross to the parent pickled)."""

    path: str

    def __call__(self, col: int, line: int) -> Place:
        return Place(self.path, line, col)


@dataclass(frozen=True)
class ExcelCell:
    """Names a cell of a worksheet: ``book.xlsx[设备]!F7``."""

    where: str

    def __call__(self, col: int, line: int) -> Place:
        return Place(self.where, line, col, sheet=True)


def open_workbook(path: Path) -> Any:
    """Open a workbook read-only once its inflated size is measured within the limit.

    Raises:
        InputError: The file is not a workbook, or inflates beyond ``XLSX_MAX_UNCOMPRESSED_BYTES``.
    """
    from openpyxl import load_workbook

    _check_inflation(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken workbook
        raise InputError(f"not a readable Excel workbook: {shown(str(exc))}", where=str(path)) from exc


def worksheet_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row number, values) of every row there is: a wrong ``<dimension>`` must not cut it short."""
    sheet.reset_dimensions()
    return ((i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), start=1))


def _read_xlsx(path: Path, result: ReadResult, strict: bool) -> None:
    book = open_workbook(path)
    try:
        found: list[str] = []
        for sheet in book.worksheets:
            where = f"{path}[{sheet.title}]"
            ref = ExcelCell(where)
            table = read_table(worksheet_rows(sheet), kind=kind_of_name(sheet.title), where=where, cell_ref=ref,
                               strict=strict, prefer=kind_in_name(sheet.title),
                               merged=merged_ranges(path, sheet))  # fmt: skip
            table.rows = list(table.rows)  # read before the workbook closes (its size is bounded on opening)
            if table.kind is not None:
                found.append(table.kind)
            elif not table.notes:
                table.notes.append(Note(where, "sheet ignored", always=True))
            result.add_table(table, where, ref)
        result.sheets[str(path)] = found
        if not found:
            names = ", ".join(f"`{s.title}`" for s in book.worksheets)
            hints = [h for h in (did_you_mean(s.title, list(KINDS)) for s in book.worksheets) if h]
            raise InputError(
                f"no sheet of the workbook holds inventory rows (sheets: {names})",
                where=str(path),
                hint=hints[0] if hints else "name each sheet after its kind: departments/部门, rooms/机房, "
                "devices/设备, links/链路, systems/业务系统, or give it a header row naming their fields",
            )
    finally:
        book.close()


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def merged_ranges(path: Path, sheet: Any) -> list[tuple[int, int, int, int]]:
    """Return the sheet's merged ranges as (first column, first row, last column, last row), 0-based columns.

    Read-only worksheets do not parse ``<mergeCells>``; a 台账 merges a room or department over the
    rows of its devices, so the reader needs them to fill those rows.
    """
    import zipfile

    member = getattr(sheet, "_worksheet_path", None)
    if not member:
        return []
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(member)
    out = []
    for c1, r1, c2, r2 in _MERGE_CELL.findall(xml[xml.rfind(b"</sheetData>") :]):
        out.append((_column_index(c1.decode()), int(r1), _column_index(c2.decode()), int(r2)))
    return out


def _column_index(letters: str) -> int:
    """Return the 0-based index of an Excel column name.

    >>> _column_index("A"), _column_index("AB")
    (0, 27)
    """
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _check_inflation(path: Path) -> None:
    """Refuse a workbook that inflates beyond the limit, measured by decompressing it (not its directory)."""
    import zipfile
    import zlib

    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > XLSX_MAX_UNCOMPRESSED_BYTES:
                            raise InputError(
                                f"the workbook inflates to more than {XLSX_MAX_UNCOMPRESSED_BYTES // 1_000_000} MB "
                                f"(at {info.filename})", where=str(path),
                                hint="a ledger this large is probably not a ledger; split it or export CSV",
                            )
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise InputError(f"not a readable Excel workbook: {exc}", where=str(path)) from exc
