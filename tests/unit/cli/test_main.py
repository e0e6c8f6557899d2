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


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["inventory", "list", "rooms", "--db", "sqlite:////x.db"],
         "  hint: --db is govops' own option: give it before the command, `govops --db URL inventory list ...`"),
        (["report", "kpi", "--debug"],
         "  hint: --debug is govops' own option: give it before the command, `govops --debug report kpi ...`"),
    ],
)
def test_a_root_option_after_the_command_says_where_it_goes(tmp_path: Path, args: list[str], hint: str) -> None:
    # docs say "the same --db as every command"; after the command it was "No such option" and "see -h",
    # whose help does not list it.
    res = Cli(tmp_path / "home")(*args)
    assert res.exit_code == 2
    assert res.stderr.splitlines()[1:] == [hint], res.stderr


def test_no_arguments_still_show_the_help(tmp_path: Path) -> None:
    res = Cli(tmp_path / "home")("report")
    assert res.exit_code == 2 and "Usage: govops report" in res.stdout + res.stderr


def test_ctrl_c_says_it_was_interrupted(tmp_path: Path) -> None:
    # Ctrl-C exited 130 with nothing on stderr. The discovery waits on a silent agent the test holds (a bound UDP
    # socket that never answers, 60 s timeout): the signal is sent once its first request has arrived, so it always
    # lands mid-discovery, however loaded the machine.
    import os
    import signal
    import socket
    import subprocess
    import sys

    env = {**os.environ, "GOVOPS_HOME": str(tmp_path / "home"), "GOVOPS_DB": ""}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.settimeout(60)
        target = f"127.0.0.1:{silent.getsockname()[1]}"
        proc = subprocess.Popen(
            [sys.executable, "-c", "from govops.cli.launch import entry; entry()", "discover", "snmp", target,
             "--timeout", "60", "--retries", "0"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            silent.recvfrom(65535)  # the first SNMP request: discovery is waiting for its answer now
        except TimeoutError:
            proc.kill()
            raise
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    assert err.splitlines() == ["error: interrupted (Ctrl-C)"], err


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_a_run_leaves_logging_as_it_found_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug: list[str]) -> None:
    # A run set paramiko to CRITICAL and added basicConfig's stderr handler for good: the next in-process caller
    # (here the SSH discovery suite, capturing paramiko's records) found paramiko silent.
    import logging

    root, paramiko = logging.getLogger(), logging.getLogger("paramiko")
    monkeypatch.setattr(root, "handlers", [])  # a caller without handlers, so basicConfig does add one
    monkeypatch.setattr(root, "level", logging.INFO)
    monkeypatch.setattr(paramiko, "level", logging.NOTSET)
    config = tmp_path / "running.cfg"
    config.write_text("hostname edge-1\n")
    res = Cli(tmp_path / "home")(*debug, "config", "mask", "--platform", "cisco_ios", str(config))
    assert res.exit_code == 0, res.stderr
    assert "hostname edge-1" in res.stdout  # the command really ran (the root callback with it)
    assert (root.handlers, root.level, paramiko.level) == ([], logging.INFO, logging.NOTSET)
