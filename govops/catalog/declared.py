"""Verdicts from what a ledger declares: vendor, model, CPU and OS as people write them.

A ledger says ``Kunpeng 920``, ``海光 7285``, ``银河麒麟 V10`` or ``新华三`` where a machine
would report ``CPU implementer 0x48`` or ``ID=kylin``. This classifier matches those words
against the same catalogue rows discovery uses (vendor names, aliases and Chinese names;
CPU row names and model names; OS ids and name patterns) and returns the same per-dimension
record, with ``source: declared`` and the ledger place (file:line) as evidence. Discovery
later replaces it with measured evidence (``source: snmp|ssh|ansible``); reports say which.

The record is ``govops.catalog.record``'s, the one shape of every source: here
``source: declared`` with ``where`` (the ledger row) on the record and on each dimension.
Unknown is a verdict of its own and never counts as foreign.

Python 3.6-safe syntax like the rest of the classifier (``tests/unit/agent/test_py37.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from govops.catalog.record import dimension, make_record
from govops.catalog.server_config import configured_policy, default_catalog
from govops.catalog.servers import Catalog, ServerPolicy, overall_verdict
from govops.catalog.vendors import (
    VendorCatalog,
    classify_device,
    default_vendors,
    longest_named,
    vendor_verdict,
)
from govops.catalog.verdict import UNKNOWN, Evidence, Verdict, VerdictName

SERVER_KINDS = ("server",)
# Free text longer than this is not a vendor, CPU or OS name (a pasted paragraph): left unclassified.
MAX_TEXT = 200
_PARENS = re.compile(r"[(（]([^()（）]+)[)）]")


@dataclass(frozen=True)
class Declared:
    """What a ledger row says about a device."""

    kind: str
    vendor: str | None = None
    model: str | None = None
    cpu_vendor: str | None = None
    cpu_model: str | None = None
    os: str | None = None
    os_version: str | None = None
    where: str | None = None


def _chinese_names(*texts: str) -> list[str]:
    """Names in parentheses of a catalogue label: ``KylinSoft (麒麟软件)`` gives ``麒麟软件``."""
    return [m.strip() for t in texts for m in _PARENS.findall(t) if not m.isascii()]


def _text(*parts: str | None) -> str | None:
    joined = " ".join(p.strip() for p in parts if p and p.strip())
    return joined if joined and len(joined) <= MAX_TEXT else None


def _classify_text(text: str | None, candidates: list[tuple[str, Any]], table: str, field: str) -> Verdict:
    """The row whose name is the longest found in ``text``; unknown (with what was seen) when none is."""
    if not text:
        return UNKNOWN
    found = longest_named(text, candidates)
    if found is None:
        return Verdict("unknown", None, (Evidence(field, text, f"no {table} row names it"),))
    term, row = found
    verdict: VerdictName = "domestic" if row.domestic else "foreign"
    return Verdict(verdict, row.id, (Evidence(field, text, f"{table}:{row.id} name {term!r}", row.source),))


def classify_cpu_text(text: str | None, catalog: Catalog, where: str) -> Verdict:
    """A CPU as declared (``Kunpeng 920``, ``海光 7285``, ``Intel Xeon Gold 6248``)."""
    names = [
        (term, row)
        for row in catalog.cpus
        for term in (*row.names, *row.model_names, *row.lscpu_vendors, *_chinese_names(row.family))
    ]
    return _classify_text(text, names, "cpus", f"{where} cpu")


def classify_os_text(text: str | None, catalog: Catalog, where: str) -> Verdict:
    """An operating system as declared (``Kylin V10``, ``openEuler 22.03``, ``统信 UOS``, ``CentOS 7.9``)."""
    names = [
        (term, row)
        for row in catalog.os
        for term in (*row.ids, *row.name_patterns, *_chinese_names(row.name, row.vendor))
    ]
    return _classify_text(text, names, "os", f"{where} os")


def classify_vendor_text(vendor: str | None, model: str | None, vendors: VendorCatalog, where: str) -> Verdict:
    """A maker as declared: name, id or alias (``H3C``), a Chinese name (``新华三``, ``华三``), or a model naming it."""
    text = _text(vendor)
    if text is None and model is None:
        return UNKNOWN
    found = classify_device(vendors, vendor=text, texts={"model": _text(model)})
    if found.verdict == "unknown" and text:
        zh = vendors.by_chinese(text)
        if zh is not None:
            term, row = zh
            found = Verdict(
                vendor_verdict(row),
                row.id,
                (Evidence("vendor", text, f"vendor:{row.id} Chinese name {term!r}", row.source),),
            )
    evidence = tuple(Evidence(f"{where} {e.field}", e.value, e.rule, e.source) for e in found.evidence)
    return Verdict(found.verdict, found.subject, evidence)


def classify_declared(
    d: Declared,
    *,
    catalog: Catalog | None = None,
    vendors: VendorCatalog | None = None,
    policy: ServerPolicy | None = None,
) -> dict[str, Any] | None:
    """The classification record of a declared device, or None when the row names nothing to classify.

    Servers are domestic by the server policy (CPU and OS by default; a dimension the
    ledger leaves blank is unknown); other equipment by its maker. ``where`` (the ledger
    row) goes into the record; the verdicts depend only on the declared words, so a ledger
    of 100,000 rows classifies each distinct combination once.
    """
    if catalog is None and vendors is None and policy is None:
        core = declared_core(d)
    else:
        core = _classify(replace(d, where=None), catalog, vendors, policy)
    return None if core is None else placed(core, d.where)


def declared_core(d: Declared) -> dict[str, Any] | None:
    """The record of ``d``'s declared words with the default catalogue, without its place (shared: never change it).

    Keyed by the words (a tuple, not a copy of ``d`` without its place: 100,000 rows pass here).
    """
    return _cached(d.kind, d.vendor, d.model, d.cpu_vendor, d.cpu_model, d.os, d.os_version)


@functools.lru_cache(maxsize=4096)
def _cached(*words: str | None) -> dict[str, Any] | None:
    return _classify(Declared(*words), None, None, None)  # type: ignore[arg-type]


def _classify(
    d: Declared, catalog: Catalog | None, vendors: VendorCatalog | None, policy: ServerPolicy | None
) -> dict[str, Any] | None:
    where = "ledger"
    vendor = classify_vendor_text(d.vendor, d.model, vendors or default_vendors(), where)
    stated: dict[str, Verdict] = {}
    if d.vendor or d.model:
        stated["vendor"] = vendor
    verdict: VerdictName = vendor.verdict
    if d.kind in SERVER_KINDS:
        dims, verdict = judge_server(
            d, vendor, UNKNOWN, catalog=catalog or default_catalog(), policy=policy or configured_policy(), where=where
        )
        if d.cpu_vendor or d.cpu_model:
            stated["cpu"] = dims["cpu"]
        if d.os:
            stated["os"] = dims["os"]
    if not stated:
        return None
    return make_record(verdict, "declared", {dim: dimension(v, "declared") for dim, v in stated.items()})


def judge_server(
    d: Declared, vendor: Verdict, software: Verdict, *, catalog: Catalog, policy: ServerPolicy, where: str
) -> tuple[dict[str, Verdict], VerdictName]:
    """A server's dimensions (its maker, the CPU and OS of its words: a ledger's, or the device's stored columns,
    and ``software``) and their overall verdict by ``policy``."""
    dims = {
        "vendor": vendor,
        "cpu": classify_cpu_text(_text(d.cpu_vendor, d.cpu_model), catalog, where),
        "os": classify_os_text(_text(d.os, d.os_version), catalog, where),
        "software": software,
    }
    return dims, overall_verdict(dims, policy)  # type: ignore[arg-type]


def placed(record: dict[str, Any], where: str | None) -> dict[str, Any]:
    """The record with the ledger row on it and on each of its dimensions."""
    if where is None:
        return dict(record)
    out: dict[str, Any] = {**record, "where": where}
    for dim, body in record.items():
        if isinstance(body, dict):
            out[dim] = {**body, "where": where}
    return out


def verdict_of(record: Mapping[str, Any] | None) -> str | None:
    """The overall verdict of a classification record (None without one)."""
    if not record:
        return None
    v = record.get("verdict")
    return str(v) if v in ("domestic", "foreign", "unknown") else None
