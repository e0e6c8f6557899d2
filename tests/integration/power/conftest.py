"""Real parts for the power tests: snmpsim serving corpus walks, read in place."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from power_parts import DATA, POWER_WALKS, SnmpSim, start_snmpsim


@pytest.fixture(scope="session")
def power_sim(corpus: Path) -> Iterator[SnmpSim]:
    """snmpsim serving the corpus power walks and the project's bad-input walks."""
    # Not under pytest's tmp dir: that is 0700 for root and snmpsim runs as nobody.
    base = Path(tempfile.mkdtemp(prefix="govops-power-snmpsim-"))
    os.chmod(base, 0o755)
    # snmpsim names communities after resolved paths, so the walks are copied (not linked) into a
    # scratch data dir; copying only the power walks keeps its index build short.
    data = base / "data"
    data.mkdir()
    for name in POWER_WALKS:
        shutil.copyfile(corpus / "snmp" / f"{name}.snmprec", data / f"{name}.snmprec")
    for own in (DATA / "snmp").glob("*.snmprec"):
        shutil.copyfile(own, data / own.name)
    os.chmod(data, 0o755)
    proc, port = start_snmpsim([data], base / "cache", "apc_ap7900b")
    yield SnmpSim("127.0.0.1", port)
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(base, ignore_errors=True)
