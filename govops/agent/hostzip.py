"""Build the host agent as one zipapp for the Python a server ships (3.7+).

The zipapp holds the runtime, the host collectors, the catalogue tables they
classify with (``cpus.yaml``, ``os.yaml``) and pure-Python PyYAML (vendored so
the agent config is real YAML on every host; its C extension is left out).
psutil and prometheus_client are not needed: the collectors read /proc and /sys,
and the runtime renders the text format itself (current prometheus_client
needs Python 3.8). Basic auth uses the ``bcrypt`` package when the system has it,
else the C library's ``crypt()``.
"""

from __future__ import annotations

import shutil
import tempfile
import zipapp
from pathlib import Path

import yaml

from govops.errors import GovopsError

HOST_AGENT_MODULES = (
    "govops",
    "govops.errors",
    "govops.util",
    "govops.util.hints",
    "govops.util.limits",
    "govops.util.yamlio",
    "govops.util.exposition",
    "govops.util.section",
    "govops.agent",
    "govops.agent.config",
    "govops.agent.logs",
    "govops.agent.web",
    "govops.agent.runtime",
    "govops.agent.hostagent",
    "govops.catalog",
    "govops.collectors",
    "govops.collectors.base",
    "govops.collectors.host",
    "govops.collectors.hostclass",
    "govops.collectors.hostinfo",
    "govops.collectors.textfile",
)
"""Modules shipped in the zipapp; tests/unit/agent/test_py37.py holds them to Python 3.7."""

CATALOG_TABLES = ("cpus.yaml", "os.yaml")

MAIN = '''"""govops host agent (zipapp): python3 govops-host-agent.pyz [--listen ADDR] [--config FILE]."""
import sys

from govops.agent.hostagent import main

sys.exit(main())
'''

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def module_path(module: str) -> Path:
    """Return the source file of a shipped module."""
    base = PACKAGE_ROOT.parent / module.replace(".", "/")
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def build_host_zipapp(out: Path, interpreter: str = "/usr/bin/env python3") -> Path:
    """Write the host-agent zipapp to ``out`` and return its path.

    Raises:
        GovopsError: A module or catalogue table is missing from this installation.
    """
    with tempfile.TemporaryDirectory(prefix="govops-zipapp-") as tmp:
        stage = Path(tmp)
        for module in HOST_AGENT_MODULES:
            src = module_path(module)
            if not src.exists():
                raise GovopsError(f"cannot build the host agent: {src} is missing from this installation")
            dest = stage / src.relative_to(PACKAGE_ROOT.parent)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
        data = PACKAGE_ROOT / "catalog" / "data"
        for table in CATALOG_TABLES:
            if (data / table).exists():
                (stage / "govops" / "catalog" / "data").mkdir(parents=True, exist_ok=True)
                shutil.copyfile(data / table, stage / "govops" / "catalog" / "data" / table)
        yaml_src = Path(yaml.__file__).parent
        (stage / "yaml").mkdir()
        for py in yaml_src.glob("*.py"):
            shutil.copyfile(py, stage / "yaml" / py.name)
        (stage / "__main__.py").write_text(MAIN)
        out.parent.mkdir(parents=True, exist_ok=True)
        zipapp.create_archive(stage, out, interpreter=interpreter, compressed=True)
    return out
