"""Run a command and stop it when the process that asked for it dies.

``python -m govops.lab.watchdog PARENT_PID -- CMD...``. Tests set
``GOVOPS_LAB_WATCH_PARENT=1`` so that lab processes they start (snmpsim ...) end
with the test run even when it is killed before its cleanup runs. A plain
``prctl(PR_SET_PDEATHSIG)`` would not do: snmpsim drops privileges, which clears it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    """Start ``argv[2:]``, poll the parent, stop the child when the parent is gone."""
    if len(argv) < 3 or argv[1] != "--":
        sys.stderr.write("usage: python -m govops.lab.watchdog PARENT_PID -- CMD...\n")
        return 2
    parent = int(argv[0])
    child = subprocess.Popen(argv[2:])

    def forward(signum: int, _frame: object) -> None:
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    while child.poll() is None:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            child.terminate()
            try:
                return child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
                return child.wait()
        time.sleep(0.5)
    return child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
