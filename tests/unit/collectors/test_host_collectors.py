"""Host collectors on fixture trees: textfile parsing, stuck mounts, procfs parsing."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
import time
from pathlib import Path

import pytest

from govops.collectors.host import CpuCollector, DiskCollector, FilesystemCollector, HostPaths, MemoryCollector
from govops.collectors.textfile import TextfileCollector, parse_text
from govops.errors import InputError
from govops.util.exposition import render


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('x{a="b" 1\n', "x.prom:1: cannot parse sample line"),
        ("# TYPE x gauge\nx 1\n# TYPE x counter\n", "x.prom:3: TYPE for x after its samples"),
        ("x{1a=\"b\"} 1\n", "x.prom:1: invalid label name"),
        ('x{a=b} 1\n', "x.prom:1: label a value must be quoted"),
        ("x one\n", "x.prom:1: invalid value"),
        ("# TYPE x gauges\n", "x.prom:1: unknown metric type"),
    ],
)
def test_textfile_syntax_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_text(text, "x.prom")


def test_textfile_histogram_and_escapes(tmp_path: Path) -> None:
    (tmp_path / "a.prom").write_text(
        '# HELP job_seconds Job time.\n# TYPE job_seconds histogram\njob_seconds_bucket{le="1"} 2\n'
        'job_seconds_bucket{le="+Inf"} 3\njob_seconds_sum 4.5\njob_seconds_count 3\n'
        'note{text="a \\"quoted\\" \\\\ word"} 1\n'
    )
    (tmp_path / "b.prom").write_text("# TYPE job_seconds gauge\njob_seconds 1\n")  # conflicting type: skipped
    coll = TextfileCollector(None, tmp_path)
    text = render(coll.read())
    assert "# TYPE job_seconds histogram" in text and 'job_seconds_bucket{le="+Inf"} 3' in text
    assert 'note{text="a \\"quoted\\" \\\\ word"} 1' in text
    assert 'govops_textfile_file_error{file="b.prom"} 1' in text
    assert "govops_textfile_scrape_error 1" in text
    assert "b.prom" in coll.errors and "type gauge here but histogram" in coll.errors["b.prom"]


def test_missing_textfile_directory_is_reported(tmp_path: Path) -> None:
    coll = TextfileCollector(None, tmp_path / "nope")
    assert "govops_textfile_scrape_error 1" in render(coll.read())


def _fixture_proc(tmp_path: Path) -> HostPaths:
    proc = tmp_path / "proc"
    (proc / "net").mkdir(parents=True)
    (proc / "stat").write_text("cpu  10 0 10 100 0 0 0 0 0 0\ncpu0 200 3 100 5000 7 0 1 0 11 2\nbtime 1700000000\n")
    (proc / "meminfo").write_text("MemTotal:       1000 kB\nMemAvailable:    250 kB\nHugePages_Total:   0\n")
    (proc / "diskstats").write_text(
        "   8       0 sda 10 1 80 5 20 2 160 9 0 12 14\n   8       1 sda1 1 0 8 1 2 0 16 1 0 1 1\n"
        "   7       0 loop0 1 0 2 0 0 0 0 0 0 0 0\n"
    )
    (proc / "mounts").write_text(
        "/dev/sda1 / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n"
        "nfs:/export /mnt/dead\\040nfs nfs4 ro,vers=4 0 0\n"
    )
    return HostPaths(procfs=proc, rootfs=tmp_path / "root")


def test_procfs_parsing_in_base_units(tmp_path: Path) -> None:
    paths = _fixture_proc(tmp_path)
    hz = os.sysconf("SC_CLK_TCK")
    cpu = render(CpuCollector(None, paths).read())
    assert f'node_cpu_seconds_total{{cpu="0",mode="user"}} {200 / hz:g}' in cpu
    assert f'node_cpu_guest_seconds_total{{cpu="0",mode="nice"}} {2 / hz:g}' in cpu
    assert 'cpu=""' not in cpu  # the aggregate line is not a CPU
    mem = render(MemoryCollector(None, paths).read())
    assert "node_memory_MemTotal_bytes 1024000" in mem and "node_memory_MemAvailable_bytes 256000" in mem
    disk = render(DiskCollector(None, paths).read())
    assert 'node_disk_read_bytes_total{device="sda"} 40960' in disk
    assert 'node_disk_io_time_seconds_total{device="sda"} 0.012' in disk
    assert "sda1" not in disk and "loop0" not in disk


def test_stuck_mount_is_skipped_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _fixture_proc(tmp_path)
    release = threading.Event()
    real_statvfs = os.statvfs

    def statvfs(path: str) -> os.statvfs_result:
        if "dead nfs" in path:  # a hung NFS server: the call does not return
            release.wait(30)
        return real_statvfs("/")

    monkeypatch.setattr(os, "statvfs", statvfs)
    coll = FilesystemCollector(None, paths)
    coll.timeout_seconds = 0.3
    try:
        for _ in range(2):  # the second poll must not queue another call on the stuck mount
            t0 = time.monotonic()
            asyncio.run(coll.poll())
            assert time.monotonic() - t0 < 10.0  # not held by the stuck call (30 s): only the order is tested
            text = render(coll.collect())
            dead = 'node_filesystem_device_error{device="nfs:/export",mountpoint="/mnt/dead nfs",fstype="nfs4"}'
            assert f"{dead} 1" in text
            assert 'node_filesystem_device_error{device="/dev/sda1",mountpoint="/",fstype="ext4"} 0' in text
            assert 'node_filesystem_size_bytes{device="/dev/sda1",mountpoint="/",fstype="ext4"}' in text
            assert 'mountpoint="/proc"' not in text
    finally:
        release.set()
    concurrent.futures.wait(list(coll._pending.values()), timeout=30)  # until it answered, however busy the machine
    asyncio.run(coll.poll())  # it answered: reported again on the next poll
    assert 'mountpoint="/mnt/dead nfs",fstype="nfs4"} 0' in render(coll.collect())
