"""What the server classifier is configured with: the catalogue tables and the policy, from files.

The classifier itself (``govops.catalog.servers``) is pure and runs in the host agent's
zipapp; reading the tables through the schema-checked loader (built-in plus the user's
catalogue files) and the policy from YAML or ``config.toml`` happens here, on the
installed package only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

from govops.catalog.loader import load_table
from govops.catalog.servers import DEFAULT_POLICY, Catalog, CpuRow, OsRow, ServerPolicy, SoftwareRow
from govops.catalog.vendors import default_vendors, load_vendors
from govops.config import govops_home, load_config_file
from govops.errors import ConfigError, InputError
from govops.util.schema import build
from govops.util.yamlio import load_yaml_file

_REQUIRE = "`require` names at least one of vendor, cpu, os, software"


def load_catalog(extra: Iterable[Path] = ()) -> Catalog:
    """Load the CPU, OS, software and vendor tables (built-in plus user files)."""
    extra = tuple(extra)
    return Catalog(
        cpus=tuple(load_table("cpus", CpuRow, extra=extra)),
        os=tuple(load_table("os", OsRow, extra=extra)),
        software=tuple(load_table("software", SoftwareRow, extra=extra)),
        vendors=load_vendors(extra) if extra else default_vendors(),
    )


@functools.cache
def default_catalog() -> Catalog:
    """Return the catalogue loaded once per process."""
    return load_catalog()


def load_policy(path: Path) -> ServerPolicy:
    """Read a policy file: ``server_policy: {require: [cpu, os]}`` (YAML).

    Raises:
        InputError: Naming the file and line of a bad value.
    """
    doc = load_yaml_file(path)
    if not isinstance(doc, Mapping) or "server_policy" not in doc:
        raise InputError("a policy file maps `server_policy` to {require: [cpu, os, ...]}", where=str(path))
    body = doc["server_policy"]
    if not isinstance(body, Mapping):
        raise InputError("`server_policy` must be a mapping", where=str(path))
    policy = build(ServerPolicy, body, where=str(path))
    if not policy.require:
        raise InputError(_REQUIRE, where=str(path))
    return policy


def configured_policy() -> ServerPolicy:
    """Return the policy of ``$GOVOPS_HOME/config.toml`` (``[server_policy] require = [...]``), else the default.

    Raises:
        ConfigError: Naming the file when the table is malformed.
    """
    cfg = load_config_file()
    body = cfg.get("server_policy")
    if body is None:
        return DEFAULT_POLICY
    where = str(govops_home() / "config.toml")
    if not isinstance(body, Mapping):
        raise ConfigError(f"{where}: [server_policy] must be a table with `require = [...]`")
    try:
        policy = build(ServerPolicy, body, where=f"{where} [server_policy]")
    except InputError as exc:
        raise ConfigError(str(exc)) from exc
    if not policy.require:
        raise ConfigError(f"{where}: [server_policy] {_REQUIRE}")
    return policy
