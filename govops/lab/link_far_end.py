"""The far ends of the demo city's WAN links: TCP listeners that accept and close, one per probe address.

``python -m govops.lab.link_far_end SPEC.json READY.json``. The spec (written by
``govops.lab.link_service``) lists the probe addresses (loopback) and the one port they share.
A probe measures the TCP handshake (``govops.collectors.link_probe``), so accepting is all a
far end has to do.
"""

from __future__ import annotations

import json
import socketserver
import threading
from pathlib import Path

from govops.lab.process import ready_process_main, serve_ready


class _Close(socketserver.BaseRequestHandler):
    """Accept and close: the handshake is the measurement."""

    def handle(self) -> None:
        return None


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def serve_spec(spec_path: Path, ready: Path) -> None:
    """Listen on every probe address of the spec, write ``ready`` with the count, serve until SIGTERM."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    servers = [_Server((str(host), int(spec["port"])), _Close) for host in spec["hosts"]]
    for srv in servers:
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.5}, daemon=True).start()
    serve_ready(ready, {"far_ends": len(servers)})
    for srv in servers:
        srv.shutdown()
        srv.server_close()


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``python -m govops.lab.link_far_end SPEC READY``."""
    return ready_process_main("govops.lab.link_far_end", serve_spec, argv)


if __name__ == "__main__":
    raise SystemExit(main())
