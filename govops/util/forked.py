"""Run the pure-Python half of a bulk job on the second core: a generator iterated in a forked child.

An import reads and checks rows (CPU in Python, no store) and writes them (CPU in
Python, then the database). One interpreter does one at a time; a child process
forked at the start reads and checks while the parent writes, and hands each item
over pickled through a pipe. The pipe is the queue: the child blocks when the
parent has not taken what it sent, so at most about one item is in flight (memory
stays flat). An exception in the child is raised again in the parent where the
stream reached it. The child never touches what the parent holds open (a store
connection): it leaves with ``os._exit``, running no finalizer and no ``atexit``.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Iterator
from typing import Any, TypeVar

T = TypeVar("T")

_ITEM, _END, _ERROR = 0, 1, 2


def can_fork() -> bool:
    """Whether this platform forks (POSIX): elsewhere the generator runs in the process itself."""
    return hasattr(os, "fork")


@contextlib.contextmanager
def iterated_in_child(items: Iterator[T]) -> Iterator[Iterator[T]]:
    """Iterate ``items`` in a forked child; yield an iterator over what it produces, in order.

    Leaving the block stops the child if it is still running (the parent failed, or stopped early).
    Every item (and an exception the child raises) must pickle.
    """
    for stream in (sys.stdout, sys.stderr):  # a buffer copied into the child would never be written twice
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child; its work is seen through the parent)
        os.close(read_fd)
        _serve(items, write_fd)
    os.close(write_fd)
    source = open(read_fd, "rb")  # noqa: SIM115 (closed below, after the caller's block)
    try:
        yield _received(source, pid)
    finally:
        source.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # done already (then nothing happens), or no longer wanted
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _serve(items: Iterator[Any], write_fd: int) -> None:  # pragma: no cover (runs in the child)
    code = 0
    try:
        with open(write_fd, "wb") as sink:
            try:
                for item in items:
                    pickle.dump((_ITEM, item), sink, protocol=pickle.HIGHEST_PROTOCOL)
                    sink.flush()
                pickle.dump((_END, None), sink, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # every error goes to the parent, which raises it
                pickle.dump((_ERROR, _portable(exc)), sink, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the parent went away, or an interrupt: nothing to tell
        code = 1
    finally:
        os._exit(code)


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else a RuntimeError with its traceback."""
    try:
        pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own bytes, from this process)
    except Exception:  # any failure to pickle
        text = "".join(traceback.format_exception(exc))
        return RuntimeError(f"the reading process failed:\n{text}")
    return exc


class ChildFailed(RuntimeError):
    """The child process stopped before the end of its stream (killed, out of memory)."""


def _received(source: io.BufferedReader, pid: int) -> Iterator[Any]:
    while True:
        try:
            tag, value = pickle.load(source)  # noqa: S301 (from our own child, through a pipe only we hold)
        except EOFError:
            _, status = os.waitpid(pid, 0)
            raise ChildFailed(f"the reading process {pid} stopped early ({_status_text(status)})") from None
        if tag == _ITEM:
            yield value
        elif tag == _ERROR:
            raise value
        else:
            return


def _status_text(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
