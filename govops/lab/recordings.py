"""Where recordings beside the project live: the real-device corpus and the ``snmpsim-data`` package.

The lab itself serves walks generated from the demo city (``govops.lab.city_snmp``); these
locations are for the tests and benchmarks that read real walks in place (never copied into
the repository).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def corpus_dir() -> Path:
    """The real-device corpus: ``GOVOPS_CORPUS``, else ``../shared/corpus`` beside the checkout."""
    env = os.environ.get("GOVOPS_CORPUS")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def snmpsim_data_dir() -> Path | None:
    """The recordings shipped by the ``snmpsim-data`` package, if it is installed."""
    try:
        return Path(str(resources.files("snmpsim_data") / "data"))
    except ModuleNotFoundError:
        return None
