"""HTTP exposition for the agents: ``/metrics`` and ``/healthz``, TLS and basic auth.

The web config file uses the format of Prometheus's exporter-toolkit, so one file
serves node_exporter and govops agents alike::

    tls_server_config:
      cert_file: agent.crt          # relative paths are relative to this file
      key_file: agent.key
      client_auth_type: NoClientCert   # or RequireAndVerifyClientCert (needs client_ca_file)
      client_ca_file: ca.crt
      min_version: TLS12
    basic_auth_users:
      prometheus: $2y$10$...        # bcrypt hash (htpasswd -nBC 10 "" | tr -d ':\\n')

Bcrypt hashes are checked with the ``bcrypt`` package where installed and with
the C library's ``crypt()`` otherwise (libxcrypt on Debian, Kylin and openEuler
knows ``$2b$``), so the zipapp (Python 3.6+) needs no compiled extension. Successful
checks are cached in memory, keyed by a salted digest, as exporter-toolkit does,
so a scrape does not pay for bcrypt every time. Passwords are never logged.

TLS handshakes run in the connection's thread, never in the accept loop, so a
slow client cannot stall other scrapes; HTTP/1.1 keep-alive lets Prometheus
reuse one TLS session across scrapes.

Hostile clients are bounded (``govops/util/limits.py``): at most
``HTTP_MAX_CONNECTIONS`` connections are served at once (more are closed at
once), a connection that does not finish its TLS handshake or request headers in
time is cut by one watchdog thread, and bcrypt checks of credentials not already
cached are rationed per client address, so wrong passwords cannot burn the CPU.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import errno
import gzip
import hashlib
import hmac
import logging
import os
import socket
import ssl
import threading
import time
import urllib.parse
import warnings
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any, Callable

from govops.errors import ConfigError, InputError
from govops.util.address import parse_address
from govops.util.httpbind import bind_without_lookup
from govops.util.limits import (
    AUTH_FAILURES_PER_MINUTE,
    HTTP_HANDSHAKE_TIMEOUT_S,
    HTTP_HEADER_TIMEOUT_S,
    HTTP_IDLE_TIMEOUT_S,
    HTTP_MAX_CONNECTIONS,
)
from govops.util.section import Section
from govops.util.yamlio import load_yaml_file

log = logging.getLogger(__name__)

_CLIENT_AUTH = {
    "NoClientCert": ssl.CERT_NONE,
    "RequestClientCert": ssl.CERT_OPTIONAL,
    "VerifyClientCertIfGiven": ssl.CERT_OPTIONAL,
    "RequireAndVerifyClientCert": ssl.CERT_REQUIRED,
}
# Minimum TLS versions: ssl.TLSVersion names (3.7+), else the options that switch older ones off (3.6).
_TLS_VERSIONS = {"TLS12": "TLSv1_2", "TLS13": "TLSv1_3"}
_TLS_OFF = {"TLS12": ("OP_NO_TLSv1", "OP_NO_TLSv1_1"), "TLS13": ("OP_NO_TLSv1", "OP_NO_TLSv1_1", "OP_NO_TLSv1_2")}


def _set_min_version(ctx: ssl.SSLContext, version: str) -> None:
    tls_version = getattr(ssl, "TLSVersion", None)  # 3.7+
    if tls_version is not None:
        ctx.minimum_version = getattr(tls_version, _TLS_VERSIONS[version])
    else:  # pragma: no cover - Python 3.6 (tests/integration/agents/test_zipapp_pythons.py)
        for name in _TLS_OFF[version]:
            ctx.options |= getattr(ssl, name)
# A valid hash of a random password: unknown users cost one bcrypt check too, so a
# response's timing does not tell which user names exist.
_DUMMY_HASH = b"$2b$10$t8Ta5mlHopmbBaoEqzlq1ufRI2Y1u3i/aVw62MKassU9FvNnuwUT."


def _bcrypt_checker() -> Callable[[bytes, bytes], bool] | None:
    try:
        import bcrypt  # type: ignore[import-not-found,unused-ignore]

        def check_with_bcrypt(password: bytes, hashed: bytes) -> bool:
            try:
                return bool(bcrypt.checkpw(password, hashed))
            except ValueError:
                return False

        return check_with_bcrypt
    except ImportError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import crypt  # deprecated in 3.11, gone in 3.13, where the bcrypt package is installed
    except ImportError:
        return None

    def check_with_crypt(password: bytes, hashed: bytes) -> bool:
        try:
            out = crypt.crypt(password.decode("utf-8"), hashed.decode("ascii"))
        except (UnicodeDecodeError, OSError, ValueError):
            return False
        return bool(out) and hmac.compare_digest(out.encode("ascii"), hashed)

    probe = b"$2b$04$abcdefghijklmnopqrstuu"
    try:
        result = crypt.crypt("probe", probe.decode())
    except OSError:
        return None
    return check_with_crypt if result and result.startswith("$2b$") else None


@dataclass
class WebConfig:
    """TLS and basic-auth settings of one agent."""

    source: str = "<none>"
    cert_file: Path | None = None
    key_file: Path | None = None
    client_ca_file: Path | None = None
    client_auth: ssl.VerifyMode = ssl.CERT_NONE
    min_version: str = "TLS12"
    users: dict[str, bytes] = field(default_factory=dict)
    checker: Callable[[bytes, bytes], bool] | None = field(default=None, repr=False)

    @property
    def tls(self) -> bool:
        """Whether the agent serves HTTPS."""
        return self.cert_file is not None

    def ssl_context(self) -> ssl.SSLContext | None:
        """Build the server SSL context, or None without TLS.

        Raises:
            ConfigError: A file is unreadable, not PEM, or the certificate does not match the key.
        """
        if self.cert_file is None or self.key_file is None:
            return None
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        _set_min_version(ctx, self.min_version)
        for label, path in (("cert_file", self.cert_file), ("key_file", self.key_file)):
            if not path.is_file():
                raise ConfigError(f"{self.source}: tls_server_config.{label} {path} does not exist")
        try:
            ctx.load_cert_chain(str(self.cert_file), str(self.key_file))
        except ssl.SSLError as exc:
            if exc.reason == "KEY_VALUES_MISMATCH":
                raise ConfigError(
                    f"{self.source}: certificate {self.cert_file} does not match private key {self.key_file}",
                    hint="point cert_file and key_file at a certificate and the key it was issued for",
                ) from exc
            raise ConfigError(
                f"{self.source}: cannot load certificate {self.cert_file} / key {self.key_file}: {exc.reason or exc}",
                hint="both must be PEM files; the key must not be encrypted",
            ) from exc
        if self.client_auth != ssl.CERT_NONE:
            if self.client_ca_file is None:
                raise ConfigError(f"{self.source}: client_auth_type needs tls_server_config.client_ca_file")
            try:
                ctx.load_verify_locations(str(self.client_ca_file))
            except (ssl.SSLError, OSError) as exc:
                raise ConfigError(f"{self.source}: cannot load client_ca_file {self.client_ca_file}: {exc}") from exc
            ctx.verify_mode = self.client_auth
        return ctx


def load_web_config(path: Path | None) -> WebConfig:
    """Read a web config file (exporter-toolkit format); None means plain HTTP, no auth.

    Raises:
        ConfigError: Naming file:line of the problem.
    """
    if path is None:
        return WebConfig()
    if not path.exists():
        raise ConfigError(f"{path}: web config file does not exist")
    try:
        data: Any = load_yaml_file(path)
    except InputError as exc:
        raise ConfigError(str(exc)) from exc
    root = Section(data if isinstance(data, dict) else {}, str(path))
    if data is not None and not isinstance(data, dict):
        raise ConfigError(f"{path}: a web config is a mapping (tls_server_config, basic_auth_users)")
    root.check_keys(("tls_server_config", "basic_auth_users", "http_server_config"))
    cfg = WebConfig(source=str(path))
    tls = root.section("tls_server_config")
    tls.check_keys(
        ("cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version", "max_version",
         "cipher_suites", "curve_preferences", "prefer_server_cipher_suites")
    )
    if tls.data:
        cfg.cert_file = tls.get_path("cert_file")
        cfg.key_file = tls.get_path("key_file")
        cfg.client_auth = _CLIENT_AUTH[tls.get_choice("client_auth_type", _CLIENT_AUTH, "NoClientCert")]
        if tls.has("client_ca_file"):
            cfg.client_ca_file = tls.get_path("client_ca_file")
        cfg.min_version = tls.get_choice("min_version", _TLS_VERSIONS, "TLS12")
    users = root.section("basic_auth_users")
    for user in users.data:
        hashed = users.get_str(str(user))
        if not hashed.startswith(("$2a$", "$2b$", "$2y$")):
            hint = 'make one with `htpasswd -nBC 10 ""`'
            raise users.error(str(user), "expected a bcrypt hash ($2y$...)", hint=hint)
        # Go's bcrypt writes $2y$ (htpasswd) as well; libxcrypt and the bcrypt package read $2b$ the same.
        cfg.users[str(user)] = ("$2b$" + hashed[4:]).encode("ascii")
    if cfg.users:
        cfg.checker = _bcrypt_checker()
        if cfg.checker is None:
            raise ConfigError(
                f"{path}: basic_auth_users needs bcrypt, which neither the bcrypt package nor this "
                "system's crypt() provides",
                hint="install python3-bcrypt",
            )
    cfg.ssl_context()  # fail at start-up, not at the first scrape
    return cfg


class CheckBudget:
    """Rations expensive credential checks per client address (a token bucket each)."""

    MAX_ADDRESSES = 4096

    def __init__(self, per_minute: int = AUTH_FAILURES_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, address: str) -> bool:
        """Spend one check for ``address``; False when its budget is spent for now."""
        now = time.monotonic()
        with self._lock:
            if len(self._buckets) >= self.MAX_ADDRESSES and address not in self._buckets:
                self._buckets.clear()
            tokens, last = self._buckets.get(address, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * self.per_minute / 60.0)
            if tokens < 1.0:
                self._buckets[address] = (tokens, now)
                return False
            self._buckets[address] = (tokens - 1.0, now)
            return True


class Authenticator:
    """Checks ``Authorization: Basic`` headers against bcrypt hashes, caching successes."""

    def __init__(self, config: WebConfig, budget: CheckBudget | None = None) -> None:
        self.users = dict(config.users)
        self.checker = config.checker
        self.budget = budget or CheckBudget()
        self.throttled = 0
        self._salt = os.urandom(16)
        self._ok: set[bytes] = set()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """Whether any user is configured."""
        return bool(self.users)

    def check(self, header: str | None, remote: str = "") -> tuple[bool, str | None, bool]:
        """Return (allowed, user name, throttled) for an Authorization header value from ``remote``.

        A check not answered from the cache costs one bcrypt run; each address gets
        ``AUTH_FAILURES_PER_MINUTE`` of them, then is refused without one until its budget refills.
        """
        if not self.users:
            return True, None, False
        if not header or not header.startswith("Basic "):
            return False, None, False
        try:
            user, _, password = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False, None, False
        hashed = self.users.get(user)
        key = hashlib.sha256(self._salt + user.encode() + b"\0" + password.encode() + b"\0" + (hashed or b"")).digest()
        with self._lock:
            if hashed is not None and key in self._ok:
                return True, user, False
        if self.checker is None:
            return False, user, False
        if not self.budget.take(remote):
            self.throttled += 1
            return False, user, True
        ok = self.checker(password.encode("utf-8"), hashed or _DUMMY_HASH) and hashed is not None
        if ok:
            with self._lock:
                if len(self._ok) > 256:
                    self._ok.clear()
                self._ok.add(key)
        return ok, user, False


def parse_listen(listen: str) -> tuple[str, int]:
    """Split a listen address: ``host:port``, ``[v6]:port`` or ``:port`` (all interfaces), port 0 for any free one.

    >>> parse_listen(":9731"), parse_listen("127.0.0.1:0"), parse_listen("[::1]:80")
    (('0.0.0.0', 9731), ('127.0.0.1', 0), ('::1', 80))

    Raises:
        InputError: The address has no valid port.
    """
    # Binding all interfaces is what ':port' asks for.
    return parse_address(listen, None, where="listen", empty_host="0.0.0.0", allow_zero_port=True)  # noqa: S104


Exposition = Callable[[], bytes]  # typing.Callable: subscripted at run time, on 3.6-3.8 too


class Deadlines:
    """One watchdog thread that cuts connections past their deadline (slow handshakes, slowloris)."""

    def __init__(self) -> None:
        self._due: dict[int, tuple[float, socket.socket]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.cut = 0

    def arm(self, sock: socket.socket, seconds: float) -> None:
        """Cut ``sock`` unless ``disarm`` or another ``arm`` comes within ``seconds``."""
        with self._lock:
            self._due[id(sock)] = (time.monotonic() + seconds, sock)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="http-deadlines", daemon=True)
                self._thread.start()

    def disarm(self, sock: socket.socket) -> None:
        """Forget ``sock`` (it finished)."""
        with self._lock:
            self._due.pop(id(sock), None)

    def stop(self) -> None:
        """End the watchdog thread."""
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            now = time.monotonic()
            with self._lock:
                late = [key for key, (due, _sock) in self._due.items() if due <= now]
                expired = [self._due.pop(key)[1] for key in late]
            for sock in expired:
                self.cut += 1
                # The plain socket's shutdown (not SSLSocket's): wakes the thread blocked reading it.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)


class AgentHTTPServer(ThreadingMixIn, HTTPServer):
    """Threaded HTTP(S) server with a bounded number of connections, each with deadlines.

    Each connection does its TLS handshake in its own thread.
    """

    daemon_threads = True
    request_queue_size = 64

    def server_bind(self) -> None:
        bind_without_lookup(self)  # no reverse DNS query for the listen address

    def __init__(
        self,
        address: tuple[str, int],
        *,
        agent_name: str,
        exposition: Exposition,
        probe: Callable[[str], bytes | None] | None = None,
        healthy: Callable[[], bool],
        web: WebConfig,
        on_request: Callable[[int], None] | None = None,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.agent_name = agent_name
        self.exposition = exposition
        self.probe = probe
        self.healthy = healthy
        self.ssl_context = web.ssl_context()
        self.auth = Authenticator(web)
        self.on_request = on_request
        self.deadlines = Deadlines()
        self.slots = threading.BoundedSemaphore(HTTP_MAX_CONNECTIONS)
        self.refused = 0
        try:
            super().__init__(address, _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"cannot listen on {address[0]}:{address[1]}: address already in use",
                    hint="another process holds the port; stop it or choose another with --listen",
                ) from exc
            raise ConfigError(f"cannot listen on {address[0]}:{address[1]}: {exc.strerror}") from exc

    @property
    def port(self) -> int:
        """The bound port (useful with port 0)."""
        return int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread of its own if a slot is free, else close it at once."""
        if not self.slots.acquire(blocking=False):
            self.refused += 1
            log.debug("connection refused: all slots busy", extra={"fields": {"remote": client_address[0]}})
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Serve one connection, then give its slot back."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Wrap the connection in TLS (in this connection's thread, within a deadline), then serve it."""
        if self.ssl_context is not None:
            request.settimeout(HTTP_HANDSHAKE_TIMEOUT_S)
            self.deadlines.arm(request, HTTP_HANDSHAKE_TIMEOUT_S)
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                log.info("TLS handshake failed", extra={"fields": {"remote": client_address[0], "error": str(exc)}})
                return
            finally:
                self.deadlines.disarm(request)
        request.settimeout(HTTP_IDLE_TIMEOUT_S)
        try:
            super().finish_request(request, client_address)
        finally:
            self.deadlines.disarm(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that broke (cut by its deadline, reset by the client) is not worth a traceback."""
        log.debug("connection ended with an error", exc_info=True, extra={"fields": {"remote": client_address[0]}})

    def server_close(self) -> None:
        """Close the listening socket and stop the deadline watchdog."""
        self.deadlines.stop()
        super().server_close()


def _accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it).

    >>> _accepts_gzip("gzip"), _accepts_gzip("br, gzip;q=0.5"), _accepts_gzip("gzip;q=0"), _accepts_gzip(None)
    (True, True, False, False)
    """
    for part in (header or "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"))
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "govops-agent"
    sys_version = ""
    server: AgentHTTPServer
    _served = 0

    def handle_one_request(self) -> None:
        # The first request's line and headers within HTTP_HEADER_TIMEOUT_S; later ones on a
        # kept-alive connection within HTTP_IDLE_TIMEOUT_S (Prometheus scrapes every 15-60 s).
        self.server.deadlines.arm(self.connection, HTTP_IDLE_TIMEOUT_S if self._served else HTTP_HEADER_TIMEOUT_S)
        self._served += 1
        super().handle_one_request()

    def parse_request(self) -> bool:
        ok = super().parse_request()
        self.server.deadlines.arm(self.connection, HTTP_IDLE_TIMEOUT_S)  # to write the answer
        return ok

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        allowed, user, throttled = self.server.auth.check(self.headers.get("Authorization"), self.client_address[0])
        if throttled:
            # Logged at debug only: the budget also bounds how many warnings one client can cause.
            log.debug("credential checks throttled", extra={"fields": {"remote": self.client_address[0]}})
            self._send(429, b"Too Many Requests: wrong credentials, try again later\n", extra={"Retry-After": "60"})
            return
        if not allowed:
            # The user name helps the operator; the password never appears anywhere.
            log.warning(
                "unauthorized request",
                extra={"fields": {"remote": self.client_address[0], "path": path, "user": user or "", "status": 401}},
            )
            self._send(401, b"Unauthorized\n", extra={"WWW-Authenticate": 'Basic realm="govops"'})
            return
        if path == "/metrics":
            self._send_metrics(self.server.exposition())
        elif path == "/probe" and self.server.probe is not None:
            targets = urllib.parse.parse_qs(self.path.partition("?")[2]).get("target", [])
            if len(targets) != 1 or not targets[0]:
                self._send(400, b"Bad Request: /probe needs exactly one target=NAME or target=ADDRESS\n")
                return
            body = self.server.probe(targets[0][:256])
            if body is None:
                self._send(404, b"Not Found: no such target in this agent's configuration\n")
            else:
                self._send_metrics(body)
        elif path == "/healthz":
            if self.server.healthy():
                self._send(200, b"ok\n")
            else:
                self._send(503, b"agent loop not running\n")
        else:
            self._send(404, b"Not Found: this agent serves /metrics, /healthz (and /probe?target= if it polls many)\n")

    def _send_metrics(self, body: bytes) -> None:
        extra = {}
        if _accepts_gzip(self.headers.get("Accept-Encoding")):
            # Level 1: most of the size for a fraction of the CPU (the scrape budget is CPU).
            body = gzip.compress(body, compresslevel=1)
            extra = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        self._send(200, body, "text/plain; version=0.0.4; charset=utf-8", extra)

    def _send(
        self, code: int, body: bytes, ctype: str = "text/plain; charset=utf-8", extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        if self.server.on_request is not None:
            self.server.on_request(code)

    def do_HEAD(self) -> None:
        self.do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug(format, *args)

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        # Access lines at debug only: a scrape every 15 s is not news.
        fields = {"remote": self.client_address[0], "line": self.requestline, "status": code}
        log.debug("request", extra={"fields": fields})
