"""``govops_host_info``: architecture, CPU and OS of this host with their domestic (国产) verdicts.

Labels come from ``hostclass.classify_host``, the inventory's classifier, so a
Grafana panel can count domestic CPUs and OSes live (``count by (domestic_os)
(govops_host_info)``). The identity changes only with a reboot or an upgrade,
so the default interval is ten minutes and the work runs on the thread pool.

This module runs on Python 3.6 inside the host-agent zipapp.
"""

from __future__ import annotations

import asyncio
import os

from govops.collectors.host import HostPaths
from govops.collectors.hostclass import HostClass, classify_host
from govops.util.exposition import Family
from govops.util.section import CollectorConfig

INFO_LABELS = ("arch", "cpu_vendor", "cpu_model", "os_id", "os_version", "domestic_cpu", "domestic_os")


def _read(path: object) -> str:
    try:
        with open(str(path), encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def read_identity(paths: HostPaths) -> tuple[str, str, str | None, str]:
    """Return (cpuinfo, os-release, kernel release, machine) of the host under ``paths``."""
    cpuinfo = _read(paths.proc("cpuinfo"))
    os_release = _read(paths.root("/etc/os-release")) or _read(paths.root("/usr/lib/os-release"))
    kernel = _read(paths.proc("sys", "kernel", "osrelease")).strip() or None
    machine = os.uname().machine if paths.procfs == HostPaths().procfs else ""
    return cpuinfo, os_release, kernel, machine


class HostInfoCollector:
    """Exports ``govops_host_info`` (always 1) with identity and verdict labels."""

    name = "hostinfo"

    def __init__(self, cc: CollectorConfig | None, paths: HostPaths) -> None:
        if cc is not None:
            cc.check_options(())
            # The identity does not change between reboots: poll rarely unless told otherwise.
            explicit = cc.options.has("interval_seconds")
            self.interval_seconds = cc.interval_seconds if explicit else 600.0
            self.timeout_seconds = cc.timeout_seconds if cc.options.has("timeout_seconds") else 30.0
        else:
            self.interval_seconds, self.timeout_seconds = 600.0, 30.0
        self.paths = paths
        self.host: HostClass | None = None

    def describe(self) -> list[Family]:
        """Return the family without samples."""
        return [self._family()]

    def _family(self) -> Family:
        return Family(
            "govops_host_info",
            "Host identity: architecture, CPU, OS and whether CPU and OS are domestic (国产); always 1.",
            "gauge",
            INFO_LABELS,
        )

    def classify(self) -> HostClass:
        """Read and classify (blocking: file reads and the catalogue)."""
        return classify_host(*read_identity(self.paths))

    async def poll(self) -> None:
        """Classify on the thread pool and keep the result."""
        self.host = await asyncio.get_event_loop().run_in_executor(None, self.classify)

    def collect(self) -> list[Family]:
        """Yield the info series of the last classification."""
        fam = self._family()
        h = self.host
        if h is not None:
            fam.add((h.arch, h.cpu_vendor, h.cpu_model, h.os_id, h.os_version, h.domestic_cpu, h.domestic_os), 1.0)
        return [fam]
