"""The cyclic collector's policy for long jobs (``govops.util.collector``)."""

from __future__ import annotations

import gc

import pytest

from govops.util import collector


def test_freeze_loaded_freezes_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(collector, "_frozen", {"done": False})
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(1))
    collector.freeze_loaded()
    collector.freeze_loaded()
    assert calls == [1]


def test_what_is_made_after_the_freeze_is_still_collected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "_frozen", {"done": False})
    collector.freeze_loaded()
    try:
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
