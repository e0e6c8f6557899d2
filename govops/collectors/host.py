"""Host collectors: CPU, memory, filesystems, disks, network, load, uptime, identity.

Same names, labels and semantics as node_exporter's collectors (``node_cpu_seconds_total
{cpu,mode}``, ``node_memory_MemAvailable_bytes``, ``node_filesystem_avail_bytes``,
``node_load1``, ``node_uname_info`` ...), so the node-mixin dashboards and alerts
every Prometheus user has work on them unchanged; what node_exporter does not
export (the domestic verdicts) is ``govops_``.

They read ``/proc`` and ``/sys`` directly, as node_exporter does, instead of
psutil: the reads are the same, psutil would only add a compiled dependency that
a zipapp cannot carry and a layer of objects per scrape. Every path goes through
``HostPaths`` so tests can point the collectors at a fixture tree. Reads of
procfs never block; ``statvfs`` can (a dead NFS mount), so it runs on a thread
pool and a mount whose call has not returned is skipped and reported via
``node_filesystem_device_error`` until it does (node_exporter's "stuck mounts").

This module runs on Python 3.6 inside the host-agent zipapp (standard library only).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Tuple
from typing import Sequence as Seq

from govops.util.exposition import Family, label_string
from govops.util.section import CollectorConfig

USER_HZ = float(os.sysconf("SC_CLK_TCK")) if hasattr(os, "sysconf") else 100.0
SECTOR_BYTES = 512  # /proc/diskstats counts 512-byte sectors whatever the device's own sector size


@dataclass(frozen=True)
class HostPaths:
    """Where the host's procfs, sysfs and root filesystem are (``/proc``, ``/sys``, ``/``)."""

    procfs: Path = Path("/proc")
    sysfs: Path = Path("/sys")
    rootfs: Path = Path("/")

    def proc(self, *parts: str) -> Path:
        """Return a path under procfs."""
        return self.procfs.joinpath(*parts)

    def root(self, path: str) -> Path:
        """Return ``path`` (absolute on the host) under rootfs."""
        return self.rootfs / path.lstrip("/")


Spec = Seq[Tuple[str, str, str, Seq[str]]]  # typing generics: evaluated at runtime on 3.7


class _HostCollector:
    """Common parts: schedule from the config, a snapshot of families, describe from a spec."""

    name = ""
    default_interval = 15.0
    spec: Spec = ()

    def __init__(self, cc: CollectorConfig | None, paths: HostPaths, allowed: Iterable[str] = ()) -> None:
        if cc is not None:
            cc.check_options(allowed)
        self.interval_seconds = cc.interval_seconds if cc is not None else self.default_interval
        self.timeout_seconds = cc.timeout_seconds if cc is not None else min(10.0, self.default_interval)
        self.paths = paths
        self._snapshot: list[Family] = []

    def _families(self) -> dict[str, Family]:
        return {name: Family(name, doc, typ, labels) for name, doc, typ, labels in self.spec}

    def describe(self) -> list[Family]:
        """Return the exported families without samples."""
        return list(self._families().values())

    def collect(self) -> list[Family]:
        """Return the last complete snapshot."""
        return self._snapshot

    async def poll(self) -> None:
        """Read procfs (never blocks) and swap in the new snapshot."""
        self._snapshot = self.read()

    def read(self) -> list[Family]:
        """Read the source files into new families."""
        raise NotImplementedError


# --------------------------------------------------------------------------------------- cpu

CPU_MODES = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")


