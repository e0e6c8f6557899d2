"""The ``govops`` console script: ``govops agent host`` starts the host agent without loading the CLI.

The full command line (Typer, rich, SQLAlchemy and the command groups) holds about
40 MB of memory that an agent running on every server has no use for (budget: 40 MB
in all). So ``govops agent host`` with only ``--listen`` and ``--config`` goes straight
to ``govops.agent.hostagent.main``, the function behind the Typer command too;
anything else (``--help``, global options, other commands) goes through the full CLI.
"""

from __future__ import annotations

import sys

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


def entry() -> None:
    """Console-script entry point."""
    host_args = lean_host_args(sys.argv[1:])
    if host_args is not None:
        from govops.agent.hostagent import main as host_main

        sys.exit(host_main(host_args))
    from govops.cli.main import entry as cli_entry

    cli_entry()
