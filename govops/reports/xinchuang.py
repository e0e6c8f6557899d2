"""The ``xinchuang`` report: domestic share by device kind, department and dimension, and the backlog.

A device's overall verdict is ``Device.domestic`` (set by the classifier); the
per-dimension verdicts and their evidence live in ``Device.classification``, the one
record shape of ``govops.catalog.record`` whatever judged them (a ledger, SNMP, SSH, Ansible).
``as_of`` is the date against which age and end of life are measured.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, literal, nulls_last, select, true

from govops.catalog.record import DIMENSIONS, VERDICTS
from govops.catalog.vendors import default_vendors
from govops.reports.common import device_active, new_report
from govops.reports.context import ReportContext, domestic_share, share
from govops.reports.kpi import department_counts, kpi_figure, kpi_map, report_kpi_keys
from govops.reports.model import Chart, Column, Figure, Report, Section, Table
from govops.store import tables
from govops.store.db import dialect_of
from govops.store.tables import DEVICE_KINDS, VERDICT_DIMENSIONS, Department, Device, Room, dimension_words
from govops.vocab import PLANT_KINDS
from govops.vocab.values import as_given


def _counts_columns(t: Any) -> list[Column]:
    return [
        Column("total", t("total"), "int"),
        Column("domestic", t("col.domestic"), "int"),
        Column("foreign", t("col.foreign"), "int"),
        Column("unknown", t("col.undetermined"), "int"),
        Column("share", t("col.domestic_share"), "share"),
    ]


def _tally(rows: list[tuple[Any, str | None, int]], field: str) -> list[dict[str, Any]]:
    """Fold (group, verdict, count) rows into per-group totals and shares, the group under ``field``."""
    groups: dict[Any, dict[str, Any]] = {}
    for key, verdict, n in rows:
        g = groups.setdefault(key, {field: key, "total": 0, "domestic": 0, "foreign": 0})
        g["total"] += n
        if verdict in ("domestic", "foreign"):
            g[verdict] += n
    for g in groups.values():
        g["unknown"] = g["total"] - g["domestic"] - g["foreign"]
        g["share"] = domestic_share(g["domestic"], g["foreign"])
    return list(groups.values())


def _device_counts(ctx: ReportContext, by: str, *, it_only: bool = False) -> list[tuple[Any, str | None, int]]:
    """Active devices in scope by ``by`` (``kind`` or ``department_id``) and overall verdict.

    ``it_only`` leaves the machine room's plant (PLANT_KINDS) out, as the overview's IT figures do.

    Both come from one grouped count by kind, department and verdict (an index-only scan of
    ``ix_devices_report_kind`` on SQLite), made once per report: one pass over 1,000,000 devices, not two.
    """
    groups = ctx.cache.get("xc_device_groups")
    if groups is None:
        groups = ctx.cache["xc_device_groups"] = ctx.session.execute(
            select(Device.kind, Device.department_id, Device.domestic, func.count())
            .where(device_active(), ctx.scope(Device.department_id))
            .group_by(Device.kind, Device.department_id, Device.domestic)
        ).all()
    at = 0 if by == "kind" else 1
    folded: dict[tuple[Any, str | None], int] = {}
    for row in groups:
        if it_only and row[0] in PLANT_KINDS:
            continue
        key = (row[at], row[2])
        folded[key] = folded.get(key, 0) + int(row[3])
    # In one order on every backend (their groups come in different orders).
    return sorted(((k, v, n) for (k, v), n in folded.items()), key=lambda r: (r[0] is None, str(r[0]), str(r[1])))


def _dimension_counts(ctx: ReportContext) -> dict[str, dict[str | None, int]]:
    """Per dimension, devices by verdict (software: installed products by verdict).

    Counted from ``Device.dimension_verdicts``, which the database computes from each record
    (on SQLite an index-only scan): no JSON document is parsed but those that list software.
    """
    s = ctx.session
    dialect = dialect_of(s)
    where = (device_active(), ctx.scope(Device.department_id))
    out: dict[str, dict[str | None, int]] = {dim: {} for dim in DIMENSIONS}

    def add(dim: str, verdict: Any, n: int) -> None:
        key = verdict if verdict in VERDICTS else None
        out[dim][key] = out[dim].get(key, 0) + n

    any_listed = False
    words = Device.dimension_verdicts
    for value, n in s.execute(select(words, func.count()).where(*where).group_by(words)).all():
        found, listed = dimension_words(value, dialect)
        for dim, verdict in zip(VERDICT_DIMENSIONS, found, strict=True):
            add(dim, verdict, int(n))
        any_listed = any_listed or listed
    if not any_listed:
        return out
    # Software items are counted from the few records that list any (servers discovered by Ansible).
    listed_only = words.endswith("+")
    if dialect == "sqlite":
        items = func.json_each(Device.classification, literal("$.software.items")).table_valued("value")
        item_verdict = func.json_extract(items.c.value, literal("$.verdict"))
        for value, n in s.execute(
            select(item_verdict, func.count()).select_from(tables.devices).join(items, true())
            .where(*where, listed_only).group_by(item_verdict)
        ).all():  # fmt: skip
            add("software", value, int(n))
        return out
    for (doc,) in s.execute(select(Device.classification).where(*where, listed_only)).all():
        for item in ((doc or {}).get("software") or {}).get("items") or []:
            add("software", item.get("verdict") if isinstance(item, dict) else None, 1)
    return out


def _identified(body: dict[str, Any], dim: str, lang: str) -> str:
    """What a dimension identified: the maker, model or name it read, else its catalogue row (a vendor by its name)."""
    read = " ".join(str(body[f]) for f in ("vendor", "model", "product", "name", "version") if body.get(f))
    subject = str(body.get("subject") or "")
    if read or not subject:
        return read
    row = default_vendors().rows.get(subject) if dim == "vendor" else None
    if row is None:
        return subject
    return (row.name_zh or row.name) if lang == "zh" else row.name


def _evidence_text(classification: dict[str, Any] | None, declared: str | None, t: Any) -> str:
    """Summarise the classifier's evidence: ``CPU: Intel Xeon → foreign (cpuinfo vendor_id=GenuineIntel; ...)``.

    Without a classification the verdict came from the inventory as declared (imported).
    """
    if not classification:
        if declared:
            return str(t("xc.declared", verdict=t.value("verdict", declared)))
        return str(t("xc.no_evidence"))
    parts = []
    for dim in VERDICT_DIMENSIONS:
        v = classification.get(dim)
        if not isinstance(v, dict):
            continue
        verdict = v.get("verdict") if v.get("verdict") in VERDICTS else "unknown"
        ev = v.get("evidence") or []
        first = ev[0] if ev and isinstance(ev[0], dict) else {}
        because = f" ({first.get('field')}={first.get('value')}; {first.get('rule')})" if first else ""
        # A dimension the ledger gave beside measured ones (discovery merged over a declared record) says so.
        mixed = v.get("source") == "declared" and classification.get("source") != "declared"
        ledger = f" [{t('xc.from_ledger', where=v.get('where') or '?')}]" if mixed else ""
        what = _identified(v, dim, t.lang) or "?"
        parts.append(f"{t('dimension.' + dim)}: {what} → {t.value('verdict', verdict)}{because}{ledger}")
    text = "; ".join(parts) or str(t("xc.no_evidence"))
    if classification.get("source") == "declared":
        # Classified from the ledger's words, not measured: say so, and where.
        return f"{t('xc.from_ledger', where=classification.get('where') or '?')}: {text}"
    return text


def build_xinchuang(ctx: ReportContext) -> Report:
    """Build the domestic replacement report."""
    t = ctx.t
    rep = new_report(ctx, "xinchuang")
    by_kind = _tally(_device_counts(ctx, "kind"), "kind")
    # IT equipment only: the machine room's plant is not (power equipment has a KPI of its own; cooling units and
    # environment monitors are shown by kind, in no share).
    it = [r for r in by_kind if r["kind"] not in PLANT_KINDS]
    total = sum(r["total"] for r in it)
    dom = sum(r["domestic"] for r in it)
    foreign = sum(r["foreign"] for r in it)
    kpi_map(ctx, report_kpi_keys("xinchuang", ctx.settings.kpis))  # counted in one go; values under their keys
    rep.figures = {
        # Not `devices_total`: that is every device (the summary's); a figure name has one value in every report.
        "it_devices_total": total,
        "devices_domestic": dom,
        "devices_foreign": foreign,
        "devices_unknown": total - dom - foreign,
        # Undetermined verdicts are in neither part of a share (never counted as foreign).
        "devices_domestic_share": domestic_share(dom, foreign),
    }
    overview = Section(
        "overview",
        t("sec.xc_overview"),
        figures=[
            Figure("it_devices_total", t("fig.it_devices_total"), total),
            Figure(
                "devices_domestic_share",
                t("fig.devices_domestic_share"),
                rep.figures["devices_domestic_share"],
                "share",
            ),
            kpi_figure(ctx, "domestic_server_rate"),
            kpi_figure(ctx, "domestic_network_rate"),
            kpi_figure(ctx, "domestic_facility_rate"),
            Figure("devices_unknown", t("fig.devices_unknown"), rep.figures["devices_unknown"]),
        ],
    )
    if total == 0:
        overview.notes.append(t("empty_store"))
    rep.sections.append(overview)

    order = {k: i for i, k in enumerate(DEVICE_KINDS)}
    by_kind.sort(key=lambda r: order.get(r["kind"], 99))
    kind_rows = [{**r, "group": t.value("device_kind", r["kind"])} for r in by_kind]
    rep.sections.append(
        Section(
            "by_kind",
            t("sec.xc_by_kind"),
            tables=[
                Table("by_kind", t("sec.xc_by_kind"), [Column("group", t("kind")), *_counts_columns(t)], kind_rows)
            ],
            charts=[
                Chart(
                    "by_kind",
                    t("chart.xc_by_kind"),
                    "bar",
                    [r["group"] for r in kind_rows],
                    [r["share"] for r in kind_rows],
                    "share",
                )
            ],
        )
    )
    # The department by its code and label, as every report names it (the tally's key is the store's internal id).
    # IT equipment only, the overview's scope: its totals add up to it_devices_total (plant is shown by kind).
    dept_counts = _device_counts(ctx, "department_id", it_only=True)
    dept_rows = [{**r, **ctx.department_group(r["department"])} for r in _tally(dept_counts, "department")]
    dept_rows.sort(key=lambda r: (-r["total"], r["group"]))
    limit = ctx.settings.max_rows
    rep.sections.append(
        Section(
            "by_department",
            t("sec.xc_by_department"),
            tables=[
                Table(
                    "by_department",
                    t("sec.xc_by_department"),
                    [Column("group", t("department")), *_counts_columns(t)],
                    dept_rows[:limit],
                    total_rows=len(dept_rows),
                )
            ],
        )
    )
    dim_rows = []
    for dim, by_verdict in _dimension_counts(ctx).items():
        tot = sum(by_verdict.values())
        d = by_verdict.get("domestic", 0)
        f = by_verdict.get("foreign", 0)
        dim_rows.append(
            {
                "dimension": dim,
                "group": t("dimension." + dim),
                "total": tot,
                "domestic": d,
                "foreign": f,
                "unknown": tot - d - f,
                "share": domestic_share(d, f),
            }
        )
    rep.sections.append(
        Section(
            "by_dimension",
            t("sec.xc_by_dimension"),
            tables=[
                Table(
                    "by_dimension",
                    t("sec.xc_by_dimension"),
                    [Column("group", t("col.dimension")), *_counts_columns(t)],
                    dim_rows,
                )
            ],
        )
    )
    rep.sections.append(_department_matrix(ctx))
    rep.sections.append(_backlog(ctx, foreign))
    rep.figures["backlog_total"] = foreign
    return rep


MATRIX_KPIS = ("domestic_server_rate", "domestic_network_rate", "domestic_storage_rate", "domestic_facility_rate")


def _matrix_cell(c: Any, t: Any) -> tuple[float | None, str]:
    if c is None:
        return None, ""
    counts = f"{int(c.numerator)}/{int(c.denominator or 0)}"
    if c.undetermined:
        counts += f" (+{c.undetermined} {t('col.undetermined')})"
    return share(c.numerator, c.denominator), counts  # the KPI's denominator: the determined verdicts


def _department_matrix(ctx: ReportContext) -> Section:
    """Department × device class: each cell the KPI's share in that department, counts beside it.

    Counted by the KPI module per department (the inventory agent's numbers); facility
    equipment (PDU, UPS, meter) is its own column, never part of an IT share.
    """
    t = ctx.t
    kpis = {k.key: k for k in ctx.settings.kpis if k.key in MATRIX_KPIS}
    counts = department_counts(ctx, kpis)
    depts = {d for key in kpis for d in counts.get(key, {}) if ctx.department_ids is None or d in ctx.department_ids}
    named = {d: ctx.department_group(d) for d in depts}
    rows: list[dict[str, Any]] = []
    for d in sorted(depts, key=lambda d: named[d]["department"] or "~"):  # by code, no department last
        row: dict[str, Any] = dict(named[d])
        for key in kpis:
            row[key], row[f"{key}_n"] = _matrix_cell(counts[key].get(d), t)
        rows.append(row)
    cols = [Column("group", t("department"))]
    for key, k in kpis.items():
        cols += [Column(key, k.label(ctx.lang), "share"), Column(f"{key}_n", t("col.domestic_of_determined"))]
    title = t("sec.xc_department_class")
    return Section("by_department_class", title, tables=[Table("by_department_class", title, cols, rows, None)])


def _backlog(ctx: ReportContext, total: int) -> Section:
    """Foreign devices to replace: past or nearest end of life first, then the oldest."""
    t, s = ctx.t, ctx.session
    cond = and_(device_active(), ctx.scope(Device.department_id), Device.domestic == "foreign")
    rows = s.execute(
        select(
            Device.name,
            Device.kind,
            Device.vendor,
            Device.model,
            Department.code,
            Room.code.label("room"),
            Device.eol,
            Device.purchased,
            Device.classification,
            Device.domestic,
            Device.date_precision,
        )
        .outerjoin(tables.departments, Device.department_id == Department.id)
        .outerjoin(tables.rooms, Device.room_id == Room.id)
        .where(cond)
        .order_by(nulls_last(Device.eol.asc()), nulls_last(Device.purchased.asc()), Device.name)
        .limit(ctx.settings.max_rows)
    ).all()
    table = Table(
        "backlog",
        t("sec.xc_backlog"),
        [
            Column("device", t("col.device")),
            Column("kind", t("kind"), vocab="device_kind"),
            Column("vendor", t("col.vendor")),
            Column("model", t("col.model")),
            Column("department", t("department"), "department"),
            Column("room", t("col.room")),
            Column("eol", t("col.eol"), "date"),
            Column("age", t("col.age_years"), "float"),
            Column("evidence", t("col.evidence")),
        ],
        [
            {
                "device": r.name,
                "kind": r.kind,
                "vendor": r.vendor,
                "model": r.model,
                "department": r.code,
                "room": r.room,
                "eol": as_given(r.eol, r.date_precision, "eol"),
                "age": None if r.purchased is None else round((ctx.as_of - r.purchased).days / 365.25, 1),
                "evidence": _evidence_text(r.classification, r.domestic, t),
            }
            for r in rows
        ],
        total_rows=total,
    )
    return Section("backlog", t("sec.xc_backlog"), tables=[table])
