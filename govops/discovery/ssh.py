"""Discover network devices over SSH: a bounded thread pool of Netmiko sessions.

Each device is one task; whatever goes wrong with it (refused login, changed host
key, a device that stops mid-output) becomes a failed or partial ``SshOutcome``
carrying a message that names the device, never an exception crossing the pool,
and never a secret. Netmiko opens the session (authentication, paging, prompt);
commands are then read with govops' own loop so ``---- More ----`` left on,
deadlines and dropped connections are handled the same way on every platform.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govops.catalog.vendors import default_vendors
from govops.errors import ConfigError, DeviceError, GovopsError
from govops.platforms.base import Platform
from govops.platforms.detect import Detection, detect_platform, detection_commands
from govops.platforms.facts import CommandRejected, DeviceFacts, collect_facts
from govops.platforms.masking import mask_secrets
from govops.platforms.registry import get_platform
from govops.platforms.text import clean_output, decode_output, is_rejected
from govops.snmp.credentials import SecretRef
from govops.store.models import utcnow
from govops.util.address import parse_address
from govops.util.failure import FailureKind

log = logging.getLogger(__name__)


class _NoChannelData(logging.Filter):
    """Drop Netmiko's DEBUG records that carry channel data.

    Netmiko logs every byte read and written at DEBUG (``read_channel: ...``), that is
    unmasked configurations; with ``govops --debug`` they would leak secrets to the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)
        return not msg.startswith(("read_channel", "write_channel", "Pattern found", "_read_channel_expect"))


logging.getLogger("netmiko").addFilter(_NoChannelData())


@dataclass(frozen=True)
class Credential:
    """Login for one device; the secret is resolved at use and never shown in a repr."""

    username: str
    password: str | None = field(default=None, repr=False)
    key_file: Path | None = None
    reference: dict[str, str] | None = None

    def access(self, port: int) -> dict[str, Any]:
        """Return SSH settings to store on the device: username, port and the secret's reference only."""
        data: dict[str, Any] = {"username": self.username, "port": port}
        if self.reference:
            data["password"] = dict(self.reference)
        if self.key_file:
            data["key_file"] = str(self.key_file)
        return data

    @classmethod
    def from_env(cls, username: str, variable: str) -> Credential:
        """Read the password from environment variable ``variable``.

        Raises:
            ConfigError: When the variable is not set (its value is never printed).
        """
        value = os.environ.get(variable)
        if value is None:
            raise ConfigError(f"environment variable {variable} is not set", hint="export it, or use --key FILE")
        return cls(username=username, password=value, reference={"env": variable})

    @classmethod
    def from_secret(cls, username: str, ref: SecretRef) -> Credential:
        """Read the password from a reference (variable or file); only the reference is ever stored.

        Raises:
            ConfigError: When the variable is unset or the file unreadable or empty.
        """
        return cls(username=username, password=ref.resolve(), reference=ref.to_json())


@dataclass(frozen=True)
class SshTarget:
    """One device to discover."""

    name: str
    host: str
    port: int = 22
    platform: str | None = None
    credential: Credential | None = None


@dataclass(frozen=True)
class SshOutcome:
    """What happened with one device: facts (maybe partial) or the reason it failed."""

    target: SshTarget
    facts: DeviceFacts | None = None
    config: str | None = None
    error: str | None = None
    # Why the device was not read, in the shared vocabulary (``util.failure``): an unknown or changed host key is
    # ``auth`` (the device's identity was not verified; nothing was sent), a session lost midway ``unreachable`` (as a
    # socket error is), a command the device refused ``device`` (it answered, and the answer read nothing); the
    # message says which.
    error_kind: FailureKind | None = None
    detected: Detection | None = None
    seconds: float = 0.0
    at: dt.datetime = field(default_factory=utcnow)

    @property
    def ok(self) -> bool:
        """True when facts were read (possibly partially)."""
        return self.facts is not None

    @property
    def partial(self) -> bool:
        """True when some fact or the configuration could not be read."""
        return bool(self.facts and (self.facts.errors or self.error))


