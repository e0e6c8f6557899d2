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
from sqlalchemy import Engine

from govops.cli.output import console, print_json, print_table, warn
from govops.cli.state import state
from govops.errors import ConfigError
from govops.lab.city import DEMO_CITY
from govops.reports.i18n import LABELS
from govops.reports.summary import compute_summary
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.inventory.importer import import_paths
from govops.store.models import DEVICE_KINDS, MIGRATION_STATUSES, ROOM_LIFECYCLES


@dataclass
class DemoContext:
    """What the steps share: where the demo store lives, its engine, and what the steps found."""

    home: Path
    city: Path
    quiet: bool
    engine: Engine | None = None
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL of the demo store."""
        return f"sqlite:///{self.home / 'govops.db'}"

    def say(self, text: str) -> None:
        """Print progress unless the demo prints JSON."""
        if not self.quiet:
            console.print(text, highlight=False)

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
    with session_scope(ctx.engine) as session:
        result = import_paths(session, [ctx.city])
    created = {kind: c.created for kind, c in result.counts.items()}
    ctx.results["import"] = created
    ctx.say("  imported: " + ", ".join(f"{n} {kind}" for kind, n in created.items()))


def summary(ctx: DemoContext) -> None:
    """Compute the bureau chief's figures."""
    assert ctx.engine is not None
    with session_scope(ctx.engine) as session:
        ctx.results["summary"] = compute_summary(session, as_of=ctx.results.get("as_of"))


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
    DemoStep("power", "机房 PUE 实测 / machine-room PUE from measured power", _power_step),
    DemoStep("summary", "局长摘要 / summary for the bureau chief", summary),
]


def _label(table: str, key: str) -> str:
    """Chinese label from the reports' translations, then the English value."""
    zh = LABELS.get(f"{table}.{key}")
    return f"{zh[0]} {key}" if zh else key


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


def render_summary(result: dict[str, Any]) -> None:
    """Print the summary as a bureau chief would read it: bilingual labels, counts and shares."""
    f = result["figures"]
    console.print(f"\n[bold]澄州市政务基础设施概况 / Demo city at a glance[/bold]  ({result['as_of']})")
    for title, table, counts, order, total in (
        ("机房（按生命周期） Machine rooms by lifecycle", "lifecycle", f["rooms_by_lifecycle"], ROOM_LIFECYCLES,
         f["rooms_total"]),
        ("设备（按类型） Devices by kind", "device_kind", f["devices_by_kind"], DEVICE_KINDS, f["devices_total"]),
        ("业务系统（按迁移状态） Business systems by migration status", "migration_status",
         f["systems_by_migration_status"], MIGRATION_STATUSES, f["systems_total"]),
    ):  # fmt: skip
        rows = [{"k": _label(table, k), "n": counts[k]} for k in order if k in counts]
        rows += [{"k": _label(table, k), "n": n} for k, n in counts.items() if k not in order]
        rows.append({"k": "合计 total", "n": total})
        print_table(rows, ["k", "n"], title=title, headers={"k": "", "n": "数量 count"})
    rows = [
        {"k": "上云系统占比 share of systems on the cloud",
         "v": f"{_percent(f['systems_on_cloud_share'])} ({f['systems_on_cloud']}/{f['systems_total']})"},
        {"k": "国产服务器占比 share of domestic servers",
         "v": f"{_percent(f['servers_domestic_share'])} ({f['servers_domestic']}/{f['servers_total']})"},
        {"k": "国产网络设备占比 share of domestic network devices",
         "v": f"{_percent(f['network_devices_domestic_share'])}"},
        {"k": "平均申报PUE average declared PUE",
         "v": "n/a" if f["pue_average"] is None else f"{f['pue_average']:.2f}"},
        {"k": "等保三级通过 MLPS level 3 passed", "v": f"{f['dengbao_level3_passed']}"},
        {"k": "有备份系统占比 systems with backup", "v": _percent(f["backup_share"])},
        {"k": "逾期未迁移 overdue migrations", "v": f"{f['systems_overdue']}"},
        {"k": "无备份链路 links without backup", "v": f"{f['links_without_backup']} / {f['links_total']}"},
    ]  # fmt: skip
    print_table(rows, ["k", "v"], title="关键指标 Headline figures", headers={"k": "", "v": ""})


def demo(
    ctx: typer.Context,
    *,
    city: Annotated[Path, typer.Option("--city", help="Directory of the demo city's inventory files.")] = DEMO_CITY,
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    as_of: str | None = typer.Option(None, "--as-of", help="Judge overdue migrations on this day (YYYY-MM-DD)."),
) -> None:
    """Run the demo city end to end in a fresh demo store and print the bureau chief's summary."""
    home = state(ctx).settings.home / "demo"
    dctx = DemoContext(home=home, city=city, quiet=json_out)
    if as_of:
        dctx.results["as_of"] = dt.date.fromisoformat(as_of)
    for number, step in enumerate(STEPS, start=1):
        dctx.say(f"[bold]{number}. {step.title}[/bold]")
        step.run(dctx)
    if dctx.engine is not None:
        dctx.engine.dispose()
    result = dctx.results["summary"]
    explore = f"GOVOPS_DB={dctx.db_url} govops inventory list rooms"
    dctx.results.setdefault("hints", []).append(explore)
    if json_out:
        discovered = {k: dctx.results[k] for k in ("snmp", "ssh", "servers", "power") if k in dctx.results}
        print_json({**result, "discovered": discovered, "hints": dctx.results.get("hints", [])})
        return
    render_summary(result)
    warn_text = "" if result["figures"]["servers_domestic_unknown"] == 0 else "some servers are not yet classified"
    if warn_text:
        warn(warn_text)
    console.print(f"\nexplore it: {explore}", highlight=False)
