"""What the suite must never change on the machine it runs on: the user's own SSH known_hosts."""

from __future__ import annotations

import os
import pwd
import subprocess
from collections.abc import Iterable
from pathlib import Path


def user_known(names: Iterable[str]) -> list[str]:
    """The known_hosts names (``[host]:port``) the user's own known_hosts files hold, hashed or not.

    Where ssh reads and learns keys: the passwd entry's home, not ``$HOME`` (pointing ``HOME`` at a
    temporary directory would not keep ssh out of the real file).
    """
    ssh_dir = Path(pwd.getpwuid(os.getuid()).pw_dir) / ".ssh"
    files = [f for f in (ssh_dir / "known_hosts", ssh_dir / "known_hosts2") if f.is_file()]
    return [n for n in names for f in files
            if subprocess.run(["ssh-keygen", "-F", n, "-f", str(f)], capture_output=True, check=False).returncode == 0]
