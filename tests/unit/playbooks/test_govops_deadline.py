"""A govops module ends itself on the host at its deadline: the task timeout ends only the controller's wait."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[3] / "playbooks/module_utils/govops_deadline.py"

# The module as Ansible runs it, without Ansible: fail_json prints the result and exits, as AnsibleModule's does.
SCRIPT = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("govops_deadline", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)

class Module:
    def fail_json(self, msg):
        print(json.dumps({"failed": True, "msg": msg}))
        sys.exit(1)

with mod.deadline(Module(), int(sys.argv[3]), "govops_facts"):
    open(sys.argv[2]).read()
print(json.dumps({"failed": False}))
"""


def _run(tmp_path: Path, seconds: int) -> tuple[subprocess.Popen[str], float]:
    fifo = tmp_path / "cpuinfo"
    os.mkfifo(fifo)  # nobody writes: opening it blocks like a read of a dead NFS mount
    start = time.monotonic()
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(SHIPPED), str(fifo), str(seconds)],
                            stdout=subprocess.PIPE, text=True), start


def test_a_hung_read_ends_at_the_deadline_with_a_timeout(tmp_path: Path) -> None:
    proc, start = _run(tmp_path, 1)
    try:
        out, _ = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 1 and time.monotonic() - start < 15
    result = json.loads(out)
    # Words the controller reads as a timeout (govops.discovery.servers failure_status).
    assert result["failed"] and "timed out on the host after 1 s" in result["msg"], result


def test_no_deadline_means_no_limit(tmp_path: Path) -> None:
    proc, _ = _run(tmp_path, 0)
    try:
        time.sleep(2)
        assert proc.poll() is None, "a deadline of 0 ended the module"
        # Unblock it: the read gets an end of file and the module completes.
        with open(tmp_path / "cpuinfo", "w"):
            pass
        out, _ = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert json.loads(out) == {"failed": False}


def test_vermin_says_python_36() -> None:
    vermin = Path(sys.executable).parent / "vermin"
    out = subprocess.run([str(vermin), "-t=3.6-", "--no-tips", "--violations", str(SHIPPED)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
