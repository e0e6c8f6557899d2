"""`--json` and `--lang` are one shared option each, on every command that has them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from govops.cli.main import GROUPS, load_group
from govops.cli.options import LANG_DEFAULT_HELP, JsonOpt


def _commands(cmd: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, cmd
    for name in getattr(cmd, "commands", {}):
        yield from _commands(cmd.commands[name], f"{path} {name}")


COMMANDS = [pc for name in GROUPS for pc in _commands(load_group(name), name)]


def _option(cmd: Any, flag: str) -> Any:
    return next((p for p in cmd.params if flag in getattr(p, "opts", ())), None)


def test_every_command_with_format_takes_json_as_its_shorthand() -> None:
    with_format = [path for path, cmd in COMMANDS if _option(cmd, "--format") is not None]
    assert {"audit", "report summary", "report changes", "report trend", "inventory export"} <= set(with_format)
    for path in with_format:
        cmd = dict(COMMANDS)[path]
        json_opt = _option(cmd, "--json")
        assert json_opt is not None, f"`govops {path}` has --format but no --json"
        assert json_opt.help == JsonOpt.help, f"`govops {path}`: --json is not the shared option"


def test_every_lang_option_defaults_from_one_place() -> None:
    langs = [(path, _option(cmd, "--lang")) for path, cmd in COMMANDS if _option(cmd, "--lang") is not None]
    assert {"audit", "audit host", "report summary", "inventory export"} <= {path for path, _ in langs}
    for path, opt in langs:
        assert opt.default is None, f"`govops {path} --lang` has its own default {opt.default!r}"
        assert opt.help.endswith(f"{LANG_DEFAULT_HELP}."), f"`govops {path} --lang` help: {opt.help!r}"
    assert "default: zh, or config.toml lang" in LANG_DEFAULT_HELP


@pytest.mark.parametrize("path", ["report summary", "audit", "inventory export"])
def test_json_with_another_format_is_a_one_line_usage_error(cli: Any, path: str) -> None:
    other = "yaml" if path == "inventory export" else "table"
    res = cli(*path.split(), "--json", "--format", other)
    assert res.exit_code == 2
    assert res.stderr.strip() == f"error: --json: conflicts with --format {other}"
