"""Ansible inventories written by govops: every string is data, never a template.

Ansible templates every inventory string it reads (a ``{{ lookup('pipe', ...) }}``
in a vendor name runs a command on the controller). Strings from ledgers,
devices and users are therefore written with YAML's ``!unsafe`` tag, which Ansible
reads as text it never templates. The only templates in an export are the ones
govops writes itself (``AnsibleTemplate``), from validated parts.

Every Ansible run of govops also shares how it uses SSH: host keys checked as
accept-new, and SSH masters that end with the run (``ssh_control_masters``). A device's
stored SSH settings become its connection host variables in one place (``ssh_host_vars``).

Passwords: an inventory for the user's own Ansible keeps them as references (env and file
lookups, ``secret_lookup``); an inventory govops runs itself carries them encrypted with a
key of that run alone (``AnsibleSecret``, ``vault_secrets``), which reaches ansible-playbook
only at its prompt: no password, and no key to one, is ever written to disk in clear.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import os
import re
import secrets
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from govops.util.files import write_atomically
from govops.util.limits import is_env_name

# A DNS host name (RFC 1123 labels); what ``ansible_host`` may hold besides an IP address.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"(?=.{{1,253}}\Z){_LABEL}(?:\.{_LABEL})*\Z")


# The SSH side of every Ansible run of govops. Host keys as OpenSSH's accept-new: a host seen for the first time
# is learnt; a changed key is refused before anything is sent. ssh takes the first value given for an option, so
# these (Ansible's default ssh_args plus the check) win over an inventory's later `StrictHostKeyChecking=no`.
# Pipelining: one SSH round trip per task instead of four (needs no `requiretty` for sudo).
# A password reaches ssh through Ansible's own SSH_ASKPASS helper, from shared memory (ansible-core 2.19): no
# sshpass on the controller, whatever an ansible.cfg says.
ANSIBLE_SSH_ENV = {
    "ANSIBLE_HOST_KEY_CHECKING": "True",
    "ANSIBLE_SSH_ARGS": "-C -o ControlMaster=auto -o ControlPersist=60s -o StrictHostKeyChecking=accept-new",
    "ANSIBLE_PIPELINING": "True",
    "ANSIBLE_SSH_PASSWORD_MECHANISM": "ssh_askpass",
}


log = logging.getLogger(__name__)


# Linux's limits: a path of PATH_MAX (4096) bytes with its NUL, a name of NAME_MAX bytes.
KNOWN_HOSTS_MAX_BYTES = 4095
KNOWN_HOSTS_MAX_NAME = 255
_NOT_REGULAR = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


def known_hosts_problem(path: str) -> str | None:
    """Why ``path`` cannot be a device's ``ssh.known_hosts`` (None: it can), said after the path.

    ssh checks the host key there and, with accept-new, appends a first-seen one. Only a regular
    file keeps them: /dev/null (any device, a FIFO, a directory) would accept any key every time,
    silently. A file not there yet is taken when its directory exists (ssh creates it). It is
    checked on this machine, where ssh runs.

    >>> known_hosts_problem("/dev/null")
    'is a character device, not a regular file: ssh would accept any host key every time'
    >>> known_hosts_problem("known_hosts")
    'is not an absolute path'
    """
    if not os.path.isabs(path):
        return "is not an absolute path"
    if "\x00" in path:
        return "holds a NUL character"
    raw = os.fsencode(path)
    if len(raw) > KNOWN_HOSTS_MAX_BYTES or any(len(name) > KNOWN_HOSTS_MAX_NAME for name in raw.split(b"/")):
        return f"is longer than a path can be ({KNOWN_HOSTS_MAX_BYTES} bytes, {KNOWN_HOSTS_MAX_NAME} a name)"
    if path.endswith("/"):
        return "names a directory, not a file"
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        parent = os.path.dirname(path)
        if not os.path.isdir(parent):
            return f"is not in an existing directory ({parent})"
        return None
    except OSError as exc:
        return f"cannot be checked ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
    return f"is {kind}, not a regular file: ssh would accept any host key every time"


def ssh_common_args(ssh: Mapping[str, Any]) -> str | None:
    """Return a device's ``ansible_ssh_common_args`` from its stored SSH settings (None: none needed).

    ``known_hosts`` (a file) replaces the user's ~/.ssh/known_hosts for this device: its host key is
    checked, and a first-seen one learnt, there (the lab hands over its servers' keys so). Without
    it, ssh's own files are used, as for any real server. ``ssh_args`` is passed on after it.

    >>> print(ssh_common_args({"known_hosts": "/lab/a b/known_hosts"}))
    -o 'UserKnownHostsFile="/lab/a b/known_hosts"'
    >>> ssh_common_args({"port": 22}) is None
    True
    """
    parts = []
    if ssh.get("known_hosts"):
        # ssh splits the value at spaces and expands %-tokens; Ansible splits the whole as a shell would.
        path = str(ssh["known_hosts"]).replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
        parts.append("-o " + shlex.quote(f'UserKnownHostsFile="{path}"'))
    if ssh.get("ssh_args"):
        parts.append(str(ssh["ssh_args"]))
    return " ".join(parts) or None


# Stored ``ssh`` key -> Ansible host variable. ``root`` is a lab impersonation root the fact modules read under.
_SSH_VARS = (("user", "ansible_user"), ("username", "ansible_user"), ("port", "ansible_port"),
             ("key_file", "ansible_ssh_private_key_file"), ("python", "ansible_python_interpreter"),
             ("root", "govops_root"))


def ssh_host_vars(ssh: Mapping[str, Any], password: Any = None) -> dict[str, Any]:
    """Return a device's Ansible connection variables from its stored ``ssh`` settings.

    ``user`` (or ``username``), ``port``, ``key_file``, ``python``, ``root``, and ``known_hosts`` with
    ``ssh_args`` as ``ansible_ssh_common_args``. ``password`` is what ``ansible_password`` holds (the
    caller's form of the stored reference: a lookup or an ``AnsibleSecret``); None: none.

    >>> ssh_host_vars({"username": "ops", "port": 2222})
    {'ansible_user': 'ops', 'ansible_port': 2222}
    """
    hv: dict[str, Any] = {}
    for key, var in _SSH_VARS:
        if ssh.get(key) is not None and var not in hv:
            hv[var] = ssh[key]
    common_args = ssh_common_args(ssh)
    if common_args is not None:
        hv["ansible_ssh_common_args"] = common_args
    if password is not None:
        hv["ansible_password"] = password
    return hv


@contextlib.contextmanager
def ssh_control_masters() -> Iterator[dict[str, str]]:
    """Give one Ansible run its own SSH control-socket directory; stop its masters when it ends.

    Yields the environment to pass to the run. Ansible leaves a master per host running for
    ControlPersist after the play; in the shared ``~/.ansible/cp`` they would outlive govops
    (and a test run). Here each is asked to exit and the directory removed. Socket paths must
    fit 108 bytes: a short temp dir, not the home.
    """
    control_dir = Path(tempfile.mkdtemp(prefix="govops-cp-"))
    try:
        yield {"ANSIBLE_SSH_CONTROL_PATH_DIR": str(control_dir)}
    finally:
        for sock in control_dir.iterdir():
            try:
                subprocess.run(["ssh", "-O", "exit", "-o", f"ControlPath={sock}", "govops-control"],
                               capture_output=True, timeout=5, check=False)
            except (OSError, subprocess.SubprocessError) as exc:
                log.debug("could not stop SSH master %s: %s", sock, exc)
        shutil.rmtree(control_dir, ignore_errors=True)


@contextlib.contextmanager
def runner_env() -> Iterator[dict[str, str]]:
    """Yield the environment every ansible-runner run of govops starts from; a caller adds its own variables.

    ``ANSIBLE_SSH_ENV``, the run's own SSH control masters (``ssh_control_masters``), no retry files, and
    this interpreter's directory first on PATH: ansible-playbook lives beside it (the venv), which need
    not be on PATH.
    """
    with ssh_control_masters() as control_env:
        yield {
            **ANSIBLE_SSH_ENV,
            **control_env,
            "ANSIBLE_RETRY_FILES_ENABLED": "False",
            "PATH": os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", ""))),
        }


class AnsibleTemplate(str):
    """A Jinja expression govops wrote itself from validated parts; exported without ``!unsafe``."""


def env_lookup(variable: str) -> AnsibleTemplate:
    """Return the template reading ``variable`` from the controller's environment.

    Raises:
        ValueError: If ``variable`` is not an environment-variable name (it would be pasted into Jinja).
    """
    if not is_env_name(variable):
        raise ValueError(f"{variable[:40]!r} is not an environment variable name")
    return AnsibleTemplate("{{ lookup('ansible.builtin.env', '%s') }}" % variable)  # noqa: UP031


# A path pasted into a Jinja string literal: absolute (or ~), no quote, backslash, brace or control character.
_LOOKUP_PATH = re.compile(r"[~/][\w./@+=,~ -]*\Z")


def file_lookup(path: str) -> AnsibleTemplate:
    """Return the template reading the secret in file ``path`` on the controller: its first line, stripped, as
    ``SecretRef`` reads it for govops' own logins (a note on a second line is no part of the password).

    Raises:
        ValueError: If ``path`` is not an absolute path of plain characters (it would be pasted into Jinja).
    """
    if not _LOOKUP_PATH.match(path) or len(path) > KNOWN_HOSTS_MAX_BYTES:
        raise ValueError(f"{path[:40]!r} is not an absolute path of letters, digits and ./@+=,~ -_")
    return AnsibleTemplate(
        "{{ (lookup('ansible.builtin.file', '%s').splitlines() | first) | trim }}" % path  # noqa: UP031
    )


def secret_lookup(ref: Mapping[str, Any]) -> AnsibleTemplate:
    """Return the lookup reading a stored secret reference (``{env: VAR}`` or ``{file: PATH}``) where Ansible runs.

    Raises:
        ValueError: If the reference is neither, or its name or path cannot be pasted into a template.
    """
    if isinstance(ref.get("env"), str) and ref["env"]:
        return env_lookup(ref["env"])
    if isinstance(ref.get("file"), str) and ref["file"]:
        return file_lookup(ref["file"])
    raise ValueError("a secret reference needs `env` or `file`")


class AnsibleSecret:
    """A secret for one Ansible run of govops: written only encrypted (``vault_secrets``), never shown.

    ``env``: the environment variable it was read from, kept out of the run's environment (ansible-runner
    records that environment in its artifacts).
    """

    __slots__ = ("_value", "env")

    def __init__(self, value: str, env: str | None = None) -> None:
        self._value = value
        self.env = env

    def __repr__(self) -> str:
        return "AnsibleSecret(***)"

    def reveal(self) -> str:
        """Return the secret (to encrypt it)."""
        return self._value


# The vault id of a run's secrets; ansible-playbook asks for its key with this prompt, and ansible-runner answers.
VAULT_ID = "govops"
VAULT_PROMPT = r"Vault password \(govops\):\s*$"


class _Vaulted(str):
    """Ansible Vault ciphertext, written with YAML's ``!vault`` tag."""


@dataclass(frozen=True)
class RunSecrets:
    """What one run needs for the secrets of its inventory: the vault key, and the variables the passwords came
    from, kept out of the run's environment (``run_playbook``)."""

    vault_key: str | None = None
    hidden_env: frozenset[str] = frozenset()


def vault_secrets(inventory: Any) -> tuple[Any, RunSecrets]:
    """Encrypt every ``AnsibleSecret`` in ``inventory`` with a fresh key (Ansible Vault, AES-256).

    Returns the inventory to write (ciphertext in place of each secret) and the run's key; the key
    lives only in memory and reaches ansible-playbook at its vault prompt (``--vault-id govops@prompt``).
    """
    key = secrets.token_urlsafe(32)
    vault: Any = None  # made at the first secret: an inventory without one needs no key (nor Ansible's import)
    hidden: set[str] = set()

    def encrypt(value: Any) -> Any:
        nonlocal vault
        if isinstance(value, AnsibleSecret):
            if vault is None:
                from ansible.parsing.vault import VaultLib, VaultSecret  # type: ignore[import-untyped]

                vault = VaultLib([(VAULT_ID, VaultSecret(key.encode()))])
            if value.env:
                hidden.add(value.env)
            return _Vaulted(vault.encrypt(value.reveal(), vault_id=VAULT_ID).decode("ascii"))
        if isinstance(value, dict):
            return {k: encrypt(v) for k, v in value.items()}
        if isinstance(value, list):
            return [encrypt(v) for v in value]
        return value

    document = encrypt(inventory)
    if vault is None:
        return inventory, RunSecrets()
    return document, RunSecrets(key, frozenset(hidden))


def forget_runner_environments(artifacts: Path) -> None:
    """Keep the names, not the values, of the environment ansible-runner recorded for each run under ``artifacts``.

    ansible-runner writes this process's whole environment to ``artifacts/<run>/command`` (mode 0600) and keeps the
    last runs: whatever a user exported (a database URL with its password, a community string, a password an
    inventory's env lookup reads) would stay there in clear. The names are enough to debug a run. Every run's record
    is looked at, so one a crash left (or an older govops wrote) is forgotten by the next run.
    """
    for command in artifacts.glob("*/command"):
        try:
            record = json.loads(command.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not ansible-runner's record: nothing of ours to forget
        env = record.get("env") if isinstance(record, dict) else None
        if isinstance(env, dict) and any(v != FORGOTTEN for v in env.values()):
            record["env"] = dict.fromkeys(sorted(env), FORGOTTEN)
            write_atomically(command, json.dumps(record, ensure_ascii=False), mode=0o600)


FORGOTTEN = "(not kept)"


def host_address(text: str | None) -> str | None:
    """Return ``text`` if it may be an ``ansible_host`` (an IP address or a DNS name), else None.

    >>> host_address("10.0.0.1"), host_address("db01.example.gov"), host_address("{{ x }}")
    ('10.0.0.1', 'db01.example.gov', None)
    """
    if not text:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text if _HOSTNAME.match(text) else None


class _AnsibleDumper(yaml.SafeDumper):
    """Safe dumper writing plain strings as ``!unsafe`` and govops' own templates as they are."""


def _represent_unsafe(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("!unsafe", str(value), style="'")


def _represent_template(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value))


_AnsibleDumper.add_representer(str, _represent_unsafe)
_AnsibleDumper.add_representer(AnsibleTemplate, _represent_template)
_AnsibleDumper.add_representer(_Vaulted, lambda d, v: d.represent_scalar("!vault", str(v), style="|"))


def _refuse_clear(_dumper: yaml.SafeDumper, _value: AnsibleSecret) -> yaml.ScalarNode:
    raise TypeError("refusing to write a secret in clear: encrypt the inventory with vault_secrets first")


_AnsibleDumper.add_representer(AnsibleSecret, _refuse_clear)


def to_ansible_yaml(inventory: Any) -> str:
    """Serialise an inventory mapping for Ansible: string values ``!unsafe``, keys validated names.

    Mapping keys stay plain (Ansible does not template host, group or variable names);
    callers put only validated names there.
    """
    return yaml.dump(_keys_plain(inventory), Dumper=_AnsibleDumper, allow_unicode=True, sort_keys=False, width=120)


class _Key(str):
    """A mapping key: written plain, since YAML keys tagged ``!unsafe`` are not names to Ansible."""


_AnsibleDumper.add_representer(_Key, _represent_template)


def _keys_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {_Key(k) if isinstance(k, str) else k: _keys_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys_plain(v) for v in value]
    return value


class _AnsibleLoader(yaml.SafeLoader):
    """Safe loader that reads ``!unsafe`` scalars as plain text."""


def _construct_unsafe(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


_AnsibleLoader.add_constructor("!unsafe", _construct_unsafe)
_AnsibleLoader.add_constructor("!vault", _construct_unsafe)


def load_ansible_yaml(text: str) -> Any:
    """Read an inventory written by ``to_ansible_yaml`` back as plain data (``!unsafe`` tags dropped)."""
    return yaml.load(text, Loader=_AnsibleLoader)  # noqa: S506 - _AnsibleLoader derives from SafeLoader


# A failed task's message is capped: a module's stderr can be a whole traceback, and it ends up in a table cell.
TASK_FAILURE_MAX_CHARS = 600


def task_failure_text(res: Mapping[str, Any], fallback: str = "no message") -> str:
    """What a failed Ansible task says, the one way every playbook run of govops reports a failure: its ``stderr``
    and ``module_stderr`` (the command's or module's own words) before its ``msg`` (often only 'non-zero return
    code'); for a loop, its first failed item's (the loop's own ``msg`` is only 'One or more items failed')."""
    for item in res.get("results") or ():
        if isinstance(item, Mapping) and (item.get("failed") or item.get("unreachable")):
            return task_failure_text(item, fallback)
    parts = [str(res.get(k)).strip() for k in ("stderr", "module_stderr", "msg") if res.get(k)]
    return " | ".join(p for p in parts if p)[:TASK_FAILURE_MAX_CHARS] or fallback


@contextlib.contextmanager
def signals_restored() -> Iterator[None]:
    """Give SIGINT and SIGTERM back their handlers after a run.

    ansible-runner sets its own (they only flag the run as cancelled) and leaves them set, so a
    Ctrl-C later in the same command (saving, the demo's next steps) would otherwise do nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers are the main thread's; ansible-runner sets none from another thread
        return
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in kept.items():
            if handler is not None:  # None: set outside Python, nothing of ours to give back
                signal.signal(sig, handler)
