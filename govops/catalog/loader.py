"""Load catalogue tables: built-in YAML in ``catalog/data/`` plus the user's own files.

A catalogue file is a mapping of table name to a list of rows, e.g.
``vendors: [...]`` or ``cpus: [...]``; one user file may extend several tables.
User files come from ``GOVOPS_CATALOG`` (a file or directory, ``:``-separated)
and ``$GOVOPS_HOME/catalog/*.yaml``; a user row whose ``id`` matches a built-in
row replaces it, so users can correct as well as extend.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from govops.config import user_catalog_files
from govops.errors import CatalogError, InputError
from govops.util.compiled import load_documents
from govops.util.schema import build
from govops.util.yamlio import LineDict

DATA_DIR = Path(__file__).parent / "data"


class Row(Protocol):
    """Every catalogue row has a stable id."""

    @property
    def id(self) -> str:
        """Stable identifier of the row."""
        ...


R = TypeVar("R", bound=Row)


def _rows_in(doc: Any, path: Path, table: str) -> Iterable[tuple[Any, str]]:
    if doc is None:
        return []
    if not isinstance(doc, dict):
        raise CatalogError(f"{path}: a catalogue file maps table names to lists of rows")
    rows = doc.get(table) or []
    if not isinstance(rows, list):
        line = doc.line_of(table) if isinstance(doc, LineDict) else 0
        raise CatalogError(f"{path}:{line}: `{table}` must be a list of rows")
    return [(row, str(path)) for row in rows]


def load_table(table: str, cls: type[R], *, builtin: str | None = None, extra: Iterable[Path] = ()) -> list[R]:
    """Load one table from the built-in file, then user files (same ``id`` replaces).

    Args:
        table: Top-level key of the table (``vendors``, ``cpus``, ``os`` ...).
        cls: Dataclass describing one row; unknown fields are errors.
        builtin: Built-in file name in ``catalog/data/`` (default ``<table>.yaml``).
        extra: More files to apply after the user's (tests use this).

    Raises:
        CatalogError: Naming file and line of a bad row or a duplicate id within one file.
    """
    files = [DATA_DIR / (builtin or f"{table}.yaml"), *user_catalog_files(), *extra]
    for path in files:
        if not path.exists():
            if path.parent == DATA_DIR:
                raise CatalogError(f"built-in catalogue file {path} is missing")
            raise CatalogError(f"catalogue file {path} does not exist")

    def rows_of(documents: list[Any]) -> list[R]:
        by_id: dict[str, R] = {}
        for path, doc in zip(files, documents, strict=True):
            seen: set[str] = set()
            for raw, where in _rows_in(doc, path, table):
                try:
                    row = build(cls, raw, where=where)
                except InputError as exc:
                    raise CatalogError(str(exc)) from exc
                if row.id in seen:
                    line = getattr(raw, "line", 0)
                    raise CatalogError(f"{where}:{line}: duplicate id {row.id!r} in table `{table}`")
                seen.add(row.id)
                by_id[row.id] = row
        return list(by_id.values())

    try:
        return load_documents(f"catalog-{table}", files, rows_of)
    except InputError as exc:
        raise CatalogError(str(exc)) from exc
