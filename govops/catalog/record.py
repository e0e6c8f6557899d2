"""The classification record: one shape for every device, every dimension and every source.

``Device.classification``, ``govops classify --json``, ``discover servers --json`` and the
``classification`` of an inventory export all hold this record::

    {"verdict": "domestic",           # overall, as stored in Device.domestic
     "source": "ansible",             # who judged it: declared | snmp | ssh | ansible | files
     "where": "devices.csv:12",       # declared only: the ledger row
     "policy": ["cpu", "os"],         # servers only: the dimensions that decide
     "vendor": {"verdict", "subject", "evidence": [{"field", "value", "rule", "source"}], "source", ...},
     "cpu": {..., "vendor", "model", "arch"},
     "os": {..., "id", "name", "version"},
     "software": {..., "items": [{"id", "name", "kind", "verdict", "evidence"}]}}

Every dimension carries its own ``source`` (and ``where`` when declared), so a record that
discovery merged over a declared one still says which verdict was measured and which was
read from a ledger. Dimensions: ``vendor`` (the maker: SNMP, SSH, a ledger, or DMI on a
server), ``cpu``, ``os``, ``software``. Unknown is a verdict of its own.

Python 3.6-safe: shipped in the host-agent zipapp with the classifier.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from govops.errors import InputError

if TYPE_CHECKING:
    from govops.catalog.verdict import Verdict, VerdictName

DIMENSIONS = ("vendor", "cpu", "os", "software")
# files: ``govops classify`` on copies of a machine's files.
SOURCES = ("declared", "snmp", "ssh", "ansible", "files")
VERDICTS = ("domestic", "foreign", "unknown")
_TOP = ("verdict", "source", "where", "policy")
_EVIDENCE_KEYS = ("field", "value", "rule", "source")
# A record read from a file is bounded: an exported record has a few evidence lines per dimension.
MAX_EVIDENCE = 64
MAX_ITEMS = 256
MAX_TEXT = 4096


def dimension(verdict: Verdict, source: str, where: str | None = None, **details: Any) -> dict[str, Any]:
    """One dimension of the record: the verdict, its evidence, who judged it, and what was identified.

    >>> from govops.catalog.verdict import Verdict
    >>> dimension(Verdict("domestic", "kunpeng"), "ansible", model="Kunpeng 920")["model"]
    'Kunpeng 920'
    """
    out = {**verdict.to_dict(), "source": source}
    if where is not None:
        out["where"] = where
    out.update(details)
    return out


def make_record(
    verdict: VerdictName,
    source: str,
    dims: Mapping[str, Mapping[str, Any]],
    *,
    where: str | None = None,
    policy: tuple[str, ...] | list[str] | None = None,
) -> dict[str, Any]:
    """The record of one judgement: the overall verdict, its source and its dimensions."""
    out: dict[str, Any] = {"verdict": verdict, "source": source}
    if where is not None:
        out["where"] = where
    if policy is not None:
        out["policy"] = list(policy)
    for dim in DIMENSIONS:
        if dim in dims:
            out[dim] = dict(dims[dim])
    return out


def merged(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """Discovery's record over the stored one: its verdict and dimensions win, the others stay.

    A server's ledger said its OS; SNMP measured only its maker: the OS dimension keeps its
    ``declared`` source beside the measured vendor.
    """
    kept = {dim: old[dim] for dim in DIMENSIONS if old and dim in old}
    return {**{k: v for k, v in new.items() if k in _TOP}, **kept, **{d: new[d] for d in DIMENSIONS if d in new}}


def dimension_verdict(record: Mapping[str, Any] | None, dim: str) -> str | None:
    """The verdict of one dimension (None when the record does not judge it)."""
    body = (record or {}).get(dim)
    verdict = body.get("verdict") if isinstance(body, Mapping) else None
    return verdict if verdict in VERDICTS else None


def is_measured(record: Any) -> bool:
    """True for a record discovery measured (SNMP, SSH, Ansible), which a ledger never overwrites."""
    return isinstance(record, Mapping) and record.get("source") in SOURCES and record.get("source") != "declared"


# --------------------------------------------------------------------------------------- checking


def _text(value: Any, where: str, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise InputError(f"expected a text of at most {MAX_TEXT} characters", where=where)


def _word(value: Any, words: tuple[str, ...], where: str) -> None:
    if value not in words:
        raise InputError(f"expected one of {', '.join(words)}", where=where)


def _evidence(value: Any, where: str) -> None:
    if not isinstance(value, list) or len(value) > MAX_EVIDENCE:
        raise InputError(f"`evidence` is a list of at most {MAX_EVIDENCE} entries", where=where)
    for i, e in enumerate(value):
        if not isinstance(e, Mapping) or set(e) - set(_EVIDENCE_KEYS):
            raise InputError(f"evidence entries hold {', '.join(_EVIDENCE_KEYS)}", where=f"{where}[{i}]")
        for key in _EVIDENCE_KEYS:
            _text(e.get(key), f"{where}[{i}].{key}")


def _detail(value: Any, where: str) -> None:
    """What a dimension identified: texts, numbers, flags (never nested documents)."""
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise InputError("expected a text or a number", where=where)
    if isinstance(value, str):
        _text(value, where)


def _dimension(body: Any, where: str) -> None:
    if not isinstance(body, Mapping):
        raise InputError("a dimension is a mapping with `verdict`, `evidence` and `source`", where=where)
    _word(body.get("verdict"), VERDICTS, f"{where}.verdict")
    _word(body.get("source"), SOURCES, f"{where}.source")
    _evidence(body.get("evidence", []), f"{where}.evidence")
    for key, value in body.items():
        if key in ("verdict", "source", "evidence"):
            continue
        if key == "items" and where.endswith("software"):
            _items(value, f"{where}.items")
        else:
            _detail(value, f"{where}.{key}")


def _items(value: Any, where: str) -> None:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise InputError(f"`items` is a list of at most {MAX_ITEMS} products", where=where)
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise InputError("a software item is a mapping", where=f"{where}[{i}]")
        _word(item.get("verdict"), VERDICTS, f"{where}[{i}].verdict")
        _evidence(item.get("evidence", []), f"{where}[{i}].evidence")
        for key in ("id", "name", "kind"):
            _text(item.get(key), f"{where}[{i}].{key}")


def check_record(doc: Any, where: str) -> dict[str, Any]:
    """Return ``doc`` as a record if it has the one shape, else raise naming the place.

    Raises:
        InputError: An unknown key, a verdict or source outside the words, or an over-long list or text.
    """
    if not isinstance(doc, Mapping):
        raise InputError("`classification` is a mapping (the record `govops inventory export` writes)", where=where)
    unknown = sorted(set(doc) - set(_TOP) - set(DIMENSIONS))
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r} in `classification`", where=where,
                         hint=f"keys: {', '.join((*_TOP, *DIMENSIONS))}")
    _word(doc.get("verdict"), VERDICTS, f"{where}.verdict")
    _word(doc.get("source"), SOURCES, f"{where}.source")
    _text(doc.get("where"), f"{where}.where")
    policy = doc.get("policy")
    if policy is not None and (not isinstance(policy, list) or not set(policy) <= set(DIMENSIONS)):
        raise InputError(f"`policy` lists dimensions among {', '.join(DIMENSIONS)}", where=f"{where}.policy")
    for dim in DIMENSIONS:
        if dim in doc:
            _dimension(doc[dim], f"{where}.{dim}")
    return dict(doc)
