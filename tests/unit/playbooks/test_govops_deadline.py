"""A govops module ends itself on the host at its deadline: the task timeout ends only the controller's wait.

The deadline runs on the host, so it is proven under every real Python 3.6-3.13 (tests.pythons).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import missing_part
from tests.pythons import MINORS, interpreter

SHIPPED = Path(__file__).resolve().parents[3] / "playbooks/module_utils/govops_deadline.py"

# The module as Ansible runs it, without Ansible: fail_json prints the result and exits, as AnsibleModule's does.
# After the block it waits past the deadline: an alarm left set would end it there (its handler restored).
SCRIPT = """
import importlib.util, json, sys, time
spec = importlib.util.spec_from_file_location("govops_deadline", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)

class Module:
    def fail_json(self, msg):
        print(json.dumps({"failed": True, "msg": msg}))
        sys.exit(1)

with mod.deadline(Module(), int(sys.argv[3]), "govops_facts"):
    data = open(sys.argv[2]).read()
time.sleep(float(sys.argv[4]))
print(json.dumps({"failed": False, "read": data}))
"""


@pytest.fixture(params=MINORS, ids=lambda m: f"py3{m}")
def python(request: pytest.FixtureRequest) -> str:
    found = interpreter(request.param)
    if found is None:
        missing_part(f"no Python 3.{request.param} here (install it with pyenv, or list it in GOVOPS_PYTHONS)")
    return str(found)


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "cpuinfo"
    os.mkfifo(fifo)  # nobody writes: opening it blocks like a read of a dead NFS mount
    return fifo


def _start(python: str, path: Path, seconds: int, after: float = 0) -> subprocess.Popen[str]:
    return subprocess.Popen([python, "-c", SCRIPT, str(SHIPPED), str(path), str(seconds), str(after)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_hung_read_ends_at_the_deadline_with_a_timeout(python: str, tmp_path: Path) -> None:
    start = time.monotonic()
    proc = _start(python, _fifo(tmp_path), 1)
    try:
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 1 and time.monotonic() - start < 15, err
    result = json.loads(out)
    # Words the controller reads as a timeout (govops.discovery.servers failure_status).
    assert result == {"failed": True, "msg": "govops_facts timed out on the host after 1 s (a read hung there)"}


def test_no_deadline_means_no_limit(python: str, tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    proc = _start(python, fifo, 0)
    try:
        time.sleep(2)
        assert proc.poll() is None, "a deadline of 0 ended the module"
        # Unblock it: the read gets what is written and the module completes.
        with open(fifo, "w") as f:
            f.write("processor\t: 0\n")
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert json.loads(out) == {"failed": False, "read": "processor\t: 0\n"}


def test_a_module_done_in_time_is_unaffected(python: str, tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\n")
    # Done well inside its 1 s; then it lives 2 s more: the alarm must be gone with the block.
    proc = _start(python, cpuinfo, 1, after=2)
    try:
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, (proc.returncode, err)
    assert json.loads(out) == {"failed": False, "read": "processor\t: 0\n"}


def test_vermin_says_python_36() -> None:
    vermin = Path(sys.executable).parent / "vermin"
    out = subprocess.run([str(vermin), "-t=3.6-", "--no-tips", "--violations", str(SHIPPED)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
