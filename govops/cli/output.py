"""Rendering helpers shared by every command: JSON, tables, messages."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from govops.discovery.summary import DiscoverySummary


def plain_console(**options: Any) -> Console:
    """A console that prints every string as it is: no markup, no `:emoji:` codes, no highlighting.

    The one printing place for ledger, device and user text: a department `[bold]x[/]`, a device `[red`
    or a note `:smile:` is printed as written (escaping at each call site missed some, and `escape` leaves
    emoji codes alone). Styled words are ``rich.text.Text`` with a style.
    """
    return Console(markup=False, emoji=False, highlight=False, **options)


console = plain_console()
err_console = plain_console(stderr=True)


def _default(obj: object) -> object:
    if isinstance(obj, dt.datetime | dt.date):
        return obj.isoformat()
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def to_json(data: Any) -> str:
    """Serialise ``data`` as UTF-8 JSON (Chinese kept readable), dates as ISO strings."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout, bypassing rich markup."""
    sys.stdout.write(to_json(data) + "\n")
    sys.stdout.flush()


def write_json_array(rows: Iterable[Any]) -> None:
    """Write a JSON array on stdout with one compact row per line, as the rows come (nothing is held).

    Rows are written a thousand at a time; no newline after the closing bracket.
    """
    encode = json.JSONEncoder(ensure_ascii=False, default=_default).encode
    out = sys.stdout
    lead, chunk = "[\n", []
    for row in rows:
        chunk.append(encode(row))
        if len(chunk) == 1000:
            out.write(lead + ",\n".join(chunk))
            lead, chunk = ",\n", []
    if chunk:
        out.write(lead + ",\n".join(chunk))
        lead = ",\n"
    out.write("[]" if lead == "[\n" else "\n]")


def print_json_rows(rows: Iterable[Any]) -> None:
    """Print a JSON array of ``rows`` as they come (``inventory list --json`` over 1,000,000 devices)."""
    write_json_array(rows)
    sys.stdout.write("\n")
    sys.stdout.flush()


def print_table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
    keep: Sequence[str] = (),
    give_way: Sequence[str] = (),
    whole: Sequence[str] = (),
    readable: int | None = None,
) -> None:
    """Print rows as a table, each column headed as ``field_headers`` heads it (``labels``: a column's own Chinese
    label, where the vocabulary's does not fit this table).

    On a terminal too narrow for every column the rightmost go first, except those in ``keep``, which go last, the
    first of them kept longest, and those in ``give_way``, which go before any other. A column in ``whole`` is never
    folded on a terminal (an address naming the row: `[2001:db8:1234:5678::a:101]:16100` broken after `161`
    read as port 161). ``readable``: the least a column of words is given before columns are hidden, where
    every column is a short name (``fit.READABLE`` by default).

    A value too long for its column is folded onto the next line, never cut with an ellipsis: a rule id,
    a device or a Chinese system name is what the reader acts on (as report tables do). On a narrow terminal the
    rightmost columns are hidden and named in a footer; off a terminal no row is folded (``govops.cli.fit``).
    """
    table = Table(title=title, header_style="bold")
    for column, header in field_headers(columns, labels).items():
        table.add_column(header, overflow="fold", no_wrap=column in whole)
    for row in rows:
        # Plain text, never rich markup: an IPv6 target `[fd00::a:1]:161` read as a tag vanished, `:a:` became an emoji.
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    from govops.cli.fit import READABLE, print_fitted

    ranks = [len(keep) - keep.index(c) if c in keep else -1 if c in give_way else 0 for c in columns]
    print_fitted(console, table, ranks=ranks, readable=readable or READABLE)


