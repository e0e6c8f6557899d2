"""KPIs in reports: ``report kpi`` and the KPI section every other report carries.

Values come only from ``govops.kpi.compute`` over the catalogue in force
(``ctx.settings.kpis``), so the summary, migration, compliance, xinchuang,
rooms, links and kpi reports print the same value for the same key.
Measured figures (room PUE from the power agent's energy-based recording
rules) are read from Prometheus when ``prometheus_url`` is set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from govops.kpi.compute import Counts, DeptId, KpiValue, compute_kpis, count_by_department
from govops.kpi.definitions import Kpi
from govops.reports.common import new_report
from govops.reports.context import ReportContext
from govops.reports.i18n import Translator
from govops.reports.live import LiveUnavailable, query
from govops.reports.model import Column, Figure, Report, Section, Table, ValueKind
from govops.reports.render import format_value

# The KPI keys each report shows (report kpi shows them all).
REPORT_KPIS: dict[str, tuple[str, ...]] = {
    "summary": (
        "cloud_rate",
        "dengbao_l3_pass_rate",
        "dengbao_coverage_rate",
        "backup_rate",
        "offsite_backup_rate",
        "domestic_server_rate",
        "domestic_network_rate",
        "self_built_room_rate",
        "room_pue_declared",
        "room_pue_measured",
        "egress_capacity_gbps",
        "egress_backup_capacity_gbps",
    ),
    "migration": ("cloud_rate",),
    "dengbao": ("dengbao_technical_ready_rate", "dengbao_l3_pass_rate"),
    "compliance": (
        "dengbao_l3_pass_rate",
        "dengbao_technical_ready_rate",
        "dengbao_coverage_rate",
        "backup_rate",
        "offsite_backup_rate",
        "ipv6_system_rate",
        "ipv6_network_device_rate",
        "link_ipv6_rate",
    ),
    "rooms": ("self_built_room_rate", "room_pue_declared", "room_pue_measured"),
    "links": ("egress_capacity_gbps", "egress_backup_capacity_gbps", "link_ipv6_rate"),
}
XINCHUANG_PREFIX = "domestic_"

UNIT_KIND: dict[str, ValueKind] = {"share": "share", "mean": "pue", "gbps": "gbps"}


def kpi_value_text(value: float | None, unit: str, t: Translator) -> str:
    """A KPI value as people read it (``report kpi``'s table and the demo's headline): 18.0%, 2.37, 3.0 Gbps."""
    return format_value(value, UNIT_KIND[unit], t)


def pue_series(window: str) -> str:
    """The power agent's energy-based PUE recording rule over ``window`` (1d, 30d, 365d)."""
    return f"govops:room_pue:energy{window}"


def _prometheus_measure(url: str) -> Any:
    def measure(kpi: Kpi) -> Mapping[str, float]:
        samples = query(url, pue_series(str(kpi.params["window"])))
        return {s.labels["room"]: s.value for s in samples if s.labels.get("room")}

    return measure


def report_kpi_keys(kind: str, kpis: Sequence[Kpi]) -> list[str]:
    """The KPI keys shown by report ``kind``."""
    if kind == "kpi":
        return [k.key for k in kpis]
    if kind == "xinchuang":
        return [k.key for k in kpis if k.key.startswith(XINCHUANG_PREFIX)]
    wanted = set(REPORT_KPIS.get(kind, ()))
    return [k.key for k in kpis if k.key in wanted]


# Why measured KPIs have no value: an i18n label key and its fields, worded where shown (a report in its language,
# the demo's headline in both).
KpiNote = tuple[str, dict[str, str]]


def kpi_values(ctx: ReportContext, keys: Sequence[str] | None = None) -> tuple[list[KpiValue], KpiNote | None]:
    """Compute KPIs (all, or ``keys``) in the report's scope; also a note when measured ones are missing."""
    kpis = [k for k in ctx.settings.kpis if keys is None or k.key in keys]
    note: KpiNote | None = None
    measure = None
    if any(k.subject == "prometheus" for k in kpis):
        if ctx.prometheus_url:
            measure = _prometheus_measure(ctx.prometheus_url)
        else:
            note = ("kpi.unmeasured", {})
    counts = department_counts(ctx, [k.key for k in kpis])
    try:
        values = compute_kpis(
            ctx.session, kpis, as_of=ctx.as_of, scope=ctx.department_ids, measure=measure,
            unmeasured_note=note and ctx.t(note[0], **note[1]), counts=counts,
        )  # fmt: skip
    except LiveUnavailable as exc:
        note = ("kpi.unavailable", {"error": exc.message})
        values = compute_kpis(
            ctx.session, kpis, as_of=ctx.as_of, scope=ctx.department_ids, measure=None,
            unmeasured_note=ctx.t(note[0], **note[1]), counts=counts,
        )  # fmt: skip
    return values, note


def kpi_note(ctx: ReportContext) -> KpiNote | None:
    """Why measured KPIs of ``ctx`` have no value, once its KPIs are computed (``kpi_map``): a label key and its
    fields (``Translator``), or None."""
    note: KpiNote | None = ctx.cache.get("kpi_note")
    return note


