"""`govops agent host` starts the host agent without loading the full CLI (its memory budget is 40 MB)."""

from __future__ import annotations

import doctest
import subprocess
import sys

from govops.cli import launch


def test_doctests() -> None:
    assert doctest.testmod(launch).failed == 0


def test_agent_host_skips_typer_and_the_store(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "sys.argv = ['govops', 'agent', 'host', '--config', '/nonexistent/host.yml']\n"
        "from govops.cli.launch import entry\n"
        "try:\n    entry()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = sorted(m for m in ('typer', 'rich', 'sqlalchemy', 'click') if m in sys.modules)\n"
        "print(code, heavy)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.stdout.strip() == "2 []", res.stdout + res.stderr
    assert "config file does not exist" in res.stderr


def test_everything_else_goes_through_the_cli() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['govops', 'agent', 'host', '--help']\n"
        "from govops.cli.launch import entry\n"
        "try:\n    entry()\nexcept SystemExit as exc:\n    print('exit', exc.code, 'typer' in sys.modules)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "Usage: govops agent host" in res.stdout and res.stdout.strip().endswith("exit 0 True"), res.stdout