class CpuCollector(_HostCollector):
    """``/proc/stat`` per-CPU times, as node_exporter's ``cpu`` collector."""

    name = "cpu"
    spec: Spec = (
        ("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.", "counter", ("cpu", "mode")),
        ("node_cpu_guest_seconds_total", "Seconds the CPUs spent running guests (included in user/nice).",
         "counter", ("cpu", "mode")),
    )

    def __init__(self, cc: CollectorConfig | None, paths: HostPaths) -> None:
        super().__init__(cc, paths)
        self._labels: dict[str, tuple[list[str], list[str]]] = {}

    def _labels_for(self, cpu: str) -> tuple[list[str], list[str]]:
        labels = self._labels.get(cpu)
        if labels is None:
            labels = (
                [label_string(("cpu", "mode"), (cpu, m)) for m in CPU_MODES],
                [label_string(("cpu", "mode"), (cpu, m)) for m in ("user", "nice")],
            )
            self._labels[cpu] = labels
        return labels

    def read(self) -> list[Family]:
        fams = self._families()
        secs, guest = fams["node_cpu_seconds_total"], fams["node_cpu_guest_seconds_total"]
        with open(self.paths.proc("stat"), "rb") as fh:
            for raw in fh:
                if not raw.startswith(b"cpu") or raw[3:4] == b" ":
                    continue
                parts = raw.split()
                cpu = parts[0][3:].decode()
                mode_labels, guest_labels = self._labels_for(cpu)
                values = parts[1:11]
                for i, labels in enumerate(mode_labels):
                    secs.samples.append((labels, int(values[i]) / USER_HZ if i < len(values) else 0.0))
                if len(values) >= 10:
                    guest.samples.append((guest_labels[0], int(values[8]) / USER_HZ))
                    guest.samples.append((guest_labels[1], int(values[9]) / USER_HZ))
        return [secs, guest]


# --------------------------------------------------------------------------------------- memory

MEMINFO_FIELDS = (
    ("MemTotal", "Total usable memory."),
    ("MemFree", "Memory not used at all."),
    ("MemAvailable", "Memory available for new work without swapping (kernel estimate)."),
    ("Buffers", "Memory in block-device buffers."),
    ("Cached", "Memory in the page cache."),
    ("Shmem", "Shared memory (tmpfs included)."),
    ("SReclaimable", "Slab memory that can be reclaimed."),
    ("Slab", "Kernel slab memory."),
    ("Active", "Memory used recently."),
    ("Inactive", "Memory not used recently."),
    ("Dirty", "Memory waiting to be written back to disk."),
    ("SwapTotal", "Total swap space."),
    ("SwapFree", "Unused swap space."),
    ("SwapCached", "Swapped-out memory also in the page cache."),
)


class MemoryCollector(_HostCollector):
    """``/proc/meminfo`` in bytes, every field, as node_exporter's ``meminfo`` collector.

    ``Active(anon)`` becomes ``node_memory_Active_anon_bytes``, as node_exporter names it.
    """

    name = "memory"
    spec: Spec = tuple(
        (f"node_memory_{key}_bytes", f"{doc} (/proc/meminfo {key})", "gauge", ()) for key, doc in MEMINFO_FIELDS
    )

    def __init__(self, cc: CollectorConfig | None, paths: HostPaths) -> None:
        super().__init__(cc, paths)
        self._names: dict[bytes, str] = {}

    def _name_of(self, key: bytes, in_kb: bool) -> str:
        name = self._names.get(key)
        if name is None:
            text = re.sub(r"[^a-zA-Z0-9_]", "_", re.sub(r"\((.*)\)", r"_\1", key.decode("ascii", "replace")))
            # As node_exporter: fields in kB are bytes; counts (HugePages_Total) keep their bare name.
            name = self._names[key] = f"node_memory_{text}_bytes" if in_kb else f"node_memory_{text}"
        return name

    def read(self) -> list[Family]:
        fams = self._families()
        with open(self.paths.proc("meminfo"), "rb") as fh:
            for raw in fh:
                key, _, rest = raw.partition(b":")
                parts = rest.split()
                if not parts or not parts[0].isdigit():
                    continue
                in_kb = len(parts) > 1 and parts[1] == b"kB"
                name = self._name_of(key, in_kb)
                fam = fams.get(name)
                if fam is None:
                    fam = fams[name] = Family(name, f"Memory information field {key.decode('ascii', 'replace')}.")
                fam.samples.append(("", float(int(parts[0]) * (1024 if in_kb else 1))))
        return [f for f in fams.values() if f.samples]


