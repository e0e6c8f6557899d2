"""SNMP credentials and targets; secrets are held by reference and resolved at the last moment.

A secret reference is ``{"env": "VAR"}`` (an environment variable) or
``{"file": "/path"}`` (first line of a file). The store keeps only references
(``Device.snmp``), so no community or key ever reaches the database, a log or a
``repr``. A community given on the command line is wrapped in ``SecretRef`` with
``literal`` and is never stored.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from govops.errors import ConfigError
from govops.util.limits import shown

SnmpVersion = Literal["1", "2c", "3"]
AuthProtocol = Literal["sha", "sha256", "md5"]
PrivProtocol = Literal["aes", "aes256", "des"]

AUTH_PROTOCOLS: tuple[AuthProtocol, ...] = ("md5", "sha", "sha256")
PRIV_PROTOCOLS: tuple[PrivProtocol, ...] = ("aes", "aes256", "des")
DEFAULT_PORT = 161


@dataclass(frozen=True)
class SecretRef:
    """Where a secret lives: an environment variable, a file, or (CLI only) the value itself.

    The ``repr`` never shows a literal value, and ``to_json`` refuses to
    serialise one, so a literal secret cannot be written to the store.
    """

    env: str | None = None
    file: str | None = None
    literal: str | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        if self.env:
            return f"SecretRef(env={self.env!r})"
        if self.file:
            return f"SecretRef(file={self.file!r})"
        return "SecretRef(literal=***)"

    def describe(self) -> str:
        """Say where the secret comes from, without revealing it."""
        if self.env:
            return f"environment variable {self.env}"
        if self.file:
            return f"file {self.file}"
        return "the command line"

    def resolve(self) -> str:
        """Return the secret value.

        Raises:
            ConfigError: If the variable is unset or the file is unreadable or empty.
        """
        if self.literal is not None:
            return self.literal
        if self.env:
            value = os.environ.get(self.env)
            if value is None:
                raise ConfigError(
                    f"environment variable {self.env} is not set", hint="export it before running govops"
                )
            return value
        if self.file:
            try:
                text = Path(self.file).expanduser().read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError(f"cannot read secret file {self.file}: {exc.strerror}") from exc
            line = text.splitlines()[0].strip() if text.strip() else ""
            if not line:
                raise ConfigError(f"secret file {self.file} is empty")
            return line
        raise ConfigError("a secret reference needs `env` or `file`")

    def to_json(self) -> dict[str, str]:
        """Return the reference as stored in ``Device.snmp`` (never a literal value).

        Raises:
            ConfigError: If this reference holds a literal secret.
        """
        if self.env:
            return {"env": self.env}
        if self.file:
            return {"file": self.file}
        raise ConfigError("refusing to store a literal secret", hint="use an environment variable or a file")

    @classmethod
    def from_options(
        cls, *, literal: str | None = None, env: str | None = None, file: str | None = None, flags: str
    ) -> SecretRef | None:
        """Build a reference from command-line options: at most one of a value, a variable, a file.

        A variable or a file keeps the secret out of ``ps`` and shell history; the value itself is
        accepted for a quick test only. Checked here, so a missing variable or file is a clear error.

        Raises:
            ConfigError: Naming ``flags`` when more than one is given, or the secret cannot be read.
        """
        given = [x for x in (literal, env, file) if x]
        if len(given) > 1:
            raise ConfigError(f"give at most one of {flags}")
        if not given:
            return None
        ref = cls(literal=literal) if literal else cls(env=env) if env else cls(file=file)
        ref.resolve()
        return ref

    @classmethod
    def read(cls, data: Any, *, place: str) -> tuple[SecretRef, str]:
        """A stored reference and its value, for a secret the store or a config file holds by reference.

        ``place`` says whose secret and which (``srv-01: ssh.password``); every problem starts with it and names
        the reference, never the value: ``srv-01: ssh.password: environment variable X is not set``.

        Raises:
            ConfigError: The reference is malformed, or its variable is unset or its file unreadable or empty.
        """
        ref = cls.from_json(data, where=place)
        try:
            return ref, ref.resolve()
        except ConfigError as exc:
            # No device named: 203 servers sharing one unset variable group into one skip line with this hint.
            hint = exc.hint if not ref.env else (
                f"export {ref.env} before running govops, or keep the secret in a file (mode 0600) and refer to it as "
                f"{{file: PATH}} instead of {{env: {ref.env}}}, then import the inventory again")
            raise ConfigError(f"{place}: {exc.message}", hint=hint) from exc

    @classmethod
    def from_json(cls, data: Any, *, where: str) -> SecretRef:
        """Read a reference (``{"env": ...}`` or ``{"file": ...}``) from stored JSON.

        Raises:
            ConfigError: Naming ``where`` if the reference is malformed.
        """
        if isinstance(data, Mapping):
            env, file = data.get("env"), data.get("file")
            if isinstance(env, str) and env:
                return cls(env=env)
            if isinstance(file, str) and file:
                return cls(file=file)
        raise ConfigError(
            f"{where}: a secret must be a reference {{env: VAR}} or {{file: PATH}}, got {shown(data, 'secret')}")


@dataclass(frozen=True)
class SnmpCredentials:
    """How to authenticate: a v1/v2c community, or a v3 user with optional auth and privacy."""

    version: SnmpVersion = "2c"
    community: SecretRef | None = None
    user: str | None = None
    auth: AuthProtocol | None = None
    auth_key: SecretRef | None = None
    priv: PrivProtocol | None = None
    priv_key: SecretRef | None = None
    context: str | None = None

    def __post_init__(self) -> None:
        if self.version in ("1", "2c") and self.community is None:
            raise ConfigError(f"SNMP v{self.version} needs a community")
        if self.version == "3":
            if not self.user:
                raise ConfigError("SNMPv3 needs a user name")
            if (self.auth is None) != (self.auth_key is None):
                raise ConfigError("SNMPv3 auth needs both a protocol and a key reference")
            if (self.priv is None) != (self.priv_key is None):
                raise ConfigError("SNMPv3 privacy needs both a protocol and a key reference")
            if self.priv is not None and self.auth is None:
                raise ConfigError("SNMPv3 privacy requires authentication (authPriv)")

    @classmethod
    def v2c(cls, community: str) -> SnmpCredentials:
        """Credentials with a literal community (from the command line; never stored)."""
        return cls(version="2c", community=SecretRef(literal=community))

    def with_version(self, version: SnmpVersion) -> SnmpCredentials:
        """Return the same community with another version (v2c -> v1 fallback)."""
        return SnmpCredentials(version=version, community=self.community)

    def to_json(self) -> dict[str, Any]:
        """Return the stored form: version and references only."""
        out: dict[str, Any] = {"version": self.version}
        if self.community is not None:
            out["community"] = self.community.to_json()
        if self.user:
            out["user"] = self.user
        if self.auth:
            out["auth"] = self.auth
            out["auth_key"] = self.auth_key.to_json() if self.auth_key else None
        if self.priv:
            out["priv"] = self.priv
            out["priv_key"] = self.priv_key.to_json() if self.priv_key else None
        if self.context:
            out["context"] = self.context
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, where: str) -> SnmpCredentials:
        """Read credentials stored in ``Device.snmp``.

        Raises:
            ConfigError: Naming ``where`` for an unknown version or protocol, or a bad reference.
        """
        version = str(data.get("version", "2c"))
        if version not in ("1", "2c", "3"):
            raise ConfigError(f"{where}: SNMP version must be 1, 2c or 3, got {version!r}")
        auth, priv = data.get("auth"), data.get("priv")
        if auth is not None and auth not in AUTH_PROTOCOLS:
            raise ConfigError(f"{where}: SNMPv3 auth must be one of {', '.join(AUTH_PROTOCOLS)}, got {auth!r}")
        if priv is not None and priv not in PRIV_PROTOCOLS:
            raise ConfigError(f"{where}: SNMPv3 priv must be one of {', '.join(PRIV_PROTOCOLS)}, got {priv!r}")

        def ref(key: str) -> SecretRef | None:
            return SecretRef.from_json(data[key], where=f"{where} {key}") if data.get(key) is not None else None

        # A bad reference names its own place; only the checks of the record itself get ``where`` here.
        community, auth_key, priv_key = ref("community"), ref("auth_key"), ref("priv_key")
        try:
            return cls(
                version=version,  # type: ignore[arg-type]
                community=community,
                user=data.get("user"),
                auth=auth,
                auth_key=auth_key,
                priv=priv,
                priv_key=priv_key,
                context=data.get("context"),
            )
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc.message}") from exc


def _try_timeout(remaining: float, retries: int) -> float:
    """Seconds to wait for one try so that all ``retries + 1`` tries of a request end within ``remaining`` seconds,
    a fifth of it spare (``SnmpTarget.lasting`` and ``SnmpTarget.before``)."""
    return max(0.05, remaining * 0.8 / (retries + 1))


def tries_text(n: int) -> str:
    """``1 try``, ``2 tries``: how often a request is sent, as messages say it."""
    return f"{n} try" if n == 1 else f"{n} tries"


@dataclass(frozen=True)
class SnmpTarget:
    """Where an agent listens and how long to wait for it."""

    host: str
    port: int = DEFAULT_PORT
    timeout: float = 2.0
    retries: int = 1

    @classmethod
    def lasting(cls, host: str, port: int, seconds: float, *, retries: int = 1) -> SnmpTarget:
        """A target whose request, all its ``retries + 1`` tries, ends within ``seconds``, a fifth of it spare: a
        silent device fails as unreachable within a poll of that many seconds rather than as a poll past its
        deadline."""
        return cls(host, port, timeout=_try_timeout(seconds, retries), retries=retries)

    def before(self, deadline: float | None) -> SnmpTarget:
        """This target with its tries shortened, where they would not fit, so that a request begun now ends before
        ``deadline`` (``time.monotonic()`` seconds; None: no deadline, the target as it is), a fifth of what is
        left spare. The one place a poll's deadline bounds its SNMP requests: a device that answers a poll's first
        requests and then goes silent fails as unreachable within that poll, not past it."""
        if deadline is None:
            return self
        timeout = _try_timeout(deadline - time.monotonic(), self.retries)
        return replace(self, timeout=timeout) if timeout < self.timeout else self

    @property
    def tries(self) -> str:
        """How often a request is sent, for messages: ``1 try``, ``2 tries``."""
        return tries_text(self.retries + 1)

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"
