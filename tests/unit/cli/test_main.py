"""Usage errors read like every other govops error: one line naming the command, a hint, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["nosuch"], "error: govops: No such command 'nosuch'."),
        (["--bogus"], "error: govops: No such option: --bogus"),
        (["report", "summry"], "error: govops report: No such command 'summry'. Did you mean 'summary'?"),
        (["inventory", "list", "devices", "--jsn"], "error: govops inventory list: No such option: --jsn"),
        (["inventory", "list"], "error: govops inventory list: Missing argument 'kind'."),
        (["discover", "servers", "--forks", "0"], "error: govops discover servers: Invalid value for '--forks'"),
    ],
)
def test_a_usage_error_is_one_line_and_a_hint(tmp_path: Path, args: list[str], line: str) -> None:
    # It was Click's boxed panel under a usage line: five lines, none starting `error:` as govops's own errors do.
    res = Cli(tmp_path / "home")(*args)
    assert res.exit_code == 2
    first, hint, *rest = res.stderr.splitlines()
    assert first.startswith(line), res.stderr
    assert hint.startswith("  hint: ") and " -h`" in hint and rest == [], res.stderr


def test_no_arguments_still_show_the_help(tmp_path: Path) -> None:
    res = Cli(tmp_path / "home")("report")
    assert res.exit_code == 2 and "Usage: govops report" in res.stdout + res.stderr
