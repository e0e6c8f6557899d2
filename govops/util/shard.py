"""Which shard a target belongs to: one rule for the agents (``--shard I/N``) and the file_sd export.

An agent started with ``--shard 2/4`` polls exactly the targets that
``govops inventory export --format prometheus-sd --shard 2/4`` lists for its site's
Prometheus, because both ask ``shard_of`` here. The hash is sha256 of the name, so it is
the same in every process and Python version (``hash()`` is salted per process).
"""

from __future__ import annotations

import hashlib
import re

from govops.errors import InputError


def shard_of(name: str, shards: int) -> int:
    """Return the shard (0-based) a target belongs to, stable across processes.

    >>> shard_of("city-core-1", 1)
    0
    >>> shard_of("city-core-1", 4) == shard_of("city-core-1", 4)
    True
    """
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


def parse_shard(text: str) -> tuple[int, int]:
    """Parse ``I/N`` (1-based I) into ``(index, count)`` with a 0-based index.

    Raises:
        InputError: If the text is not ``I/N`` with 1 <= I <= N.

    >>> parse_shard("2/4")
    (1, 4)
    """
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)) <= 100_000:
        raise InputError(f"--shard {text!r}: expected I/N with 1 <= I <= N, e.g. 1/4", where="--shard")
    return int(match.group(1)) - 1, int(match.group(2))
