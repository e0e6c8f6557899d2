"""Roll agents out with Ansible: ``playbooks/deploy-agents.yml`` through ansible-runner.

Every agent kind: the host agent as a zipapp on each server, the bandwidth, power and inventory
agents in a govops virtual environment on a site's management server (see the playbook's header).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govops.agent.hostzip import build_host_zipapp
from govops.errors import ConfigError, GovopsError
from govops.util.ansible_data import runner_env, signals_restored, task_failure_text

REPO_ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = REPO_ROOT / "playbooks" / "deploy-agents.yml"
AGENT_KINDS = ("host", "bandwidth", "power", "inventory")


@dataclass(frozen=True)
class HostOutcome:
    """What the play did on one host."""

    host: str
    ok: int = 0
    changed: int = 0
    failed: int = 0
    unreachable: int = 0
    error: str | None = None


@dataclass(frozen=True)
class DeployResult:
    """The run as a whole: ansible-runner's status and rc, and one outcome per host."""

    status: str
    rc: int
    hosts: tuple[HostOutcome, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Whether every host succeeded."""
        return self.rc == 0 and all(not (h.failed or h.unreachable) for h in self.hosts)


def _outcomes(events: Sequence[Mapping[str, Any]]) -> tuple[HostOutcome, ...]:
    errors: dict[str, str] = {}
    stats: Mapping[str, Any] = {}
    for ev in events:
        data = ev.get("event_data") or {}
        if ev.get("event") in ("runner_on_failed", "runner_on_unreachable") and data.get("host"):
            errors.setdefault(str(data["host"]), task_failure_text(data.get("res") or {}, str(ev.get("event"))))
        if ev.get("event") == "playbook_on_stats":
            stats = data
    hosts = sorted(set().union(*(set(stats.get(k) or {}) for k in ("ok", "changed", "failures", "dark"))) | set(errors))
    return tuple(
        HostOutcome(
            host=h,
            ok=int((stats.get("ok") or {}).get(h, 0)),
            changed=int((stats.get("changed") or {}).get(h, 0)),
            failed=int((stats.get("failures") or {}).get(h, 0)),
            unreachable=int((stats.get("dark") or {}).get(h, 0)),
            error=errors.get(h),
        )
        for h in hosts
    )


def deploy_agents(
    inventory: Path,
    *,
    limit: str | None = None,
    check: bool = False,
    syntax_check: bool = False,
    zipapp: Path | None = None,
    extravars: Mapping[str, Any] | None = None,
    forks: int = 10,
    agents: Sequence[str] = (),
) -> DeployResult:
    """Run the deploy playbook against ``inventory`` (hosts matching ``limit``).

    Args:
        inventory: An Ansible inventory (e.g. from ``govops inventory export --format ansible``).
        limit: Ansible host pattern.
        check: Dry run (``--check --diff``).
        syntax_check: Only check the playbook's syntax.
        zipapp: The host-agent zipapp; built into a temporary folder when not given and the host agent is deployed.
        extravars: Playbook variables (``govops_host_config``, ``govops_venv``, ``govops_env_file`` ...).
        forks: Hosts in parallel.
        agents: The kinds to deploy on every host (``govops_agents``); empty: each host's own
            ``govops_agents`` from the inventory, else the host agent.

    Raises:
        ConfigError: The inventory or playbook is missing, or an unknown agent kind.
        GovopsError: ansible-runner could not run at all.
    """
    import ansible_runner

    if not inventory.exists():
        raise ConfigError(f"inventory {inventory} does not exist", hint="govops inventory export --format ansible")
    if not PLAYBOOK.exists():
        raise ConfigError(f"playbook {PLAYBOOK} is missing from this installation")
    unknown = sorted(set(agents) - set(AGENT_KINDS))
    if unknown:
        raise ConfigError(f"unknown agent kind {', '.join(unknown)}", hint=f"the kinds are {', '.join(AGENT_KINDS)}")
    variables: dict[str, Any] = {"govops_agents": list(agents)} if agents else {}
    with tempfile.TemporaryDirectory(prefix="govops-deploy-") as tmp, runner_env() as base_env, signals_restored():
        # A host that gets no host agent needs no zipapp; build one unless the kinds named exclude it.
        if zipapp is None and (not agents or "host" in agents):
            zipapp = build_host_zipapp(Path(tmp) / "govops-host-agent.pyz")
        if zipapp is not None:
            variables["govops_zipapp"] = str(Path(zipapp).resolve())
        (Path(tmp) / "runner").mkdir()
        cmdline = " ".join(
            part for part in ("--syntax-check" if syntax_check else "", "--check --diff" if check else "") if part
        )
        try:
            runner = ansible_runner.run(
                private_data_dir=str(Path(tmp) / "runner"),
                playbook=str(PLAYBOOK),
                inventory=str(inventory.resolve()),
                limit=limit,
                cmdline=cmdline or None,
                extravars={**variables, **(extravars or {})},
                forks=forks,
                quiet=True,
                rotate_artifacts=1,
                envvars={**base_env, "ANSIBLE_NOCOLOR": "1"},
            )
        except Exception as exc:  # ansible-runner raises plain exceptions for setup problems
            raise GovopsError(f"ansible-runner could not start the deploy playbook: {exc}") from exc
        events = list(runner.events)
        stdout = runner.stdout.read() if runner.rc else ""
    result = DeployResult(str(runner.status), int(runner.rc), _outcomes(events))
    if result.rc and not result.hosts:
        detail = stdout.strip()[-800:] or result.status
        raise GovopsError(f"deploy playbook failed (rc {result.rc}): {detail}")
    return result
