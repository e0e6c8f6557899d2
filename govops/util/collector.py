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


_frozen = {"done": False}


def freeze_loaded() -> None:
    """Keep every object alive now (catalogues loaded for the process's lifetime) out of the collector's passes.

    Once per process, so no later garbage can be kept by it; the collector still runs for everything made
    afterwards (discovery's failures leave cyclic garbage: tracebacks). A long job that allocates a tuple or
    two per value it reads sets off full collections, and each walked the whole catalogue again.
    """
    if not _frozen["done"]:
        _frozen["done"] = True
        gc.freeze()


# Whether the collector was paused for start-up (``pause_for_start_up``), so that only its pause is undone.
_start_up = {"paused": False}


def pause_for_start_up() -> None:
    """Pause the collector while a command's modules load (it would walk what they create again and again)."""
    _start_up["paused"] = gc.isenabled()
    gc.disable()


def resume_after_start_up() -> None:
    """Start-up is over: keep what it loaded out of the collector's way, and turn the collector back on."""
    if _start_up["paused"]:
        _start_up["paused"] = False
        gc.freeze()
        gc.enable()
