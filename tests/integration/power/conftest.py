"""Real parts for the power tests: snmpsim (through ``govops.lab``) serving corpus walks."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.lab.snmpsim import start_snmpsim
from tests.integration.power.power_parts import DATA, POWER_WALKS, SnmpSim


@pytest.fixture(scope="session")
def power_sim(corpus: Path) -> Iterator[SnmpSim]:
    """snmpsim serving the corpus power walks and the project's bad-input walks (community = file name)."""
    recordings = {name: corpus / "snmp" / f"{name}.snmprec" for name in POWER_WALKS}
    recordings.update({own.name.removesuffix(".snmprec"): own for own in sorted((DATA / "snmp").glob("*.snmprec"))})
    # Not under pytest's tmp dir: that is 0700 for root and snmpsim runs as nobody.
    work = Path(tempfile.mkdtemp(prefix="govops-power-snmpsim-"))
    server = start_snmpsim(recordings, work)
    yield SnmpSim(server.host, server.port)
    server.stop()
    shutil.rmtree(work, ignore_errors=True)
