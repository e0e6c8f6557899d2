"""A small HTTP server that serves a DMTF Redfish mockup directory, read in place.

The mockup layout is the DMTF Redfish-Mockup-Server's: the resource at
``/redfish/v1/Chassis/1U`` lives in ``<root>/Chassis/1U/index.json``. Extra
routes map a path to a file, a JSON document, a function returning one (a reading
that moves) or an HTTP status, so tests can serve a BMC that answers 500 or a
Chassis without Power. With ``auth`` every resource but the service root needs
HTTP basic authentication, as a BMC's does.
"""

from __future__ import annotations

import base64
import hmac
import json
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from govops.util.httpbind import bind_without_lookup

PREFIX = "/redfish/v1"
Route = Path | dict[str, Any] | int | Callable[[], dict[str, Any]]


class _LoopbackHTTPServer(ThreadingHTTPServer):
    """An HTTP server that does not look its own address up (a query per BMC that would leave loopback)."""

    daemon_threads = True

    def server_bind(self) -> None:
        bind_without_lookup(self)


class RedfishMockServer:
    """Serve ``root`` (a mockup directory) plus ``routes`` on loopback; port 0 picks a free port."""

    def __init__(self, root: Path | None = None, routes: Mapping[str, Route] | None = None,
                 host: str = "127.0.0.1", port: int = 0, auth: tuple[str, str] | None = None) -> None:
        self.root = root
        self._auth = None if auth is None else "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        self.routes: dict[str, Route] = {k.rstrip("/") or "/": v for k, v in (routes or {}).items()}
        self._httpd = _LoopbackHTTPServer((host, port), self._handler())
        self.host, self.port = host, int(self._httpd.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the BMC."""
        return f"http://{self.host}:{self.port}"

    def resolve(self, path: str, authorization: str | None = None) -> tuple[int, bytes]:
        """The status and body for a request path (and its ``Authorization`` header)."""
        clean = path.split("?", 1)[0].split("#", 1)[0].rstrip("/") or "/"
        if self._auth is not None and clean != PREFIX and not hmac.compare_digest(authorization or "", self._auth):
            return 401, json.dumps({"error": {"code": "Base.1.0.NoValidSession"}}).encode()
        route = self.routes.get(clean)
        if callable(route):
            return 200, json.dumps(route()).encode()
        if isinstance(route, int):
            return route, json.dumps({"error": {"code": "Base.1.0.GeneralError"}}).encode()
        if isinstance(route, dict):
            return 200, json.dumps(route).encode()
        if isinstance(route, Path):
            return 200, route.read_bytes()
        if self.root is not None and (clean == PREFIX or clean.startswith(PREFIX + "/")):
            rel = clean[len(PREFIX) :].lstrip("/")
            candidate = (self.root / rel / "index.json").resolve()
            if candidate.is_file() and self.root.resolve() in candidate.parents:
                return 200, candidate.read_bytes()
        return 404, b'{"error": "not found"}'

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = server.resolve(self.path, self.headers.get("Authorization"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    def start(self) -> RedfishMockServer:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="redfish-mock", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()


def main(argv: list[str] | None = None) -> None:
    """Serve a mockup directory: ``python -m govops.lab.redfish --root DIR --port P``."""
    import argparse
    import contextlib
    import time

    parser = argparse.ArgumentParser(description="Redfish mockup server (govops lab)")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = RedfishMockServer(args.root, host=args.host, port=args.port).start()
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)
    server.stop()


if __name__ == "__main__":
    main()
