"""Command groups load on use: the root help lists them all without importing one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govops.cli.main import GROUPS, load_group
from tests.conftest import Cli

# Modules that `govops --help` must not import: they belong to commands, not to the root.
HEAVY = ("sqlalchemy", "pysnmp", "netmiko", "ansible_runner", "govops.store.models", "govops.reports.build")


@pytest.mark.parametrize("name", list(GROUPS))
def test_listed_line_is_the_groups_own_help(name: str) -> None:
    cmd = load_group(name)
    assert cmd.name == name
    own = (cmd.short_help or cmd.help or "").strip().splitlines()[0]
    assert GROUPS[name][1] == own, f"update the line of {name!r} in govops/cli/main.py GROUPS"


def test_the_report_line_names_every_report() -> None:
    # The README's `govops report dengbao` was the one report `govops --help` and `govops report -h` left out.
    listed = set(GROUPS["report"][1].split(": ", 1)[1].rstrip(".").split(", "))
    assert listed == set(load_group("report").commands)


def test_root_help_lists_every_group_and_imports_none() -> None:
    code = (
        "import sys\n"
        "from govops.cli.main import main\n"
        "code = main(['--help'])\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        # The CLI platforms' records are built on first use (registry's module __getattr__); a module that imports
        # PLATFORMS at its top and lands on the start-up path would build them for every command.
        "reg = sys.modules.get('govops.platforms.registry')\n"
        "heavy += ['platform records'] if reg is not None and 'PLATFORMS' in vars(reg) else []\n"
        "print('HEAVY', heavy, code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"COLUMNS": "200", "PATH": ""}).stdout  # fmt: skip
    assert "HEAVY [] 0" in out
    for name, (_target, line) in GROUPS.items():
        assert f"{name} " in out and line[:40] in out


def test_a_group_loads_when_used(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    res = cli("report", "--help")
    assert res.exit_code == 0 and "compliance" in res.stdout
    assert cli("nosuchgroup").exit_code == 2
