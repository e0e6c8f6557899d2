"""Each report lists only the options it uses; one it does not use is a usage error."""

from __future__ import annotations

from pathlib import Path

import typer

from govops.cli.report import app
from govops.reports.build import KINDS
from tests.conftest import Cli

COMMON = {"--format", "--json", "--lang", "--out", "--department", "--as-of"}
OWN = {"changes": {"--since", "--reachability"}, "trend": set()}


def _options(name: str) -> set[str]:
    group = typer.main.get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    return {o for p in command.params if p.param_type_name == "option" for o in p.opts if o.startswith("--")}


def test_each_report_lists_only_its_options() -> None:
    # `report summary --help` listed --since, which only the changes report reads.
    for kind in (*KINDS, "trend"):
        assert _options(kind) == COMMON | OWN.get(kind, {"--record"}), kind


def test_an_option_a_report_does_not_use_is_a_usage_error(tmp_path: Path) -> None:
    res = Cli(tmp_path / "home")("report", "summary", "--since", "2024-01-01")
    assert res.exit_code == 2
    assert res.stderr.startswith("error: govops report summary: No such option: --since"), res.stderr
