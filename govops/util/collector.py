"""The cyclic garbage collector during bulk work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector while a bulk job runs (an import); it resumes as it was afterwards.

    An import keeps each batch of rows (thousands of dicts) alive while it works on it, so the
    collector walks them again and again, and each batch promoted sets off a full collection
    over everything the process holds: about a tenth of an import's CPU. Reference counting
    frees what an import drops; it makes no cyclic garbage (tests/unit/store/test_import_streaming.py
    holds it to that), so nothing is left for the collector to find.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
