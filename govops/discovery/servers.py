"""Discover servers through Ansible: run ``playbooks/discover.yml``, classify each host.

ansible-runner runs the playbook with the project's fact module; events are read in
memory as they arrive (a hook the caller passes hears each host finish) and the
artifact directory is rotated. Every host ends as one :class:`HostOutcome`: facts and a
verdict, or a per-host error kind (unreachable, authentication, no Python, timeout,
module failure). One bad host never stops the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, select

from govops.catalog.server_config import default_catalog
from govops.catalog.servers import (
    DEFAULT_POLICY,
    Catalog,
    ServerClassification,
    ServerPolicy,
    ServerTexts,
    SoftwareSeen,
    classify_server,
)
from govops.catalog.verdict import Verdict
from govops.discovery.observation import ErrorKind, Observation
from govops.discovery.reconcile import ReconcileReport, reconcile
from govops.errors import ConfigError, DeviceError
from govops.snmp.credentials import SecretRef
from govops.store.db import session_scope
from govops.store.models import Device, utcnow
from govops.util.ansible_data import (
    VAULT_ID,
    VAULT_PROMPT,
    AnsibleSecret,
    RunSecrets,
    forget_runner_environments,
    host_address,
    known_hosts_problem,
    runner_env,
    signals_restored,
    ssh_host_vars,
    task_failure_text,
    to_ansible_yaml,
    vault_secrets,
)
from govops.util.limits import name_problem, shown

log = logging.getLogger(__name__)

Status = Literal["ok", "unreachable", "auth_failed", "no_python", "timeout", "failed"]
Progress = Callable[[str, str], None]

PLAYBOOK = "discover.yml"
ARTIFACTS_KEPT = 5

# Ansible reports why a host failed only as text. These are the OpenSSH and Ansible
# messages for the failures a user must act on differently; anything else stays a
# plain `unreachable` or `failed` with the message quoted.
# OpenSSH ends a refused login with "Permission denied (<methods>)", or, when the server cuts the
# tries short, "Too many authentication failures" (sshd's MaxAuthTries) or "Authentication failed".
_AUTH_FAILURE = re.compile(
    r"Permission denied \((publickey|password|keyboard-interactive)|Too many authentication failures|"
    r"Authentication failed\."
)
_NO_PYTHON = re.compile(
    r"module interpreter .* was not found|No usable Python|/bin/sh: (\d+: )?\S*python\S*: (not found|No such file)",
    re.IGNORECASE,
)
_TIMEOUT = re.compile(r"exceeded the timeout|timed out", re.IGNORECASE)

ERROR_HINTS: dict[Status, str] = {
    "unreachable": "check the address, port and firewall (ssh -p PORT user@host)",
    "auth_failed": ("check the user and the key file or password for this host (ansible_user, "
                    "ansible_ssh_private_key_file, ansible_password; a stored server's ssh.password)"),
    "no_python": "install python3 on the host or set ansible_python_interpreter",
    "timeout": "a read hung on the host (dead NFS mount?); raise govops_module_timeout or fix the host",
    "failed": "run with --debug and read the module output",
}


def playbooks_dir() -> Path:
    """Return the directory holding ``discover.yml`` and ``library/`` (``GOVOPS_PLAYBOOKS`` overrides)."""
    env = os.environ.get("GOVOPS_PLAYBOOKS")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "playbooks"
    if not (path / PLAYBOOK).exists():
        raise ConfigError(f"playbook {path / PLAYBOOK} not found", hint="set GOVOPS_PLAYBOOKS to the playbooks/ dir")
    return path


@dataclass(frozen=True)
class HostOutcome:
    """What discovery learned about one inventory host."""

    host: str
    address: str | None
    status: Status
    error: str | None = None
    hint: str | None = None
    facts: Mapping[str, Any] | None = None
    classification: ServerClassification | None = None
    observed_at: dt.datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of ``govops discover servers --json``."""
        out: dict[str, Any] = {"host": self.host, "address": self.address, "status": self.status,
                               "observed_at": self.observed_at.isoformat()}
        if self.error is not None:
            out["error"] = self.error
            out["hint"] = self.hint
        if self.classification is not None:
            # One rule for every command: ``domestic`` is the verdict word, ``classification`` the record.
            out["domestic"] = self.classification.verdict
            out["classification"] = self.classification.to_dict("ansible")
        if self.facts is not None:
            out["facts"] = summary_facts(self.facts)
        return out