@dataclass(frozen=True)
class DiscoveryOptions:
    """How to run a discovery."""

    known_hosts: Path
    concurrency: int = 20
    accept_new_host_key: bool = False
    backup_config: bool = True
    connect_timeout: float = 15.0
    command_timeout: float = 60.0


class CommandFailed(Exception):
    """Reading one command failed; ``partial`` holds what arrived before."""

    def __init__(self, kind: FailureKind, message: str, partial: str = "", *, lost: bool = False) -> None:
        super().__init__(message)
        self.kind: FailureKind = kind
        self.partial = partial
        self.lost = lost  # the session dropped: every later command would fail too


class KnownHosts:
    """govops' own known_hosts file (under ``$GOVOPS_HOME``), shared by the worker threads.

    As OpenSSH's ``StrictHostKeyChecking=accept-new``: an unknown host key is learnt
    only when the user asks (``--accept-new-host-key``); a changed one is always
    refused until the user removes the old line, which govops never does. The file is read
    once per run and appended to; each session gets
    a one-entry copy, so paramiko checks the key before any password is sent without
    every connection re-reading (and racing on) the whole file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._keys: Any = None

    @staticmethod
    def host_id(host: str, port: int) -> str:
        """Return the known_hosts name of an endpoint (``[host]:port`` off port 22)."""
        return host if port == 22 else f"[{host}]:{port}"

    def _loaded(self) -> Any:
        import paramiko

        if self._keys is None:
            self._keys = paramiko.HostKeys(str(self.path)) if self.path.exists() else paramiko.HostKeys()
        return self._keys

    def entry_file(self, host: str, port: int, folder: Path) -> Path | None:
        """Write the stored key of an endpoint to a one-entry file in ``folder``; None when unknown."""
        import paramiko

        name = self.host_id(host, port)
        with self._lock:
            entry = self._loaded().lookup(name)
        if entry is None:
            return None
        single = paramiko.HostKeys()
        for key_type, key in entry.items():
            single.add(name, key_type, key)
        path = folder / f"{host}_{port}.known_hosts"
        single.save(str(path))
        return path

    def learn(self, host: str, port: int, key: Any) -> None:
        """Store ``key`` for an endpoint unless one is stored already (appended to the file)."""
        name = self.host_id(host, port)
        with self._lock:
            keys = self._loaded()
            if keys.lookup(name) is not None:
                return
            keys.add(name, key.get_name(), key)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="ascii") as fh:
                fh.write(f"{name} {key.get_name()} {key.get_base64()}\n")


def run_command(conn: Any, command: str, *, prompt: str, platform: Platform, timeout: float) -> str:
    """Send one command and read until the prompt, paging through ``---- More ----``.

    Args:
        conn: An open Netmiko connection (channel encoding latin-1: bytes kept intact).
        command: The command.
        prompt: The exact prompt that ends the output.
        platform: Supplies the pager and error patterns.
        timeout: Deadline in seconds for the whole answer.

    Returns:
        The output, decoded (UTF-8 or GBK), without the echoed command and prompt.

    Raises:
        CommandFailed: On timeout, dropped connection or a rejected command (with partial output).
    """
    more_at_end = re.compile(f"(?:{platform.more_pattern})\\s*$")
    conn.read_channel()  # drop a stray prompt left by session preparation
    conn.write_channel(command + conn.RETURN)
    chunks: list[str] = []
    tail = ""
    echoed = False
    deadline = time.monotonic() + timeout
    idle = 0.002
    while True:
        data = conn.read_channel()
        if data:
            idle = 0.002
            chunks.append(data)
            tail = (tail + data)[-400:]
            # The prompt only ends the answer once the command's echo has been seen.
            echoed = echoed or command in "".join(chunks)[: len(command) + 400]
            if more_at_end.search(tail):
                conn.write_channel(" ")
                continue
            if echoed and tail.rstrip().endswith(prompt):
                break
            continue
        if not _channel_alive(conn):
            raise CommandFailed("unreachable", f"connection dropped while reading {command!r}", _decode(chunks),
                                lost=True)
        if time.monotonic() > deadline:
            raise CommandFailed("timeout", f"no prompt after {command!r} within {timeout:.0f} s", _decode(chunks))
        # Poll the channel with a short back-off; the deadline above bounds the wait.
        time.sleep(idle)
        idle = min(idle * 2, 0.05)
    text = _decode(chunks)
    text = _strip_echo_and_prompt(text, command, prompt)
    rejected = is_rejected(platform, text)
    if rejected:
        raise CommandRejected(command, rejected)
    return text


def _decode(chunks: Sequence[str]) -> str:
    # The channel was read as latin-1, so each char is one byte: recover the bytes.
    return decode_output("".join(chunks).encode("latin-1"))


def _channel_alive(conn: Any) -> bool:
    channel = getattr(conn, "remote_conn", None)
    if channel is None:
        return False
    transport = channel.get_transport() if hasattr(channel, "get_transport") else None
    return not channel.closed and not channel.eof_received and bool(transport and transport.is_active())


def _strip_echo_and_prompt(text: str, command: str, prompt: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    echo = text.find(command)
    if echo >= 0:
        end_of_echo = text.find("\n", echo)
        text = text[end_of_echo + 1 :] if end_of_echo >= 0 else ""
    stripped = text.rstrip()
    if stripped.endswith(prompt.strip()):
        text = stripped[: -len(prompt.strip())]
    return text


def _netmiko_params(
    target: SshTarget, device_type: str, opts: DiscoveryOptions, known_file: Path | None
) -> dict[str, Any]:
    cred = target.credential
    if cred is None:
        raise ConfigError(f"{target.name}: no credentials", hint="give --username with --password-env or --key")
    params: dict[str, Any] = {
        "device_type": device_type,
        "host": target.host,
        "port": target.port,
        "username": cred.username,
        "conn_timeout": opts.connect_timeout,
        "auth_timeout": opts.connect_timeout,
        "banner_timeout": opts.connect_timeout,
        # No stored key: accept (and then learn) it only when asked; paramiko's RejectPolicy otherwise.
        "ssh_strict": known_file is None and not opts.accept_new_host_key,
        "system_host_keys": False,
        "alt_host_keys": known_file is not None,
        "alt_key_file": str(known_file or ""),
        "encoding": "latin-1",
        "fast_cli": True,
        "allow_agent": False,
    }
    if cred.key_file:
        params.update(use_keys=True, key_file=str(cred.key_file), password=cred.password or "")
    else:
        params.update(use_keys=False, password=cred.password or "")
    return params


_UNKNOWN_KEY = ("host key of {name} is not known yet; refusing to connect, no password was sent. "
                "Rerun with --accept-new-host-key to trust it on first use (as OpenSSH's accept-new)")


def _unknown_host_key(exc: BaseException) -> bool:
    """Whether paramiko's RejectPolicy refused an unknown key (Netmiko may wrap it)."""
    seen: BaseException | None = exc
    while seen is not None:
        if "not found in known_hosts" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _connect(target: SshTarget, device_type: str, opts: DiscoveryOptions, known: KnownHosts, scratch: Path) -> Any:
    from netmiko import ConnectHandler
    from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException
    from paramiko.ssh_exception import BadHostKeyException, SSHException

    known_file = known.entry_file(target.host, target.port, scratch)
    try:
        conn: Any = ConnectHandler(**_netmiko_params(target, device_type, opts, known_file))
    except NetmikoAuthenticationException as exc:
        raise CommandFailed("auth", "authentication failed (username or password/key refused)") from exc
    except (NetmikoTimeoutException, BadHostKeyException) as exc:
        # Netmiko re-raises paramiko's BadHostKeyException as a timeout; the original is its context.
        if isinstance(exc, BadHostKeyException) or isinstance(exc.__context__, BadHostKeyException):
            name = known.host_id(target.host, target.port)
            raise CommandFailed(
                "auth",
                f"host key of {name} changed since it was first seen (known_hosts: {known.path}); refusing to "
                f"connect, no password was sent. If the device was really replaced, remove the old key with "
                f"`ssh-keygen -f {known.path} -R '{name}'` and rerun with --accept-new-host-key",
            ) from exc
        if _unknown_host_key(exc):
            raise CommandFailed("auth", _UNKNOWN_KEY.format(name=known.host_id(target.host, target.port))) from exc
        raise CommandFailed("unreachable", f"no SSH answer at {target.host}:{target.port}") from exc
    except (SSHException, OSError, EOFError, ValueError) as exc:
        if _unknown_host_key(exc):
            raise CommandFailed("auth", _UNKNOWN_KEY.format(name=known.host_id(target.host, target.port))) from exc
        raise CommandFailed("device", f"SSH session failed: {type(exc).__name__}: {exc}") from exc
    finally:
        if known_file is not None:
            known_file.unlink(missing_ok=True)
    transport = conn.remote_conn.get_transport()
    known.learn(target.host, target.port, transport.get_remote_server_key())
    return conn


