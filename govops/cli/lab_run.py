"""`govops lab up|status|down`: simulated equipment on loopback for the demo and tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from govops.cli.options import JsonOpt
from govops.cli.output import print_json, print_table
from govops.cli.state import state
from govops.vocab import labelled

if TYPE_CHECKING:
    from govops.lab.runner import Lab


def _lab(ctx: typer.Context) -> Lab:
    # Imported here: the registry pulls in asyncssh and every simulator, which would
    # slow down every other govops command at start-up.
    from govops.lab.registry import build_registry
    from govops.lab.runner import Lab

    return Lab(state(ctx).settings.home, build_registry())


# Endpoints a row shows (one per process; sshd runs several): the rest are counted, and --json lists them all.
SHOWN_ENDPOINTS = 2


def up(
    ctx: typer.Context,
    no_store: bool = typer.Option(False, "--no-store", help="Start the lab without writing its devices to the store."),
    json_out: bool = JsonOpt,
) -> None:
    """Start the lab's services (no-op for those already running) and register their devices."""
    engine = None if no_store else state(ctx).engine()
    report = _lab(ctx).up(engine)
    if json_out:
        print_json(
            {
                "started": list(report.started),
                "already_running": list(report.already_running),
                "devices_updated": report.devices_updated,
                "devices_unchanged": report.devices_unchanged,
                "devices_not_in_store": report.devices_not_in_store,
                "links_probed": report.links_probed,
                "links_not_in_store": report.links_not_in_store,
            }
        )
        return
    for name in report.started:
        typer.echo(f"started {name}")
    for name in report.already_running:
        typer.echo(f"{name} already running")
    if not no_store:
        typer.echo(f"city devices given lab access: {report.devices_updated} updated, "
                   f"{report.devices_unchanged} unchanged, {report.devices_not_in_store} not in the store")
        if report.links_probed or report.links_not_in_store:
            typer.echo(f"city links probed at the lab's far ends: {report.links_probed}, "
                       f"{report.links_not_in_store} not in the store")
        if report.devices_not_in_store or report.links_not_in_store:
            typer.echo("import the city first: govops inventory import inventory/demo-city", err=True)


def status(
    ctx: typer.Context,
    devices: bool = typer.Option(False, "--devices", help="Also list every simulated device and its endpoint."),
    json_out: bool = JsonOpt,
) -> None:
    """Show each lab service and whether it runs (--devices: where each simulated device listens)."""
    rows = _lab(ctx).status()
    if json_out:
        print_json(
            {
                "services": [
                    {
                        "name": st.name,
                        "running": st.running,
                        "pids": list(st.pids),
                        "endpoints": [str(e) for e in st.endpoints],
                        "addresses": {proto: list(served) for proto, served in st.served.items()},
                        "detail": st.detail,
                        "far_ends": st.far_ends,
                        "devices": [
                            {
                                "name": d.name,
                                "kind": d.kind,
                                "mgmt_ip": d.mgmt_ip,
                                "port": (d.snmp or d.ssh or {}).get("port"),
                                "snmp": d.snmp,
                                "ssh": d.ssh,
                            }
                            for d in devs
                        ],
                    }
                    for st, devs in rows
                ]
            }
        )
        return
    if not rows:
        typer.echo("lab is not running (start it with `govops lab up`)")
        return
    print_table(
        [
            {
                "service": st.name,
                "state": labelled("lab_state", "running") if st.running
                else f"{labelled('lab_state', 'down')} ({st.detail})",
                "pids": ",".join(map(str, st.pids)),
                "endpoints": " ".join(map(str, st.endpoints[:SHOWN_ENDPOINTS]))
                + (f" +{len(st.endpoints) - SHOWN_ENDPOINTS} more" if len(st.endpoints) > SHOWN_ENDPOINTS else ""),
                "addresses": ", ".join(f"{proto} {len(served)}" for proto, served in st.served.items()),
                "devices": st.devices,
                "far_ends": st.far_ends,
            }
            for st, _ in rows
        ],
        ["service", "state", "pids", "endpoints", "addresses", "devices", "far_ends"],
        title="实验环境服务 lab services",
    )
    cut = [f"{st.name} {SHOWN_ENDPOINTS} of {len(st.endpoints)}" for st, _ in rows
           if len(st.endpoints) > SHOWN_ENDPOINTS]  # fmt: skip
    if cut:
        typer.echo(f"地址列未列全（每进程一个）；--json 列出全部。 endpoints cut (one a process): {', '.join(cut)} "
                   "shown; --json lists them all, and every address served.")
    if not devices:
        return
    print_table(
        [
            {
                "device": d.name,
                "kind": labelled("device_kind", d.kind),
                "service": st.name,
                "endpoint": f"{d.mgmt_ip}:{(d.snmp or d.ssh or {}).get('port')}",
            }
            for st, devs in rows
            for d in devs
        ],
        ["device", "kind", "service", "endpoint"],
        title="模拟设备 lab devices",
    )


def down(ctx: typer.Context) -> None:
    """Stop every lab service and forget its processes (devices stay in the store)."""
    stopped = _lab(ctx).down()
    typer.echo("stopped " + ", ".join(stopped) if stopped else "lab was not running")
