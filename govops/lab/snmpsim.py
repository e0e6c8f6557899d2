"""Run snmpsim (1.2.2) on loopback over chosen recordings, one community per recording.

snmpsim names a community after the recording's path relative to its data
directory and resolves symlinks first, so recordings are *copied* (they are
small) into a data directory under the lab's work directory, named
``<community>.snmprec`` (or ``.snmprec.bz2``, which snmpsim reads as is). As
root snmpsim refuses to run without dropping privileges, so it runs as
``nobody``/``nogroup`` and its data and cache directories are made readable
(and the cache writable) by that user.
"""

from __future__ import annotations

import bz2
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api

from govops.lab.process import LOOPBACK, LabError, free_port, free_port_on_all, log_tail, pid_alive, spawn, stop_pid

COMMUNITY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
SYS_OBJECT_ID = (1, 3, 6, 1, 2, 1, 1, 2, 0)


@dataclass(frozen=True)
class V3User:
    """An SNMPv3 user snmpsim accepts (its keys are test values, given on its command line)."""

    user: str
    auth_key: str
    auth_proto: str = "SHA"
    priv_key: str | None = None
    priv_proto: str = "AES"


@dataclass
class SnmpsimServer:
    """A running snmpsim: where it listens, which communities it serves, its process."""

    host: str
    port: int
    communities: tuple[str, ...]
    workdir: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    pid: int = 0
    scratch: Path | None = None

    @property
    def log_file(self) -> Path:
        """snmpsim's log (errors only)."""
        return self.workdir / "snmpsim.log"

    @property
    def endpoint(self) -> str:
        """``host:port`` as discovery targets take it."""
        return f"{self.host}:{self.port}"

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL)."""
        if self.pid:
            stop_pid(self.pid)
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def __enter__(self) -> SnmpsimServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def responder_argv() -> list[str]:
    """Command line of snmpsim's responder with this interpreter (readable by ``nobody``)."""
    return [sys.executable, "-c", "import sys; from snmpsim.commands.responder import main; sys.exit(main())"]


