"""A small YAML reader for the host agent where PyYAML is not available (the zipapp ships none).

It reads the YAML that agent configs, web configs and the catalogue tables are
written in, with the results PyYAML's safe loader gives (``tests/unit/util/
test_miniyaml.py`` holds the two equal on every shipped file and on the cases
below), and refuses everything else with an error naming ``file:line:column``:

- block mappings and sequences (a sequence may sit at its key's indentation),
  ``- key: value`` items, comments, an optional leading ``---``;
- flow mappings and sequences, also spread over several lines;
- plain scalars resolved as YAML 1.1 does (null ``~``, booleans ``true/yes/on``,
  integers, floats; dates stay strings as ``govops.util.yamlio`` keeps them),
  single- and double-quoted strings with their escapes.

Not supported (refused, never guessed): anchors, aliases, tags, block scalars
(``|``, ``>``), multi-line plain scalars, complex keys, several documents.
Mappings are ``LineDict`` (line of the mapping and of each key); duplicate keys
and nesting deeper than ``YAML_MAX_DEPTH`` are errors.
"""

from __future__ import annotations

import re
from typing import Any

from govops.errors import InputError
from govops.util.limits import INT64_MAX, YAML_MAX_DEPTH
from govops.util.yamlio import LineDict

# YAML 1.1 resolvers, as PyYAML's SafeLoader has them (timestamps excluded, see yamlio).
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_TRUE = re.compile(r"^(?:yes|Yes|YES|true|True|TRUE|on|On|ON|y|Y)$")
_BOOL_FALSE = re.compile(r"^(?:no|No|NO|false|False|FALSE|off|Off|OFF|n|N)$")
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                  r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029"}
_HEX_LEN = {"x": 2, "u": 4, "U": 8}
# Bare YAML 1.1 booleans PyYAML also reads as bool: y/n are not in its resolver, keep them strings.
_PYYAML_BOOL_EXCLUDED = ("y", "Y", "n", "N")


