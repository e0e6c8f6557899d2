"""Atomic file writes: a reader (a person, a textfile collector) never sees half a file."""

from __future__ import annotations

import os
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see ``write_bytes_atomically``)."""
    write_bytes_atomically(path, text.encode("utf-8"), mode=mode)


def write_bytes_atomically(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    The temporary name starts with a dot and ends in ``.tmp``, so globbing readers such as
    node_exporter's textfile collector (``*.prom``) never pick it up. The result gets the
    permissions a plain ``open()`` would give (0666 less the umask), not mkstemp's 0600, or
    ``mode`` when given (a file another user's daemon must read whatever the writer's umask).
    The data is flushed to disk before the rename and the rename after it, so a power cut leaves
    the old file or the new one, never an empty one (ext4 and XFS may otherwise commit the rename
    before the data).

    Raises:
        OSError: When the directory cannot be written; nothing is left behind.
    """
    import tempfile  # here: importing it costs ~4 ms, and most commands that import this module write nothing

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)


def _sync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable; best effort where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename itself has happened
    finally:
        os.close(fd)
