"""Where the ``snmpsim-data`` package keeps its recordings (read in place by tests and benchmarks).

The lab itself serves walks generated from the demo city (``govops.lab.city_snmp``); the
real-device corpus is acceptance data that only tests and benchmarks locate (``tests/conftest.py``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def snmpsim_data_dir() -> Path | None:
    """The recordings shipped by the ``snmpsim-data`` package, if it is installed."""
    try:
        return Path(str(resources.files("snmpsim_data") / "data"))
    except ModuleNotFoundError:
        return None
