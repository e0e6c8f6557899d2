"""`govops discover servers`: facts and domestic verdicts of servers through Ansible."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from govops.cli.options import JsonOpt
from govops.cli.output import os_label, print_json, print_summary, print_table, progress_bar
from govops.cli.state import state
from govops.discovery.summary import DiscoverySummary
from govops.vocab import labelled

if TYPE_CHECKING:
    from govops.discovery.servers import HostOutcome


def server_row(o: HostOutcome) -> dict[str, str]:
    """One host's row of the `discover servers` table: each dimension's name and its verdict word."""
    c = o.classification
    return {
        "host": o.host,
        "status": labelled("host_status", o.status),
        "verdict": labelled("verdict", c.verdict) if c else "",
        "cpu": f"{c.cpu.name or '?'} ({labelled('verdict', c.cpu.verdict.verdict)})" if c else "",
        # The OS as every table says it (os_label: the name once, no blank where no version is known).
        "os": f"{os_label(c.os.name, c.os.version) or '?'} ({labelled('verdict', c.os.verdict.verdict)})" if c else "",
        "vendor": f"{c.hardware.vendor or '?'} ({labelled('verdict', c.hardware.verdict.verdict)})" if c else "",
        "software": ", ".join(s.id for s in c.software) if c else "",
        "error": (o.error or "")[:120],
    }


def servers(  # noqa: PLR0917
    ctx: typer.Context,
    inventory: Annotated[
        Path | None,
        typer.Option(
            "--inventory", "-i", help="Ansible inventory file (default: the store's servers, exported on the fly)."
        ),
    ] = None,
    limit: Annotated[
        str | None, typer.Option("--limit", "-l", help="Ansible host pattern to limit the run to.")
    ] = None,
    forks: Annotated[int, typer.Option("--forks", "-f", min=1, max=500, help="Hosts handled in parallel.")] = 10,
    policy_file: Annotated[
        Path | None,
        typer.Option("--policy", help="YAML policy for the overall verdict (default: domestic CPU and domestic OS)."),
    ] = None,
    json_out: bool = JsonOpt,
    save: Annotated[
        bool, typer.Option("--save", help="Reconcile the servers into the store (serial, address, name).")
    ] = False,
) -> None:
    """Run playbooks/discover.yml and classify each server (hardware, CPU, OS, software).

    Ends with one summary line on stderr (found, changed, unchanged, unreachable, failed, skipped by
    reason: Windows servers, unavailable credentials). Exit 0 when every host tried was read, 1 when
    any was unreachable or failed. Host keys are checked as ssh's accept-new in ~/.ssh/known_hosts, or
    in a stored server's ssh.known_hosts file (docs/servers.md).
    """
    from govops.catalog.server_config import configured_policy, load_policy
    from govops.discovery.servers import discover_servers, inventory_size, save_servers, store_inventory

    st = state(ctx)
    policy = load_policy(policy_file) if policy_file else configured_policy()
    # Open (and check) the store before the run when it will be written: a missing store
    # should stop us before Ansible spends minutes, not after.
    engine = st.engine() if save or inventory is None else None
    skipped: list[tuple[str, str]] = []
    if inventory is not None:
        source: Path | dict[str, Any] = inventory
    else:
        source, skipped = store_inventory(st.engine())
    with progress_bar(inventory_size(source), "discover servers") as advance:
        outcomes = discover_servers(
            source,
            workdir=st.settings.home / "ansible-runner",
            limit=limit,
            forks=forks,
            policy=policy,
            progress=lambda *_: advance(),
        )
    saved = save_servers(engine, outcomes, from_store=inventory is None) if engine is not None and save else None
    summary = servers_summary(outcomes, saved, skipped)
    if json_out:
        doc: dict[str, object] = {"hosts": [o.to_dict() for o in outcomes], "summary": summary.to_json()}
        if saved is not None:
            doc["saved"] = saved.to_json()
        print_json(doc)
    else:
        rows = [server_row(o) for o in outcomes]
        columns = ["host", "status", "verdict", "cpu", "os", "vendor", "software", "error"]
        print_table(rows, columns, title="服务器国产化 Server verdicts")
    print_summary(summary)
    raise typer.Exit(summary.exit_code)


def servers_summary(outcomes: list[Any], saved: Any, skipped: list[tuple[str, str]]) -> DiscoverySummary:
    """The run's summary (see ``govops.discovery.summary``)."""
    summary = DiscoverySummary("servers", changed=None if saved is None else len(saved.created) + len(saved.updated),
                               unchanged=None if saved is None else len(saved.unchanged))  # fmt: skip
    summary.skip(reason for _name, reason in skipped)
    for o in outcomes:
        summary.add(o.status)
    return summary
