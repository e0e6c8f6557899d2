"""The fact module stays runnable on the old Pythons of domestic systems (3.6/3.7)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server_profiles import build_root, profile

MODULE = Path(__file__).resolve().parents[3] / "playbooks/library/govops_facts.py"
# Real old interpreters where the machine has them (pyenv builds; shims would need pyenv set up).
OLD_PYTHONS = sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.[67].*/bin/python3.[67]"))

SCRIPT = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("govops_facts", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
packages = ["mysql-server*", "mysql-community-server*"]
print(json.dumps(mod.collect(sys.argv[2], ["dmserver"], ["*com.tongweb*"], packages, ["/opt/dmdbms"])))
"""


def test_vermin_says_python_36() -> None:
    vermin = Path(sys.executable).parent / "vermin"
    out = subprocess.run([str(vermin), "-t=3.6-", "--no-tips", "--violations", str(MODULE)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def _interpreters() -> list[str]:
    return OLD_PYTHONS or [sys.executable]


@pytest.mark.parametrize("python", _interpreters())
def test_collect_runs_on_old_python(python: str, corpus: Path, tmp_path: Path) -> None:
    root = build_root(corpus, profile("kunpeng-kylin"), tmp_path / "root")
    out = subprocess.run([python, "-c", SCRIPT, str(MODULE), str(root)], capture_output=True, text=True, check=True)
    facts = json.loads(out.stdout)
    assert facts["dmi"]["sys_vendor"] == "Huawei"
    assert "CPU implementer\t: 0x48" in facts["cpuinfo_head"]
    assert facts["cpu_logical"] == 128 and facts["cpu_cores"] == 128
    assert facts["os_release"].startswith('NAME="Kylin Linux Advanced Server"')
    assert facts["kernel_release"].endswith("ky10.x86_64") and facts["arch"] == "aarch64"
    assert {(s["kind"], s["value"]) for s in facts["software"]} == {("process", "dmserver"), ("path", "/opt/dmdbms")}
    assert facts["errors"] == []


def test_collect_reads_dpkg_status_and_reports_unreadable_files(corpus: Path, tmp_path: Path) -> None:
    root = build_root(corpus, profile("amd-ubuntu"), tmp_path / "root")
    (root / "sys/class/dmi/id/product_serial").unlink()
    (root / "sys/class/dmi/id/product_serial").mkdir()
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(MODULE), str(root)], capture_output=True, text=True,
                         check=True)
    facts = json.loads(out.stdout)
    assert ("package", "mysql-server-5.7") in {(s["kind"], s["value"]) for s in facts["software"]}
    assert any("product_serial" in e for e in facts["errors"])


def test_collect_reads_an_sqlite_rpm_database(corpus: Path, tmp_path: Path) -> None:
    import sqlite3

    root = build_root(corpus, profile("hygon-openeuler"), tmp_path / "root")
    (root / "var/lib/rpm").mkdir(parents=True)
    # The Name index of rpm's sqlite backend: one row per installed package name.
    conn = sqlite3.connect(root / "var/lib/rpm/rpmdb.sqlite")
    conn.execute("CREATE TABLE Name (key TEXT NOT NULL, hnum INTEGER NOT NULL)")
    conn.executemany("INSERT INTO Name VALUES (?, ?)", [("bash", 1), ("mysql-community-server", 2)])
    conn.commit()
    conn.close()
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(MODULE), str(root)], capture_output=True, text=True,
                         check=True)
    facts = json.loads(out.stdout)
    assert ("package", "mysql-community-server") in {(s["kind"], s["value"]) for s in facts["software"]}
