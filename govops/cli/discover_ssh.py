"""`govops discover ssh`: facts, topology and configuration of network devices over SSH."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from govops.cli.options import JsonOpt
from govops.cli.output import (
    failure_lines,
    print_json,
    print_summary,
    print_table,
    progress_bar,
    refuse_without_targets,
)
from govops.cli.state import AppState, state
from govops.cli.stored_hint import lab_access_hints, stored_access_hints
from govops.discovery.summary import DiscoverySummary
from govops.errors import InputError
from govops.vocab import labelled


def ssh(
    ctx: typer.Context,
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="host, host:port, logged into with the options' access; none (and no --device): every "
                       "store device with SSH access."),
    ] = None,
    *,
    devices: Annotated[
        list[str] | None,
        typer.Option("--device", metavar="NAME|ADDRESS",
                     help="A store device by name or management address, logged into with its stored SSH access, as a "
                     "run without TARGET does (repeat for more; TARGETs may be given too)."),
    ] = None,
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
    json_out: bool = JsonOpt,
    save: bool = typer.Option(False, "--save", help="Reconcile into the store (history source=scan)."),
) -> None:
    """Discover network devices over SSH (Netmiko).

    The table on stdout lists the targets that were read (whole or partial); each failure is one line on stderr
    (target NAME: KIND: MESSAGE; the same failure of many targets, one line naming a few). Ends with one
    summary line on stderr (found, changed, unchanged, unreachable, failed, skipped by reason).
    Exit 0 when every target tried was read, 1 when any was unreachable or failed.

    Whose access: a TARGET is logged into with the options' user and secret, never with what the store holds for it;
    a store device's own access is used by a run without TARGET (every such device) and by --device NAME or --device
    ADDRESS (that device), e.g. `govops discover ssh --device core-sw-01 --save`, as `discover snmp --device` selects.
    """
    from govops.discovery.ssh import Credential, DiscoveryOptions, SshTarget
    from govops.discovery.ssh_run import chosen_targets, run_discovery, targets_from_args, targets_from_store
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
    target_list: list[SshTarget] = []
    explicit: list[SshTarget] = []
    if targets:
        if not username:
            raise InputError("targets need --username", where="--username")
        if sum(bool(x) for x in (password_env, password_file, key)) != 1:
            raise InputError("give exactly one of --password-env VAR, --password-file FILE or --key FILE",
                             where="--password-env")
        ref = SecretRef.from_options(env=password_env, file=str(password_file) if password_file else None,
                                     flags="--password-env or --password-file")
        cred = Credential.from_secret(username, ref) if ref else Credential(username=username, key_file=key)
        target_list = explicit = targets_from_args(targets, port=port, platform=platform, credential=cred)
    else:
        refuse_without_targets({
            "--platform": platform, "--port": None if port == 22 else port, "--username": username,
            "--password-env": password_env, "--password-file": password_file, "--key": key,
        }, "SSH", devices or ())  # fmt: skip
    chosen = chosen_targets(st.engine(), devices) if devices else []
    if not targets and not devices:
        chosen, skipped = targets_from_store(st.engine())
        if not chosen and not skipped:
            raise InputError("no targets given and no stored device has SSH access settings")
    # Store devices are matched to their row by name when saved; a TARGET is matched by what it reports.
    store_names = {t.name for t in chosen}
    target_list = [*target_list, *chosen]  # not +=: that would add the store devices to `explicit` too
    engine = st.engine() if save else None
    with progress_bar(len(target_list), "discover ssh") as advance:
        run = run_discovery(
            target_list,
            opts,
            engine=engine,
            skipped=skipped,
            on_done=lambda _o: advance(),
            store_names=store_names,
        )
    summary = ssh_summary(run, saved=save)
    if json_out:
        print_json({"devices": [_outcome_json(o, run.saved) for o in run.outcomes], "skipped": run.skipped,
                    "summary": summary.to_json()})  # fmt: skip
    else:
        _print(run, _stored_access(st, run, explicit) | _lab_access(st, run, chosen))
    print_summary(summary)
    raise typer.Exit(summary.exit_code)


def ssh_summary(run: Any, *, saved: bool) -> DiscoverySummary:
    """The run's summary (see ``govops.discovery.summary``)."""
    changed = sum(1 for s in run.saved.values() if s.created or s.changed)
    summary = DiscoverySummary("ssh", changed=changed if saved else None,
                               unchanged=len(run.saved) - changed if saved else None)  # fmt: skip
    summary.skip(run.skipped)
    for o in run.outcomes:
        summary.add("ok" if o.ok else o.error_kind)
    return summary


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
        data["saved"] = saved[o.target.name].to_json()
    return data


