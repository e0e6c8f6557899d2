"""`--json`, `--format` and `--lang` are one shared option each (govops.cli.options), on every command that has them.

The table below says, for every command of the app, whether it prints machine output (and so takes the shared
`--json`) or why it does not; a new command must be added to one side.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

import govops
from govops.cli.main import GROUPS, app, load_group
from govops.cli.options import JSON_HELP, LANG_DEFAULT_HELP
from tests.conftest import Cli
from tests.storetools import StoreFactory
from tests.unit.reports.conftest import make_city_cli


def _commands(cmd: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, cmd
    for name in getattr(cmd, "commands", {}):
        yield from _commands(cmd.commands[name], f"{path} {name}")


# Every command: the groups (loaded as `govops` loads them) and the root's own commands (init).
ROOT_COMMANDS = [(c.name or "", typer.main.get_command_from_info(c, pretty_exceptions_short=False,
                  rich_markup_mode=None)) for c in app.registered_commands]  # fmt: skip
COMMANDS = dict([pc for name in GROUPS for pc in _commands(load_group(name), name)] + ROOT_COMMANDS)
# Commands that run something (a group alone runs nothing unless it has a callback of its own, as `audit` does).
RUNNABLE = {path: cmd for path, cmd in COMMANDS.items() if not getattr(cmd, "commands", None) or
            (cmd.callback is not None and cmd.params)}  # fmt: skip

# Commands without --json: what they print is no document a script would parse.
NO_MACHINE_OUTPUT = {
    "lab down": "one line naming the services stopped",
    "lab ssh": "a simulated device served in the foreground: it prints nothing but its log",
    "agent host": "a Prometheus exporter: its output is metrics on --listen (--check prints one line a target)",
    "agent bandwidth": "a Prometheus exporter (as agent host)",
    "agent power": "a Prometheus exporter (as agent host)",
    "agent inventory": "a Prometheus exporter (as agent host)",
    "export host-agent": "writes a zipapp file and names it on stderr",
    "config mask": "a filter: the configuration text in, the same text masked out",
}
OUTPUT_FLAGS = ("--json", "--format", "--lang")


def _option(cmd: Any, flag: str) -> Any:
    return next((p for p in cmd.params if flag in getattr(p, "opts", ())), None)


def test_the_table_covers_every_command() -> None:
    assert {"init", "audit", "report kpi", "inventory list", "track bulk", "lab down"} <= set(RUNNABLE)
    assert not set(NO_MACHINE_OUTPUT) - set(RUNNABLE), "a command listed without --json no longer exists"
    for path, cmd in RUNNABLE.items():
        if path in NO_MACHINE_OUTPUT:
            assert _option(cmd, "--json") is None, f"`govops {path}` takes --json: take it off NO_MACHINE_OUTPUT"
        else:
            assert _option(cmd, "--json") is not None, (
                f"`govops {path}` has no --json: give it govops.cli.options.JsonOpt, or say in NO_MACHINE_OUTPUT why "
                "it prints nothing a script would parse"
            )


@pytest.mark.parametrize("path", sorted(set(RUNNABLE) - set(NO_MACHINE_OUTPUT)))
def test_json_is_the_shared_option(path: str) -> None:
    opt = _option(RUNNABLE[path], "--json")
    assert (opt.opts, opt.secondary_opts, opt.is_flag, opt.default, opt.name) == (["--json"], [], True, False,
                                                                                   "json_out")  # fmt: skip
    assert opt.help == JSON_HELP, f"`govops {path}`: --json has help of its own: {opt.help!r}"


def test_json_help_reads_right_with_and_without_format() -> None:
    # The shared help once said "the same as --format json", wrong on the commands without --format, which then
    # defined --json of their own; --format's help now says it.
    assert "--format" not in JSON_HELP
    with_format = [path for path, cmd in RUNNABLE.items() if _option(cmd, "--format") is not None]
    assert {"audit", "report summary", "report changes", "report trend", "inventory export"} <= set(with_format)
    for path in with_format:
        help_text = _option(RUNNABLE[path], "--format").help
        assert help_text.endswith("; --json is short for --format json."), f"`govops {path} --format`: {help_text!r}"


def _own_output_options() -> list[str]:
    """Every `typer.Option(..., "--json" / "--format" / "--lang", ...)` in govops outside govops/cli/options.py."""
    root = Path(govops.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if path == root / "cli" / "options.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node, "func", None)
            if not (isinstance(node, ast.Call) and getattr(called, "attr", getattr(called, "id", "")) == "Option"):
                continue
            flags = {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            flags &= set(OUTPUT_FLAGS)
            found += [f"{path.relative_to(root.parent)}:{node.lineno}: {flag}" for flag in sorted(flags)]
    return found


def test_no_command_defines_an_output_option_of_its_own() -> None:
    assert _own_output_options() == [], "use JsonOpt, format_option or lang_option of govops.cli.options"


def test_every_lang_option_defaults_from_one_place() -> None:
    langs = [(path, _option(cmd, "--lang")) for path, cmd in RUNNABLE.items() if _option(cmd, "--lang") is not None]
    # audit config and inventory history had none where their siblings do (session 21).
    assert {"audit", "audit config", "audit host", "report summary", "inventory export",
            "inventory history"} <= {path for path, _ in langs}
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


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory, store_factory: StoreFactory) -> Cli:
    home = tmp_path_factory.mktemp("city") / "home"
    return make_city_cli(home, store_factory(home, migrated=True))


# The commands that run here without a network or a lab: --json prints one JSON document on stdout and nothing else
# there, whatever the command; with --format, exactly what --format json prints.
RUNS_HERE = [
    ("init",), ("inventory", "list", "devices"), ("inventory", "show", "R1"), ("inventory", "history"),
    ("inventory", "export"), ("audit",), ("audit", "config"), ("report", "summary"), ("report", "kpi"),
    ("lab", "status"), ("track", "bulk", "{sheet}", "--dry-run"),
]  # fmt: skip


def _timeless(text: str) -> str:
    """The text without the times it was made at (a report's computed-at)."""
    return re.sub(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^"]*', "TIME", text)


@pytest.mark.parametrize("args", RUNS_HERE, ids=" ".join)
def test_json_prints_one_document(city: Cli, args: tuple[str, ...], tmp_path: Path) -> None:
    sheet = tmp_path / "rooms.csv"
    sheet.write_text("code,lifecycle\nR1,closing\n", encoding="utf-8")
    args = tuple(a.replace("{sheet}", str(sheet)) for a in args)
    res = city(*args, "--json")
    assert res.exit_code in (0, 1), res.stderr  # audit exits 1 on findings
    json.loads(res.stdout)  # the whole of stdout: one document
    path = next(" ".join(args[:n]) for n in range(len(args), 0, -1) if " ".join(args[:n]) in COMMANDS)
    if _option(COMMANDS[path], "--format") is not None:
        assert _timeless(city(*args, "--format", "json").stdout) == _timeless(res.stdout)
