"""Issue 16: a textfile that clashes with the agent's own metrics, or repeats a series, is skipped."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from govops.agent.runtime import Agent
from govops.collectors.host import HostPaths, MemoryCollector
from govops.collectors.textfile import TextfileCollector


def _agent(tmp_path: Path) -> tuple[Agent, TextfileCollector]:
    proc = tmp_path / "proc"
    proc.mkdir()
    (proc / "meminfo").write_text("MemTotal:       1000 kB\nMemAvailable:    250 kB\n")
    prom = tmp_path / "textfile"
    prom.mkdir()
    textfile = TextfileCollector(None, prom)
    memory = MemoryCollector(None, HostPaths(procfs=proc, rootfs=tmp_path))
    return Agent("host", [memory, textfile]), textfile


def test_clashing_and_repeating_files_are_skipped_and_metrics_stay_valid(tmp_path: Path) -> None:
    agent, textfile = _agent(tmp_path)
    prom = textfile.directory
    (prom / "a_clash.prom").write_text("# HELP node_memory_MemTotal_bytes mine\nnode_memory_MemTotal_bytes 1\n")
    (prom / "b_repeat.prom").write_text('job_ok{job="x"} 1\njob_ok{job="x"} 0\n')
    (prom / "c_good.prom").write_text('# TYPE backup_ok gauge\nbackup_ok{job="db"} 1\n')
    (prom / "d_again.prom").write_text('backup_ok{job="db"} 0\n')  # the series of c_good, again
    for st in agent.states:
        asyncio.run(agent.poll_once(st))
    text = agent.exposition().decode()
    assert set(textfile.errors) == {"a_clash.prom", "b_repeat.prom", "d_again.prom"}
    assert "exported by the agent itself" in textfile.errors["a_clash.prom"]
    assert "appears twice" in textfile.errors["b_repeat.prom"]
    assert 'backup_ok{job="db"} 1' in text and "govops_textfile_skipped_total 3" in text
    assert text.count("# HELP node_memory_MemTotal_bytes") == 1
    check = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True, check=False)
    assert "error" not in (check.stdout + check.stderr).lower(), check.stdout + check.stderr
