"""Answer GET, GETNEXT and column walks from a recorded walk (snmpsim's ``.snmprec``), in process.

Identification is a function of what an agent answers; reading the answers from
the recording instead of a socket lets the agreement test run discovery's own
code over hundreds of real walks in seconds (snmpsim serves ~5,000 varbinds/s).
The interface is the SNMP client's (``get``, ``get_next``, ``walk_columns``), so
``discover_target`` runs unchanged; a real-snmpsim test keeps the wire honest.

A line is ``OID|TYPE|VALUE``; TYPE is the BER tag in decimal (2 INTEGER, 4 OCTET
STRING, 5 NULL, 6 OID, 64 IpAddress, 65 Counter32, 66 Gauge32, 67 TimeTicks,
68 Opaque, 70 Counter64), ``x`` appended for hex-encoded values (``e`` for
backslash-escaped ones), and an optional
``:variation`` suffix that is ignored (the recorded value is served).
"""

from __future__ import annotations

import bisect
import bz2
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from govops.errors import InputError
from govops.snmp.client import WalkResult
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.values import ValueKind, VarBind
from govops.util.oid import Oid, index_under, oid_str

MAX_LINE = 1 << 20  # a value longer than 1 MiB is not a real agent's answer
_INT_TAGS = frozenset({"2", "65", "66", "67", "70"})


def _value(tag: str, text: str, where: str) -> tuple[ValueKind, int | str | bytes | None]:
    base = tag.rstrip("xe")
    raw: bytes | None = None
    if tag.endswith("x"):
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raise InputError(f"type {tag} value is not hex", where=where) from None
    elif tag.endswith("e"):  # backslash escapes (\x00), as snmpsim's recorder writes odd bytes
        try:
            raw = text.encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1")
        except (UnicodeDecodeError, UnicodeEncodeError):
            raise InputError(f"type {tag} value has a bad escape", where=where) from None
    if base in _INT_TAGS:
        try:
            return "int", int(raw.decode("ascii") if raw is not None else text)
        except (ValueError, UnicodeDecodeError):
            raise InputError(f"type {tag} value {text[:40]!r} is not an integer", where=where) from None
    if base in ("4", "68"):
        return "octets", raw if raw is not None else text.encode("utf-8", "surrogateescape")
    if base == "6":
        return "oid", text.lstrip(".")
    if base == "64":
        if raw is not None and len(raw) == 4:
            return "ip", ".".join(str(b) for b in raw)
        return "ip", text
    if base == "5":
        return "null", None
    raise InputError(f"unknown value type {tag!r}", where=where)


def parse_snmprec(
    lines: Iterable[str],
    *,
    source: str = "<walk>",
    prefixes: Sequence[str] = (),
    skipped: list[str] | None = None,
    arc_heads: str | None = None,
) -> dict[Oid, VarBind]:
    """Parse snmprec lines into varbinds; with ``prefixes``, keep only OIDs under them.

    Args:
        lines: The recording's lines.
        source: Name used in errors (``file``).
        prefixes: Dotted OID prefixes to keep (all when empty).
        skipped: When given, a bad line is noted here (``file:line: why``) and skipped instead of raised:
            published walks hold anonymised OIDs (``...4.20.1.2.<IPADDR>``) no agent would send.
        arc_heads: A dotted prefix (``1.3.6.1.4.1.``) under which, besides ``prefixes``, the first line
            of each arc below it is kept: enough to say which vendor MIBs the agent answers.

    Raises:
        InputError: Naming ``file:line`` for a line without three fields, a bad OID, type or value.
    """
    out: dict[Oid, VarBind] = {}
    want = tuple(prefixes)
    heads: set[str] = set()
    depth = arc_heads.count(".") + 1 if arc_heads else 0
    for number, raw in enumerate(lines, 1):
        if want and not raw.startswith(want):
            if not (arc_heads and raw.startswith(arc_heads)):
                continue
            arc = ".".join(raw.split(".", depth)[:depth])
            if arc in heads:
                continue
            heads.add(arc)
        line = raw.rstrip("\r\n")
        if not line or line.startswith("#"):
            continue
        try:
            vb = _line(line, f"{source}:{number}")
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(str(exc))
            continue
        if vb is not None:
            out[vb.oid] = vb
    return out


