"""Help as a terminal draws it: prose paragraphs reflowed to its width, and no type shown for a flag.

Typer (0.29) keeps the line breaks inside a docstring's later paragraphs, so a paragraph wrapped
at 100 columns in the source came out ragged at 80 (a full line, then a few words, in turn).
Its rich help also shows a flag's type (``--json <bool>``), which reads as if the flag took a
value; its plain help shows none. A paragraph with an indented line (an example) stays as written,
as does one starting with ``\\b`` (Click's mark for a paragraph kept verbatim).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperArgument, TyperOption


def reflow(text: str) -> str:
    """The help text with each prose paragraph on one line (the help formatter wraps it to the width)."""
    out = []
    for para in inspect.cleandoc(text).split("\n\n"):
        lines = para.split("\n")
        verbatim = para.startswith("\b") or any(line[:1].isspace() for line in lines)
        out.append(para if verbatim else " ".join(line.strip() for line in lines))
    head, *rest = out
    # Typer dedents the paragraphs after the first once more (inspect.cleandoc), by the least indented of their lines
    # but the first: when that first line is a whole paragraph, an example block's indent would be taken off. A blank
    # line before them (cleandoc drops it) keeps every line as indented here.
    return f"{head}\n\n\n" + "\n\n".join(rest) if rest else head


def with_examples(text: str, *examples: str) -> str:
    """``text`` and an Examples paragraph: one command a line, kept as written (each is run by the tests)."""
    return text + "\n\nExamples:\n\n" + "\n".join(f"  {line}" for line in examples)


def group_app(text: str, examples: tuple[str, ...], *, no_args_is_help: bool = True, **kwargs: Any) -> typer.Typer:
    """A command group's Typer app: its help ``text`` and an Examples paragraph (``with_examples``)."""
    return typer.Typer(help=with_examples(text, *examples), no_args_is_help=no_args_is_help, **kwargs)


def tidy_help(cmd: Any) -> None:
    """Reflow the help of ``cmd`` and of every command under it."""
    if getattr(cmd, "help", None):
        cmd.help = reflow(cmd.help)
    for sub in getattr(cmd, "commands", {}).values():
        tidy_help(sub)


# An older Typer (pyproject allows 0.12; the 0.16 line has no such method) shows no type: nothing to hide there.
_display_type_rich: Callable[[TyperOption, Any], str | None] | None = getattr(TyperOption, "display_type_rich", None)


def _no_type_for_flags(self: TyperOption, ctx: Any) -> str | None:
    """A flag's type is not shown (as Typer's plain help does); every other option's is."""
    if (self.is_flag and not self.count) or _display_type_rich is None:
        return None
    return _display_type_rich(self, ctx)


if _display_type_rich is not None:
    TyperOption.display_type_rich = _no_type_for_flags  # type: ignore[method-assign]


def _usage_name(self: TyperArgument) -> str:
    """An argument in the usage line as Click writes it: ``TARGETS...`` when required, ``[TARGETS]...`` when not
    (Typer 0.29 writes a required one as ``{targets}``, which reads as a placeholder left unfilled)."""
    name = self.metavar or self.display_name_raw.upper()
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


def _element_type(self: TyperArgument, ctx: Any) -> str | None:
    """A variadic argument's type is its elements' (``targets... <str>``, not ``<list[str]>``): the dots say many."""
    shown = _argument_type_rich(self, ctx) if _argument_type_rich is not None else None
    if shown and shown.startswith("<list[") and shown.endswith("]>"):
        return f"<{shown[6:-2]}>"
    return shown


_argument_type_rich: Callable[[TyperArgument, Any], str | None] | None = getattr(TyperArgument, "display_type_rich",
                                                                                 None)
if hasattr(TyperArgument, "_usage_display_name"):
    TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]
if _argument_type_rich is not None:
    TyperArgument.display_type_rich = _element_type  # type: ignore[method-assign, assignment]
