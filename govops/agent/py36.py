"""Make the host agent's modules loadable by Python 3.6: drop annotations at zipapp build time.

The modules are written for the project's typed Python (``from __future__ import
annotations``, ``X | None``, ``list[str]`` in annotations), which Python 3.6 cannot
parse or evaluate. Annotations have no run-time meaning in these modules, so the
zipapp ships a copy in which:

- ``from __future__ import annotations`` is removed;
- parameter and return annotations are removed;
- variable annotations become string constants (``x: "int | None" = None``), so
  class bodies keep their ``__annotations__`` (the dataclass fields) without
  evaluating anything.

Every edit replaces text by text of the same lines (blanks pad what is removed),
so line numbers in a traceback from a server are the line numbers of the source.
The result is proven by tests that run the zipapp under real 3.6 ... 3.13
interpreters; anything else 3.7+ must be avoided in the source itself
(``tests/unit/agent/test_py37.py`` runs vermin on the transformed text).
"""

from __future__ import annotations

import ast
import io
import tokenize

from govops.errors import GovopsError

Span = tuple[int, int, int, int, str]  # start line, start col, end line, end col (1-based lines), replacement


def _blank(lines: list[str], sl: int, sc: int, el: int, ec: int) -> str:
    """Return the source between two positions with every character but newlines turned into blanks."""
    if sl == el:
        return " " * (ec - sc)
    # A backslash ends every blanked line: the lines stay, and a newline outside brackets (a return
    # annotation spread over lines) does not end the statement.
    parts = [" " * (len(lines[sl - 1].rstrip("\n")) - sc)]
    parts.extend(" " * len(lines[i - 1].rstrip("\n")) for i in range(sl + 1, el))
    parts.append(" " * ec)
    return "\\\n".join(parts)


def _arrow_before(lines: list[str], node: ast.expr, fn: ast.AST) -> tuple[int, int]:
    """Find the ``->`` that precedes a return annotation (a token, not text inside a string)."""
    source = "".join(lines)
    best: tuple[int, int] | None = None
    start = (getattr(fn, "lineno", 1), 0)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.start < start:
            continue
        if tok.start >= (node.lineno, _col(lines, node.lineno, node.col_offset)):
            break
        if tok.type == tokenize.OP and tok.string == "->":
            best = tok.start
    if best is None:
        raise GovopsError(f"cannot find '->' before the return annotation at line {node.lineno}")
    return best


def _col(lines: list[str], line: int, byte_offset: int) -> int:
    """ast columns count UTF-8 bytes; the text edits count characters."""
    return len(lines[line - 1].encode("utf-8")[:byte_offset].decode("utf-8"))


def _spans(tree: ast.AST, lines: list[str]) -> list[Span]:
    return [(sl, _col(lines, sl, sc), el, _col(lines, el, ec), text)
            for sl, sc, el, ec, text in _byte_spans(tree, lines)]


def _byte_spans(tree: ast.AST, lines: list[str]) -> list[Span]:
    spans: list[Span] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            names = [a.name for a in node.names]
            if names != ["annotations"]:
                raise GovopsError(f"line {node.lineno}: only `from __future__ import annotations` is handled")
            spans.append((node.lineno, node.col_offset, node.end_lineno or node.lineno,
                          node.end_col_offset or 0, "pass"))
        elif isinstance(node, ast.arg) and node.annotation is not None:
            ann = node.annotation
            # Remove from the end of the argument's name to the end of its annotation (": T").
            sc = node.col_offset + len(node.arg)
            spans.append((node.lineno, sc, ann.end_lineno or ann.lineno, ann.end_col_offset or 0, ""))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            ann = node.returns
            line, col = _arrow_before(lines, ann, node)
            col = len(lines[line - 1][:col].encode("utf-8"))  # back to bytes like the others
            spans.append((line, col, ann.end_lineno or ann.lineno, ann.end_col_offset or 0, ""))
        elif isinstance(node, ast.AnnAssign):
            ann = node.annotation
            if (ann.end_lineno or ann.lineno) != ann.lineno:
                raise GovopsError(f"line {ann.lineno}: write this variable annotation on one line")
            raw = lines[ann.lineno - 1].encode("utf-8")
            text = raw[ann.col_offset : ann.end_col_offset].decode("utf-8")
            spans.append((ann.lineno, ann.col_offset, ann.lineno, ann.end_col_offset or 0, repr(text)))
    return spans


def strip_annotations(source: str, where: str) -> str:
    """Return ``source`` without annotations, line for line (see the module doc).

    Raises:
        GovopsError: The module uses a form this transform does not handle (naming ``where``).
    """
    try:
        tree = ast.parse(source)
        lines = source.splitlines(keepends=True)
        spans = _spans(tree, lines)
    except (SyntaxError, GovopsError) as exc:
        raise GovopsError(f"{where}: cannot prepare for Python 3.6: {exc}") from exc
    # Apply from the end so earlier positions stay valid; multi-line spans keep their newlines.
    for sl, sc, el, ec, replacement in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        blank = _blank(lines, sl, sc, el, ec)
        new = replacement + blank[len(replacement):] if "\n" not in blank else replacement + blank
        head = lines[sl - 1][:sc]
        tail = lines[el - 1][ec:]
        new_lines = (head + new + tail).splitlines(keepends=True)
        lines[sl - 1 : el] = new_lines
    out = "".join(lines)
    if out.count("\n") != source.count("\n"):
        raise GovopsError(f"{where}: preparing for Python 3.6 changed the line count")
    return out
