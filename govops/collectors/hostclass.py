"""Which CPU and OS this host has, and whether each is domestic (国产), for ``govops_host_info``.

``classify_host`` is the one call the host agent makes. It runs the inventory's own
classifier (``govops.catalog.servers``: the module ``govops classify`` and ``discover
servers`` run), shipped in the host-agent zipapp and Python 3.6-safe there. The rows
come from the built-in ``cpus.yaml`` and ``os.yaml`` (bundled in the zipapp), read
without the schema module, which the zipapp does not carry (``servers.plain_rows``).

This module runs on Python 3.6 inside the host-agent zipapp (standard library only).
"""

from __future__ import annotations

import functools
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govops.catalog.servers import CpuRow, OsRow, ServerTexts, classify_cpu, classify_os, cpu_facts_of, plain_rows
from govops.errors import CatalogError
from govops.util.yamlio import load_yaml_text


@dataclass(frozen=True)
class HostClass:
    """The labels of ``govops_host_info``; verdicts are ``domestic``, ``foreign`` or ``unknown``."""

    arch: str
    cpu_vendor: str
    cpu_model: str
    os_id: str
    os_version: str
    domestic_cpu: str
    domestic_os: str


def _table(table: str) -> list[Mapping[str, Any]]:
    """The rows of one built-in table, read from the package (works inside a zipapp)."""
    where = f"catalog/data/{table}.yaml"
    try:
        data = pkgutil.get_data("govops.catalog", f"data/{table}.yaml")
    except OSError as exc:
        raise CatalogError(f"{where}: missing from this installation ({exc})") from exc
    if data is None:
        raise CatalogError(f"{where}: missing from this installation")
    doc = load_yaml_text(data.decode("utf-8"), where) or {}
    rows = doc.get(table) if isinstance(doc, Mapping) else None
    if not isinstance(rows, list):
        raise CatalogError(f"{where}: `{table}` must be a list of rows")
    return [r for r in rows if isinstance(r, Mapping)]


@functools.lru_cache(maxsize=1)
def host_rows() -> tuple[tuple[CpuRow, ...], tuple[OsRow, ...]]:
    """The built-in CPU and OS rows, loaded once per process.

    Raises:
        CatalogError: A table is missing or is not a list of rows.
    """
    return plain_rows(CpuRow, _table("cpus")), plain_rows(OsRow, _table("os"))


def classify_host(cpuinfo: str, os_release: str, kernel: str | None = None, arch: str = "") -> HostClass:
    """Classify this host's CPU and OS from raw texts with the inventory's classifier.

    Args:
        cpuinfo: Text of /proc/cpuinfo.
        os_release: Text of /etc/os-release ('' when missing).
        kernel: ``uname -r``.
        arch: ``uname -m``.
    """
    cpus, oses = host_rows()
    texts = ServerTexts(
        cpu_texts={"/proc/cpuinfo": cpuinfo},
        os_release=os_release or None,
        kernel_release=kernel,
        arch=arch or None,
    )
    cpu = classify_cpu(cpu_facts_of(texts), cpus)
    osv = classify_os(texts, oses)
    return HostClass(
        arch=cpu.arch or arch,
        cpu_vendor=cpu.vendor or "",
        cpu_model=cpu.model or "",
        os_id=osv.id or "",
        os_version=osv.version or "",
        domestic_cpu=cpu.verdict.verdict,
        domestic_os=osv.verdict.verdict,
    )