def _detect(conn: Any, opts: DiscoveryOptions) -> Detection:
    prompt = conn.find_prompt()
    outputs: dict[str, str] = {}
    generic = _detection_dialect()
    for command in detection_commands():
        try:
            outputs[command] = run_command(conn, command, prompt=prompt, platform=generic, timeout=opts.command_timeout)
        except CommandRejected:
            continue
        except CommandFailed as exc:
            outputs[command] = exc.partial
        found = detect_platform(outputs)
        if found:
            return found
    raise CommandFailed("device", f"platform not recognised from {', '.join(outputs) or 'any command'}")


def _detection_dialect() -> Platform:
    """A dialect that knows every pager marker and error text, for reading before detection."""
    from dataclasses import replace

    from govops.platforms.registry import PLATFORMS

    plats = list(PLATFORMS.values())
    return replace(
        plats[0],
        more_pattern="|".join(f"(?:{p.more_pattern})" for p in plats),
        error_patterns=tuple(pattern for p in plats for pattern in p.error_patterns),
    )


def discover_one(target: SshTarget, opts: DiscoveryOptions, known: KnownHosts, scratch: Path) -> SshOutcome:
    """Discover one device; every failure comes back as a failed or partial outcome."""
    started = time.monotonic()
    at = utcnow()
    detected: Detection | None = None
    conn: Any = None
    facts: DeviceFacts | None = None
    try:
        plat = get_platform(target.platform) if target.platform else None
        conn = _connect(target, plat.netmiko_device_type if plat else "terminal_server", opts, known, scratch)
        if plat is None:
            from netmiko import redispatch

            detected = _detect(conn, opts)
            plat = get_platform(detected.platform)
            redispatch(conn, device_type=plat.netmiko_device_type)
        prompt = conn.find_prompt()
        current = plat
        lost: list[CommandFailed] = []

        def run(command: str) -> str:
            # After the session is lost every later command fails at once, so the
            # facts already read are kept as a partial result.
            if lost:
                raise DeviceError(f"{command!r} not read: {lost[0]}", device=target.name)
            try:
                return run_command(conn, command, prompt=prompt, platform=current, timeout=opts.command_timeout)
            except CommandFailed as exc:
                if exc.lost:
                    lost.append(exc)
                raise DeviceError(str(exc), device=target.name) from exc

        facts = collect_facts(plat, run, prompt=prompt)
        facts.vendor = default_vendors().name_for(facts.vendor)  # the maker as SNMP names it
        config = None
        problem: tuple[str, FailureKind] | None = None
        if opts.backup_config:
            cmd = next(c.command for c in plat.commands if c.fact == "config")
            try:
                config = mask_secrets(clean_output(plat, run(cmd), cmd), plat.name)
            except (CommandRejected, DeviceError) as exc:
                problem = (f"configuration not read: {exc}", "device")
        if lost:
            problem = (f"{target.name}: {lost[0]}", "unreachable")
        return SshOutcome(
            target,
            facts,
            config,
            problem[0] if problem else None,
            problem[1] if problem else None,
            detected,
            time.monotonic() - started,
            at,
        )
    except CommandFailed as exc:
        return SshOutcome(
            target, facts, None, f"{target.name}: {exc}", exc.kind, detected, time.monotonic() - started, at
        )
    except GovopsError as exc:
        return SshOutcome(
            target, facts, None, f"{target.name}: {exc}", "device", detected, time.monotonic() - started, at
        )
    except Exception as exc:  # one device's surprise must not stop the others
        log.debug("unexpected failure on %s", target.name, exc_info=True)
        return SshOutcome(
            target,
            facts,
            None,
            f"{target.name}: unexpected {type(exc).__name__}",
            "internal",
            detected,
            time.monotonic() - started,
            at,
        )
    finally:
        if conn is not None:
            _close(conn)


