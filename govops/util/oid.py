"""OIDs in their one form, a tuple of arcs: rendered, parsed, and tested against a subtree.

Here, below the platform catalogue and the SNMP client alike, so that both test an OID against a subtree with the
one ``index_under``: the client on the tuples it decodes, the catalogue and the power reading on their dotted OIDs
through ``oid_arcs`` (the catalogue's, cached) and ``dotted_arcs`` (a device's, not).
"""

from __future__ import annotations

from functools import lru_cache

Oid = tuple[int, ...]


def oid_str(oid: Oid) -> str:
    """Render an OID tuple in dotted form.

    >>> oid_str((1, 3, 6, 1, 2, 1, 1, 1, 0))
    '1.3.6.1.2.1.1.1.0'
    """
    return ".".join(map(str, oid))


def parse_oid(text: str) -> Oid:
    """Parse a dotted OID (a leading dot is allowed).

    >>> parse_oid(".1.3.6.1.2.1.1")
    (1, 3, 6, 1, 2, 1, 1)

    Raises:
        ValueError: If ``text`` is not a dotted list of non-negative integers.
    """
    parts = text.strip().lstrip(".").split(".")
    try:
        oid = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"not an OID: {text!r}") from None
    if not oid or any(p < 0 for p in oid):
        raise ValueError(f"not an OID: {text!r}")
    return oid


MAX_CACHED_OIDS = 4_096  # dotted OIDs kept parsed (catalogue rows and probes: ~2,000 in the agreement run)


def dotted_arcs(text: str) -> Oid:
    """A dotted OID's arcs (``parse_oid``), parsed each time; ``()`` for text that is no OID (a sysObjectID an agent
    answers as text), which lies under no OID. For a device's own OIDs (a walked row's key, an instance a reading
    names): they differ from device to device and row to row, and kept in ``oid_arcs``'s cache they would push the
    catalogue's out of it on a long-running agent polling many devices.

    >>> dotted_arcs(".1.3.6.1.2.1.33.1.4.4.1.4.1"), dotted_arcs("Cisco IOS")
    ((1, 3, 6, 1, 2, 1, 33, 1, 4, 4, 1, 4, 1), ())
    """
    try:
        return parse_oid(text)
    except ValueError:
        return ()


@lru_cache(maxsize=MAX_CACHED_OIDS)
def oid_arcs(text: str) -> Oid:
    """``dotted_arcs`` parsed once per process, for the OIDs of the catalogue (its rows, columns and probes, a fixed
    set): they are tested against a device's OIDs again and again. A device's own OIDs go through ``dotted_arcs``.

    >>> oid_arcs(".1.3.6.1"), oid_arcs(""), index_under(oid_arcs("Cisco IOS"), oid_arcs("1.3.6"))
    ((1, 3, 6, 1), (), None)
    """
    return dotted_arcs(text)


def index_under(oid: Oid, root: Oid) -> Oid | None:
    """What follows ``root`` in ``oid`` (a row's index under a column's OID; ``()`` for ``root`` itself), or None when
    ``oid`` is neither ``root`` nor below it: the one test of an OID against a subtree, arc by arc (1.3.6.10 is not
    under 1.3.6.1). Strictly below is a non-empty answer. Dotted OIDs (the catalogue's, a power reading's keys) are
    tested in this form too, through ``oid_arcs`` and ``dotted_arcs``.

    >>> index_under((1, 3, 6, 1, 7), (1, 3, 6)), index_under((1, 3, 6), (1, 3, 6)), index_under((1, 3, 7), (1, 3, 6))
    ((1, 7), (), None)
    """
    return oid[len(root) :] if oid[: len(root)] == root else None
