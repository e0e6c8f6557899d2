"""Read an inventory YAML file a row at a time, section by section in the order the import asks for them.

The import takes every file's departments, then every file's rooms, and so on
(``KINDS`` order), so that references resolve against what is already written. A
YAML file is streamed (``govops.util.yamlpy.ListStream``): memory stays flat in its
rows. One pass suffices when a file's sections come in that order (what
``inventory export`` writes) or when the file holds one kind. A file whose sections
come in another order is indexed once (its section names, values skipped) and each
out-of-order section read by a pass of its own.

A kind is looked for only where its name is written in the file: a cheap scan of the
text finds which of the five names occur, so a file of systems is not searched for
departments. A backslash anywhere (a double-quoted key may spell a name with escapes)
makes every kind possible.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from typing import Any

from govops.errors import InputError
from govops.store.inventory.fields import KINDS
from govops.util.hints import did_you_mean
from govops.util.yamlpy import ListStream

TextOpener = Callable[[], typing.IO[str]]
TOP_LEVEL_HINT = "the top level maps kinds to lists of rows, e.g. `devices: [{name: sw-01, kind: switch}]`"
# Characters read per chunk when scanning the text for section names.
SCAN_CHARS = 1 << 20


class _Pass:
    """One reading of the file from its start: the stream, and the section it stands at (``pending``)."""

    def __init__(self, open_text: TextOpener, where: str) -> None:
        self.where = where
        self.fh = open_text()
        self.stream = ListStream(self.fh, where, hint=TOP_LEVEL_HINT)
        self.ordinal = -1  # of ``pending`` among the file's sections
        self.pending: tuple[str, int] | None = None
        try:
            self.next()
            if self.stream.empty:
                raise InputError("empty file (no YAML document)", where=where)
        except BaseException:
            self.close()
            raise

    def next(self) -> None:
        """Move to the next section (reading past the current one's value if it was not read)."""
        self.pending = self.stream.next_section()
        self.ordinal += 1
        if self.pending is None:
            self.close()
            return
        key, line = self.pending
        if key not in KINDS:
            raise InputError(
                f"unknown section `{key}`", where=f"{self.where}:{line}",
                hint=did_you_mean(key, KINDS) or f"sections are {', '.join(KINDS)}",
            )  # fmt: skip

    def rows(self) -> Iterator[tuple[Any, int]]:
        """The rows of the pending section, then move to the next section."""
        assert self.pending is not None
        yield from self.stream.rows(*self.pending)
        self.next()

    def close(self) -> None:
        self.stream.close()
        self.fh.close()


class YamlSections:
    """One inventory YAML file: its rows kind by kind (``rows``), then ``finish`` reads what is left."""

    def __init__(self, where: str, open_text: TextOpener) -> None:
        self.where = where
        self._open_text = open_text
        self._possible = self._kinds_named()
        self._order: list[str] | None = None  # every section, in file order, once an index pass read them
        self._live: _Pass | None = None
        self._read: set[int] = set()  # ordinals of the sections whose rows were handed out

    def rows(self, kind: str) -> Iterator[tuple[Any, int]]:
        """Yield (row, line) of the file's ``kind`` section (nothing if it has none).

        Raises:
            InputError: The file is not YAML, not a mapping of kinds to lists, or a row crosses a limit.
        """
        if kind not in self._possible:
            return
        at = self._pass_at(kind)
        if at is None:
            return
        self._read.add(at.ordinal)
        yield from at.rows()

    def finish(self) -> None:
        """Read the rest of the file (its end, a second document, an unknown section) and close it.

        Raises:
            InputError: For what the rest holds that is not allowed.
        """
        at = self._live or _Pass(self._open_text, self.where)
        self._live = None
        try:
            while at.pending is not None:
                if at.ordinal not in self._read:  # pragma: no cover - the name scan found every section
                    raise RuntimeError(f"{self.where}: section `{at.pending[0]}` was never read")
                at.next()
        finally:
            at.close()

    def _pass_at(self, kind: str) -> _Pass | None:
        """A pass standing at the section of ``kind``: the live one when it is there or ahead of it."""
        live = self._live or _Pass(self._open_text, self.where)
        self._live = live
        if live.pending is not None and live.pending[0] == kind:
            return live
        if self._order is None:
            self._order = self._index()
        if kind not in self._order:
            return None
        target = self._order.index(kind)
        if live.pending is None or live.ordinal > target:
            live.close()
            live = self._live = _Pass(self._open_text, self.where)
        while live.ordinal < target:
            live.next()
        return live

    def _index(self) -> list[str]:
        """Every section name, in file order (their values skipped, not built)."""
        names: list[str] = []
        at = _Pass(self._open_text, self.where)
        try:
            while at.pending is not None:
                names.append(at.pending[0])
                at.next()
        finally:
            at.close()
        return names

    def _kinds_named(self) -> set[str]:
        """The kinds whose names occur in the text (every kind if it holds a backslash)."""
        found: set[str] = set()
        tail = ""
        keep = max(map(len, KINDS)) - 1
        with self._open_text() as fh:
            while chunk := fh.read(SCAN_CHARS):
                text = tail + chunk
                if "\\" in text:
                    return set(KINDS)
                found.update(kind for kind in KINDS if kind in text)
                tail = text[-keep:]
        return found
