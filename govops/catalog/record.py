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

from govops.errors import BadValue, InputError, Place, one_of_words

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


class _Place:
    """Where a record is being read (``file:line``), to name the field that is wrong."""

    def __init__(self, where: str | Place) -> None:
        self.where = where

    def fail(self, path: str, expected: str) -> InputError:
        return BadValue(path, None, expected, where=self.where)


def _text(at: _Place, value: Any, path: str) -> None:
    if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT):
        raise at.fail(path, f"a text of at most {MAX_TEXT} characters")


def _word(at: _Place, value: Any, words: tuple[str, ...], path: str) -> None:
    if value not in words:
        raise at.fail(path, one_of_words(words))


def _evidence(at: _Place, value: Any, path: str) -> None:
    if not isinstance(value, list) or len(value) > MAX_EVIDENCE:
        raise at.fail(path, f"a list of at most {MAX_EVIDENCE} entries")
    for i, e in enumerate(value):
        if not isinstance(e, Mapping) or set(e) - set(_EVIDENCE_KEYS):
            raise at.fail(f"{path}[{i}]", f"a mapping of {', '.join(_EVIDENCE_KEYS)}")
        for key in _EVIDENCE_KEYS:
            _text(at, e.get(key), f"{path}[{i}].{key}")


def _detail(at: _Place, value: Any, path: str) -> None:
    """What a dimension identified: texts, numbers, flags (never nested documents)."""
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise at.fail(path, "a text or a number")
    _text(at, value if isinstance(value, str) else None, path)


def _items(at: _Place, value: Any, path: str) -> None:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise at.fail(path, f"a list of at most {MAX_ITEMS} products")
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise at.fail(f"{path}[{i}]", "a mapping")
        _word(at, item.get("verdict"), VERDICTS, f"{path}[{i}].verdict")
        _evidence(at, item.get("evidence", []), f"{path}[{i}].evidence")
        for key in ("id", "name", "kind"):
            _text(at, item.get(key), f"{path}[{i}].{key}")


def _dimension(at: _Place, body: Any, path: str) -> None:
    if not isinstance(body, Mapping):
        raise at.fail(path, "a mapping with `verdict`, `evidence` and `source`")
    _word(at, body.get("verdict"), VERDICTS, f"{path}.verdict")
    _word(at, body.get("source"), SOURCES, f"{path}.source")
    _evidence(at, body.get("evidence", []), f"{path}.evidence")
    for key, value in body.items():
        if key in ("verdict", "source", "evidence"):
            continue
        if key == "items" and path.endswith("software"):
            _items(at, value, f"{path}.items")
        else:
            _detail(at, value, f"{path}.{key}")


def check_record(doc: Any, where: str | Place) -> dict[str, Any]:
    """Return ``doc`` as a record if it has the one shape, else raise naming the place and the field.

    Raises:
        InputError: An unknown key, a verdict or source outside the words, or an over-long list or text.
    """
    at = _Place(where)
    if not isinstance(doc, Mapping):
        raise at.fail("classification", "a mapping (the record `govops inventory export` writes)")
    unknown = sorted(set(doc) - set(_TOP) - set(DIMENSIONS))
    if unknown:
        raise at.fail(f"classification.{unknown[0]}", f"one of the keys {', '.join((*_TOP, *DIMENSIONS))}")
    _word(at, doc.get("verdict"), VERDICTS, "classification.verdict")
    _word(at, doc.get("source"), SOURCES, "classification.source")
    _text(at, doc.get("where"), "classification.where")
    policy = doc.get("policy")
    if policy is not None and (not isinstance(policy, list) or not set(policy) <= set(DIMENSIONS)):
        raise at.fail("classification.policy", f"a list of dimensions among {', '.join(DIMENSIONS)}")
    for dim in DIMENSIONS:
        if dim in doc:
            _dimension(at, doc[dim], f"classification.{dim}")
    return dict(doc)
