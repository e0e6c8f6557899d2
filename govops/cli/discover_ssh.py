"""`govops discover ssh`: facts, topology and configuration of network devices over SSH."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from govops.cli.output import err_console, print_json, print_table
from govops.cli.state import state
from govops.errors import EXIT_FINDINGS, InputError


def ssh(
    ctx: typer.Context,
    targets: Annotated[
        list[str] | None, typer.Argument(help="host, host:port; none = every stored device with SSH access.")
    ] = None,
    *,
    platform: str | None = typer.Option(
        None, "--platform", "-p", help="Platform of all targets; omitted = autodetect."
    ),
    port: int = typer.Option(22, "--port", help="SSH port for targets without :port."),
    username: str | None = typer.Option(None, "--username", "-u", help="Login name."),
    password_env: str | None = typer.Option(None, "--password-env", help="Environment variable holding the password."),
    password_file: Annotated[
        Path | None, typer.Option("--password-file", help="File whose first line is the password (mode 0600).")
    ] = None,
    key: Annotated[Path | None, typer.Option("--key", help="Private key file.")] = None,
    concurrency: int = typer.Option(20, "--concurrency", "-n", min=1, max=500, help="Sessions at a time."),
    timeout: float = typer.Option(60.0, "--timeout", help="Deadline per command, seconds."),
    accept_new_host_key: bool = typer.Option(
        False, "--accept-new-host-key",
        help="Trust the host key of a device seen for the first time and remember it (OpenSSH's accept-new). "
        "A changed key is always refused: remove the old line from $GOVOPS_HOME/ssh_known_hosts first.",
    ),
    no_config: bool = typer.Option(False, "--no-config", help="Do not read the running configuration."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    save: bool = typer.Option(False, "--save", help="Reconcile into the store (history source=scan)."),
) -> None:
    """Discover network devices over SSH (Netmiko). Exit 1 when any device failed."""
    from govops.discovery.ssh import Credential, DiscoveryOptions
    from govops.discovery.ssh_run import run_discovery, targets_from_args, targets_from_store
    from govops.snmp.credentials import SecretRef

    st = state(ctx)
    opts = DiscoveryOptions(
        known_hosts=st.settings.home / "ssh_known_hosts",
        concurrency=concurrency,
        accept_new_host_key=accept_new_host_key,
        backup_config=not no_config,
        command_timeout=timeout,
    )
    if platform:
        from govops.platforms.registry import get_platform

        platform = get_platform(platform).name
    skipped: list[str] = []
    store_names: set[str] = set()
    if targets:
        if not username:
            raise InputError("targets need --username", where="--username")
        if sum(bool(x) for x in (password_env, password_file, key)) != 1:
            raise InputError("give exactly one of --password-env VAR, --password-file FILE or --key FILE",
                             where="--password-env")
        ref = SecretRef.from_options(env=password_env, file=str(password_file) if password_file else None,
                                     flags="--password-env or --password-file")
        cred = Credential.from_secret(username, ref) if ref else Credential(username=username, key_file=key)
        target_list = targets_from_args(targets, port=port, platform=platform, credential=cred)
    else:
        target_list, skipped = targets_from_store(st.engine())
        store_names = {t.name for t in target_list}
        if not target_list and not skipped:
            raise InputError("no targets given and no stored device has SSH access settings")
    engine = st.engine() if save else None
    run = run_discovery(
        target_list,
        opts,
        engine=engine,
        skipped=skipped,
        on_done=_progress(len(target_list), json_out),
        store_names=store_names,
    )
    if json_out:
        print_json({"devices": [_outcome_json(o, run.saved) for o in run.outcomes], "skipped": run.skipped})
    else:
        _print(run)
    if run.skipped or any(not o.ok for o in run.outcomes):
        raise typer.Exit(EXIT_FINDINGS)


def _progress(total: int, quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return None
    done = [0]

    def tick(outcome: Any) -> None:
        done[0] += 1
        err_console.print(f"[{done[0]}/{total}] {outcome.target.name}", highlight=False)

    return tick


def _outcome_json(o: Any, saved: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "target": o.target.name,
        "host": o.target.host,
        "port": o.target.port,
        "ok": o.ok,
        "partial": o.partial,
        "error": o.error,
        "error_kind": o.error_kind,
        "seconds": round(o.seconds, 3),
        "detected": None,
        "facts": o.facts.to_dict() if o.facts else None,
        "config_lines": len(o.config.splitlines()) if o.config else None,
    }
    if o.detected:
        data["detected"] = {
            "platform": o.detected.platform,
            "command": o.detected.command,
            "pattern": o.detected.pattern,
        }
    if o.target.name in saved:
        data["saved"] = saved[o.target.name].__dict__
    return data


def _print(run: Any) -> None:
    rows = []
    for o in run.outcomes:
        f = o.facts
        plat = (f.platform if f else o.target.platform) or "?"
        if o.detected:
            plat += " (detected)"
        status = "ok" if o.ok and not o.partial else ("partial" if o.ok else "failed")
        rows.append(
            {
                "target": o.target.name,
                "platform": plat,
                "hostname": f and f.hostname,
                "vendor": f and f.vendor,
                "model": f and f.model,
                "serial": f and f.serial,
                "version": f and f.version,
                "ifaces": f and len(f.interfaces),
                "lldp": f and len(f.neighbors),
                "status": status,
            }
        )
    print_table(
        rows,
        ["target", "platform", "hostname", "vendor", "model", "serial", "version", "ifaces", "lldp", "status"],
        title="SSH discovery / SSH 发现",
    )
    for o in run.outcomes:
        if o.detected:
            typer.echo(
                f"{o.target.name}: detected {o.detected.platform} from `{o.detected.command}` "
                f"(rule /{o.detected.pattern}/)"
            )
        if o.error:
            typer.echo(f"{o.target.name}: {o.error_kind}: {o.error}", err=True)
        if o.facts:
            for fact, err in o.facts.errors.items():
                typer.echo(f"{o.target.name}: {fact} not read: {err}", err=True)
    for problem in run.skipped:
        typer.echo(f"skipped: {problem}", err=True)
    for name, s in run.saved.items():
        verb = "created" if s.created else "updated"
        verb = verb if s.created or s.changed else "unchanged"
        extra = ", configuration stored" if s.config_stored else ""
        typer.echo(f"saved {name}: {verb} {s.device}{extra}")