def _stored_access(st: AppState, run: Any, explicit: list[Any]) -> dict[str, str]:
    """Target name -> the end of its failure line, for the failed ``explicit`` targets that are a store device with
    SSH access of its own (``stored_hint.stored_access_hints``, as ``discover snmp`` says it)."""
    from govops.discovery.ssh_run import targets_from_store

    given = {id(t) for t in explicit}  # a TARGET, not a --device pick (targets hold a dict: no hash)
    return stored_access_hints([(o.target.name, o.target.host, o.target.port) for o in run.outcomes
                                if o.error and id(o.target) in given],
                               lambda: ((t.name, t.host, t.port) for t in targets_from_store(st.engine())[0]),
                               "SSH")  # fmt: skip


def _lab_access(st: AppState, run: Any, chosen: list[Any]) -> dict[str, str]:
    """Target name -> the end of its failure line, for the failed store devices asked with their stored access that
    the lab gave it while it is down or serves them elsewhere (``stored_hint.lab_access_hints``)."""
    mine = {id(t) for t in chosen}
    return lab_access_hints([(o.target.name, o.target.name, o.target.host, o.target.port) for o in run.outcomes
                             if o.error and id(o.target) in mine], st.engine, st.settings.home, "ssh")


def _print(run: Any, stored: dict[str, str] | None = None) -> None:
    """The targets that connected (read whole or in part) as a table on stdout; each failure, and each fact a
    partial read missed, on stderr (``output.failure_lines``), as ``discover snmp`` does. ``stored`` holds the end of
    a failed target's line naming the store device whose own SSH access ``--device`` would use."""
    from govops.discovery.ssh_store import facts_read

    rows = []
    for o in run.outcomes:
        f = o.facts
        if f is None:
            continue
        plat = f.platform or "?"
        if o.detected:
            plat += " (detected)"
        rows.append(
            {
                "target": o.target.name,
                "platform": plat,
                "hostname": f.hostname,
                "vendor": f.vendor,
                "model": f.model,
                "serial": f.serial,
                "version": f.version,
                # '—' where nothing was read (no command of the platform reads it, or the one tried failed), not 0.
                "ifaces": len(f.interfaces) if facts_read(f, "interfaces") else "—",
                "lldp": len(f.neighbors) if facts_read(f, "lldp") else "—",
                "status": labelled("read_status", "partial" if o.partial else "ok"),
            }
        )
    if rows:
        print_table(
            rows,
            ["target", "platform", "hostname", "vendor", "model", "serial", "version", "ifaces", "lldp",
                        "status"],
            title="SSH 发现 SSH discovery",
            labels={"status": "读取"},
        )
    for o in run.outcomes:
        if o.detected:
            typer.echo(
                f"{o.target.name}: detected {o.detected.platform} from `{o.detected.command}` "
                f"(rule /{o.detected.pattern}/)"
            )
    failed = [(o.target.name, o.error_kind or "failed", o.error + (stored or {}).get(o.target.name, ""))
              for o in run.outcomes if o.error]
    failed += [line for o in run.outcomes if o.facts for line in _not_read(o, run.saved)]
    for line in failure_lines(failed):
        typer.echo(line, err=True)


def _not_read(o: Any, saved: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A line per fact the read missed, with what ``--save`` kept of it in ``reconcile``'s words ("lldp not read:
    ...; stored rows kept"), as ``discover snmp`` says. A fact no command of the platform reads (ZXROS's LLDP
    neighbours) is no failure, its cell says '—': it gets a line only where the store kept something of it."""
    from govops.discovery.reconcile import Kept, not_read_line
    from govops.discovery.ssh_store import why_not_read

    kept: dict[str, Kept] = saved[o.target.name].kept if o.target.name in saved else {}
    facts = [*o.facts.errors, *(fact for fact in kept if fact not in o.facts.errors)]
    return [(o.target.name, "partial", not_read_line(fact, why_not_read(o.facts, fact) or "", kept.get(fact)))
            for fact in facts]  # fmt: skip
