"""`govops discover snmp`: identify devices over SNMP, show them, optionally save them."""

from __future__ import annotations

from typing import Any

import typer

from govops.cli.options import JsonOpt
from govops.cli.output import (
    failure_lines,
    os_label,
    print_json,
    print_summary,
    print_table,
    progress_bar,
    refuse_without_targets,
)
from govops.cli.state import AppState, state
from govops.cli.stored_hint import lab_access_hints, stored_access_hints
from govops.discovery.observation import Observation
from govops.discovery.reconcile import ReconcileReport, not_read_line, reconcile
from govops.discovery.snmp import DiscoveryOptions, observation_json, run_discovery
from govops.discovery.snmp_targets import DiscoveryTarget, parse_target_specs
from govops.discovery.store_targets import chosen_store_targets, store_targets
from govops.discovery.summary import DiscoverySummary
from govops.errors import ConfigError, InputError
from govops.snmp.credentials import AUTH_PROTOCOLS, PRIV_PROTOCOLS, SecretRef, SnmpCredentials
from govops.vocab import labelled


def _credentials(  # noqa: PLR0917 - one argument per CLI option
    community: SecretRef | None,
    version: str,
    v3_user: str | None,
    v3_auth: str | None,
    v3_auth_key_env: str | None,
    v3_priv: str | None,
    v3_priv_key_env: str | None,
) -> SnmpCredentials:
    if v3_user:
        if v3_auth is not None and v3_auth not in AUTH_PROTOCOLS:
            raise InputError(f"--v3-auth must be one of {', '.join(AUTH_PROTOCOLS)}", where="command line")
        if v3_priv is not None and v3_priv not in PRIV_PROTOCOLS:
            raise InputError(f"--v3-priv must be one of {', '.join(PRIV_PROTOCOLS)}", where="command line")
        return SnmpCredentials(
            version="3",
            user=v3_user,
            auth=v3_auth,
            auth_key=SecretRef(env=v3_auth_key_env) if v3_auth_key_env else None,
            priv=v3_priv,
            priv_key=SecretRef(env=v3_priv_key_env) if v3_priv_key_env else None,
        )
    if version not in ("1", "2c"):
        raise InputError(f"--snmp-version must be 1 or 2c (use --v3-user for v3), got {version!r}")
    return SnmpCredentials(version=version, community=community or SecretRef(literal="public"))  # type: ignore[arg-type]


def snmp_summary(
    observations: list[Observation], saved: ReconcileReport | None, problems: list[str]
) -> DiscoverySummary:
    """The run's summary: a target whose credentials could not even be resolved is skipped, not failed."""
    summary = DiscoverySummary("snmp", changed=None if saved is None else len(saved.updated) + len(saved.created),
                               unchanged=None if saved is None else len(saved.unchanged))  # fmt: skip
    summary.skip(problems)
    for o in observations:
        if not o.ok and o.error_kind == "config":
            summary.skip([o.error or "unknown"])
        else:
            summary.add("ok" if o.ok else o.error_kind)
    return summary


