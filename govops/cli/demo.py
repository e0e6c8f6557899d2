"""`govops demo`: the demo city end to end, in a fresh store of its own, as a list of named steps.

Each step is one ``DemoStep``; later capabilities (the lab, discovery, agents) plug
in as one line each in ``STEPS``. The demo never touches the user's own store: it
works in ``$GOVOPS_HOME/demo/govops.db``, recreated on every run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine

from govops.cli.fit import print_fitted
from govops.cli.options import JsonOpt
from govops.cli.output import console, field_headers, print_json, print_table, warn
from govops.cli.state import state
from govops.config import load_config_file
from govops.errors import ConfigError
from govops.lab.city import DEMO_CITY
from govops.lab.city_dates import city_dated, redate_city
from govops.reports.build import build_report, make_context
from govops.reports.context import ReportSettings, report_settings
from govops.reports.i18n import Translator, both_languages
from govops.reports.kpi import kpi_note, kpi_value_text
from govops.reports.summary import compute_summary
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.inventory.importer import import_paths
from govops.store.models import DEVICE_KINDS, MIGRATION_STATUSES, ROOM_LIFECYCLES
from govops.vocab import labelled


@dataclass
class DemoContext:
    """What the steps share: where the demo store lives, its engine, and what the steps found."""

    home: Path
    city: Path
    quiet: bool
    engine: Engine | None = None
    results: dict[str, Any] = field(default_factory=dict)
    # The reports' settings (config.toml: KPI targets, time zone) and Prometheus, as `govops report kpi` reads them.
    settings: ReportSettings = field(default_factory=ReportSettings)
    prometheus_url: str | None = None
    # The day the demo runs (where the reports' readers are): a city that declares the day its dates
    # were written as seen on (city.toml) is moved to it, and every figure is judged on it.
    run_day: dt.date = field(default_factory=dt.date.today)

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL of the demo store."""
        return f"sqlite:///{self.home / 'govops.db'}"

    def say(self, text: str | Text) -> None:
        """Print progress unless the demo prints JSON, a line as one line (a command in it must paste)."""
        if not self.quiet:
            console.print(text, soft_wrap=True)

    def hint(self, what: str, command: str) -> None:
        """Suggest a command to run next, as the user types it (kept in ``hints`` too: a test runs each)."""
        self.results.setdefault("hints", []).append(command)
        self.say(f"  {what}: {command}")


@dataclass(frozen=True)
class DemoStep:
    """One named step of the demo."""

    name: str
    title: str
    run: Callable[[DemoContext], None]


def fresh_store(ctx: DemoContext) -> None:
    """Recreate the demo store from scratch."""
    ctx.home.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (ctx.home / f"govops.db{suffix}").unlink(missing_ok=True)
    ctx.engine = make_engine(ctx.db_url)
    upgrade_store(ctx.engine)
    ctx.say(f"  store: {ctx.db_url}")


def import_city(ctx: DemoContext) -> None:
    """Import the declared inventory of the demo city."""
    if not ctx.city.is_dir():
        raise ConfigError(
            f"demo city not found at {ctx.city}", hint="run from a clone of govops, or pass --city DIR"
        )
    assert ctx.engine is not None
    source = redate_city(ctx.city, ctx.home / "city", ctx.run_day)
    with session_scope(ctx.engine) as session:
        result = import_paths(session, [source])
    created = {kind: c.created for kind, c in result.counts.items()}
    ctx.results["import"] = created
    ctx.say("  imported: " + ", ".join(f"{n} {kind}" for kind, n in created.items()))
    if source != ctx.city:
        ctx.say(f"  dates: the city is dated {city_dated(ctx.city)}, moved to {ctx.run_day} ({source})")


def summary(ctx: DemoContext) -> None:
    """Compute the bureau chief's figures, and the KPIs exactly as `govops report kpi` computes them."""
    assert ctx.engine is not None
    day = ctx.run_day
    with session_scope(ctx.engine) as session:
        ctx.results["summary"] = compute_summary(session, as_of=day)
        rctx = make_context(session, lang="zh", as_of=day, settings=ctx.settings, prometheus_url=ctx.prometheus_url)
        ctx.results["kpis"] = build_report(rctx, "kpi").kpis
        note = kpi_note(rctx)  # the headline is bilingual: its note is worded in both languages, not the report's
        ctx.results["kpi_note"] = None if note is None else both_languages(note[0], **note[1])


# The lab steps pull in snmpsim, asyncssh and Ansible helpers: import them when they run, so that
# every other command (the CLI registers `demo` at start-up) does not pay for them.


def _lab_and_discover(ctx: DemoContext) -> None:
    from govops.cli import demo_lab

    demo_lab.lab_and_discover(ctx)


def _ssh_step(ctx: DemoContext) -> None:
    from govops.cli import demo_ssh

    demo_ssh.ssh_step(ctx)


def _discover_lab_servers(ctx: DemoContext) -> None:
    from govops.cli import demo_servers

    demo_servers.discover_lab_servers(ctx)


def _power_step(ctx: DemoContext) -> None:
    from govops.cli import demo_power

    demo_power.power_step(ctx)


STEPS: list[DemoStep] = [
    DemoStep("store", "新建演示库 / fresh demo store", fresh_store),
    DemoStep("import", "导入演示城市 / import the demo city", import_city),
    # The lab (issue 3) and discovery (issues 3-5) add their steps here, one line each.
    DemoStep("lab", "实验环境与SNMP发现 / lab equipment discovered over SNMP", _lab_and_discover),
    DemoStep("ssh", "SSH 发现网络设备并审计配置 / discover network devices over SSH, audit configs", _ssh_step),
    DemoStep("servers", "服务器国产化 / server verdicts over real SSH", _discover_lab_servers),
    DemoStep("power", "机房 PUE（当前功率之比）/ machine-room PUE now, from measured power", _power_step),
    DemoStep("summary", "局长摘要 / summary for the bureau chief", summary),
]


