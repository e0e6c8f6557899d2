"""The one exception hierarchy of govops.

Every error a user can act on is a ``GovopsError``; the CLI maps it to a message
and an exit code (2: bad usage or input, the default). Library exceptions are
wrapped at the boundary with ``raise ... from``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class GovopsError(Exception):
    """Base of all errors govops reports to a user."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class ConfigError(GovopsError):
    """A configuration file, flag or environment variable is wrong."""


class InputError(GovopsError):
    """User-supplied data (an import file, a captured output) is wrong.

    ``where`` names the place: a ``Place`` in an input file, or text (a flag, a device, ``file:line``).
    """

    def __init__(self, message: str, *, where: str | Place | None = None, hint: str | None = None) -> None:
        super().__init__(f"{where}: {message}" if where else message, hint=hint)
        self.where = where
        self.detail = message  # the message without the place, for a caller that adds to it


class StoreError(GovopsError):
    """The inventory store cannot be opened, migrated or written."""


class CatalogError(GovopsError):
    """The classification catalogue (built-in or user file) is inconsistent."""


class DeviceError(GovopsError):
    """Talking to a device failed; ``device`` names it."""

    def __init__(self, message: str, *, device: str | None = None, hint: str | None = None) -> None:
        super().__init__(f"{device}: {message}" if device else message, hint=hint)
        self.device = device


class DeviceUnreachable(DeviceError):
    """The device did not answer within its deadline."""


class HostNotFound(DeviceUnreachable):
    """The device's host name does not resolve: nothing was sent (a typo, not a silent device)."""


class AuthenticationFailed(DeviceError):
    """The device refused the credentials."""


class ParseError(GovopsError):
    """Output of a device could not be parsed; names platform, command and template."""

    def __init__(
        self,
        message: str,
        *,
        platform: str | None = None,
        command: str | None = None,
        template: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = " ".join(
            part
            for part in (
                f"platform={platform}" if platform else "",
                f"command={command!r}" if command else "",
                f"template={template}" if template else "",
            )
            if part
        )
        super().__init__(f"{message} ({where})" if where else message, hint=hint)
        self.platform = platform
        self.command = command
        self.template = template


def column_letter(index: int) -> str:
    """A spreadsheet's name of a 0-based column.

    >>> column_letter(0), column_letter(27)
    ('A', 'AB')
    """
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


@dataclass(frozen=True)
class Place:
    """A place in an input: its file (a workbook's sheet is a file of its own, ``book.xlsx[设备]``), its row (0:
    none) and its column (0-based, None: none), so problems are sorted by file and row, never by reading a text back.
    Written one way (``str``): the file alone, ``a.csv:9``, ``a.csv:9 column C``, or a worksheet's cell as the
    spreadsheet names it, ``book.xlsx[设备]!F7``.

    >>> [str(p) for p in (Place("a.csv"), Place("a.csv", 9), Place("a.csv", 9, 2))]
    ['a.csv', 'a.csv:9', 'a.csv:9 column C']
    >>> str(Place("b.xlsx[设备]", 7, 5, sheet=True)), str(Place("b.xlsx[设备]", 7, sheet=True))
    ('b.xlsx[设备]!F7', 'b.xlsx[设备]:7')
    """

    file: str
    row: int = 0
    column: int | None = None
    sheet: bool = False  # a worksheet's place: a cell is written as the spreadsheet names it

    @classmethod
    def at(cls, file: str, row: int | None) -> Place:
        """``file:row``, or the file alone when there is no row."""
        return cls(file, row or 0)

    def __str__(self) -> str:
        if self.column is not None and self.row:
            letter = column_letter(self.column)
            return f"{self.file}!{letter}{self.row}" if self.sheet else f"{self.file}:{self.row} column {letter}"
        return f"{self.file}:{self.row}" if self.row else self.file


# What every importer and loader says of a value its field does not take (``BadValue``, a ledger cell's ``Problem``).
NOT_UNDERSTOOD = "not understood"


def one_of_words(words: Iterable[object]) -> str:
    """What a field of fixed words accepts, the one way it is said: ``one of primary, backup, (empty)``; an allowed
    empty value is named, as a bare trailing comma reads as a list cut short."""
    return "one of " + ", ".join(str(w) if w != "" else "(empty)" for w in words)


def _described(field: str | None, message: str, value: str | None, expected: str | None, hint: str | None) -> str:
    """A problem's words after its place, one way for every input: ``field `racks`: not understood, got 'abc'
    (accepted: an integer)``."""
    text = f"field `{field}`: " if field else ""
    text += message
    if value is not None:
        text += f", got {value!r}"
    said = [f"accepted: {expected}" if expected else None, hint]
    if any(said):
        text += f" ({'; '.join(x for x in said if x)})"
    return text


class Problem:
    """One thing wrong in an input, placed (``book.xlsx[设备]!F7``) and explained: collected, then reported together.

    ``where`` is the place as written; ``file``, ``row`` and ``column`` are the ``Place``'s, which the problems are
    sorted by.
    ``expected`` is what is accepted; ``hint`` a guess at what was meant (did you mean ...?), never printed as accepted.
    """

    __slots__ = ("column", "expected", "field", "file", "hint", "message", "row", "value", "where")

    def __init__(
        self,
        place: Place,
        message: str,
        *,
        field: str | None = None,
        value: object = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.where = str(place)
        self.file, self.row, self.column = place.file, place.row, place.column
        self.message = message
        self.field = field
        self.value = None if value is None else str(value)
        self.expected = expected
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.where}: {_described(self.field, self.message, self.value, self.expected, self.hint)}"

    def as_dict(self) -> dict[str, str | None]:
        """Return the problem as a JSON-ready mapping."""
        return {"where": self.where, "field": self.field, "value": self.value, "message": self.message,
                "expected": self.expected, "hint": self.hint}  # fmt: skip


class BadValue(InputError):
    """A value its field does not take (``value``: its text as shown, None where the check does not quote it;
    ``expected``: what the field takes), worded as a ledger cell's ``Problem``, whichever reader found it:
    ``f.yaml:3: field `ports`: not understood, got 'many' (accepted: an integer)``.
    """

    def __init__(
        self, field: str, value: str | None, expected: str, *, where: str | Place, hint: str | None = None
    ) -> None:
        super().__init__(_described(field, NOT_UNDERSTOOD, value, expected, None), where=where, hint=hint)
        self.field, self.value, self.expected = field, value, expected

    def problem(self, place: Place) -> Problem:
        """The problem an importer collects for it, at ``place``."""
        return Problem(place, NOT_UNDERSTOOD, field=self.field, value=self.value, expected=self.expected,
                       hint=self.hint)  # fmt: skip


class BadValues(InputError):
    """Every ``BadValue`` of one row (two or more), so a row's bad fields are told at once, each its own problem."""

    def __init__(self, each: list[BadValue]) -> None:
        super().__init__("\n".join(str(bad) for bad in each))
        self.each = each


class InputProblems(InputError):
    """Every problem found in one pass over an input; nothing was written."""

    def __init__(self, problems: list[Problem], *, hint: str | None = None) -> None:
        self.problems = problems
        lines = "\n  ".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s), nothing was written:\n  {lines}", hint=hint)