def _close(conn: Any) -> None:
    try:
        conn.disconnect()
    except Exception:  # closing a half-dead session must not fail the device
        log.debug("disconnect failed", exc_info=True)


def discover(
    targets: Iterable[SshTarget],
    opts: DiscoveryOptions,
    *,
    on_done: Callable[[SshOutcome], None] | None = None,
) -> list[SshOutcome]:
    """Discover many devices with at most ``opts.concurrency`` sessions at a time.

    Args:
        targets: Devices to discover.
        opts: Options (known_hosts path, concurrency, deadlines).
        on_done: Called once per device as it finishes (progress display).

    Returns:
        One outcome per target, in the order given.
    """
    import tempfile

    target_list = list(targets)
    known = KnownHosts(opts.known_hosts)
    with tempfile.TemporaryDirectory(prefix="govops-ssh-") as tmp:
        scratch = Path(tmp)

        def task(t: SshTarget) -> SshOutcome:
            outcome = discover_one(t, opts, known, scratch)
            if on_done:
                on_done(outcome)
            return outcome

        with ThreadPoolExecutor(max_workers=max(1, min(opts.concurrency, len(target_list) or 1))) as pool:
            return list(pool.map(task, target_list))


@dataclass(frozen=True)
class StoreTarget:
    """A stored device with SSH access, or why it cannot be contacted."""

    name: str
    target: SshTarget | None
    problem: str | None = None


