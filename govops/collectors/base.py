"""What every collector may raise besides a failure. Runs on Python 3.7 (host-agent zipapp)."""

from __future__ import annotations


class NoData(Exception):
    """Raised by ``poll()`` when there is nothing to collect here; not a failure."""