def snmp(  # noqa: PLR0917 - Typer passes options by keyword; the signature is the CLI
    ctx: typer.Context,
    targets: list[str] = typer.Argument(  # noqa: B008 - Typer's way of declaring arguments
        None, help="host, host:port or CIDR, asked with the options' access; none (and no --device): every store "
        "device with a management address and SNMP access."
    ),
    devices: list[str] = typer.Option(  # noqa: B008 - Typer's way of declaring a repeated option
        None, "--device", metavar="NAME|ADDRESS",
        help="A store device by name or management address, asked with its stored SNMP access, as a run without "
        "TARGET asks it (repeat for more; TARGETs may be given too).",
    ),
    community: str | None = typer.Option(
        None, "--community", "-c", help="SNMPv1/v2c community (not stored; visible in `ps`: prefer the two below)."
    ),
    community_env: str | None = typer.Option(None, "--community-env", help="Environment variable holding it."),
    community_file: str | None = typer.Option(None, "--community-file", help="File whose first line is it (0600)."),
    snmp_version: str = typer.Option(
        "2c", "--snmp-version",
        help="1 or 2c (2c: a host named, not swept from a CIDR, is asked v1 at once too; its answer is used when "
        "v2c gets none).",
    ),
    v3_user: str | None = typer.Option(None, "--v3-user", help="SNMPv3 user name."),
    v3_auth: str | None = typer.Option(None, "--v3-auth", help="SNMPv3 auth protocol: sha, sha256 or md5."),
    v3_auth_key_env: str | None = typer.Option(None, "--v3-auth-key-env", help="Env variable holding the auth key."),
    v3_priv: str | None = typer.Option(None, "--v3-priv", help="SNMPv3 privacy protocol: aes, aes256 or des."),
    v3_priv_key_env: str | None = typer.Option(None, "--v3-priv-key-env", help="Env variable holding the priv key."),
    port: int = typer.Option(161, "--port", help="UDP port for targets without one."),
    timeout: float = typer.Option(2.0, "--timeout", help="Seconds to wait for each answer."),
    retries: int = typer.Option(1, "--retries", help="Retries after a timeout."),
    concurrency: int = typer.Option(32, "--concurrency", help="Targets discovered at once."),
    max_rows: int = typer.Option(
        DiscoveryOptions.max_rows, "--max-rows",
        help="Rows one table walk reads at most; a table cut there is saved, marked partial, only where none is whole.",
    ),
    json_out: bool = JsonOpt,
    save: bool = typer.Option(False, "--save", help="Reconcile results into the inventory (history source=scan)."),
) -> None:
    """Identify devices over SNMP: vendor, model, serial, OS, kind, interfaces, LLDP neighbours, domestic verdict.

    The table on stdout lists the targets that answered; each failure is one line on stderr
    (target NAME: KIND: MESSAGE; the same failure of many targets, one line naming a few), and so is each part of an
    identified device that could not be read (KIND partial, e.g. its LLDP neighbours when that walk timed out, or
    its serial when the agent would not answer its maker's MIB, or its interfaces when it stopped answering that
    table midway; with --save the stored value or rows are kept).
    Ends with one summary line on stderr (found, changed, unchanged, unreachable, failed, skipped by reason).
    Exit 0 when every target tried answered, 1 when any was unreachable or failed.
    --json prints the documented contract (docs/discovery-snmp.md).

    Whose access: a TARGET is asked with the options' community or v3 user (default community public), never with
    what the store holds for it; a store device's own access is used by a run without TARGET (every such device) and
    by --device NAME or --device ADDRESS (that device), e.g. `govops discover snmp --device core-sw-01 --save`.
    """
    for flag, value, ok, accepted in (
        ("--timeout", timeout, timeout > 0, "seconds > 0"), ("--retries", retries, retries >= 0, "0 or more"),
        ("--concurrency", concurrency, concurrency >= 1, "1 or more"), ("--max-rows", max_rows, max_rows >= 1,
        "1 or more"), ("--port", port, 0 < port < 65536, "a UDP port, 1-65535"),
    ):  # fmt: skip
        if not ok:
            raise InputError(f"{value:g} is out of range", where=flag, hint=f"accepted: {accepted}")
    if not targets:  # the options set a TARGET's access only: none named, they would be ignored
        refuse_without_targets({
            "--community": community, "--community-env": community_env, "--community-file": community_file,
            "--v3-user": v3_user, "--v3-auth": v3_auth, "--v3-auth-key-env": v3_auth_key_env, "--v3-priv": v3_priv,
            "--v3-priv-key-env": v3_priv_key_env, "--snmp-version": None if snmp_version == "2c" else snmp_version,
            "--port": None if port == 161 else port,
        }, "SNMP", devices or ())  # fmt: skip
    st = state(ctx)
    dtargets: list[DiscoveryTarget] = []
    problems: list[str] = []
    if targets:
        secret = SecretRef.from_options(literal=community, env=community_env, file=community_file,
                                        flags="--community, --community-env or --community-file")
        creds = _credentials(secret, snmp_version, v3_user, v3_auth, v3_auth_key_env, v3_priv, v3_priv_key_env)
        dtargets = parse_target_specs(targets, port=port, credentials=creds)
    explicit = list(dtargets)
    if devices:
        dtargets += chosen_store_targets(st.engine(), devices)
    elif not targets:
        dtargets, bad = store_targets(st.engine())
        problems = [f"device {name}: {message}" for name, message in bad]
        if not dtargets:
            raise ConfigError(
                "no targets given and no store device has a management address and SNMP access",
                hint="pass TARGET... or run `govops lab up` / import devices with mgmt_ip and snmp settings",
            )
    options = DiscoveryOptions(timeout=timeout, retries=retries, concurrency=concurrency, max_rows=max_rows)
    with progress_bar(len(dtargets), "discover snmp") as advance:
        observations = run_discovery(dtargets, options, progress=lambda *_: advance())
    saved = reconcile(st.engine(), observations) if save else None
    summary = snmp_summary(observations, saved, problems)
    if json_out:
        out: dict[str, Any] = {"results": [observation_json(o) for o in observations], "summary": summary.to_json()}
        if saved is not None:
            out["saved"] = saved.to_json()
        print_json(out)
    else:
        stored = _stored_access(st, observations, explicit) if explicit else {}
        stored |= _lab_access(st, observations, dtargets[len(explicit):])
        _render([o for o in observations if o.ok or o.error_kind != "config"], saved, stored)
    print_summary(summary)
    raise typer.Exit(summary.exit_code)