class _Error(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


class _BeyondInt64(ValueError):
    """An integer beyond 64 bits (``INT64_MAX``), as the main YAML loader refuses it; the caller names the place."""


# Digits (leading zeros aside) that any base read here fits into 64 bits with: more is refused before conversion,
# which past 4,300 decimal digits raises on Python 3.11+ and is quadratic on older ones.
_INT_MAX_DIGITS = 64


def _within_int64(value: int) -> int:
    if not -INT64_MAX - 1 <= value <= INT64_MAX:
        raise _BeyondInt64
    return value


def _digits(t: str, base: int) -> int:
    if len(t.lstrip("0")) > _INT_MAX_DIGITS:
        raise _BeyondInt64
    return int(t, base)


def _int(text: str) -> int:
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if ":" in t:
        value = 0
        for part in t.split(":"):
            value = _within_int64(value * 60 + _digits(part, 10))
        return _within_int64(sign * value)
    if t.startswith("0b"):
        return _within_int64(sign * _digits(t[2:], 2))
    if t.startswith("0x"):
        return _within_int64(sign * _digits(t[2:], 16))
    if len(t) > 1 and t.startswith("0"):
        return _within_int64(sign * _digits(t, 8))
    return _within_int64(sign * _digits(t, 10))


def _float(text: str) -> float:
    t = text.replace("_", "").lower()
    if t.endswith(".inf"):
        return float("-inf") if t.startswith("-") else float("inf")
    if t == ".nan":
        return float("nan")
    if ":" in t:
        sign = -1.0 if t.startswith("-") else 1.0
        value = 0.0
        for part in t.lstrip("+-").split(":"):
            value = value * 60 + float(part)
        return sign * value
    return float(t)


def plain_scalar(text: str, line: int = 0, col: int = 0) -> Any:
    """Resolve a plain (unquoted) scalar as PyYAML's safe loader does; an integer beyond 64 bits is refused at
    ``line``:``col`` (1-based), as ``govops.util.yamlpy`` refuses it.

    >>> [plain_scalar(t) for t in ("~", "yes", "Off", "0x1F", "010", "1_000", "1.5e+3", "abc", "2024-01-01")]
    [None, True, False, 31, 8, 1000, 1500.0, 'abc', '2024-01-01']
    """
    if _NULL.match(text):
        return None
    if text not in _PYYAML_BOOL_EXCLUDED:
        if _BOOL_TRUE.match(text):
            return True
        if _BOOL_FALSE.match(text):
            return False
    if _INT.match(text):
        try:
            return _int(text)
        except _BeyondInt64:
            raise _Error("an integer beyond 64 bits", line, col) from None
    if _FLOAT.match(text):
        return _float(text)
    return text


class _Reader:
    """Reads one document; ``pos`` walks the text, ``line``/``col`` are derived for errors."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    # --- lines ------------------------------------------------------------------------------

    def content(self, i: int) -> tuple[int, str] | None:
        """Return (indent, text without comment) of line ``i``, or None for a blank/comment line."""
        raw = self.lines[i]
        if "\t" in raw[: len(raw) - len(raw.lstrip(" \t"))]:
            raise _Error("tabs cannot indent YAML", i + 1, 1)
        stripped = _strip_comment(raw, i)
        if not stripped.strip():
            return None
        return len(stripped) - len(stripped.lstrip(" ")), stripped.rstrip()

    def next_content(self, i: int) -> int:
        while i < len(self.lines) and self.content(i) is None:
            i += 1
        return i

    # --- blocks -----------------------------------------------------------------------------

    def document(self) -> Any:
        i = self.next_content(0)
        if i < len(self.lines) and self.content(i) == (0, "---"):
            i = self.next_content(i + 1)
        if i >= len(self.lines):
            return None
        indent = self.content(i)[0]  # type: ignore[index]
        value, i = self.block(i, indent, 0)
        i = self.next_content(i)
        if i < len(self.lines):
            line = self.content(i)
            if line is not None and line[1].strip() in ("---", "..."):
                raise _Error("only one YAML document is read here", i + 1, 1)
            raise _Error("unexpected text after the document (check the indentation)", i + 1, 1)
        return value

    def block(self, i: int, indent: int, depth: int) -> tuple[Any, int]:
        """Read the block node starting at line ``i`` (its first line has ``indent``)."""
        if depth > YAML_MAX_DEPTH:
            raise _Error(f"nested deeper than {YAML_MAX_DEPTH} levels", i + 1, indent + 1)
        text = self.content(i)[1][indent:]  # type: ignore[index]
        if text == "-" or text.startswith("- "):
            return self.sequence(i, indent, depth)
        if _key_split(text) is not None:
            return self.mapping(i, indent, depth)
        value, end = self.inline(i, indent, depth)
        return value, end

    def sequence(self, i: int, indent: int, depth: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        while i < len(self.lines):
            i = self.next_content(i)
            if i >= len(self.lines):
                break
            ind, text = self.content(i)  # type: ignore[misc]
            if ind < indent:
                break
            if ind > indent:
                raise _Error("bad indentation of a sequence entry", i + 1, ind + 1)
            if not (text[ind:] == "-" or text[ind:].startswith("- ")):
                break
            rest = text[ind + 1 :]
            if not rest.strip():
                j = self.next_content(i + 1)
                if j < len(self.lines) and self.content(j)[0] > indent:  # type: ignore[index]
                    value, i = self.block(j, self.content(j)[0], depth + 1)  # type: ignore[index]
                else:
                    value, i = None, i + 1
            else:
                item_indent = ind + 1 + (len(rest) - len(rest.lstrip(" ")))
                value, i = self.item(i, item_indent, depth + 1)
            out.append(value)
        return out, i

    def item(self, i: int, indent: int, depth: int) -> tuple[Any, int]:
        """A sequence item's content on the dash's line: a mapping (``- key: v``), a nested ``-``, or a value."""
        text = self.content(i)[1][indent:]  # type: ignore[index]
        if text.startswith("- ") or text == "-":
            raise _Error("nested sequences on one line are not supported here", i + 1, indent + 1)
        if _key_split(text) is not None:
            return self.mapping(i, indent, depth, first_line_offset=True)
        return self.inline(i, indent, depth)

    def mapping(self, i: int, indent: int, depth: int, first_line_offset: bool = False) -> tuple[LineDict, int]:
        out = LineDict()
        out.line = i + 1
        out.key_lines = {}
        first = True
        while i < len(self.lines):
            i = self.next_content(i)
            if i >= len(self.lines):
                break
            ind, text = self.content(i)  # type: ignore[misc]
            if first and first_line_offset:
                ind = indent  # the first key follows "- " on the dash's line
            if ind < indent:
                break
            if ind > indent:
                raise _Error("bad indentation of a mapping entry", i + 1, ind + 1)
            first = False
            split = _key_split(text[ind:])
            if split is None:
                if text[ind:].startswith("- ") or text[ind:] == "-":
                    break  # a sequence at the parent key's indentation ends this mapping
                raise _Error("expected `key: value`", i + 1, ind + 1)
            key_text, rest_col = split
            key = self.key(key_text, i, ind)
            if key in out:
                raise _Error(f"duplicate key {key[:40]!r}", i + 1, ind + 1)
            out.key_lines[key] = i + 1
            value_col = ind + rest_col
            rest = text[value_col:].strip()
            if rest:
                out[key], i = self.inline(i, value_col + (len(text[value_col:]) - len(text[value_col:].lstrip())),
                                          depth + 1)
                continue
            j = self.next_content(i + 1)
            if j < len(self.lines):
                jind, jtext = self.content(j)  # type: ignore[misc]
                is_seq = jtext[jind:] == "-" or jtext[jind:].startswith("- ")
                if jind > ind or (jind == ind and is_seq):
                    out[key], i = self.block(j, jind, depth + 1)
                    continue
            out[key] = None
            i += 1
        return out, i

    def key(self, text: str, i: int, col: int) -> str:
        text = text.strip()
        if text[:1] in ("'", '"'):
            value, end = _quoted(text, 0, i, col)
            if text[end:].strip():
                raise _Error("unexpected text after a quoted key", i + 1, col + end + 1)
            return value
        if text[:1] in ("[", "{", "?", "&", "*", "!"):
            raise _Error("complex keys, anchors, aliases and tags are not supported here", i + 1, col + 1)
        return str(plain_scalar(text)) if plain_scalar(text) is not None else "None"

    # --- inline values ------------------------------------------------------------------------

    def inline(self, i: int, col: int, depth: int) -> tuple[Any, int]:
        """Read the value at line ``i``, column ``col``: a scalar or a flow collection (maybe multi-line)."""
        text = self.content(i)[1]  # type: ignore[index]
        c = text[col:col + 1]
        if c in ("&", "*", "!"):
            raise _Error("anchors, aliases and tags are not supported here", i + 1, col + 1)
        if c in ("|", ">"):
            raise _Error("block scalars (| and >) are not supported here", i + 1, col + 1)
        if c in ("[", "{"):
            flow, end_line, end_col = _Flow(self, i, col, depth).value()
            rest = _strip_comment(self.lines[end_line], end_line)[end_col:].strip()
            if rest:
                raise _Error("unexpected text after a flow collection", end_line + 1, end_col + 1)
            return flow, end_line + 1
        if c in ("'", '"'):
            value, end = _quoted(text, col, i, 0)
            if text[end:].strip():
                raise _Error("unexpected text after a quoted string", i + 1, end + 1)
            return value, i + 1
        # A continuation line (a multi-line plain scalar) is refused by the caller as bad indentation.
        return plain_scalar(text[col:].strip(), i + 1, col + 1), i + 1


class _Flow:
    """A flow collection that may continue over several lines."""

    def __init__(self, reader: _Reader, line: int, col: int, depth: int) -> None:
        self.reader = reader
        self.line = line
        self.col = col
        self.depth = depth

    def text(self) -> str:
        return _strip_comment(self.reader.lines[self.line], self.line)

    def skip(self) -> None:
        while True:
            t = self.text()
            while self.col < len(t) and t[self.col] == " ":
                self.col += 1
            if self.col < len(t):
                return
            self.line += 1
            self.col = 0
            if self.line >= len(self.reader.lines):
                raise _Error("unclosed flow collection", self.line, 1)

    def value(self) -> tuple[Any, int, int]:
        result = self.node(self.depth)
        return result, self.line, self.col

    def node(self, depth: int) -> Any:
        if depth > YAML_MAX_DEPTH:
            raise _Error(f"nested deeper than {YAML_MAX_DEPTH} levels", self.line + 1, self.col + 1)
        self.skip()
        c = self.text()[self.col]
        if c == "[":
            return self.seq(depth)
        if c == "{":
            return self.map(depth)
        if c in ("'", '"'):
            value, self.col = _quoted(self.text(), self.col, self.line, 0)
            return value
        if c in ("&", "*", "!"):
            raise _Error("anchors, aliases and tags are not supported here", self.line + 1, self.col + 1)
        t = self.text()
        end = self.col
        while end < len(t) and t[end] not in ",]}" and not (t[end] == ":" and t[end + 1:end + 2] in (" ", "")):
            end += 1
        word = t[self.col:end].strip()
        start, self.col = self.col, end
        return plain_scalar(word, self.line + 1, start + 1)

    def seq(self, depth: int) -> list[Any]:
        self.col += 1
        out: list[Any] = []
        while True:
            self.skip()
            if self.text()[self.col] == "]":
                self.col += 1
                return out
            out.append(self.node(depth + 1))
            self.after_item("]")

    def map(self, depth: int) -> LineDict:
        out = LineDict()
        out.line = self.line + 1
        out.key_lines = {}
        self.col += 1
        while True:
            self.skip()
            if self.text()[self.col] == "}":
                self.col += 1
                return out
            line, col = self.line, self.col
            key = self.node(depth + 1)
            if isinstance(key, (list, dict)):
                raise _Error("complex keys are not supported here", line + 1, col + 1)
            skey = str(key)
            self.skip()
            if self.text()[self.col] != ":":
                raise _Error("expected ':' in a flow mapping", self.line + 1, self.col + 1)
            self.col += 1
            if skey in out:
                raise _Error(f"duplicate key {skey[:40]!r}", line + 1, col + 1)
            out.key_lines[skey] = line + 1
            out[skey] = self.node(depth + 1)
            self.after_item("}")

    def after_item(self, close: str) -> None:
        self.skip()
        c = self.text()[self.col]
        if c == ",":
            self.col += 1
        elif c != close:
            raise _Error(f"expected ',' or '{close}'", self.line + 1, self.col + 1)


def _key_split(text: str) -> tuple[str, int] | None:
    """Split ``key: rest`` (outside quotes and flow brackets); return (key, column after ':')."""
    if not text or text[0] in ("[", "{", "#"):
        return None
    i = 0
    if text[0] in ("'", '"'):
        quote = text[0]
        i = 1
        while i < len(text):
            if text[i] == "\\" and quote == '"':
                i += 2
                continue
            if text[i] == quote:
                if quote == "'" and text[i + 1:i + 2] == "'":
                    i += 2
                    continue
                break
            i += 1
        i += 1
    while i < len(text):
        if text[i] == ":" and (i + 1 == len(text) or text[i + 1] == " "):
            return text[:i], i + 1
        i += 1
    return None


def _strip_comment(raw: str, i: int) -> str:
    """Remove a ``#`` comment (one at line start or after a blank, outside quotes)."""
    quote = ""
    k = 0
    while k < len(raw):
        ch = raw[k]
        if quote:
            if ch == "\\" and quote == '"':
                k += 2
                continue
            if ch == quote:
                if quote == "'" and raw[k + 1:k + 2] == "'":
                    k += 2
                    continue
                quote = ""
        elif ch in ("'", '"') and (k == 0 or raw[k - 1] in " \t[{,:-"):
            quote = ch
        elif ch == "#" and (k == 0 or raw[k - 1] in " \t"):
            return raw[:k]
        k += 1
    return raw


def _quoted(text: str, start: int, line: int, col0: int) -> tuple[str, int]:
    """Read a quoted scalar starting at ``text[start]``; return (value, index after the closing quote)."""
    quote = text[start]
    out: list[str] = []
    k = start + 1
    while k < len(text):
        ch = text[k]
        if ch == quote:
            if quote == "'" and text[k + 1:k + 2] == "'":
                out.append("'")
                k += 2
                continue
            return "".join(out), k + 1
        if ch == "\\" and quote == '"':
            esc = text[k + 1:k + 2]
            if esc in _ESCAPES:
                out.append(_ESCAPES[esc])
                k += 2
                continue
            if esc in _HEX_LEN:
                digits = text[k + 2:k + 2 + _HEX_LEN[esc]]
                if len(digits) != _HEX_LEN[esc] or not all(d in "0123456789abcdefABCDEF" for d in digits):
                    raise _Error(f"bad escape \\{esc}{digits}", line + 1, col0 + k + 1)
                out.append(chr(int(digits, 16)))
                k += 2 + _HEX_LEN[esc]
                continue
            raise _Error(f"unknown escape \\{esc}", line + 1, col0 + k + 1)
        out.append(ch)
        k += 1
    raise _Error("unclosed quoted string (multi-line strings are not supported here)", line + 1, col0 + start + 1)


def load(text: str, where: str) -> Any:
    """Parse ``text`` (see the module doc) into plain data with ``LineDict`` mappings.

    Raises:
        InputError: Naming ``where:line:column`` and the problem.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return _Reader(text.replace("\r\n", "\n")).document()
    except _Error as exc:
        raise InputError(f"invalid YAML: {exc}", where=f"{where}:{exc.line}:{exc.col}") from None
    except IndexError:
        raise InputError("invalid YAML: unexpected end of a line", where=where) from None