# --------------------------------------------------------------------------------------- load, uptime


class LoadCollector(_HostCollector):
    """``/proc/loadavg``."""

    name = "load"
    spec: Spec = (
        ("node_load1", "1-minute load average.", "gauge", ()),
        ("node_load5", "5-minute load average.", "gauge", ()),
        ("node_load15", "15-minute load average.", "gauge", ()),
    )

    def read(self) -> list[Family]:
        fams = list(self._families().values())
        with open(self.paths.proc("loadavg"), "rb") as fh:
            values = fh.read().split()
        for fam, value in zip(fams, values[:3]):
            fam.samples.append(("", float(value)))
        return fams


UNAME_LABELS = ("domainname", "machine", "nodename", "release", "sysname", "version")


class UptimeCollector(_HostCollector):
    """Boot time, current time and ``node_uname_info``, as node_exporter's ``stat``, ``time`` and ``uname``."""

    name = "uptime"
    spec: Spec = (
        ("node_boot_time_seconds", "Unix time the host booted.", "gauge", ()),
        ("node_time_seconds", "Unix time on the host at the last poll.", "gauge", ()),
        ("node_uname_info", "Labeled system information as provided by the uname system call.", "gauge",
         UNAME_LABELS),
    )

    def uname(self) -> tuple[str, ...]:
        """The uname fields, from procfs (so a fixture tree or a container's /host/proc answers) else ``os.uname``."""
        u = os.uname()
        kernel = self.paths.proc("sys", "kernel")

        def read(name: str, default: str) -> str:
            try:
                return (kernel / name).read_text(encoding="utf-8", errors="replace").strip() or default
            except OSError:
                return default

        return (read("domainname", "(none)"), u.machine, read("hostname", u.nodename), read("osrelease", u.release),
                read("ostype", u.sysname), read("version", u.version))

    def read(self) -> list[Family]:
        fams = self._families()
        fams["node_uname_info"].add(self.uname(), 1.0)
        with open(self.paths.proc("stat"), "rb") as fh:
            for raw in fh:
                if raw.startswith(b"btime "):
                    fams["node_boot_time_seconds"].samples.append(("", float(raw.split()[1])))
                    break
        fams["node_time_seconds"].samples.append(("", time.time()))
        return list(fams.values())


# --------------------------------------------------------------------------------------- network

NETDEV_FIELDS = (
    (0, "receive_bytes"), (1, "receive_packets"), (2, "receive_errs"), (3, "receive_drop"),
    (8, "transmit_bytes"), (9, "transmit_packets"), (10, "transmit_errs"), (11, "transmit_drop"),
)


class NetworkCollector(_HostCollector):
    """``/proc/net/dev`` counters per interface, as node_exporter's ``netdev`` collector."""

    name = "network"
    spec: Spec = tuple(
        (f"node_network_{field}_total", f"Network device statistic {field}.", "counter", ("device",))
        for _i, field in NETDEV_FIELDS
    )

    def __init__(self, cc: CollectorConfig | None, paths: HostPaths) -> None:
        super().__init__(cc, paths, allowed=("device_exclude",))
        pattern = cc.options.get_str("device_exclude", "") if cc is not None else ""
        self._exclude = re.compile(pattern) if pattern else None

    def read(self) -> list[Family]:
        fams = list(self._families().values())
        with open(self.paths.proc("net", "dev"), "rb") as fh:
            lines = fh.read().splitlines()[2:]
        for raw in lines:
            dev, _, rest = raw.partition(b":")
            device = dev.strip().decode()
            if self._exclude is not None and self._exclude.search(device):
                continue
            labels = label_string(("device",), (device,))
            values = rest.split()
            for fam, (i, _field) in zip(fams, NETDEV_FIELDS):
                fam.samples.append((labels, float(values[i])))
        return fams


# --------------------------------------------------------------------------------------- disks

