"""The ``govops`` console script: ``govops agent host`` starts the host agent without loading the CLI.

The full command line (Typer, rich, SQLAlchemy and the command groups) holds about
40 MB of memory that an agent running on every server has no use for (budget: 40 MB
in all). So ``govops agent host`` with only ``--listen`` and ``--config`` goes straight
to ``govops.agent.hostagent.main``, the function behind the Typer command too;
anything else (``--help``, global options, other commands) goes through the full CLI.

A report is read by a person waiting at a terminal (budget: 1 s at 100,000 devices, start-up
included), and most of a short command's CPU is start-up and teardown, not its work: loading
creates some 300,000 long-lived objects (SQLAlchemy, Typer, the command modules) which the
cyclic collector would walk again and again while they load (0.1 s), and the interpreter frees
them one by one at exit (0.2-0.3 s). So the collector waits until the command's modules are
loaded (``govops.util.collector.resume_after_start_up``, called by the root callback) and then
leaves them out (``gc.freeze``),
and ``exit_now`` ends the process once the command is done.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import os
import sys
import threading
from typing import NoReturn

from govops.util.collector import pause_for_start_up

_HOST_OPTIONS = ("--listen", "--config")


def lean_host_args(argv: list[str]) -> list[str] | None:
    """Return the host agent's arguments when ``argv`` is plain ``agent host [--listen X] [--config F]``.

    >>> lean_host_args(["agent", "host", "--listen", ":9120"]), lean_host_args(["agent", "host", "--help"])
    (['--listen', ':9120'], None)
    >>> lean_host_args(["agent", "host", "--config=h.yml"]), lean_host_args(["--debug", "agent", "host"])
    (['--config=h.yml'], None)
    """
    if argv[:2] != ["agent", "host"]:
        return None
    rest, out = argv[2:], []
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg in _HOST_OPTIONS and i + 1 < len(rest) and not rest[i + 1].startswith("-"):
            out += [arg, rest[i + 1]]
            i += 2
        elif arg.split("=", 1)[0] in _HOST_OPTIONS and "=" in arg:
            out.append(arg)
            i += 1
        else:
            return None
    return out


def exit_now(code: int) -> NoReturn:
    """Exit with ``code`` without the interpreter's teardown; what must run at exit still does.

    The atexit handlers run (logging's flush, ``weakref.finalize``, multiprocessing) and the
    standard streams are flushed. A command that leaves other threads running exits the usual
    way, which waits for them.
    """
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (`govops ... | head`) or stream: nothing more to say.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def utf8_streams() -> None:
    """Write stdout and stderr as UTF-8 whatever the locale's encoding.

    Reports, findings and JSON carry Chinese names; under an ASCII or Latin-1 locale (cron with
    ``LC_ALL=C`` and ``PYTHONUTF8=0``, ``PYTHONIOENCODING=ascii``, a legacy ``LANG``) the first
    one crashed the command with ``UnicodeEncodeError`` and wrote nothing. JSON is UTF-8 by
    definition, and Python itself chooses UTF-8 under the C locale (PEP 540).
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and codecs.lookup(encoding).name != "utf-8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def entry() -> None:
    """Console-script entry point."""
    utf8_streams()
    host_args = lean_host_args(sys.argv[1:])
    if host_args is not None:
        from govops.agent.hostagent import main as host_main

        sys.exit(host_main(host_args))
    pause_for_start_up()
    from govops.cli.main import main as cli_main

    exit_now(cli_main())
