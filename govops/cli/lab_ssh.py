"""`govops lab ssh`: serve one simulated network device over SSH in the foreground."""

from __future__ import annotations

import faulthandler
import threading
from pathlib import Path
from typing import Annotated

import typer

from govops.cli.state import state
from govops.errors import InputError

# Ctrl-C always ends the process: if closing the listeners does not finish within this (a session the server's loop
# never lets go), every thread's stack goes to stderr and the process exits, so a hang says where it was.
STOP_GRACE_S = 20


def ssh(
    ctx: typer.Context,
    *,
    platform: str = typer.Option(..., "--platform", "-p", help="Platform the device speaks."),
    responses: Annotated[
        Path | None, typer.Option("--responses", help="Directory of <command_words>.raw answers (default: built-in).")
    ] = None,
    port: int = typer.Option(0, "--port", help="Loopback port (0 = a free one)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    username: str = typer.Option("netops", "--username", help="Accepted login name."),
    password_env: str | None = typer.Option(
        None, "--password-env", help="Environment variable with the accepted password (default: 'lab')."
    ),
    hostname: str | None = typer.Option(None, "--hostname", help="Hostname in the prompt."),
    delay: float = typer.Option(0.0, "--delay", help="Seconds before each answer (slow device)."),
    banner: str | None = typer.Option(None, "--banner", help="Text shown after login."),
    log_line: Annotated[
        list[str] | None, typer.Option("--log-line", help="Async log line injected into output.")
    ] = None,
    fail_auth: bool = typer.Option(False, "--fail-auth", help="Refuse every login."),
    drop_on: str | None = typer.Option(None, "--drop-on", help="Drop the connection halfway through this command."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Output encoding (gbk for Chinese firmware)."),
    keep_paging: bool = typer.Option(False, "--keep-paging", help="Ignore the paging-disable command."),
    prompt_prefix: str = typer.Option("", "--prompt-prefix", help="Prompt prefix, e.g. HRP_M (Huawei firewall pair)."),
) -> None:
    """Serve one simulated device until Ctrl-C; answers come from DIR/<command with spaces as _>.raw."""
    import os

    from govops.lab.process import wait_until_set
    from govops.lab.sshsim import SimDevice, SimServer, default_hostname, load_host_key, transcripts_for
    from govops.platforms.registry import get_platform

    plat = get_platform(platform)
    folder = responses or transcripts_for(plat.name)
    if not folder.is_dir():
        raise InputError("not a directory", where=str(folder))
    password = "lab"  # noqa: S105 - the documented default of a lab device
    if password_env:
        if password_env not in os.environ:
            raise InputError(f"environment variable {password_env} is not set", where="--password-env")
        password = os.environ[password_env]
    device = SimDevice(
        platform=plat,
        responses=folder,
        hostname=hostname or default_hostname(folder),
        username=username,
        password=password,
        delay=delay,
        banner=banner,
        log_lines=tuple(log_line or ()),
        fail_auth=fail_auth,
        drop_on=drop_on,
        encoding=encoding,
        ignore_paging_disable=keep_paging,
        prompt_prefix=prompt_prefix,
    )
    key = load_host_key(state(ctx).settings.home / "lab" / "sshsim" / "host_key")
    with SimServer(host, host_key=key) as server:
        bound = server.add(device, port=port)
        typer.echo(f"{plat.name} device {device.hostname} listening on {host}:{bound} (user {username}); Ctrl-C stops")
        try:
            wait_until_set(threading.Event())
        except KeyboardInterrupt:
            faulthandler.dump_traceback_later(STOP_GRACE_S, exit=True)
            typer.echo("stopping", err=True)
    faulthandler.cancel_dump_traceback_later()  # stopped in time (a no-op when no timer was set)
    typer.echo("stopped")
