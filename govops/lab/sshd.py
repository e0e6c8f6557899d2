"""A real OpenSSH server on a loopback port, with its own config, host key and client key.

Used by the real-SSH Ansible tests, the server-discovery benchmark and the lab, so
`govops discover servers` talks to a genuine sshd. Nothing here is daemonised: sshd
runs in the foreground (``-D -e``) as a child we own, on a free port chosen at run time.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govops.errors import ConfigError
from govops.lab import process
from govops.lab.process import LOOPBACK

SSHD = Path("/usr/sbin/sshd")
SFTP_SERVER = Path("/usr/lib/openssh/sftp-server")
START_DEADLINE_S = 10.0


@dataclass
class Sshd:
    """A running sshd and what a client needs to reach it."""

    host: str
    port: int
    user: str
    client_key: Path
    known_hosts: Path
    workdir: Path
    process: subprocess.Popen[bytes]
    extra_hosts: tuple[str, ...] = ()

    def ssh_args(self) -> str:
        """Return the ``ansible_ssh_common_args`` a client uses: our known_hosts (this server's key), no prompts."""
        return (f"-o UserKnownHostsFile={self.known_hosts} -o StrictHostKeyChecking=no "
                "-o IdentitiesOnly=yes -o BatchMode=yes")

    def session_pids(self) -> list[int]:
        """Processes of this server's SSH sessions, those whose parent session already ended included."""
        return session_pids(self.port, (self.host, *self.extra_hosts))

    def stop(self) -> None:
        """Stop sshd and its sessions (SIGTERM to its process group, then SIGKILL after a deadline)."""
        stop_sshd(self.process.pid, self.port, (self.host, *self.extra_hosts))


def session_pids(port: int, hosts: Sequence[str]) -> list[int]:
    """Processes of the SSH sessions an sshd serves on ``hosts`` at ``port``, as their SSH_CONNECTION says.

    sshd puts each session in a session of its own, and when the connection ends its children
    live on as orphans (a module still blocked in a read when its client gave up): neither the
    process group nor the process tree finds them, the environment sshd gave them does.
    """
    ours = {f"{host} {port}" for host in hosts}
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as fh:
                environ = fh.read().split(b"\0")
        except OSError:
            continue  # ended while we looked, or not ours to read
        for var in environ:
            if var.startswith(b"SSH_CONNECTION="):
                # "client-address client-port server-address server-port"
                if " ".join(var.decode(errors="replace").split()[2:]) in ours:
                    found.append(int(entry.name))
                break
    return found


def stop_sshd(pid: int, port: int, hosts: Sequence[str]) -> None:
    """Stop the sshd ``pid`` serving ``hosts`` at ``port``, and every process of its sessions."""
    process.stop_pid(pid, also=session_pids(port, hosts))


def _keygen(path: Path) -> None:
    if path.exists() and path.with_name(path.name + ".pub").exists():
        return  # a restarted lab keeps its keys (and clients their known_hosts entry)
    path.unlink(missing_ok=True)
    try:
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "govops-lab", "-f", str(path)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = exc.stderr.decode(errors="replace").strip() if isinstance(exc, subprocess.CalledProcessError) else exc
        raise ConfigError(f"ssh-keygen could not create {path}: {detail}",
                          hint="install openssh-client (ssh-keygen)") from exc


def known_hosts_lines(host_key: Path, hosts: Sequence[str], port: int) -> list[str]:
    """known_hosts lines (``[host]:port type base64``) of a lab host key at every address it is served on.

    The lab knows its own devices' keys, as it knows their credentials: it hands both over, so
    clients check the key strictly instead of trusting it on first contact (and learning it into
    the user's own ~/.ssh/known_hosts).
    """
    from govops.lab.ssh_lib import asyncssh

    key_type, b64 = asyncssh.read_private_key(str(host_key)).export_public_key("openssh").decode().split()[:2]
    return [f"{f'[{h}]:{port}' if port != 22 else h} {key_type} {b64}" for h in hosts]


def make_client_key(path: Path) -> Path:
    """Create an ed25519 key pair at ``path`` (private) and ``path.pub``; return ``path``."""
    _keygen(path)
    return path


# OpenSSH's sshd listens on at most 16 sockets (MAX_LISTEN_SOCKS): more addresses need more sshds.
MAX_LISTEN = 16


def _config(workdir: Path, hosts: Sequence[str], port: int, user: str, password: bool = False) -> str:
    root_line = ("PermitRootLogin no" if user != "root" else "PermitRootLogin yes" if password
                 else "PermitRootLogin prohibit-password")
    sftp = SFTP_SERVER if SFTP_SERVER.exists() else "internal-sftp"
    return "\n".join([
        *(f"ListenAddress {host}:{port}" for host in hosts),
        f"HostKey {workdir / 'host_ed25519'}",
        f"PidFile {workdir / 'sshd.pid'}",
        f"AuthorizedKeysFile {workdir / 'authorized_keys'}",
        root_line,
        f"AllowUsers {user}",
        "PubkeyAuthentication yes",
        f"PasswordAuthentication {'yes' if password else 'no'}",
        "KbdInteractiveAuthentication no",
        # PAM would need a service file and root-owned paths; a test server needs neither.
        "UsePAM no",
        # The temp dir is not root-owned 0755 all the way up; strict modes would refuse the key.
        "StrictModes no",
        # Benchmarks open dozens of sessions at once; the default 10:30:100 drops them.
        "MaxStartups 200:30:400",
        "MaxSessions 200",
        "LogLevel ERROR",
        f"Subsystem sftp {sftp}",
        "",
    ])


def start_sshd(
    workdir: Path, *, host: str = LOOPBACK, user: str | None = None, extra_hosts: Sequence[str] = (),
    password: str | None = None,
) -> Sshd:
    """Start sshd in ``workdir`` (keys, config, pid file) on a free loopback port.

    ``extra_hosts``: more addresses (same port) it listens on, at most ``MAX_LISTEN`` in all.
    ``password``: also accept it for the user (``_password_login``); keys are accepted either way.

    Raises:
        ConfigError: If sshd is not installed or does not start listening in time, or a password
            login cannot be set up here.
    """
    if not SSHD.exists():
        raise ConfigError(f"{SSHD} not found", hint="install openssh-server (scripts/install-system-deps.sh)")
    if len(extra_hosts) >= MAX_LISTEN:
        raise ConfigError(f"sshd listens on at most {MAX_LISTEN} addresses, {1 + len(extra_hosts)} asked")
    user = user or getpass.getuser()
    workdir.mkdir(parents=True, exist_ok=True)
    _keygen(workdir / "host_ed25519")
    client_key = make_client_key(workdir / "client_ed25519")
    shutil.copy(workdir / "client_ed25519.pub", workdir / "authorized_keys")
    known_hosts = workdir / "known_hosts"
    wrapper = _password_login(workdir, user, password) if password is not None else []
    if os.geteuid() == 0:
        # sshd running as root insists on its privilege-separation directory.
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    last_error = ""
    for _attempt in range(3):
        hosts = [host, *extra_hosts]
        port = process.free_port_on_all(hosts, socket.SOCK_STREAM) if extra_hosts else process.free_tcp_port(host)
        cfg = workdir / "sshd_config"
        cfg.write_text(_config(workdir, hosts, port, user, password is not None))
        # Its own session: the lab keeps it running after `govops lab up` returns.
        proc = process.spawn([*wrapper, str(SSHD), "-D", "-e", "-f", str(cfg)], log_file=workdir / "sshd.log")
        if _wait_listening(host, port, proc):
            # Rewritten each start: the port is new, the key kept (a restarted lab's entry stays right).
            lines = known_hosts_lines(workdir / "host_ed25519", hosts, port)
            known_hosts.write_text("".join(line + "\n" for line in lines), encoding="ascii")
            return Sshd(host, port, user, client_key, known_hosts, workdir, proc, tuple(extra_hosts))
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=5)
        last_error = (workdir / "sshd.log").read_text(errors="replace")[-500:]
    raise ConfigError(f"sshd did not start on {host}: {last_error.strip()}", hint=f"see {workdir / 'sshd.log'}")


