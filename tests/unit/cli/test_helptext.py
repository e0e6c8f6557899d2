"""Help as a terminal shows it: prose reflowed to the width, example blocks kept, flags without a type."""

from __future__ import annotations

from pathlib import Path

from govops.cli.helptext import reflow
from tests.conftest import Cli


def test_reflow_joins_prose_lines_and_keeps_indented_blocks() -> None:
    text = "First line.\n\n    Prose wrapped\n    at 100 columns.\n\n    Example:\n\n        govops x\n" \
           "        govops y\n"
    assert reflow(text) == "First line.\n\nProse wrapped at 100 columns.\n\nExample:\n\n    govops x\n    govops y"
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
    for single in ("demo", "parse"):  # one-command groups offered shell completion the root does not
        assert "--install-completion" not in cli(single, "--help").stdout
