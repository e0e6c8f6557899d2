"""Bind an HTTP server without asking DNS for the name of its own address.

``http.server.HTTPServer.server_bind`` calls ``socket.getfqdn(host)``: for an address
not in /etc/hosts that is a reverse DNS query, which leaves loopback and can stall start-up
for seconds where DNS is unreachable (a machine room's management network). The name is
only used for CGI; agents and the lab's services need the address itself. Runs on
Python 3.6 (the host agent's zipapp).
"""

from __future__ import annotations

import socketserver
from http.server import HTTPServer


def bind_without_lookup(server: HTTPServer) -> None:
    """``HTTPServer.server_bind`` minus the lookup: the server's name is its address."""
    socketserver.TCPServer.server_bind(server)
    host, port = server.server_address[:2]
    server.server_name, server.server_port = str(host), int(port)