def summary_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Return the facts worth keeping in ``Device.facts`` (no raw texts)."""
    keys = ("cpu_logical", "cpu_sockets", "cpu_cores", "memory_mb", "kernel_release", "arch", "disks", "nics",
            "errors")
    out = {k: facts.get(k) for k in keys}
    out["dmi"] = {k: v for k, v in (facts.get("dmi") or {}).items() if k != "product_uuid"}
    return out


def software_globs(catalog: Catalog) -> dict[str, list[str]]:
    """Return the detection globs the fact module looks for, from the software table."""
    return {
        "processes": sorted({p for r in catalog.software for p in r.processes}),
        "cmdline": sorted({p for r in catalog.software for p in r.cmdline}),
        "packages": sorted({p for r in catalog.software for p in r.packages}),
        "paths": sorted({p for r in catalog.software for p in r.paths}),
    }


def texts_from_facts(facts: Mapping[str, Any]) -> ServerTexts:
    """Turn the fact module's raw output into classifier input."""
    seen = tuple(
        SoftwareSeen(item["kind"], str(item["value"]))
        for item in facts.get("software") or []
        if item.get("kind") in ("process", "cmdline", "package", "path")
    )
    head = facts.get("cpuinfo_head")
    return ServerTexts(
        cpu_texts={"/proc/cpuinfo": head} if head else {},
        os_release=facts.get("os_release"),
        os_release_path=facts.get("os_release_path") or "/etc/os-release",
        release_files=dict(facts.get("release_files") or {}),
        kernel_release=facts.get("kernel_release"),
        arch=facts.get("arch"),
        dmi=dict(facts.get("dmi") or {}),
        software=seen,
    )


def failure_status(event: str, res: Mapping[str, Any]) -> Status:
    text = task_failure_text(res)
    if event == "runner_on_unreachable":
        return "auth_failed" if _AUTH_FAILURE.search(text) else "unreachable"
    if res.get("timedout") or _TIMEOUT.search(str(res.get("msg", ""))):
        return "timeout"
    if res.get("rc") == 127 or ("module_stderr" in res and _NO_PYTHON.search(text)):
        return "no_python"
    return "failed"


# The playbooks' first task, the SSH login alone (`raw`, which sends nothing on stdin): its success is no result.
LOGIN_ACTIONS = frozenset({"raw", "ansible.builtin.raw"})


