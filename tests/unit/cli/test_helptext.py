"""Help as a terminal shows it: prose reflowed to the width, example blocks kept, flags without a type."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from govops.cli.helptext import reflow
from govops.cli.main import GROUPS
from tests.conftest import Cli


def test_reflow_joins_prose_lines_and_keeps_indented_blocks() -> None:
    text = "First line.\n\n    Prose wrapped\n    at 100 columns.\n\n    Example:\n\n        govops x\n" \
           "        govops y\n"
    assert reflow(text) == "First line.\n\n\nProse wrapped at 100 columns.\n\nExample:\n\n    govops x\n    govops y"
    assert reflow("\b\nkept\nas is") == "\b\nkept\nas is"


def test_command_help_is_one_paragraph_per_paragraph_and_flags_show_no_type(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    out = cli("audit", "host", "--help").stdout
    # The docstring's second paragraph, wrapped at ~100 characters in the source, is one line at 200 columns.
    assert "unknown (a file missing or unreadable: never a pass), with the evidence (file, line, value)." in out
    assert "<bool>" not in out and "<path>" in out  # `--json <bool>` read as if the flag took a value
    mask = cli("config", "mask", "--help").stdout
    example = "govops config mask --platform huawei_vrp core-sw.cfg > core-sw.masked.cfg"
    assert example in [line.strip() for line in mask.splitlines()]  # the example block: a line of its own
    # ... and indented under the prose, as written: Typer dedents the paragraphs after the first by their least
    # indented line but the first, which after the reflow was the example's alone.
    indent = {line.strip()[:8]: len(line) - len(line.lstrip()) for line in mask.splitlines() if line.strip()}
    assert indent["govops c"] >= indent["Password"] + 4, mask
    for single in ("demo", "parse"):  # one-command groups offered shell completion the root does not
        assert "--install-completion" not in cli(single, "--help").stdout


def test_a_typer_without_rich_type_display_still_loads_the_cli() -> None:
    # pyproject allows typer>=0.12; TyperOption.display_type_rich came later (the 0.16 line has none). Reading
    # it at import made every command fail with AttributeError there: it is left alone when absent, as coercion is.
    code = ("from typer.core import TyperOption\n"
            "for cls in TyperOption.__mro__:\n"
            "    if 'display_type_rich' in vars(cls):\n"
            "        delattr(cls, 'display_type_rich')\n"
            "import govops.cli.main\n"
            "from govops.cli.helptext import reflow\n"
            "assert reflow('A.\\n\\n    b\\n    c') == 'A.\\n\\n\\nb c'\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_group_teaches_by_example_and_its_examples_parse(tmp_path: Path, group: str) -> None:
    # Each group's help shows commands to copy; each example names real commands and options (run with --help
    # appended: an unknown command or option is an error there too).
    cli = Cli(tmp_path / "home")
    out = cli(group, "--help").stdout
    examples = [line.strip(" │") for line in out.splitlines() if line.strip(" │").startswith(f"govops {group}")]
    assert examples, out
    for line in examples:
        args = shlex.split(line.split("  #")[0])[1:]
        res = cli(*args, "--help")
        assert res.exit_code == 0, (line, res.stdout, res.stderr)


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_example_fits_an_80_column_terminal(group: str) -> None:
    # An example line (its indent included) wider than the help's 78 columns at 80 (a column of margin each side)
    # wraps, and its comment's end stood on a line of its own: pasted with the block, 'exit 0/1/2' ran as a command
    # (and closed the shell). Measured in terminal cells: a Chinese character takes two.
    from rich.cells import cell_len

    from govops.cli.main import load_group

    help_text = load_group(group).help or ""
    cmd = load_group(group)
    texts = [help_text, *(c.help or "" for c in getattr(cmd, "commands", {}).values())]
    # The lines kept as written (indented: examples); prose is reflowed to the width.
    verbatim = [line for text in texts for line in text.splitlines() if line[:1].isspace()]
    assert any(line.strip().startswith("govops ") for line in verbatim)
    too_wide = [line.strip() for line in verbatim if cell_len(line) > 78]
    assert not too_wide


def test_an_argument_reads_as_click_writes_it_in_usage_and_shows_its_elements_type(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    required = cli("audit", "credentials", "--help").stdout
    assert "[OPTIONS] TARGETS..." in required and "{targets}" not in required
    assert "<list[str]>" not in required and "targets...      <str>" in required
    optional = cli("discover", "snmp", "--help").stdout
    assert "[OPTIONS] [TARGETS]..." in optional
