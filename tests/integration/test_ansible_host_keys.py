"""Issue 16: Ansible runs of govops check host keys as OpenSSH's accept-new (real Ansible, real sshd).

The lab's inventory says `StrictHostKeyChecking=no`; govops' own ssh arguments come first and win:
a host seen for the first time is learnt, a changed key is refused before anything runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.discovery.servers import discover_servers
from govops.lab.process import descendant_pids, pid_alive
from govops.lab.sshd import Sshd, start_sshd
from govops.util.ansible_data import ssh_control_masters

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


def _ssh_argv(sshd: Sshd, *args: str) -> list[str]:
    return ["ssh", "-p", str(sshd.port), "-i", str(sshd.client_key), *sshd.ssh_args().split(), *args,
            f"{sshd.user}@{sshd.host}"]


def _ssh(sshd: Sshd, control: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_ssh_argv(sshd, "-o", f"ControlPath={control}", *args),
                          capture_output=True, text=True, timeout=20, check=False)


def test_ssh_masters_end_with_the_run(sshd: Sshd) -> None:
    # What Ansible does per host with ControlPersist; nothing of it may outlive the run.
    with ssh_control_masters() as env:
        control = Path(env["ANSIBLE_SSH_CONTROL_PATH_DIR"]) / "master"
        started = _ssh(sshd, control, "-o", "ControlMaster=yes", "-o", "ControlPersist=300", "-fN")
        assert started.returncode == 0, started.stderr
        assert "Master running" in _ssh(sshd, control, "-O", "check").stderr
    assert not control.parent.exists()
    gone = subprocess.run(["pgrep", "-f", f"ControlPath={control}"], capture_output=True, text=True, check=False)
    assert gone.stdout == "", f"an SSH master outlived its run: {gone.stdout}"


def _runs_sleep(pids: list[int]) -> bool:
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"sleep"):
                return True
        except OSError:
            pass
    return False


def test_stopping_sshd_ends_its_sessions_and_their_clients(tmp_path: Path) -> None:
    # A session's processes start sessions of their own (setsid): a group signal to sshd misses them.
    server = start_sshd(tmp_path / "sshd")
    client = subprocess.Popen([*_ssh_argv(server), "sleep 300"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while not _runs_sleep(session := descendant_pids(server.process.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _runs_sleep(session), "the session never started"
        server.stop()
        assert client.wait(timeout=10) != 0  # the client saw its connection end
        assert not [pid for pid in session if pid_alive(pid)]
    finally:
        client.kill()
        server.stop()


def test_stopping_sshd_ends_orphans_of_its_ended_sessions(tmp_path: Path) -> None:
    # A session's process left behind by its ended connection (a module blocked in a read when its client gave
    # up) is in no process group or tree of sshd's any more; stopping the server still ends it.
    server = start_sshd(tmp_path / "sshd")
    orphans: list[int] = []
    try:
        started = subprocess.run([*_ssh_argv(server), "sleep 300 </dev/null >/dev/null 2>&1 &"],
                                 stdin=subprocess.DEVNULL, capture_output=True, timeout=20, check=False)
        assert started.returncode == 0, started.stderr
        orphans = server.session_pids()
        assert _runs_sleep(orphans), "the session left nothing running"
        assert not set(orphans) & set(descendant_pids(server.process.pid)), "not orphaned"
        server.stop()
        assert not [pid for pid in orphans if pid_alive(pid)]
    finally:
        server.stop()
        for pid in orphans:  # this server's sessions: ours
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