def field_headers(columns: Sequence[str], own: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each column's header, in the one style of every table: a Chinese label, then the column's name (the word
    --json uses). The label is the column's own (``own``), else the vocabulary's (``vocab.column_label``: an
    inventory field's, or a command-line column's); a column neither knows keeps its name alone.

    >>> field_headers(["kind", "domestic", "ifs", "pue", "zzz"], {"ifs": "接口"})
    {'kind': '类型 kind', 'domestic': '国产化 domestic', 'ifs': '接口 ifs', 'pue': 'PUE', 'zzz': 'zzz'}
    """
    from govops.vocab import column_label, with_label

    return {c: with_label((own or {}).get(c) or column_label(c), c) for c in columns}


def os_label(name: str | None, version: str | None) -> str | None:
    """The OS as shown: name and version, the name once when the version already states it.

    >>> os_label("AOS", "AOS v6.8.2"), os_label("VRP", "5.170"), os_label(None, "7.1"), os_label("IOS", None)
    ('AOS v6.8.2', 'VRP 5.170', '7.1', 'IOS')
    >>> os_label("AOS", "AOSX 1"), os_label(None, None)
    ('AOS AOSX 1', None)
    """
    if name and version and re.match(re.escape(name) + r"(?!\w)", version, re.IGNORECASE):
        return version
    return " ".join(x for x in (name, version) if x) or None


def report_check(lines: list[str], skipped: Sequence[tuple[str, str]], total: str, problems: list[str]) -> None:
    """What an agent's ``--check`` prints: one line per target, the skips, a total; exit 2 on any problem.

    Raises:
        typer.Exit: With code 2 when ``problems`` is not empty (each printed on stderr).
    """
    import typer

    for line in lines:
        typer.echo(line)
    for name, why in skipped:
        typer.echo(f"{name}\tskipped: {why}")
    typer.echo(total)
    for problem in group_problems(problems):
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(2)


_PER_DEVICE = re.compile(r"^((?:room \S+: )?(?:device|target) )(\S+): (.*)$")


def group_problems(problems: list[str], shown_names: int = 5, min_group: int = 4) -> list[str]:
    """One line per distinct problem: the same one on 315 targets is one line naming a few of them
    (fewer than ``min_group`` stay one line each)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for problem in problems:
        m = _PER_DEVICE.match(problem)
        groups.setdefault(m.group(3) if m else problem, []).append((m.group(2) if m else "", problem))
    out = []
    for key, members in groups.items():
        if len(members) < min_group:
            out += [original for _, original in members]
            continue
        names = [name for name, _ in members]
        more = f" and {len(names) - shown_names} more" if len(names) > shown_names else ""
        out.append(f"{key} ({len(names)} devices: {', '.join(names[:shown_names])}{more})")
    return out


def failure_lines(failures: Iterable[tuple[str, str, str]]) -> list[str]:
    """The lines a discovery writes on stderr for its failed targets, each (target, kind, message):
    ``target NAME: KIND: MESSAGE``, the same failure of many targets (a sweep's silent addresses) one line naming a
    few of them. Its table on stdout lists only the targets that answered: 200 rows of empty cells would bury the
    devices found, and the summary line counts the rest."""
    return group_problems([f"target {name}: {kind}: {message}" for name, kind, message in failures])


def warn(message: str) -> None:
    """Print a warning on stderr, unwrapped: a message naming a file and line stays one greppable line."""
    err_console.print(Text.assemble(("warning:", "yellow"), " ", message), soft_wrap=True)


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr when it is a terminal (nothing otherwise); yields ``advance()``.

    Only stderr is drawn on, so ``--json`` output on stdout stays exactly the document.
    """
    if not err_console.is_terminal or total < 2:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as bar:  # fmt: skip
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


@contextmanager
def out_errors(where: str = "--out") -> Iterator[None]:
    """An OSError writing what ``--out`` names becomes a usage error naming the file, not a traceback.

    A directory given where a file goes, a file where a directory goes, a full disk or a read-only place.

    Raises:
        InputError: Naming the path and the system's reason.
    """
    try:
        yield
    except OSError as exc:
        from govops.errors import InputError

        # os.replace names the temporary file first and the target second: the target is what was asked for.
        path = exc.filename2 or exc.filename
        hint = None
        if isinstance(exc, IsADirectoryError):
            hint = "this format writes one file: name the file, not a directory"
        elif isinstance(exc, FileExistsError | NotADirectoryError):
            hint = "this format writes a directory of files: a file is in the way"
        raise InputError(f"cannot write {path}: {exc.strerror or exc}", where=where, hint=hint) from exc


def out_path(path: Path) -> Path:
    """``--out PATH`` with ``~`` expanded, in a directory that exists (a mistyped one is not created).

    Raises:
        InputError: Naming the missing directory.
    """
    path = path.expanduser()
    if not path.parent.is_dir():
        from govops.errors import InputError

        raise InputError(f"directory {path.parent} does not exist", where="--out")
    return path


def refuse_without_targets(options: Mapping[str, object], stored: str, chosen: Sequence[str] = ()) -> None:
    """Refuse options that set the access of TARGETs when none is given (``options``: flag -> value or None).

    Without TARGET the store devices ``chosen`` by ``--device`` (none chosen: every store device) are asked with their
    own ``stored`` access, so the options would be ignored without a word (``discover snmp --snmp-version 3`` ran v2c
    on every device and exited 0). The hint says which devices a run without the options would ask.

    Raises:
        InputError: Naming the options given.
    """
    given = [flag for flag, value in options.items() if value is not None]
    if given:
        from govops.errors import InputError

        who = (f"only the store devices --device chooses ({', '.join(chosen)}) are asked with their" if chosen
               else "every store device is asked with its")
        raise InputError(f"{', '.join(given)} given without a TARGET", where="command line",
                         hint=f"they set the access of the TARGETs named; without TARGET {who} own stored {stored} "
                         "access")


def print_summary(summary: DiscoverySummary) -> None:
    """The run's summary line and its skips grouped by reason, on stderr (stdout may be JSON)."""
    err_console.print(summary.summary_line(), soft_wrap=True)
    for line in summary.skip_lines():
        err_console.print(line, soft_wrap=True)