def _password_login(workdir: Path, user: str, password: str) -> list[str]:
    """The command that starts sshd where ``password`` is ``user``'s login password; sshd follows it.

    sshd without PAM checks a password against /etc/shadow, which a test must not change: sshd runs in
    a mount namespace of its own where a copy, the user's hash replaced, is mounted over /etc/shadow
    (the machine's file and every other process are untouched). Needs root, as reading shadow does.

    Raises:
        ConfigError: If not root, or unshare or openssl is missing.
    """
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        raise ConfigError("a password login to the test sshd needs root and unshare (sshd reads /etc/shadow)")
    try:
        hashed = subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True,
                                text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise ConfigError(f"openssl could not hash the test password: {exc}", hint="install openssl") from exc
    lines = Path("/etc/shadow").read_text().splitlines()
    fields = [line.split(":") for line in lines]
    if not any(f[0] == user for f in fields):
        raise ConfigError(f"user {user} has no /etc/shadow entry")
    shadow = workdir / "shadow"
    shadow.touch(mode=0o600)
    shadow.write_text("".join(":".join([f[0], hashed, *f[2:]] if f[0] == user else f) + "\n" for f in fields))
    # `unshare --mount` makes mounts private to the new namespace; sh then becomes sshd (same pid).
    return ["unshare", "--mount", "--propagation", "private", "--", "sh", "-ec",
            'mount --bind "$0" /etc/shadow; exec "$@"', str(shadow)]


def _wait_listening(host: str, port: int, proc: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False
