"""Rendering helpers shared by every command: JSON, tables, messages."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


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


def print_table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Print rows as a table; ``headers`` maps a column to its displayed label."""
    table = Table(title=title, header_style="bold")
    for col in columns:
        table.add_column((headers or {}).get(col, col))
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console.print(table)


def warn(message: str) -> None:
    """Print a warning on stderr."""
    err_console.print(f"[yellow]warning:[/yellow] {escape(message)}", highlight=False)