def _line(line: str, where: str) -> VarBind | None:
    if len(line) > MAX_LINE:
        raise InputError(f"line longer than {MAX_LINE} characters", where=where)
    parts = line.split("|", 2)
    if len(parts) != 3:
        raise InputError("expected OID|TYPE|VALUE", where=where)
    oid_text, tag, text = parts
    try:
        oid = tuple(int(p) for p in oid_text.strip(".").split("."))
    except ValueError:
        raise InputError(f"bad OID {oid_text[:60]!r}", where=where) from None
    tag = tag.split(":", 1)[0]
    if not text and tag.rstrip("xe") in _INT_TAGS:
        return None  # recorders write a blank for a number the agent failed to send: absent, as snmpsim serves it
    kind, value = _value(tag, text, where)
    return VarBind(oid, kind, value)


def read_snmprec(
    path: Path, *, prefixes: Sequence[str] = (), skipped: list[str] | None = None, arc_heads: str | None = None
) -> dict[Oid, VarBind]:
    """Read a ``.snmprec`` (or ``.snmprec.bz2``) file; see ``parse_snmprec``.

    Raises:
        InputError: For an unreadable file or a bad line.
    """
    try:
        if path.name.endswith(".bz2"):
            with bz2.open(path, "rt", encoding="utf-8", errors="surrogateescape") as fh:
                return parse_snmprec(fh, source=str(path), prefixes=prefixes, skipped=skipped, arc_heads=arc_heads)
        with path.open(encoding="utf-8", errors="surrogateescape") as fh:
            return parse_snmprec(fh, source=str(path), prefixes=prefixes, skipped=skipped, arc_heads=arc_heads)
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(f"cannot read the walk: {exc}", where=str(path)) from exc


class RecordedAgent:
    """A walk served in process with the SNMP client's interface (target and credentials are ignored)."""

    def __init__(self, varbinds: dict[Oid, VarBind]) -> None:
        self._vbs = varbinds
        self._order = sorted(varbinds)
        self.requests = 0

    @classmethod
    def from_file(
        cls, path: Path, *, prefixes: Sequence[str] = (), skipped: list[str] | None = None, arc_heads: str | None = None
    ) -> RecordedAgent:
        """Load a recording (see ``read_snmprec``)."""
        return cls(read_snmprec(path, prefixes=prefixes, skipped=skipped, arc_heads=arc_heads))

    def _next(self, oid: Oid) -> VarBind:
        i = bisect.bisect_right(self._order, oid)
        return self._vbs[self._order[i]] if i < len(self._order) else VarBind(oid, "end", None)

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        """GET: the recorded values of ``oids`` (absent ones left out, as the client does)."""
        self.requests += 1
        return {oid: self._vbs[oid] for oid in oids if oid in self._vbs}

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        """GETNEXT: the varbind after each OID."""
        self.requests += 1
        return [self._next(oid) for oid in oids]

    async def walk_columns(
        self,
        target: SnmpTarget,
        creds: SnmpCredentials,
        roots: Sequence[Oid],
        *,
        max_rows: int = 10_000,
        deadline: float | None = None,
        rows_hint: int | None = None,
    ) -> WalkResult:
        """Every recorded row under each root, with the client's row budget and deadline (no hint needed)."""
        self.requests += 1
        columns: dict[Oid, list[VarBind]] = {}
        for root in roots:
            if deadline is not None and time.monotonic() > deadline:
                return WalkResult(columns, "deadline", f"walk of {oid_str(root)} ran out of time")
            start = bisect.bisect_right(self._order, root)
            rows: list[VarBind] = []
            for oid in self._order[start:]:
                if index_under(oid, root) is None:
                    break
                rows.append(self._vbs[oid])
                if len(rows) >= max_rows:
                    columns[root] = rows
                    return WalkResult(columns, "max_rows", f"{oid_str(root)} has more than {max_rows} rows")
            columns[root] = rows
        return WalkResult(columns, "end")