def department_counts(ctx: ReportContext, keys: Iterable[str]) -> dict[str, dict[DeptId, Counts]]:
    """Per-department counts of the store-computed KPIs among ``keys``, each table counted once per report."""
    wanted = set(keys)
    cache: dict[str, dict[DeptId, Counts]] = ctx.cache.setdefault("kpi_counts", {})
    missing = [k for k in ctx.settings.kpis if k.key in wanted and k.key not in cache and k.subject != "prometheus"]
    if missing:
        cache.update(count_by_department(ctx.session, missing, ctx.as_of))
    return {key: cache[key] for key in wanted if key in cache}


def kpi_map(ctx: ReportContext, keys: Iterable[str] | None = None) -> dict[str, KpiValue]:
    """KPIs of the catalogue in the report's scope (``keys``, default every one), each computed once per report.

    Only what is asked for is counted: a store-wide grouped count per table costs a few hundred
    milliseconds at 100,000 devices, and most reports show the KPIs of one or two tables.
    """
    wanted = [k for k in ctx.settings.kpis if keys is None or k.key in set(keys)]
    cache: dict[str, KpiValue] = ctx.cache.setdefault("kpis", {})
    missing = [k.key for k in wanted if k.key not in cache]
    if missing:
        values, note = kpi_values(ctx, missing)
        cache.update((v.kpi.key, v) for v in values)
        if note:
            ctx.cache["kpi_note"] = note
    if not ctx.prometheus_url and any(k.subject == "prometheus" for k in ctx.settings.kpis):
        ctx.cache["kpi_note"] = ("kpi.unmeasured", {})  # every KPI section says so, measured KPI shown or not
    return {k.key: cache[k.key] for k in wanted}


def kpi_figure(ctx: ReportContext, key: str) -> Figure:
    """A KPI as a report figure: its label, value and target."""
    v = kpi_map(ctx, (key,))[key]
    return Figure(key, v.kpi.label(ctx.lang), v.value, UNIT_KIND[v.kpi.unit], target=v.kpi.target,
                  meets=v.kpi.meets(v.value))


def kpi_table(ctx: ReportContext, values: Sequence[KpiValue]) -> Table:
    """One row per KPI: label, value, numerator, denominator, undetermined, target, definition, source."""
    t = ctx.t
    rows: list[dict[str, Any]] = []
    for v in values:
        kind = UNIT_KIND[v.kpi.unit]
        rows.append(
            {
                "key": v.kpi.key,
                "label": v.kpi.label(ctx.lang),
                "value": kpi_value_text(v.value, v.kpi.unit, t),
                "numerator": v.numerator,
                "denominator": v.denominator,
                "undetermined": v.undetermined,
                "target": format_value(v.kpi.target, kind, t) if v.kpi.target is not None else None,
                "meets_target": v.kpi.meets(v.value),
            }
        )
    cols = [
        Column("key", t("col.kpi_key")),
        Column("label", t("col.kpi_label"), narrow=2),
        Column("value", t("col.kpi_value"), narrow=2),
        Column("numerator", t("col.numerator"), "number"),
        Column("denominator", t("col.denominator"), "number"),
        Column("undetermined", t("col.undetermined"), "int"),
        Column("target", t("target"), narrow=1),
        Column("meets_target", t("col.meets_target"), "bool", narrow=1),
    ]
    return Table("kpis", t("sec.kpi"), cols, rows)


def definitions_table(ctx: ReportContext, values: Sequence[KpiValue]) -> Table:
    """What each KPI counts (with the settings in force) and where its definition and target come from."""
    t = ctx.t
    rows = [{"key": v.kpi.key, "definition": v.kpi.definition(ctx.lang), "source": v.kpi.source} for v in values]
    cols = [
        Column("key", t("col.kpi_key")),
        Column("definition", t("col.definition")),
        Column("source", t("col.kpi_source")),
    ]
    return Table("kpi_definitions", t("col.definition"), cols, rows)


def attach_kpis(ctx: ReportContext, report: Report, kind: str | None = None) -> list[KpiValue]:
    """Add the KPIs of ``kind`` (default: the report's own kind) to ``report``: JSON, figures and a section."""
    keys = report_kpi_keys(kind or report.kind, ctx.settings.kpis)
    if not keys:
        return []
    every = kpi_map(ctx, keys)
    values, note = [every[k] for k in keys], kpi_note(ctx)
    report.kpis = [v.to_dict(ctx.lang) for v in values]
    for v in values:
        report.figures.setdefault(v.kpi.key, v.value)
    section = Section("kpi", ctx.t("sec.kpi"), tables=[kpi_table(ctx, values), definitions_table(ctx, values)])
    if note:
        section.notes.append(ctx.t(note[0], **note[1]))
    report.sections.append(section)
    return values


def build_kpi(ctx: ReportContext) -> Report:
    """Build the KPI report: every KPI of the catalogue in the report's scope."""
    rep = new_report(ctx, "kpi")
    attach_kpis(ctx, rep)
    return rep
