"""An SSH network-device simulator (asyncssh) answering from captured transcripts.

Each simulated device answers ``<command>`` with the file
``<responses>/<command with spaces as _>.raw``, draws its platform's prompt,
accepts the platform's paging and terminal commands, pages with the platform's
``---- More ----`` marker while paging is on, and rejects unknown commands with
the platform's own error text. Behaviours for bad-input tests are options:
slowness, a login banner, asynchronous log lines injected into output, refused
logins, a connection dropped mid-output and GBK-encoded output.

One asyncio loop serves any number of devices, each on its own loopback port, so
the benchmark's 500 devices cost one process.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from govops.errors import ConfigError
from govops.lab.ssh_lib import asyncssh
from govops.platforms.base import Platform
from govops.platforms.parse import normalise_command
from govops.platforms.registry import platform_dir

log = logging.getLogger(__name__)

T = TypeVar("T")

EXIT_COMMANDS = frozenset({"quit", "exit", "logout"})


@dataclass(frozen=True)
class SimDevice:
    """One simulated device and the behaviours it shows.

    Attributes:
        platform: The CLI dialect it speaks.
        responses: Directory of ``<command_words>.raw`` answers.
        hostname: Drawn in the prompt.
        username: Accepted login name.
        password: Accepted password.
        delay: Seconds to wait before each answer (slow device).
        banner: Text shown after login, before the first prompt.
        log_lines: Asynchronous log lines injected into every answer after its second line.
        fail_auth: Refuse every login.
        drop_on: Command after whose first half of output the connection is dropped.
        encoding: Encoding of output (``gbk`` for Chinese-language firmware).
        ignore_paging_disable: Accept the paging command but keep paging (``---- More ----`` left on).
        page_lines: Lines per page while paging is on.
        prompt_prefix: Prefix before the prompt, e.g. ``HRP_M`` on a Huawei firewall pair.
        substitutions: (old, new) text replaced in every answer: one platform transcript answers
            as many devices (the demo city's), each with its own hostname, model and serial.
    """

    platform: Platform
    responses: Path
    hostname: str = "LAB-DEVICE"
    username: str = "netops"
    password: str = "lab"  # noqa: S105 - a lab device's password, not a secret
    delay: float = 0.0
    banner: str | None = None
    log_lines: tuple[str, ...] = ()
    fail_auth: bool = False
    drop_on: str | None = None
    encoding: str = "utf-8"
    ignore_paging_disable: bool = False
    page_lines: int = 24
    prompt_prefix: str = ""
    substitutions: tuple[tuple[str, str], ...] = ()

    @property
    def prompt(self) -> str:
        """Return the prompt as drawn (``<host>``, ``host#``, ``user@host> ``)."""
        return self.prompt_prefix + self.platform.prompt_template.format(host=self.hostname)

    def answer_file(self, command: str) -> Path:
        """Return the transcript file that answers ``command``."""
        return self.responses / (normalise_command(command).replace(" ", "_") + ".raw")

    def answer(self, command: str) -> str | None:
        """What this device answers ``command`` with: its transcript, substituted; None when it has none."""
        path = self.answer_file(command)
        if not path.is_file():
            return None
        text = path.read_text(encoding="utf-8")
        for old, new in self.substitutions:
            text = text.replace(old, new)
        return text


def transcripts_for(platform: str) -> Path:
    """Return the built-in transcript directory of a platform (``platforms/<name>/transcripts``)."""
    return platform_dir(platform) / "transcripts"


def default_hostname(responses: Path) -> str:
    """Read ``<responses>/hostname`` when present, else ``LAB-DEVICE``."""
    path = responses / "hostname"
    return path.read_text(encoding="utf-8").strip() if path.exists() else "LAB-DEVICE"


class _Server(asyncssh.SSHServer):
    """Password authentication against one device's credentials."""

    def __init__(self, device: SimDevice, attempts: list[str]) -> None:
        self.device = device
        self.attempts = attempts

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        self.attempts.append(username)  # names only: tests count login attempts per account
        dev = self.device
        return not dev.fail_auth and username == dev.username and password == dev.password


class _Session:
    """One interactive shell: echo, line assembly, commands, paging."""

    def __init__(self, device: SimDevice, process: asyncssh.SSHServerProcess[bytes]) -> None:
        self.device = device
        self.process = process
        self.paging = True
        self.more = _more_marker(device.platform)

    def write(self, text: str) -> None:
        self.process.stdout.write(text.encode(self.device.encoding, errors="replace"))

    async def run(self) -> None:
        dev = self.device
        if dev.banner:
            self.write(dev.banner.replace("\n", "\r\n") + "\r\n")
        self.write("\r\n" + dev.prompt)
        line: list[str] = []
        previous = ""
        try:
            while True:
                data = await self.process.stdin.read(4096)
                if not data:
                    break
                for ch in data.decode(dev.encoding, errors="replace"):
                    if ch == "\n" and previous == "\r":
                        previous = ch
                        continue
                    previous = ch
                    if ch in "\r\n":
                        if not await self.handle("".join(line)):
                            self.process.exit(0)
                            return
                        line = []
                    elif ch in "\x08\x7f":
                        if line:
                            line.pop()
                            self.write("\x08 \x08")
                    elif ch == "\x03":
                        line = []
                        self.write("^C\r\n" + dev.prompt)
                    else:
                        line.append(ch)
                        self.write(ch)
        except (asyncssh.BreakReceived, asyncssh.TerminalSizeChanged, BrokenPipeError, ConnectionError):
            pass
        finally:
            self.process.close()

    async def handle(self, line: str) -> bool:
        """Answer one command line; return False when the session should end."""
        dev, plat = self.device, self.device.platform
        command = normalise_command(line)
        if command in EXIT_COMMANDS:
            # The client closes right after sending "quit": write nothing more.
            return False
        self.write("\r\n")
        if not command:
            self.write(dev.prompt)
            return True
        if dev.delay:
            await asyncio.sleep(dev.delay)
        session_cmds = {normalise_command(c) for c in plat.session_commands}
        if command in session_cmds:
            if command == normalise_command(plat.paging_disable) and not dev.ignore_paging_disable:
                self.paging = False
            reply = plat.session_replies.get(command)
            self.write((reply + "\r\n" if reply else "") + dev.prompt)
            return True
        text = dev.answer(command)
        if text is None:
            self.write(plat.error_text.replace("\n", "\r\n") + "\r\n" + dev.prompt)
            return True
        lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
        if dev.log_lines:
            lines[2:2] = list(dev.log_lines)
        if dev.drop_on and command == normalise_command(dev.drop_on):
            self.write("\r\n".join(lines[: max(1, len(lines) // 2)]) + "\r\n")
            await self.process.stdout.drain()
            self.process.channel.get_connection().abort()
            return False
        if not await self.write_paged(lines):
            self.write(dev.prompt)
            return True
        self.write(dev.prompt)
        return True

    async def write_paged(self, lines: list[str]) -> bool:
        """Write output, pausing at the pager marker while paging is on; False when aborted."""
        step = self.device.page_lines if self.paging else len(lines) or 1
        for start in range(0, len(lines), step):
            chunk = lines[start : start + step]
            self.write("\r\n".join(chunk) + "\r\n")
            await self.process.stdout.drain()
            if start + step >= len(lines) or not self.paging:
                continue
            self.write(self.more)
            key = await self.process.stdin.read(1)
            # Huawei and H3C erase the marker with cursor-left escapes before the next page.
            self.write(f"\x1b[{len(self.more)}D" + " " * len(self.more) + f"\x1b[{len(self.more)}D")
            if not key or key in (b"q", b"Q", b"\x03"):
                self.write("\r\n")
                return False
        return True


def _more_marker(platform: Platform) -> str:
    markers = {
        r"---\(more[^)]*\)---": "---(more)---",
        r"--More--": " --More-- ",
    }
    return markers.get(platform.more_pattern, "  ---- More ----")


class _QuietHangUps(logging.Filter):
    """Drop asyncio's "socket.send() raised exception" after a client hung up on a simulated device.

    Netmiko closes the socket right after sending ``quit``; the simulator's last
    packets then hit a closed socket, which is expected here and not worth a warning.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "socket.send() raised exception."


class SimServer:
    """Serves simulated devices on loopback ports from one asyncio loop in a background thread.

    Use as a context manager; ``add`` returns the port a device listens on.
    """

    def __init__(self, host: str = "127.0.0.1", host_key: asyncssh.SSHKey | None = None) -> None:
        self.host = host
        self._key = host_key
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="govops-sshsim", daemon=True)
        self._servers: dict[tuple[str, int], asyncssh.SSHAcceptor] = {}
        self.attempts: dict[int, list[str]] = {}

    def __enter__(self) -> SimServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start the loop thread."""
        logging.getLogger("asyncio").addFilter(_QuietHangUps())
        self._thread.start()

    def _call(self, coro_factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
        fut = asyncio.run_coroutine_threadsafe(coro_factory(), self._loop)
        return fut.result(timeout=30)

    def add(
        self, device: SimDevice, *, port: int = 0, host_key: asyncssh.SSHKey | None = None, host: str | None = None
    ) -> int:
        """Start serving ``device`` on ``host`` (default: the server's); return its port (0 picks a free one)."""
        key = host_key or self._key
        if key is None:
            key = self._key = asyncssh.generate_private_key("ssh-ed25519")
        return self._call(lambda: self._listen(device, host or self.host, port, key))

    async def _listen(self, device: SimDevice, host: str, port: int, key: asyncssh.SSHKey) -> int:
        async def handler(process: asyncssh.SSHServerProcess[bytes]) -> None:
            await _Session(device, process).run()

        attempts: list[str] = []
        acceptor = await asyncssh.create_server(
            lambda: _Server(device, attempts),
            host,
            port,
            server_host_keys=[key],
            process_factory=handler,
            encoding=None,
            line_editor=False,
            reuse_address=True,
        )
        bound = int(acceptor.sockets[0].getsockname()[1])
        self._servers[(host, bound)] = acceptor
        self.attempts[bound] = attempts
        return bound

    def remove(self, port: int, host: str | None = None) -> None:
        """Stop serving the device on ``host`` (default: the server's) and ``port``."""
        acceptor = self._servers.pop((host or self.host, port))

        async def close() -> None:
            acceptor.close()
            await acceptor.wait_closed()

        self._call(close)

    def stop(self) -> None:
        """Close every listener and stop the loop."""
        for host, port in list(self._servers):
            self.remove(port, host)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


def load_host_key(path: Path | None) -> asyncssh.SSHKey | None:
    """Load a host key from ``path``; generate and save one when the file does not exist."""
    if path is None:
        return None
    try:
        if path.exists():
            return asyncssh.read_private_key(str(path))
        key = asyncssh.generate_private_key("ssh-ed25519")
        path.parent.mkdir(parents=True, exist_ok=True)
        key.write_private_key(str(path))
        return key
    except (OSError, asyncssh.KeyImportError) as exc:
        raise ConfigError(f"{path}: cannot use as SSH host key: {exc}") from exc


def device_from_spec(spec: dict[str, object]) -> SimDevice:
    """Build a device from a JSON spec entry (used by the serve process and the lab service)."""
    from govops.platforms.registry import get_platform

    responses = Path(str(spec.get("responses") or transcripts_for(str(spec["platform"]))))
    password_file = spec.get("password_file")
    password = Path(str(password_file)).read_text(encoding="utf-8").strip() if password_file else "lab"
    log_lines = spec.get("log_lines") or ()
    return SimDevice(
        platform=get_platform(str(spec["platform"])),
        responses=responses,
        hostname=str(spec.get("hostname") or default_hostname(responses)),
        username=str(spec.get("username") or "netops"),
        password=password,
        delay=float(str(spec.get("delay") or 0.0)),
        banner=str(spec["banner"]) if spec.get("banner") else None,
        log_lines=tuple(str(x) for x in log_lines) if isinstance(log_lines, list | tuple) else (),
        fail_auth=bool(spec.get("fail_auth")),
        drop_on=str(spec["drop_on"]) if spec.get("drop_on") else None,
        encoding=str(spec.get("encoding") or "utf-8"),
        ignore_paging_disable=bool(spec.get("ignore_paging_disable")),
        prompt_prefix=str(spec.get("prompt_prefix") or ""),
        substitutions=tuple((str(a), str(b)) for a, b in spec.get("substitutions") or ()),  # type: ignore[attr-defined]
    )


def serve_spec(spec_path: Path, ready_path: Path) -> None:
    """Serve every device of a JSON spec until terminated; write ``{"ports": {name: port}}`` when ready.

    The spec is ``{"host": "127.0.0.1", "host_key": "/path", "devices": [{"name": ..., "platform": ...,
    "port": 0, "host": "127.20.0.11" (optional: the device's own address), ...}]}``. Used by
    ``govops lab up`` and the benchmark, so the simulator's CPU is not counted against the client's.
    """
    import json
    import os

    from govops.lab.process import serve_ready

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    key = load_host_key(Path(spec["host_key"])) if spec.get("host_key") else None
    server = SimServer(spec.get("host") or "127.0.0.1", host_key=key)
    server.start()
    ports = {
        str(d["name"]): server.add(device_from_spec(d), port=int(d.get("port") or 0), host=d.get("host"))
        for d in spec["devices"]
    }
    serve_ready(ready_path, {"ports": ports, "pid": os.getpid()})
    server.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``python -m govops.lab.sshsim SPEC READY``."""
    from govops.lab.process import ready_process_main

    logging.basicConfig(level=logging.WARNING)
    return ready_process_main("govops.lab.sshsim", serve_spec, argv)


if __name__ == "__main__":
    raise SystemExit(main())
