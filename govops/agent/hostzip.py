"""Build the host agent as one zipapp for the Python a server ships (3.7+).

The zipapp holds the runtime, the host collectors, the catalogue data they
classify with, and pure-Python PyYAML; psutil and prometheus_client are not
needed (the collectors read /proc and /sys, the runtime renders the text
format itself). ``bcrypt`` is used when the system has it, else libc crypt().
"""

from __future__ import annotations

HOST_AGENT_MODULES = (
    "govops",
    "govops.errors",
    "govops.util",
    "govops.util.yamlio",
    "govops.agent",
    "govops.agent.metrics",
    "govops.agent.config",
    "govops.agent.logs",
    "govops.agent.web",
    "govops.agent.runtime",
)
"""Modules shipped in the zipapp; tests/unit/agent/test_py37.py holds them to Python 3.7."""
