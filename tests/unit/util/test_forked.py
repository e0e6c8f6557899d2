"""The forked iterator (``govops.util.forked``): order, errors, and no child left behind."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

from govops.util.forked import ChildFailed, iterated_in_child


def numbers(n: int, *, fail_at: int | None = None) -> Iterator[dict[str, int]]:
    for i in range(n):
        if i == fail_at:
            raise ValueError(f"bad row {i}")
        yield {"i": i, "pid": os.getpid()}


def test_items_arrive_in_order_from_another_process() -> None:
    with iterated_in_child(numbers(500)) as items:
        got = list(items)
    assert [g["i"] for g in got] == list(range(500))
    assert {g["pid"] for g in got} != {os.getpid()} and len({g["pid"] for g in got}) == 1


def test_an_error_in_the_child_is_raised_in_the_parent_after_the_items_before_it() -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="bad row 7"), iterated_in_child(numbers(20, fail_at=7)) as items:
        seen.extend(g["i"] for g in items)
    assert seen == list(range(7))


class Unpicklable(Exception):
    def __init__(self, lock: object) -> None:
        super().__init__("has a lock")
        self.lock = lock


def test_an_error_that_cannot_be_pickled_arrives_as_its_traceback() -> None:
    def failing() -> Iterator[int]:
        yield 1
        raise Unpicklable(threading.Lock())

    expected = r"(?s)the reading process failed.*Unpicklable: has a lock"
    with pytest.raises(RuntimeError, match=expected), iterated_in_child(failing()) as items:
        list(items)


def test_a_parent_that_stops_early_leaves_no_child_behind() -> None:
    with iterated_in_child(numbers(10**9)) as items:
        first = next(items)
    with pytest.raises(ChildProcessError):
        os.waitpid(first["pid"], os.WNOHANG)  # stopped and reaped: not even a zombie
    assert first["i"] == 0


def test_a_child_killed_midway_is_an_error_not_a_short_stream() -> None:
    def dying() -> Iterator[int]:
        yield 1
        os.kill(os.getpid(), 9)
        yield 2

    with pytest.raises(ChildFailed, match="signal 9"), iterated_in_child(dying()) as items:
        assert next(items) == 1
        next(items)
