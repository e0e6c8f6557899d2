"""`govops agent host` starts the host agent without loading the full CLI (its memory budget is 40 MB)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


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
        "import atexit, sys\n"
        "atexit.register(lambda: print('typer loaded:', 'typer' in sys.modules))\n"
        "sys.argv = ['govops', 'agent', 'host', '--help']\n"
        "from govops.cli.launch import entry\n"
        "entry()\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    # The CLI's help, and the atexit handler still ran although the process skips the interpreter's teardown.
    assert "Usage: govops agent host" in res.stdout and res.stdout.strip().endswith("typer loaded: True"), res.stdout


def test_exit_code_and_output_survive_the_quick_exit(tmp_path: Path) -> None:
    """An error's exit code and message, and a command's output piped away, are as without the quick exit."""
    env = {**os.environ, "GOVOPS_HOME": str(tmp_path), "GOVOPS_DB": ""}
    code = "import sys\nfrom govops.cli.launch import entry\nsys.argv = ['govops', *sys.argv[1:]]\nentry()\n"
    missing = subprocess.run([sys.executable, "-c", code, "report", "summary"], capture_output=True, text=True,
                             env=env, check=False)  # fmt: skip
    assert missing.returncode == 2 and "no govops store" in missing.stderr, missing.stderr
    version = subprocess.run([sys.executable, "-c", code, "--version"], capture_output=True, text=True, env=env,
                             check=False)  # fmt: skip
    assert version.returncode == 0 and version.stdout.startswith("govops "), version.stdout


def test_collector_is_back_on_when_the_command_runs(tmp_path: Path) -> None:
    """The collector is off while the command's modules load, and on (with them frozen) once it runs."""
    env = {**os.environ, "GOVOPS_HOME": str(tmp_path), "GOVOPS_DB": ""}
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print(gc.isenabled(), gc.get_freeze_count() > 10000))\n"
        "sys.argv = ['govops', 'report', 'summary']\n"
        "from govops.cli.launch import entry\n"
        "entry()\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert res.returncode == 2 and res.stdout.split() == ["True", "True"], res.stdout + res.stderr


def test_chinese_output_under_an_ascii_locale(tmp_path: Path) -> None:
    """Cron with a non-UTF-8 locale: Chinese reports come out as UTF-8, not a UnicodeEncodeError and nothing."""
    db = f"sqlite:///{tmp_path / 'govops.db'}"
    code = "import sys\nfrom govops.cli.launch import entry\nsys.argv = ['govops', *sys.argv[1:]]\nentry()\n"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO", "PYTHONUTF8"))}
    env = {**base, "GOVOPS_HOME": str(tmp_path), "GOVOPS_DB": db}
    subprocess.run([sys.executable, "-c", code, "init"], env=env, capture_output=True, check=True)
    for legacy in ({"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}):
        res = subprocess.run([sys.executable, "-c", code, "report", "summary", "--lang", "zh"], env={**env, **legacy},
                             stdin=subprocess.DEVNULL, capture_output=True, check=False)  # fmt: skip
        assert res.returncode == 0, (legacy, res.stderr.decode("utf-8", "replace"))
        assert "政务基础设施概况" in res.stdout.decode("utf-8"), legacy
