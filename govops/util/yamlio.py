"""YAML loading that remembers where each mapping and key came from.

Importers and the catalogue loader both need errors that name ``file:line``;
PyYAML's safe loader forgets positions, so mappings are built as ``LineDict``
(by ``govops.util.yamlpy`` with PyYAML, by ``govops.util.miniyaml`` without).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

from govops.errors import InputError


class LineDict(Dict[str, Any]):  # typing.Dict: the host agent runs this on Python 3.6
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of ``key``, or the mapping's own line when unknown."""
        return self.key_lines.get(key, self.line)


def load_yaml_text(text: str, where: str) -> Any:
    """Parse YAML text into plain data with ``LineDict`` mappings.

    PyYAML's safe loader (``govops.util.yamlpy``) where PyYAML is installed; the
    host-agent zipapp ships none and reads its configs with ``govops.util.miniyaml``.

    Raises:
        InputError: Naming ``where:line:column`` of the syntax error.
    """
    try:
        from govops.util.yamlpy import load_yaml_text as load
    except ImportError:  # the host-agent zipapp: no PyYAML
        from govops.util.miniyaml import load
    return load(text, where)


def load_yaml_file(path: Path) -> Any:
    """Read and parse a UTF-8 YAML file; errors name the file and line."""
    return load_yaml_bytes(read_file_bytes(path), str(path))


def read_file_bytes(path: Path) -> bytes:
    """Read a file whole; an error names it."""
    try:
        with open(path, "rb", buffering=0) as fh:  # unbuffered: one read, no buffer object (170 files a load)
            return fh.readall()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from exc


def load_yaml_bytes(raw: bytes, where: str) -> Any:
    """Parse UTF-8 YAML bytes (a file's content); errors name ``where`` and the line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", where=where, hint="save the file as UTF-8") from exc
    return load_yaml_text(text, where)