@dataclass
class RunnerEvents:
    """Receives ansible-runner events in memory and hands each host's last word to ``_ok`` or ``_failed``.

    Shared by server discovery and the 等保 host audit: both read the same events and differ
    only in what a successful module result means.
    """

    addresses: Mapping[str, str | None]
    progress: Progress | None

    def __call__(self, event: dict[str, Any]) -> bool:
        kind = event.get("event", "")
        data = event.get("event_data") or {}
        host = data.get("host")
        if not host:
            return False
        # A host's progress is its last word (``_done``): runner_on_start comes once per task, and says no more.
        if kind == "runner_on_ok" and data.get("task_action") not in LOGIN_ACTIONS:
            self._ok(host, data.get("res") or {})
        elif kind in ("runner_on_failed", "runner_on_unreachable"):
            res = data.get("res") or {}
            status = failure_status(kind, res)
            self._failed(host, status, task_failure_text(res), ERROR_HINTS[status])
        # Returning False keeps events out of the artifact directory: they are read here.
        return False

    def _ok(self, host: str, res: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def _failed(self, host: str, status: Status, message: str, hint: str) -> None:
        raise NotImplementedError


@dataclass
class _Collector(RunnerEvents):
    """Server discovery's events: facts classified into one outcome per host."""

    policy: ServerPolicy
    catalog: Catalog
    outcomes: dict[str, HostOutcome] = field(default_factory=dict)

    def _failed(self, host: str, status: Status, message: str, hint: str) -> None:
        self._done(HostOutcome(host, self.addresses.get(host), status, message, hint))

    def _ok(self, host: str, res: Mapping[str, Any]) -> None:
        facts = (res.get("ansible_facts") or {}).get("govops")
        if not isinstance(facts, Mapping):
            self._done(HostOutcome(host, self.addresses.get(host), "failed", "the fact module returned no facts",
                                   ERROR_HINTS["failed"]))
            return
        result = classify_server(texts_from_facts(facts), policy=self.policy, catalog=self.catalog)
        self._done(HostOutcome(host, self.addresses.get(host), "ok", facts=facts, classification=result))

    def _done(self, outcome: HostOutcome) -> None:
        self.outcomes[outcome.host] = outcome
        if self.progress:
            shown = outcome.classification.verdict if outcome.classification else outcome.status
            self.progress(outcome.host, shown)


def _inventory_hosts(inventory: Path, limit: str | None) -> dict[str, str | None]:
    """Ask Ansible which hosts the inventory and limit select, with their addresses.

    In-process (Ansible's own InventoryManager), so INI, YAML and limit patterns mean
    exactly what they mean to ansible-playbook.
    """
    from ansible.inventory.manager import InventoryManager  # type: ignore[import-untyped]
    from ansible.parsing.dataloader import DataLoader  # type: ignore[import-untyped]

    manager = InventoryManager(loader=DataLoader(), sources=[str(inventory)])
    if limit:
        manager.subset(limit)
    return {h.name: str(h.vars.get("ansible_host", h.name)) for h in manager.get_hosts()}


def discover_servers(
    inventory: Path | Mapping[str, Any],
    *,
    workdir: Path,
    limit: str | None = None,
    forks: int = 10,
    policy: ServerPolicy = DEFAULT_POLICY,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
    connect_timeout_s: int = 10,
) -> list[HostOutcome]:
    """Run the discovery playbook over ``inventory`` and classify every host.

    Args:
        inventory: An Ansible inventory file, or an inventory as a mapping (YAML shape).
        workdir: ansible-runner's private data dir; artifacts are rotated there.
        limit: Ansible ``--limit`` pattern.
        forks: Parallel hosts.
        policy: Overall-verdict policy.
        catalog: Catalogue to classify against (default: built-in plus user files).
        progress: Called with (host, state) as each host finishes (its verdict, or its error kind).
        connect_timeout_s: SSH connection timeout per host.

    Returns:
        One outcome per host, sorted by host name; hosts Ansible never reported on are
        ``failed`` with a message saying so.

    Raises:
        ConfigError: If the inventory or the playbook cannot be used at all.
    """
    cat = catalog or default_catalog()
    prepared = prepare_inventory(inventory, workdir, limit)
    addresses = prepared.addresses
    collector = _Collector(addresses=addresses, progress=progress, policy=policy, catalog=cat)
    runner = run_playbook(PLAYBOOK, prepared, workdir=workdir, limit=limit, forks=forks,
                          extravars={"govops_software": software_globs(cat)}, handler=collector,
                          connect_timeout_s=connect_timeout_s)
    outcomes = dict(collector.outcomes)
    if not outcomes and runner.rc != 0:
        tail = runner.stdout.read()[-800:].strip() if runner.stdout else ""
        raise ConfigError(f"ansible-playbook failed before reaching any host (rc {runner.rc}): {tail}")
    for host, address in addresses.items():
        if host not in outcomes:
            outcomes[host] = HostOutcome(host, address, "failed",
                                         f"Ansible reported nothing for this host (runner status {runner.status})",
                                         ERROR_HINTS["failed"])
    return [outcomes[h] for h in sorted(outcomes)]


@dataclass(frozen=True)
class PreparedInventory:
    """The inventory file one run reads, the hosts it selects with their addresses, and its secrets."""

    file: Path
    addresses: dict[str, str | None]
    secrets: RunSecrets = field(default_factory=RunSecrets)


def prepare_inventory(inventory: Path | Mapping[str, Any], workdir: Path, limit: str | None) -> PreparedInventory:
    """Return the inventory to run on: its file, the hosts it selects with their addresses, its secrets.

    A mapping (the store's servers) is written where ansible-runner keeps its files, its
    passwords encrypted with a key of this run alone (``vault_secrets``).

    Raises:
        ConfigError: If the inventory file is missing or selects no host.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    secrets = RunSecrets()
    if isinstance(inventory, Path):
        if not inventory.is_file():
            raise ConfigError(f"inventory {inventory} does not exist or is not a file")
        inventory_file = inventory.resolve()
    else:
        # The store's servers: rewritten each run.
        inventory_file = workdir / "store-inventory.yml"
        document, secrets = vault_secrets(dict(inventory))
        inventory_file.write_text(to_ansible_yaml(document))
    addresses = _inventory_hosts(inventory_file, limit)
    if not addresses:
        raise ConfigError(f"no hosts in the inventory{f' match --limit {limit}' if limit else ''}")
    return PreparedInventory(inventory_file, addresses, secrets)


def run_playbook(
    playbook: str,
    inventory: PreparedInventory,
    *,
    workdir: Path,
    limit: str | None,
    forks: int,
    extravars: Mapping[str, Any],
    handler: Callable[[dict[str, Any]], bool],
    connect_timeout_s: int,
) -> Any:
    """Run one of the project's playbooks through ansible-runner; events go to ``handler``.

    The project's modules (``library/``) and the code they share with govops
    (``module_utils/``) come from the playbooks directory. Returns the runner.
    """
    import ansible_runner

    pdir = playbooks_dir()
    env = {
        "ANSIBLE_LIBRARY": str(pdir / "library"),
        "ANSIBLE_MODULE_UTILS": str(pdir / "module_utils"),
        "ANSIBLE_TIMEOUT": str(connect_timeout_s),
        "ANSIBLE_LOCALHOST_WARNING": "False",
        "ANSIBLE_DEPRECATION_WARNINGS": "False",
    }
    vault: dict[str, Any] = {}
    if inventory.secrets.vault_key is not None:
        # The key is typed at ansible-playbook's prompt (a pty), never written: with the encrypted
        # inventory it would be the passwords.
        vault = {"cmdline": f"--vault-id {VAULT_ID}@prompt", "passwords": {VAULT_PROMPT: inventory.secrets.vault_key}}
    # ansible-runner would otherwise write envvars, extravars and the vault key under env/ on a first run and, the
    # files being there, read them back on every later run over this run's own: a stale library path, control
    # directory or key. Nothing of govops' is kept there.
    shutil.rmtree(workdir / "env", ignore_errors=True)
    with runner_env() as base_env, forgetting(workdir), signals_restored():
        # `run` is `init_runner` + `Runner.run`; between the two the run's environment (this process's, plus
        # `envvars`, which can add but not remove) is the runner's own copy. A password exported for govops is
        # taken out of that copy, not out of os.environ (no other thread's view changes): ansible-runner records
        # the copy in artifacts/<run>/command, and the run reads the password from its vaulted inventory instead.
        runner = ansible_runner.interface.init_runner(
            private_data_dir=str(workdir),
            project_dir=str(pdir),
            playbook=playbook,
            inventory=str(inventory.file),
            limit=limit,
            forks=forks,
            extravars=dict(extravars),
            envvars={**base_env, **env},
            rotate_artifacts=ARTIFACTS_KEPT,
            quiet=True,
            event_handler=handler,
            suppress_env_files=True,
            **vault,
        )
        for name in inventory.secrets.hidden_env:
            runner.config.env.pop(name, None)
        runner.run()
    log.debug("ansible-runner finished %s: status=%s rc=%s", playbook, runner.status, runner.rc)
    if runner.status == "canceled":
        # ansible-runner turned Ctrl-C (or SIGTERM) into stopping the playbook: the command stops too, as it
        # would anywhere else, rather than report the hosts not reached as failed (or Ansible as broken).
        raise KeyboardInterrupt
    return runner


@contextlib.contextmanager
def forgetting(workdir: Path) -> Iterator[None]:
    """Forget the environment values ansible-runner records under ``workdir`` once a run ends, however it ends."""
    try:
        yield
    finally:
        forget_runner_environments(workdir / "artifacts")


# ----------------------------------------------------------------------------- store


def inventory_size(inventory: Path | Mapping[str, Any]) -> int:
    """How many hosts an inventory mapping (``store_inventory``'s) lists, for a progress bar; 0 for a file, which
    only Ansible reads (no total: no bar).

    >>> inventory_size({"all": {"hosts": {"web-1": {}, "db-1": {}}}}), inventory_size(Path("hosts.ini"))
    (2, 0)
    """
    return len(inventory["all"]["hosts"]) if isinstance(inventory, Mapping) else 0


def store_inventory(engine: Engine) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Export the store's servers as an Ansible inventory (YAML shape), and the servers left out, with why.

    A server's ``ssh`` JSON becomes its connection variables (``ssh_host_vars``: ``user`` or ``username``,
    ``port``, ``key_file``, ``python``, ``root``, ``known_hosts``, ``ssh_args``); a ``password`` reference
    (``{env: VAR}`` or ``{file: PATH}``) is read here and handed over as an ``AnsibleSecret``, which
    ``prepare_inventory`` writes only encrypted. Left out: Windows servers (reached over WinRM, not SSH)
    and servers whose password reference cannot be resolved here and that have no key file to try.
    """
    hosts: dict[str, dict[str, Any]] = {}
    refused: list[str] = []
    skipped: list[tuple[str, str]] = []
    with session_scope(engine) as session:
        for dev in session.scalars(select(Device).where(Device.kind == "server").order_by(Device.name)):
            ssh = dict(dev.ssh or {})
            # The address is validated, never a name pasted as it is: Ansible would template it.
            address = host_address(dev.mgmt_ip) if dev.mgmt_ip else host_address(dev.name)
            if address is None or name_problem(dev.name):
                refused.append(repr(dev.name[:40]))
                continue
            reason = _not_reachable_by_ssh(dev.os, ssh)
            password, why_not = _password(dev.name, ssh)
            if reason is None and password is None and why_not and not ssh.get("key_file"):
                reason = why_not  # a key file is still tried without the password; nothing else is
            if reason:
                skipped.append((dev.name, reason))
                continue
            hosts[dev.name] = {"ansible_host": address, **ssh_host_vars(ssh, password)}
    if refused:
        log.warning("%d servers with an invalid name or address left out: %s", len(refused), ", ".join(refused[:10]))
    if not hosts:
        raise ConfigError("the store has no servers" + (" Ansible can take safely" if refused or skipped else ""),
                          hint="pass --inventory FILE, or import servers first")
    return {"all": {"hosts": hosts}}, skipped


def _not_reachable_by_ssh(os_name: str | None, ssh: Mapping[str, Any]) -> str | None:
    """Why a server cannot be read over SSH from here (None: it can be tried)."""
    if os_name and os_name.lower().startswith("windows"):
        return "Windows server: reached over WinRM, not SSH"
    if ssh.get("known_hosts"):
        # Checked at import too; here again because ssh uses it now, on this machine (a file may have become /dev/null).
        problem = known_hosts_problem(str(ssh["known_hosts"]))
        if problem:
            return f"ssh.known_hosts {shown(ssh['known_hosts'])} {problem}"
    return None


def _password(name: str, ssh: Mapping[str, Any]) -> tuple[AnsibleSecret | None, str | None]:
    """The server's SSH password read from its reference, or why it cannot be (both None: it has none)."""
    if ssh.get("password") is None:
        return None, None
    try:
        ref, value = SecretRef.read(ssh["password"], place=f"{name}: ssh.password")
        return AnsibleSecret(value, env=ref.env), None
    except ConfigError as exc:
        return None, exc.message


_ERROR_KINDS: dict[Status, ErrorKind] = {
    "unreachable": "unreachable", "auth_failed": "auth", "no_python": "config", "timeout": "timeout",
    "failed": "device", "ok": "internal",
}


def observations(outcomes: Sequence[HostOutcome], *, from_store: bool) -> list[Observation]:
    """Turn host outcomes into observations for ``reconcile`` (source ``ansible``).

    Hosts of one run that share an address (several lab machines behind one loopback
    sshd, NAT) keep it as a column but not as a match key: the address names none of them.
    """
    per_address: dict[str | None, int] = {}
    for o in outcomes:
        per_address[o.address] = per_address.get(o.address, 0) + 1
    result: list[Observation] = []
    for o in outcomes:
        match_ip = o.address if o.address and per_address[o.address] == 1 else None
        common: dict[str, Any] = {
            "target": o.host, "source": "ansible", "observed_at": o.observed_at, "mgmt_ip": match_ip,
            "store_name": o.host if from_store else None,
        }
        if o.classification is None:
            result.append(Observation(ok=False, error=o.error, error_kind=_ERROR_KINDS[o.status], **common))
            continue
        values = device_values(o)
        c = o.classification
        result.append(Observation(
            ok=True,
            device={**values, "name": o.host, "kind": "server", "mgmt_ip": o.address},
            classification=Verdict(c.verdict, ",".join(c.policy.require),
                                   tuple(e for v in (c.cpu.verdict, c.os.verdict) for e in v.evidence[:1])),
            record=c.to_dict("ansible"),
            **common,
        ))
    return result


def device_values(outcome: HostOutcome) -> dict[str, Any]:
    """Return the device facts a successful outcome reports (columns and the summary facts).

    Raises:
        DeviceError: If the outcome has no classification.
    """
    c = outcome.classification
    facts = outcome.facts or {}
    if c is None:
        raise DeviceError("no classification to save", device=outcome.host)
    values: dict[str, Any] = {
        **summary_facts(facts),
        "cpu_vendor": c.cpu.vendor,
        "cpu_model": c.cpu.model,
        "arch": c.cpu.arch,
        "os": c.os.name,
        "os_version": c.os.version,
        "cpu_sockets": facts.get("cpu_sockets"),
        "cpu_cores": facts.get("cpu_cores"),
        "memory_mb": facts.get("memory_mb"),
        "vendor": c.hardware.vendor,
        "model": c.hardware.product,
        "serial": c.hardware.serial,
    }
    return values


def save_servers(engine: Engine, outcomes: Sequence[HostOutcome], *, from_store: bool = False) -> ReconcileReport:
    """Reconcile discovered servers into the store through ``discovery.reconcile`` (history ``scan``).

    Matching: the store device the host was exported from, else DMI serial, else address
    (when it names one host), else name. Failed hosts are never created or blanked; a
    known one is marked unreachable. One transaction: nothing is half-written.
    """
    return reconcile(engine, observations(outcomes, from_store=from_store))