def render_summary(result: dict[str, Any]) -> None:
    """Print the summary as a bureau chief would read it: bilingual labels, counts and shares."""
    f = result["figures"]
    heading = ("澄州市政务基础设施概况 / Demo city at a glance", "bold")
    console.print(Text.assemble("\n", heading, f"  ({result['as_of']})"))
    for title, table, counts, order, total in (
        ("机房（按生命周期） Machine rooms by lifecycle", "lifecycle", f["rooms_by_lifecycle"], ROOM_LIFECYCLES,
         f["rooms_total"]),
        ("设备（按类型） Devices by kind", "device_kind", f["devices_by_kind"], DEVICE_KINDS, f["devices_total"]),
        ("业务系统（按迁移状态） Business systems by migration status", "migration_status",
         f["systems_by_migration_status"], MIGRATION_STATUSES, f["systems_total"]),
    ):  # fmt: skip
        rows = [{"item": labelled(table, k), "count": counts[k]} for k in order if k in counts]
        rows += [{"item": labelled(table, k), "count": n} for k, n in counts.items() if k not in order]
        rows.append({"item": "合计 total", "count": total})
        print_table(rows, ["item", "count"], title=title)
    print_kpis(result["kpis"], result.get("kpi_note"))
    rows = [
        {"figure": "逾期未迁移 overdue migrations", "value": f"{f['systems_overdue']}"},
        {"figure": "无备份链路 links without backup", "value": f"{f['links_without_backup']} / {f['links_total']}"},
    ]  # fmt: skip
    print_table(rows, ["figure", "value"], title="其他 Other figures")


def print_kpis(kpis: list[dict[str, Any]], note: str | None = None) -> None:
    """The headline: every KPI of the catalogue with the keys, labels and values of `govops report kpi`, and
    ``note`` (why a measured KPI has no value, in both languages) under it."""
    t = Translator("zh")
    table = Table(title="关键指标 Headline KPIs (= govops report kpi)", header_style="bold")
    headers = field_headers(["kpi", "value", "fraction", "target", "key"])
    table.add_column(headers["kpi"], overflow="fold")
    for column in ("value", "fraction", "target"):
        table.add_column(headers[column], justify="right", no_wrap=True)
    table.add_column(headers["key"], style="dim", overflow="fold")
    for k in kpis:
        of = f"{k['numerator']}/{k['denominator']}" if k["unit"] == "share" and k["denominator"] else ""
        target = "" if k["target"] is None else kpi_value_text(k["target"], k["unit"], t)
        label = Text(f"{k['label_zh']} {k['label_en']}")
        table.add_row(label, kpi_value_text(k["value"], k["unit"], t), of, target, k["key"])
    table.caption = Text(f"— {note}", style="table.caption") if note else None
    print_fitted(console, table)


def demo(
    ctx: typer.Context,
    *,
    city: Annotated[Path, typer.Option("--city", help="Directory of the demo city's inventory files.")] = DEMO_CITY,
    json_out: bool = JsonOpt,
) -> None:
    """Run the demo city end to end in a fresh demo store and print the bureau chief's summary.

    Its store is $GOVOPS_HOME/demo/govops.db, made anew on every run (yours is left alone); the lab stays up
    afterwards (`govops lab down` stops it). --json prints the summary, the KPIs, what was discovered and the
    hints instead, and no step lines.

    Examples:

        govops demo
        govops demo --json
    """
    st = state(ctx)
    settings = report_settings(load_config_file(st.settings.home))
    today = dt.datetime.now(settings.tz).date()
    dctx = DemoContext(home=st.settings.home / "demo", city=city, quiet=json_out, settings=settings,
                       prometheus_url=st.settings.prometheus_url, run_day=today)  # fmt: skip
    for number, step in enumerate(STEPS, start=1):
        dctx.say(Text(f"{number}. {step.title}", style="bold"))
        step.run(dctx)
    if dctx.engine is not None:
        dctx.engine.dispose()
    result = dctx.results["summary"]
    explore = f"GOVOPS_DB={dctx.db_url} govops inventory list rooms"
    dctx.results.setdefault("hints", []).append(explore)
    if json_out:
        discovered = {k: dctx.results[k] for k in ("snmp", "ssh", "servers", "power") if k in dctx.results}
        print_json({**result, "kpis": dctx.results["kpis"], "kpi_note": dctx.results["kpi_note"],
                    "discovered": discovered, "hints": dctx.results.get("hints", [])})  # fmt: skip
        return
    render_summary({**result, "kpis": dctx.results["kpis"], "kpi_note": dctx.results["kpi_note"]})
    warn_text = "" if result["figures"]["servers_domestic_unknown"] == 0 else "some servers are not yet classified"
    if warn_text:
        warn(warn_text)
    # One line each whatever the width: a command broken across lines would not paste.
    console.print(closing(explore), soft_wrap=True)


def closing(explore: str) -> str:
    """The demo's last lines: where to look next, and that the lab it started is still running (it outlives the
    demo for that: a user who never read `--help` left seven simulated-equipment processes up)."""
    return (
        f"\nexplore it: {explore}  (or govops report kpi, report dengbao)"
        "\nthe simulated city keeps running for that; stop it with: govops lab down"
    )