def _stored_access(
    st: AppState, observations: list[Observation], explicit: list[DiscoveryTarget]
) -> dict[str, str]:
    """``host:port`` -> the end of its failure line, for the failed ``explicit`` targets that are a store device with
    SNMP access of its own (``stored_hint.stored_access_hints``)."""
    failed = {o.target for o in observations if not o.ok}
    return stored_access_hints([(t.label, t.host, t.port) for t in explicit if t.label in failed],
                               lambda: ((t.store_name or "", t.host, t.port) for t in store_targets(st.engine())[0]),
                               "SNMP")  # fmt: skip


def _lab_access(st: AppState, observations: list[Observation], chosen: list[DiscoveryTarget]) -> dict[str, str]:
    """``host:port`` -> the end of its failure line, for the failed store devices asked with their stored access that
    the lab gave it while it is down or serves them elsewhere (``stored_hint.lab_access_hints``)."""
    failed = {o.target for o in observations if not o.ok and o.error_kind != "config"}
    return lab_access_hints([(t.label, t.store_name, t.host, t.port) for t in chosen
                             if t.store_name and t.label in failed], st.engine, st.settings.home, "snmp")


def _render(
    observations: list[Observation], saved: ReconcileReport | None = None, stored: dict[str, str] | None = None
) -> None:
    """The targets that answered as a table on stdout; each failure on stderr (``output.failure_lines``), as
    ``discover ssh`` does, and each table walk cut short with what ``--save`` did with its rows. ``stored`` holds the
    end of a failed target's line naming the store device whose own SNMP access ``--device`` would use."""
    rows = []
    for o in observations:
        if not o.ok:
            continue
        d = o.device
        verdict = o.classification.verdict if o.classification else None
        rows.append(
            {
                "target": o.target,
                "name": d.get("sys_name") or o.store_name,
                "vendor": d.get("vendor"),
                "model": d.get("model"),
                "os": os_label(d.get("os"), d.get("os_version")),
                "kind": d.get("kind") and labelled("device_kind", d["kind"]),
                "serial": d.get("serial"),
                # "10+": the interface walk was cut short, the device has more.
                "ifs": f"{len(o.interfaces or ())}+" if "interfaces" in o.partial else len(o.interfaces or ()),
                "domestic": verdict and labelled("verdict", verdict),
            }
        )
    columns = ["target", "name", "vendor", "model", "os", "kind", "serial", "ifs", "domestic"]
    if rows:
        # On a narrow terminal the verdict and the kind stay longest: they are what an audit of 信创 reads. A vendor's
        # or an OS's name wraps at 14 cells (two or three lines), not 20, so a 160-column terminal shows all nine
        # columns for the demo city's devices (at 20 it hid the interface count). The serial goes first: 12 or more
        # cells read for the ledger (--json, --save), where the interface count's 3 say whether that walk was whole
        # ("13+"); an IPv6 target with its port (30 cells or more, never folded) then costs the serial at 160
        # columns, not both.
        print_table(rows, columns, title="SNMP 发现 SNMP discovery", keep=["domestic", "kind", "vendor", "model"],
                    give_way=["serial"], whole=["target"], readable=14)
    # The whole message on a line of its own (a table cell of an 80-column terminal holds a few words of it).
    stored = stored or {}
    failed: list[tuple[str, str, str]] = [
        (o.target, o.error_kind or "failed", (o.error or "").splitlines()[0].removeprefix(f"{o.target}: ")
         + stored.get(o.target, ""))
        for o in observations if not o.ok
    ]
    # A device identified but not read whole (silent in its LLDP walk ...): one line per part, as discover ssh does.
    failed += [(o.target, "partial", not_read_line(part, why, saved.kept_what(o.target, part) if saved else None)
                .replace(f" {o.target}: ", " ", 1)) for o in observations if o.ok for part, why in o.unread.items()]
    failed += [(o.target, "partial", f"{part}: {_cut_rows(o, part, why, saved)}")
               for o in observations if o.ok for part, why in o.partial.items()]
    for line in failure_lines(failed):
        typer.echo(line, err=True)


def _cut_rows(obs: Observation, part: str, why: str, saved: ReconcileReport | None) -> str:
    """A table walk cut short: the reason, and what was saved of it (``reconcile``'s words) or how many rows read."""
    name = saved.matched.get(obs.target) if saved is not None else None
    if saved is not None and name is not None and part in saved.partial.get(name, {}):
        return saved.partial[name][part].words
    rows = obs.interfaces if part == "interfaces" else obs.neighbors
    return f"{why}: the first {len(rows or ())} rows read"
