"""Issue 16: Ansible runs of govops check host keys as OpenSSH's accept-new (real Ansible, real sshd).

The lab's inventory says `StrictHostKeyChecking=no`; govops' own ssh arguments come first and win:
a host seen for the first time is learnt, a changed key is refused before anything runs.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.discovery.servers import discover_servers
from govops.lab.sshd import Sshd, start_sshd

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    server = start_sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


def _inventory(sshd: Sshd) -> dict[str, object]:
    return {"all": {"hosts": {"srv-keys": {
        "ansible_host": sshd.host, "ansible_port": sshd.port, "ansible_user": sshd.user,
        "ansible_ssh_private_key_file": str(sshd.client_key), "ansible_ssh_common_args": sshd.ssh_args(),
        "ansible_python_interpreter": "/usr/bin/python3",
    }}}}


def test_first_key_learnt_changed_key_refused(sshd: Sshd, tmp_path: Path) -> None:
    sshd.known_hosts.write_text("")
    (first,) = discover_servers(_inventory(sshd), workdir=tmp_path / "run1")
    assert first.status == "ok", first.error
    learnt = sshd.known_hosts.read_text()
    assert learnt.strip(), "accept-new learns the key of a host seen for the first time"
    # Another key for the same host: what a man in the middle (or a silently replaced server) shows.
    other = tmp_path / "other"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    name = learnt.split()[0]
    sshd.known_hosts.write_text(f"{name} {other.with_suffix('.pub').read_text().split(' ', 2)[0]} "
                                f"{other.with_suffix('.pub').read_text().split()[1]}\n")
    (second,) = discover_servers(_inventory(sshd), workdir=tmp_path / "run2")
    assert second.status != "ok"
    error = (second.error or "").lower()
    assert "host key" in error or "identification has changed" in error, second.error
