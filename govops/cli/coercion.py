"""Typer's value coercion, built only for the values that need it.

Typer (0.29) turns every parameter's value into its type with a pydantic ``TypeAdapter``,
built for each parameter of the command that runs, even for an option left unset and for
a text option whose value already is text. Importing pydantic and building those adapters
is about a tenth of a second of every command's start-up (a report at 100,000 devices has
1 s in all). ``defer_coercion`` gives each parameter a runtime converter that hands a text
value of a plain ``str`` parameter through as it is (what Typer's adapter returns for it:
``_parse_cli_str`` keeps a ``str``) and builds Typer's own converter, exactly as Typer would,
for any other value (a number, a path, a choice, a parser, a list). An unset option is None
either way. A Typer without these internals is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

try:
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - another Typer: its coercion stays as it is
    RuntimeParam = None  # type: ignore[assignment,misc]


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class DeferredRuntimeParam(RuntimeParam):
        """Text for a plain ``str`` parameter as it is; for the rest, Typer's converter, built for each value
        that needs one (few: most values are text)."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, str) and plain_text(self.descriptor):
                return value
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def plain_text(descriptor: Any) -> bool:
    """A ``str`` parameter with no parser of its own: Typer's adapter returns a ``str`` value unchanged."""
    return descriptor.annotation is str and descriptor.parameter_info.parser is None and not descriptor.is_choice


def defer_coercion(params: Iterable[Any]) -> None:
    """Give each Typer parameter in ``params`` the deferred converter (others are left alone)."""
    if RuntimeParam is None:
        return
    for param in params:
        if isinstance(param, _TyperParameter) and getattr(param, "_runtime_param", False) is None:
            desc = param.type_descriptor
            if desc.file_annotation is None:
                param._runtime_param = DeferredRuntimeParam(
                    parameter_info=desc.parameter_info, annotation=desc.annotation, descriptor=desc
                )


def defer_command(cmd: Any) -> None:
    """``defer_coercion`` for a command (its ``--help`` too, made when first parsed), and every command under it."""
    defer_coercion(getattr(cmd, "params", ()))
    make_help = getattr(cmd, "get_help_option", None)
    if make_help is not None and not getattr(make_help, "deferred", False):

        def get_help_option(ctx: Any) -> Any:
            option = make_help(ctx)
            defer_coercion(() if option is None else (option,))
            return option

        get_help_option.deferred = True  # type: ignore[attr-defined]
        cmd.get_help_option = get_help_option
    for sub in getattr(cmd, "commands", {}).values():
        defer_command(sub)