# node_exporter 1.5's default: whole devices only, no RAM disks, loops or floppies.
DISK_EXCLUDE = r"^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$"
DISK_FIELDS = (
    (3, "reads_completed_total", "Reads completed.", 1.0),
    (4, "reads_merged_total", "Reads merged.", 1.0),
    (5, "read_bytes_total", "Bytes read.", float(SECTOR_BYTES)),
    (6, "read_time_seconds_total", "Seconds spent reading.", 0.001),
    (7, "writes_completed_total", "Writes completed.", 1.0),
    (8, "writes_merged_total", "Writes merged.", 1.0),
    (9, "written_bytes_total", "Bytes written.", float(SECTOR_BYTES)),
    (10, "write_time_seconds_total", "Seconds spent writing.", 0.001),
    (11, "io_now", "I/Os in progress.", 1.0),
    (12, "io_time_seconds_total", "Seconds spent doing I/O.", 0.001),
    (13, "io_time_weighted_seconds_total", "Weighted seconds spent doing I/O.", 0.001),
)


class DiskCollector(_HostCollector):
    """``/proc/diskstats`` per whole device, as node_exporter's ``diskstats`` collector."""

    name = "disk"
    spec: Spec = tuple(
        (f"node_disk_{name}", doc, "gauge" if name == "io_now" else "counter", ("device",))
        for _i, name, doc, _scale in DISK_FIELDS
    )

    def __init__(self, cc: CollectorConfig | None, paths: HostPaths) -> None:
        super().__init__(cc, paths, allowed=("device_exclude",))
        pattern = cc.options.get_str("device_exclude", DISK_EXCLUDE) if cc is not None else DISK_EXCLUDE
        self._exclude = re.compile(pattern)

    def read(self) -> list[Family]:
        fams = list(self._families().values())
        with open(self.paths.proc("diskstats"), "rb") as fh:
            lines = fh.read().splitlines()
        for raw in lines:
            parts = raw.split()
            if len(parts) < 14:
                continue
            device = parts[2].decode()
            if self._exclude.search(device):
                continue
            labels = label_string(("device",), (device,))
            for fam, (i, _name, _doc, scale) in zip(fams, DISK_FIELDS):
                fam.samples.append((labels, int(parts[i]) * scale))
        return fams


# --------------------------------------------------------------------------------------- filesystems

FS_TYPES_EXCLUDE = (
    r"^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|"
    r"overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$"
)
MOUNT_POINTS_EXCLUDE = r"^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)"
_OCTAL = re.compile(r"\\([0-7]{3})")


def _unescape_mount(text: str) -> str:
    r"""Undo the octal escapes of /proc/mounts.

    >>> _unescape_mount("/mnt/my\\040disk")
    '/mnt/my disk'
    """
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), text)


