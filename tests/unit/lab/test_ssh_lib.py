"""The lab's SSH parts import asyncssh without cryptography's DSA deprecation warnings on the user's terminal."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_lab_s_ssh_parts_prints_no_warning() -> None:
    # asyncssh 2.24 names cryptography's DSA types at import and cryptography 51 warns on each: ten lines on stderr
    # before `govops lab up` and `govops demo` said anything. A fresh interpreter: asyncssh is imported once.
    code = "import govops.lab.sshd, govops.lab.sshsim, govops.lab.ssh_service"
    res = subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, check=True)
    assert "Warning" not in res.stderr, res.stderr
