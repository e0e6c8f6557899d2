"""`govops agent deploy`: roll every agent kind out with Ansible."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from govops.cli.options import JsonOpt
from govops.cli.output import print_json, print_table


def deploy(  # noqa: PLR0917 - one parameter per CLI option
    inventory: str = typer.Option(..., "--inventory", "-i", help="Ansible inventory (govops inventory export "
                                  "--format ansible)."),
    limit: str | None = typer.Option(None, "--limit", "-l", help="Ansible host pattern."),
    check: bool = typer.Option(False, "--check", help="Dry run: show what would change."),
    syntax_check: bool = typer.Option(False, "--syntax-check", help="Only check the playbook's syntax."),
    zipapp: str | None = typer.Option(None, "--zipapp", help="Host-agent zipapp (default: build one now)."),
    extra_vars: str | None = typer.Option(None, "--extra-vars", "-e", help="Playbook variables as JSON, e.g. "
                                          '\'{"govops_web_config": "web.yml"}\'.'),
    forks: int = typer.Option(10, "--forks", help="Hosts in parallel."),
    agent: list[str] = typer.Option([], "--agent", "-a", help="Agent kind to deploy: host, bandwidth, power, "  # noqa: B008
                                    "inventory; repeat for several (default: each host's govops_agents, else host)."),
    venv: str | None = typer.Option(None, "--venv", help="Site agents: the govops virtual environment already on "
                                    "the target (else --wheelhouse)."),
    wheelhouse: str | None = typer.Option(None, "--wheelhouse", help="Site agents: a directory of wheels (govops and "
                                          "its dependencies, `pip wheel . -w DIR`) to install offline on the target."),
    json_out: bool = JsonOpt,
) -> None:
    """Install and start agents via playbooks/deploy-agents.yml: the host agent (zipapp) on servers; the bandwidth,
    power and inventory agents on a site's management server. Each gets its config (checked first), a hardened
    systemd unit, and is started."""
    extravars = json.loads(extra_vars) if extra_vars else {}
    if not isinstance(extravars, dict):
        raise typer.BadParameter("--extra-vars must be a JSON object")
    if venv:
        extravars.setdefault("govops_venv", venv)
    if wheelhouse:
        if not Path(wheelhouse).is_dir():
            raise typer.BadParameter(f"--wheelhouse {wheelhouse} is not a directory")
        extravars.setdefault("govops_wheelhouse", str(Path(wheelhouse).resolve()))
    from govops.agent.deploy import deploy_agents  # lazy: keeps CLI start-up fast

    result = deploy_agents(
        Path(inventory), limit=limit, check=check, syntax_check=syntax_check,
        zipapp=Path(zipapp) if zipapp else None, extravars=extravars, forks=forks, agents=agent,
    )
    if json_out:
        print_json({"status": result.status, "rc": result.rc, "hosts": [asdict(h) for h in result.hosts]})
    else:
        print_table(
            [asdict(h) for h in result.hosts],
            ["host", "ok", "changed", "failed", "unreachable", "error"],
        )
        typer.echo(f"deploy {result.status} (rc {result.rc})")
    raise typer.Exit(0 if result.ok else 1)
