"""A stored ``ssh.known_hosts`` reaches ssh as one file, whatever its name holds (the real ssh client reads it)."""

from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest

from govops.util.ansible_data import ssh_common_args

pytestmark = pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client (ssh -G)")


def _ssh_reads(common_args: str) -> dict[str, str]:
    """The configuration ssh would use with these arguments, as Ansible passes them (split as a shell does)."""
    res = subprocess.run(["ssh", "-G", *shlex.split(common_args), "-p", "2222", "srv.example"],
                         capture_output=True, text=True, check=True, timeout=10, stdin=subprocess.DEVNULL)
    return dict(line.split(" ", 1) for line in res.stdout.splitlines() if " " in line)


@pytest.mark.parametrize("path", ["/lab/known_hosts", "/lab/two  spaces/kh", "/lab/50%d/kh", '/lab/q"x\\y/kh'])
def test_known_hosts_reaches_ssh_as_one_file(path: str) -> None:
    args = ssh_common_args({"known_hosts": path})
    assert args is not None
    # Two spaces survive only if ssh read one file name (it joins several with one space).
    assert _ssh_reads(args)["userknownhostsfile"] == path


def test_known_hosts_comes_before_ssh_args_and_none_without_either() -> None:
    args = ssh_common_args({"known_hosts": "/lab/kh", "ssh_args": "-o UserKnownHostsFile=/other -o BatchMode=yes"})
    assert args is not None
    seen = _ssh_reads(args)
    assert seen["userknownhostsfile"] == "/lab/kh" and seen["batchmode"] == "yes"  # ssh keeps an option's first value
    assert ssh_common_args({"port": 22, "user": "ops"}) is None