def prepare_data_dir(recordings: Mapping[str, Path], data_dir: Path) -> None:
    """Copy recordings into ``data_dir`` as ``<community>.snmprec`` readable by everyone.

    Raises:
        LabError: If a community name is unusable or a recording is missing.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    for community, src in recordings.items():
        if not COMMUNITY_RE.match(community):
            raise LabError(f"community {community!r} must be letters, digits, '.', '_' or '-'")
        if not src.is_file():
            raise LabError(f"recording {src} for community {community!r} does not exist")
        dst = data_dir / f"{community}.snmprec"
        if src.name.endswith(".bz2"):
            # snmpsim reads .bz2 recordings, but scans them on every request: decompress once here.
            with bz2.open(src, "rb") as fin, dst.open("wb") as fout:
                shutil.copyfileobj(fin, fout)
        else:
            shutil.copyfile(src, dst)
        dst.chmod(0o644)
    _open_up(data_dir)


def _open_up(path: Path) -> None:
    """Let ``nobody`` read ``path`` (its parents must already be traversable)."""
    path.chmod(0o755)


def traversable_by_others(path: Path) -> bool:
    """True if every existing parent of ``path`` lets other users through (``o+x``)."""
    return all(not (parent.exists() and not parent.stat().st_mode & 1) for parent in [path, *path.parents])


def open_temp_dir() -> str:
    """A temporary directory ``nobody`` can reach: $TMPDIR when it can, else /tmp or /var/tmp."""
    for candidate in (tempfile.gettempdir(), "/tmp", "/var/tmp"):  # noqa: S108 - world-traversable by design
        if Path(candidate).is_dir() and traversable_by_others(Path(candidate)):
            return candidate
    raise LabError("no temporary directory is traversable by other users (snmpsim runs as nobody)")


def probe(host: str, port: int, community: str, timeout: float = 0.5) -> bool:
    """Send one SNMPv2c GET of sysObjectID; True if any answer comes back."""
    p_mod = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
    pdu = p_mod.GetRequestPDU()
    p_mod.apiPDU.set_defaults(pdu)
    p_mod.apiPDU.set_varbinds(pdu, [(SYS_OBJECT_ID, p_mod.Null(""))])
    msg = p_mod.Message()
    p_mod.apiMessage.set_defaults(msg)
    p_mod.apiMessage.set_community(msg, community)
    p_mod.apiMessage.set_pdu(msg, pdu)
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.sendto(encoder.encode(msg), (host, port))
            data, _ = sock.recvfrom(65535)
        except OSError:
            return False
    try:
        decoder.decode(data, asn1Spec=p_mod.Message())
    except Exception:  # any decodable answer means "up"; garbage means not snmpsim
        return False
    return True


def start_snmpsim(
    recordings: Mapping[str, Path],
    workdir: Path,
    *,
    host: str = LOOPBACK,
    port: int | None = None,
    extra_hosts: Sequence[str] = (),
    v3_user: V3User | None = None,
    ready_timeout: float = 60.0,
) -> SnmpsimServer:
    """Start snmpsim over ``recordings`` (community -> recording file) on a free loopback port.

    Args:
        recordings: Community name to ``.snmprec`` (or ``.snmprec.bz2``) file.
        workdir: Directory for data, index cache and log (created, opened to ``nobody``).
        host: Address to listen on (loopback).
        port: UDP port; a free one (on ``host`` and every extra host) is chosen when None.
        extra_hosts: More addresses to answer on, same port (a lab device per loopback address).
        v3_user: Also accept this SNMPv3 user (any community's data via context name).
        ready_timeout: Seconds to wait until it answers (indexing large walks takes a while).

    Returns:
        The running server; stop it with ``stop()`` or use it as a context manager.

    Raises:
        LabError: If snmpsim exits or does not answer in time (with the log's tail).
    """
    if not recordings:
        raise LabError("snmpsim needs at least one recording")
    workdir.mkdir(parents=True, exist_ok=True)
    data_root, scratch = workdir, None
    if os.geteuid() == 0 and not traversable_by_others(workdir):
        # snmpsim runs as nobody and cannot reach a private home: serve from a scratch copy.
        scratch = Path(tempfile.mkdtemp(prefix="govops-snmpsim-", dir=open_temp_dir()))
        data_root = scratch
    data_dir, cache_dir = data_root / "data", data_root / "cache"
    prepare_data_dir(recordings, data_dir)
    cache_dir.mkdir(exist_ok=True)
    cache_dir.chmod(0o777)
    _open_up(data_root)
    port = port or (free_port_on_all([host, *extra_hosts]) if extra_hosts else free_port(host=host))
    argv = [
        *responder_argv(),
        f"--data-dir={data_dir}",
        f"--cache-dir={cache_dir}",
        *(f"--agent-udpv4-endpoint={h}:{port}" for h in (host, *extra_hosts)),
        "--log-level=error",
    ]
    if os.geteuid() == 0:
        argv += ["--process-user=nobody", "--process-group=nogroup"]
    if v3_user is not None:
        argv += [
            f"--v3-user={v3_user.user}",
            f"--v3-auth-key={v3_user.auth_key}",
            f"--v3-auth-proto={v3_user.auth_proto}",
        ]
        if v3_user.priv_key:
            argv += [f"--v3-priv-key={v3_user.priv_key}", f"--v3-priv-proto={v3_user.priv_proto}"]
        else:
            argv += ["--v3-priv-proto=NONE"]
    log_file = workdir / "snmpsim.log"
    proc = spawn(argv, log_file=log_file, cwd=workdir)
    server = SnmpsimServer(host, port, tuple(recordings), workdir, proc, proc.pid, scratch)
    first = next(iter(recordings))
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None or not pid_alive(proc.pid):
            server.stop()
            raise LabError(f"snmpsim exited (code {proc.returncode}) on {host}:{port}:\n{log_tail(log_file)}")
        if probe(host, port, first, timeout=0.3):
            return server
    server.stop()
    raise LabError(f"snmpsim did not answer on {host}:{port} within {ready_timeout:g} s:\n{log_tail(log_file)}")
