"""Build the host agent as one zipapp for the Python a server ships (3.6 to 3.13).

The zipapp holds the runtime, the host collectors, the server classifier itself
(``govops.catalog.servers``, the module the CLI and discovery run) and the catalogue
tables the host agent classifies with (``cpus.yaml``, ``os.yaml``); nothing third-party. YAML is read by
``govops.util.miniyaml`` (PyYAML 6 needs 3.8: it is not shipped), the text format
is rendered by ``govops.util.exposition`` (no prometheus_client), and the
collectors read /proc and /sys (no psutil). Basic auth uses the ``bcrypt``
package when the system has it, else the C library's ``crypt()``.

Every module is copied through ``govops.agent.py36.strip_annotations`` (line for
line), and ``py36/dataclasses.py`` is added to ``sys.path`` on Python 3.6 only.
``tests/integration/agents/test_zipapp_pythons.py`` runs and scrapes the result
under every real interpreter found.
"""

from __future__ import annotations

import shutil
import tempfile
import zipapp
from pathlib import Path

from govops.agent.py36 import strip_annotations
from govops.errors import GovopsError

HOST_AGENT_MODULES = (
    "govops",
    "govops.errors",
    "govops.util",
    "govops.util.hints",
    "govops.util.address",
    "govops.util.httpbind",
    "govops.util.limits",
    "govops.util.yamlio",
    "govops.util.miniyaml",
    "govops.util.exposition",
    "govops.util.section",
    "govops.util.placeholders",
    "govops.agent",
    "govops.agent.config",
    "govops.agent.logs",
    "govops.agent.web",
    "govops.agent.runtime",
    "govops.agent.hostagent",
    "govops.catalog",
    "govops.catalog.verdict",
    "govops.catalog.record",
    "govops.catalog.server_text",
    "govops.catalog.servers",
    "govops.collectors",
    "govops.collectors.base",
    "govops.collectors.host",
    "govops.collectors.hostclass",
    "govops.collectors.hostinfo",
    "govops.collectors.textfile",
)
"""Modules shipped in the zipapp; tests/unit/agent/test_py37.py holds them to Python 3.6 once transformed."""

CATALOG_TABLES = ("cpus.yaml", "os.yaml")

MAIN = '''"""govops host agent (zipapp): python3 govops-host-agent.pyz [--listen ADDR] [--config FILE]."""
import sys

if sys.version_info < (3, 7):  # no dataclasses module: the shipped one, last on the path
    sys.path.append(__file__.rpartition("__main__.py")[0] + "py36")

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
            dest.write_text(strip_annotations(src.read_text(encoding="utf-8"), str(src)), encoding="utf-8")
        shim = PACKAGE_ROOT / "agent" / "py36_dataclasses.py"
        (stage / "py36").mkdir()
        (stage / "py36" / "dataclasses.py").write_text(strip_annotations(shim.read_text(encoding="utf-8"), str(shim)),
                                                      encoding="utf-8")
        data = PACKAGE_ROOT / "catalog" / "data"
        for table in CATALOG_TABLES:
            if (data / table).exists():
                (stage / "govops" / "catalog" / "data").mkdir(parents=True, exist_ok=True)
                shutil.copyfile(data / table, stage / "govops" / "catalog" / "data" / table)
        (stage / "__main__.py").write_text(MAIN)
        out.parent.mkdir(parents=True, exist_ok=True)
        zipapp.create_archive(stage, out, interpreter=interpreter, compressed=True)
    return out