def target_from_device(name: str, mgmt_ip: str | None, platform: str | None, ssh: dict[str, Any]) -> StoreTarget:
    """Build a target from a stored device's ``ssh`` settings (credentials by reference)."""
    host = str(ssh.get("host") or mgmt_ip or "")
    if not host:
        return StoreTarget(name, None, f"{name}: no management address")
    try:
        password = SecretRef.read(ssh["password"], place=f"{name}: ssh.password")[1] if "password" in ssh else None
        key = Path(str(ssh["key_file"])).expanduser() if ssh.get("key_file") else None
        if password is None and key is None:
            raise ConfigError(f"{name}.ssh: no password reference and no key_file")
        ref = ssh["password"] if isinstance(ssh.get("password"), dict) else None
        cred = Credential(str(ssh.get("username") or "admin"), password, key, ref)
        return StoreTarget(name, SshTarget(name, host, int(ssh.get("port") or 22), platform, cred))
    except (ConfigError, ValueError) as exc:
        return StoreTarget(name, None, str(exc))


def parse_target(text: str, default_port: int) -> tuple[str, int]:
    """Split ``host``, ``host:port`` or ``[v6addr]:port`` into host and port.

    >>> parse_target("10.0.0.1:2222", 22), parse_target("sw1", 22), parse_target("[::1]:830", 22)
    (('10.0.0.1', 2222), ('sw1', 22), ('::1', 830))
    """
    return parse_address(text, default_port, where="target")