class FilesystemCollector(_HostCollector):
    """Size, free and available bytes and inodes per mount, as node_exporter's ``filesystem`` collector."""

    name = "filesystem"
    labels = ("device", "mountpoint", "fstype")
    spec: Spec = (
        ("node_filesystem_size_bytes", "Filesystem size in bytes.", "gauge", labels),
        ("node_filesystem_free_bytes", "Free bytes, including those reserved for root.", "gauge", labels),
        ("node_filesystem_avail_bytes", "Bytes available to non-root users.", "gauge", labels),
        ("node_filesystem_files", "Total inodes.", "gauge", labels),
        ("node_filesystem_files_free", "Free inodes.", "gauge", labels),
        ("node_filesystem_readonly", "1 when mounted read-only.", "gauge", labels),
        ("node_filesystem_device_error", "1 when statvfs failed or has not returned (stuck mount).", "gauge",
         labels),
    )

    def __init__(self, cc: CollectorConfig | None, paths: HostPaths) -> None:
        super().__init__(cc, paths, allowed=("fs_types_exclude", "mount_points_exclude"))
        opts = cc.options if cc is not None else None
        self._fs_exclude = re.compile(opts.get_str("fs_types_exclude", FS_TYPES_EXCLUDE) if opts else FS_TYPES_EXCLUDE)
        self._mp_exclude = re.compile(
            opts.get_str("mount_points_exclude", MOUNT_POINTS_EXCLUDE) if opts else MOUNT_POINTS_EXCLUDE
        )
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="statvfs")
        self._pending: dict[str, concurrent.futures.Future[os.statvfs_result]] = {}

    def mounts(self) -> list[tuple[str, str, str, bool]]:
        """Return (device, mountpoint, fstype, readonly) of the mounts to report, deduplicated."""
        path = self.paths.proc("1", "mounts")
        if not path.exists():
            path = self.paths.proc("mounts")
        seen: dict[str, tuple[str, str, str, bool]] = {}
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 4:
                    continue
                device, mountpoint, fstype = _unescape_mount(parts[0]), _unescape_mount(parts[1]), parts[2]
                if self._fs_exclude.search(fstype) or self._mp_exclude.search(mountpoint):
                    continue
                seen[mountpoint] = (device, mountpoint, fstype, "ro" in parts[3].split(","))
        return list(seen.values())

    async def poll(self) -> None:
        fams = self._families()
        mounts = self.mounts()
        futures: dict[str, asyncio.Future[os.statvfs_result]] = {}
        stuck: set[str] = set()
        for _dev, mp, _fs, _ro in mounts:
            previous = self._pending.get(mp)
            if previous is not None and not previous.done():
                stuck.add(mp)
                continue
            cf = self._pool.submit(os.statvfs, str(self.paths.root(mp)))
            self._pending[mp] = cf
            futures[mp] = asyncio.wrap_future(cf)
        if futures:
            await asyncio.wait(list(futures.values()), timeout=max(0.1, self.timeout_seconds * 0.8))
        for device, mp, fstype, readonly in mounts:
            labels = label_string(self.labels, (device, mp, fstype))
            fut = futures.get(mp)
            st = None
            if mp not in stuck and fut is not None and fut.done() and fut.exception() is None:
                st = fut.result()
            if st is None:
                fams["node_filesystem_device_error"].samples.append((labels, 1.0))
                continue
            fams["node_filesystem_device_error"].samples.append((labels, 0.0))
            fams["node_filesystem_readonly"].samples.append((labels, 1.0 if readonly else 0.0))
            fams["node_filesystem_size_bytes"].samples.append((labels, float(st.f_blocks * st.f_frsize)))
            fams["node_filesystem_free_bytes"].samples.append((labels, float(st.f_bfree * st.f_frsize)))
            fams["node_filesystem_avail_bytes"].samples.append((labels, float(st.f_bavail * st.f_frsize)))
            fams["node_filesystem_files"].samples.append((labels, float(st.f_files)))
            fams["node_filesystem_files_free"].samples.append((labels, float(st.f_ffree)))
        for mp in [m for m, f in self._pending.items() if f.done()]:
            del self._pending[mp]
        self._snapshot = list(fams.values())

    def read(self) -> list[Family]:  # pragma: no cover - poll() is overridden
        raise NotImplementedError


Factory = Callable[[CollectorConfig], Any]


def host_factories(paths: HostPaths) -> dict[str, Factory]:
    """Collector factories of the host agent by name (textfile and hostinfo live in their own modules)."""
    from govops.collectors.hostinfo import HostInfoCollector
    from govops.collectors.textfile import TextfileCollector

    return {
        "cpu": lambda cc: CpuCollector(cc, paths),
        "disk": lambda cc: DiskCollector(cc, paths),
        "filesystem": lambda cc: FilesystemCollector(cc, paths),
        "hostinfo": lambda cc: HostInfoCollector(cc, paths),
        "load": lambda cc: LoadCollector(cc, paths),
        "memory": lambda cc: MemoryCollector(cc, paths),
        "network": lambda cc: NetworkCollector(cc, paths),
        "textfile": TextfileCollector,
        "uptime": lambda cc: UptimeCollector(cc, paths),
    }


DEFAULT_COLLECTORS = ("cpu", "disk", "filesystem", "hostinfo", "load", "memory", "network", "uptime")
"""Enabled when the config names none; textfile needs a directory, so it is opt-in."""
