"""The output options, defined once for every command: ``--json``, ``--format`` and ``--lang``.

Every command with machine output takes the same ``--json`` (tests/unit/cli/test_options.py holds it so): its help
reads right whether the command offers JSON alone or among other formats, and on a command with ``--format`` it is
``--format json`` (that option's help says so). What a command's JSON holds is said in the command's own help.
``--lang`` defaults to ``govops.config.DEFAULT_LANG`` unless config.toml sets ``lang``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer

from govops.cli.state import state
from govops.config import DEFAULT_LANG, config_path
from govops.errors import ConfigError, InputError

if TYPE_CHECKING:
    from govops.reports.i18n import Lang

try:  # Typer (0.29) runs on its own copy of Click
    from typer._click.core import ParameterSource
except ImportError:  # pragma: no cover - a Typer on Click itself
    from click.core import ParameterSource  # type: ignore[assignment]

LANG_DEFAULT_HELP = f"zh or en (default: {DEFAULT_LANG}, or config.toml lang)"
JSON_HELP = "Print one JSON document instead of text (for scripts)."
JsonOpt = typer.Option(False, "--json", help=JSON_HELP)


def format_option(default: str, formats: Sequence[str]) -> Any:
    """The ``--format``/``-f`` option choosing among ``formats`` (``--json`` is its shorthand)."""
    listed = f"{', '.join(formats[:-1])} or {formats[-1]}"
    return typer.Option(default, "--format", "-f", help=f"{listed}; --json is short for --format json.")


def lang_option(what: str) -> Any:
    """The ``--lang`` option; ``what`` says what it changes, e.g. "Label language"."""
    return typer.Option(None, "--lang", help=f"{what}: {LANG_DEFAULT_HELP}.")


def chosen_format(ctx: typer.Context, fmt: str, json_out: bool, formats: Sequence[str]) -> str:
    """The output format from ``--format`` and ``--json``.

    Raises:
        InputError: For a format not in ``formats``, or ``--json`` with a ``--format`` other than json.
    """
    if json_out:
        given = next((p.name for p in ctx.command.params if "--format" in getattr(p, "opts", ())), None)
        if fmt != "json" and given is not None and ctx.get_parameter_source(given) is not ParameterSource.DEFAULT:
            raise InputError(f"conflicts with --format {fmt}", where="--json")
        return "json"
    if fmt not in formats:
        raise InputError(f"unknown format {fmt!r}", where="--format", hint=f"choose one of {', '.join(formats)}")
    return fmt


def chosen_lang(ctx: typer.Context, lang: str | None) -> Lang:
    """``--lang`` if given, else config.toml's ``lang``, else ``DEFAULT_LANG``.

    Raises:
        InputError: For a ``--lang`` other than zh or en.
        ConfigError: For such a config.toml ``lang``.
    """
    from govops.reports.i18n import check_lang  # here: its vocabulary loads only for a command that uses --lang

    if lang is not None:
        try:
            return check_lang(lang)
        except ValueError as exc:
            raise InputError(str(exc), where="--lang") from exc
    settings = state(ctx).settings
    try:
        return check_lang(settings.lang or DEFAULT_LANG)
    except ValueError as exc:
        raise ConfigError(f"{config_path(settings.home)}: lang: {exc}") from exc
