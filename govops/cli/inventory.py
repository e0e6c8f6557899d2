"""`govops inventory`: import, list, show and export the declared inventory."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text
from sqlalchemy.orm import Session

from govops.cli.helptext import group_app
from govops.cli.options import JsonOpt, chosen_format, chosen_lang, format_option, lang_option
from govops.cli.output import (
    console,
    out_errors,
    out_path,
    print_json,
    print_json_rows,
    print_table,
    to_json,
    warn,
)
from govops.cli.state import state
from govops.errors import InputError, InputProblems
from govops.store.db import dry_run_engine, session_scope
from govops.store.history import for_people
from govops.store.inventory import export as exporter
from govops.store.inventory.importer import DATE_COLUMNS, HISTORY_KIND, ImportResult, import_paths
from govops.store.inventory.query import history_of, iter_entities, list_entities, resolve_kind, show
from govops.store.inventory.readers import DEFAULT_MAX_MB
from govops.store.writes import run_write
from govops.util.ansible_data import to_ansible_yaml
from govops.util.files import write_atomically
from govops.util.limits import cut_to
from govops.util.shard import parse_shard
from govops.vocab import kind_label, labelled, labelled_field, with_label, yes_no_cell
from govops.vocab.values import PRECISION

if TYPE_CHECKING:
    from govops.reports.i18n import Lang, Translator

HELP = "Import, list, show and export the inventory (YAML, CSV, Excel 台账)."
EXAMPLES = (
    'govops inventory import inventory/demo-city --dry-run',
    'govops inventory list devices --where kind=server --json',
    'govops inventory show R01',
    'govops inventory export --format xlsx --out 台账.xlsx',
)
app = group_app(HELP, EXAMPLES)

LIST_COLUMNS = {
    "departments": ["code", "name", "level", "parent"],
    "rooms": ["code", "name", "department", "lifecycle", "self_built", "racks", "pue_declared"],
    "devices": ["name", "kind", "room", "department", "vendor", "model", "mgmt_ip", "status", "domestic"],
    "links": ["name", "kind", "level", "carrier", "role", "bandwidth_mbps", "z_end"],
    "systems": ["name", "department", "origin", "migration.status", "hosting.cloud", "dengbao.level", "backup"],
}


ExplainOpt = typer.Option(False, "--explain", help="Say every row, column and sheet skipped, and why.")
StrictOpt = typer.Option(False, "--strict", help="Treat a column that is no field as a problem, not a note.")


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="YAML/CSV/Excel files or directories of them.")],
    *,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be created and changed; write nothing."),
    kind: str | None = typer.Option(None, "--kind", help="Kind of rows in the CSV files (default: name or header)."),
    encoding: str | None = typer.Option(None, "--encoding", help="Encoding of CSV files (default: detect)."),
    max_file_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-file-mb", help="Largest file accepted, in MB."),
    explain: bool = ExplainOpt,
    strict: bool = StrictOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Import inventory files: all or nothing, in one transaction, every change kept as history.

    Office 台账 import as they are: the header row is found under titles and form lines, 序号,
    section, blank, 合计 and 注 rows are skipped, and every bad cell is listed in one run.
    --json prints the result, or every problem (still exit 2).
    """
    engine = state(ctx).engine()

    def work(session: Session) -> ImportResult:
        return import_paths(
            session, paths, dry_run=dry_run, kind=resolve_kind(kind) if kind else None, encoding=encoding,
            max_mb=max_file_mb, strict=strict,
        )  # fmt: skip

    with _problems_as_json(json_out):
        if dry_run:
            with session_scope(dry_run_engine(engine)) as session:
                result = work(session)
        else:  # one write transaction: concurrent imports and `track` never lose each other's changes
            result = run_write(engine, work, what=f"import {', '.join(map(str, paths))}")
    if json_out:
        print_json(result.as_dict(max_changes=1000))
        return
    _print_notes(result.notes, result.explained if explain else [])
    rows = [{"kind": k, **vars(c)} for k, c in result.counts.items() if c.created or c.changed or c.unchanged]
    title = "预演，未写入 dry run: nothing written" if dry_run else "已导入 imported"
    print_table([{**r, "kind": with_label(kind_label(r["kind"]), r["kind"])} for r in rows],
                ["kind", "created", "changed", "unchanged"], title=title)
    if dry_run:
        for change in result.changes[:200]:
            dates = DATE_COLUMNS.get(change.kind, ())
            fields = ", ".join(
                f"{f}: {_shown(o, f in dates)} -> {_shown(n, f in dates)}"
                for f, (o, n) in change.fields.items()
                if f != PRECISION
            )
            line = f"  {change.action} {change.kind} {change.key} {fields}".rstrip()
            console.print(line)
        if result.changes_total > 200:
            console.print(f"  ... and {result.changes_total - 200} more (use --json)")
    else:
        typer.echo(f"{result.history_entries} history entries recorded")


@app.command("check")
def check_cmd(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="YAML/CSV/Excel files or directories of them.")],
    *,
    kind: str | None = typer.Option(None, "--kind", help="Kind of rows in the CSV files (default: name or header)."),
    encoding: str | None = typer.Option(None, "--encoding", help="Encoding of CSV files (default: detect)."),
    max_file_mb: float = typer.Option(DEFAULT_MAX_MB, "--max-file-mb", help="Largest file accepted, in MB."),
    explain: bool = ExplainOpt,
    strict: bool = StrictOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Check a 台账 without importing it: list every problem (cell, field, value, what is accepted).

    References are checked against the store when there is one, else within the files. Exit 0 when
    the files would import, 2 with the list of problems. --json prints the problems (or the counts).
    """
    engine = _engine_or_scratch(ctx)
    with _problems_as_json(json_out), session_scope(engine) as session:
        result = import_paths(
            session, paths, dry_run=True, kind=resolve_kind(kind) if kind else None, encoding=encoding,
            max_mb=max_file_mb, strict=strict,
        )  # fmt: skip
        session.rollback()
    if json_out:
        print_json({"ok": True, "problems": [], **result.as_dict(max_changes=0)})
        return
    _print_notes(result.notes, result.explained if explain else [])
    total = sum(c.created + c.changed + c.unchanged for c in result.counts.values())
    counts = ", ".join(f"{c.created + c.changed + c.unchanged} {k}" for k, c in result.counts.items()
                       if c.created + c.changed + c.unchanged)  # fmt: skip
    typer.echo(f"ok 检查通过: {total} rows would import ({counts})")


def _shown(value: Any, date: bool = False) -> str:
    """A changed value as a reader writes it: a date in ISO form (``date``: a date column, maybe given to the month
    as 2026-11), settings as JSON, yes/no as every table's cells (``是 yes``), text quoted."""
    if isinstance(value, bool):
        return yes_no_cell(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if date and isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return repr(value)


def _engine_or_scratch(ctx: typer.Context) -> Any:
    """The store when it is there; else an empty in-memory one, so a ledger is checked on its own."""
    from govops.errors import StoreError

    try:
        return dry_run_engine(state(ctx).engine())
    except StoreError:
        from sqlalchemy import create_engine

        from govops.store.models import Base

        engine = create_engine("sqlite://")
        Base.metadata.create_all(engine)
        return engine


@contextlib.contextmanager
def _problems_as_json(json_out: bool) -> Iterator[None]:
    """With --json, print every problem as JSON (and still exit 2)."""
    try:
        yield
    except InputProblems as exc:
        if json_out:
            print_json({"ok": False, "problems": [p.as_dict() for p in exc.problems]})
            raise typer.Exit(exc.exit_code) from exc
        raise


def _print_notes(notes: list[str], explained: list[str]) -> None:
    for note in notes:
        warn(note)
    for line in explained:
        console.print(f"  explain 说明: {line}", soft_wrap=True)


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="departments, rooms, devices, links or systems."),
    where: Annotated[
        list[str] | None,
        typer.Option("--where", "-w", help="field=value (repeatable; dotted for nested). The field by its name, its "
                     "label or its column header (类型=交换机). A field with a vocabulary takes its stored word "
                     "(kind=switch, as --json gives it), its label (kind=交换机) or the cell as the table shows it "
                     "('kind=交换机 switch'). A yes/no field takes true/false, 是/否 or any yes/no word import reads."),
    ] = None,
    json_out: bool = JsonOpt,
) -> None:
    """List one kind of entity, optionally filtered."""
    k = resolve_kind(kind)
    with session_scope(state(ctx).engine()) as session:
        if json_out:  # streamed: rows are read in batches and written as they come, memory flat in the store
            print_json_rows(iter_entities(session, k, where, dates_as_text=True))
            return
        rows = list_entities(session, k, where)
    from govops.store.inventory.fields import flatten

    cols = LIST_COLUMNS[k]
    # The columns shown only: a flattened row holds every field, a device's facts too.
    shown = [{c: labelled_field(k, c, f.get(c)) for c in cols} for f in map(flatten, rows)]
    print_table(shown, cols, title=f"{with_label(kind_label(k), k)} ({len(rows)})")


@app.command("show")
def show_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Code or name of a department, room, device, link or system."),
    json_out: bool = JsonOpt,
) -> None:
    """Show an entity with its history."""
    language = chosen_lang(ctx, None)  # the history table's notes, as `inventory history` writes them by default
    with session_scope(state(ctx).engine()) as session:
        found = show(session, name)
    if json_out:
        print_json(found if len(found) > 1 else found[0])
        return
    for item in found:
        console.print(Text.assemble((item["entity_kind"], "bold"), f" {name}"))
        console.print(to_json(item["entity"]))
        for line in _table_lines(item.get("tables") or {}):
            console.print(line)
        _print_history(item["history"], language, one_entity=True)


def _table_lines(tables: dict[str, dict[str, Any]]) -> list[str]:
    """A device's discovered tables, one line each, whole or partial in the vocabulary's words: ``interfaces: 10 rows,
    部分 partial: the first rows only (row limit 10, snmp 2026-12-05 00:37:30)``, ``neighbors: 5 rows, 完整 whole``."""
    lines = []
    for table, got in tables.items():
        mark = got["partial"]
        at = str(mark["at"])[:19].replace("T", " ") if mark else ""
        whole = labelled("table_read", "whole") if mark is None else (
            f"{labelled('table_read', 'partial')}: the first rows only ({mark['reason']}, {mark['source']} {at})")
        lines.append(f"{table}: {got['rows']} rows" + (f", {whole}" if got["rows"] or mark else ""))
    return lines


def _cell(value: Any, t: Translator) -> Any:
    """A history value in a table cell: yes/no as every table's cells, settings and records as JSON when short, else
    by their keys (--json, said in ``t``'s language)."""
    if isinstance(value, bool):
        return yes_no_cell(value)
    if not isinstance(value, dict | list):
        return value
    text = _shown(value)
    if len(text) <= _CELL_CHARS:
        return text
    return t("history.keys", keys=", ".join(value)) if isinstance(value, dict) else t("history.items", n=len(value))


_CELL_CHARS = 80  # a discovered device's facts are thousands: hundreds of table lines at 80 columns
_TEXT_CHARS = 32  # of a long text in such a cell, around its change
_ABSENT = object()


def _changed_paths(old: Any, new: Any, at: str = "") -> list[tuple[str, Any, Any]]:
    """The dotted paths where two settings differ, with the value on each side (``_ABSENT`` where one side lacks it):
    nested settings are followed, anything else (lists too) is compared whole."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return [] if old == new else [(at, old, new)]
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        path = f"{at}.{key}" if at else str(key)
        a, b = old.get(key, _ABSENT), new.get(key, _ABSENT)
        out += _changed_paths(a, b, path) if a is not _ABSENT and b is not _ABSENT else [(path, a, b)]
    return out


def _around_difference(old: Any, new: Any) -> tuple[Any, Any]:
    """Two long texts from a little before where they first differ, each cut after a window: a sysDescr cut at a
    cell's end shows the same start on both sides, the release that changed being further on."""
    if not (isinstance(old, str) and isinstance(new, str)) or max(len(old), len(new)) <= _TEXT_CHARS:
        return old, new
    same = next((n for n, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    start = max(0, same - _TEXT_CHARS // 2)

    def window(text: str) -> str:
        part = text[start:start + _TEXT_CHARS]
        return ("…" if start else "") + part + ("…" if start + _TEXT_CHARS < len(text) else "")

    return window(old), window(new)


def _change_cells(old: Any, new: Any, t: Translator) -> tuple[Any, Any]:
    """The old and new cells of a changed value. Settings too long for a cell (a device's facts) show only the
    paths that changed, ``snmp.os_version: 'a'`` on each side, a long text around its change, cut to a cell with
    the count left to --json (the notes in ``t``'s language)."""
    paths = _changed_paths(old, new) if isinstance(old, dict) and isinstance(new, dict) else []
    if not paths or (len(_shown(old)) <= _CELL_CHARS and len(_shown(new)) <= _CELL_CHARS):
        return _cell(old, t), _cell(new, t)
    paths = [(p, *_around_difference(a, b)) for p, a, b in paths]

    def item(path: str, value: Any) -> str:
        # A part added or dropped whole (a new protocol's facts) by its keys, as a short cell shows a setting; the
        # first item, too long for the cell alone, is cut with a mark, never mid-value without one.
        shown = _cell(value, t) if isinstance(value, dict) else _shown(value)
        text = f"{path}: {t('history.absent') if value is _ABSENT else shown}"
        return cut_to(text, _CELL_CHARS)

    def side(values: list[tuple[str, Any]]) -> str:
        text = ""
        for n, (path, value) in enumerate(values):
            one = item(path, value)
            more = t("history.more", n=len(values) - n)
            if len(text) + len(one) + 2 > _CELL_CHARS - len(more) and n:
                return text + more
            text = f"{text}; {one}" if text else one
        return text

    return side([(p, a) for p, a, _ in paths]), side([(p, b) for p, _, b in paths])


_ENTITY_KINDS = {one: many for many, one in HISTORY_KIND.items()}  # device -> devices, whose label is 设备


def _history_rows(entries: list[dict[str, Any]], lang: Lang) -> list[dict[str, Any]]:
    """History entries as table rows: times to the second, values as cells, the source, action and kind with their
    labels (扫描 scan, 修改 update, 设备 device) as every table's words are; the cells' notes ((created), more in
    --json) in ``lang``."""
    from govops.reports.i18n import Translator  # here: its labels load only for a command that shows history

    t = Translator(lang)
    rows = []
    for e in for_people(entries):
        old, new = _change_cells(e["old"], e["new"], t)
        many = _ENTITY_KINDS.get(e["kind"])
        rows.append({**e, "at": e["at"].strftime("%Y-%m-%d %H:%M:%S"), "old": old,
                     "new": t("history.created") if e["action"] == "create" else new,
                     "source": labelled("history_source", e["source"]),
                     "action": labelled("history_action", e["action"]),
                     "kind": with_label(kind_label(many), e["kind"]) if many else e["kind"]})  # fmt: skip
    return rows


def _print_history(entries: list[dict[str, Any]], lang: Lang, *, one_entity: bool = False) -> None:
    """On a narrow terminal what changed (field, new, the entity's key, old) stays longest and the actor goes first;
    under one entity (`inventory show`) its kind and key, the same on every line, go with the actor."""
    rows = _history_rows(entries, lang)
    cols = ["at", "source", "actor", "action", "kind", "key", "field", "old", "new"]
    keep: tuple[str, ...]
    give_way: tuple[str, ...]
    if one_entity:
        keep, give_way = ("field", "new", "old"), ("actor", "kind", "key")
    else:
        keep, give_way = ("field", "new", "key", "old"), ("actor",)
    print_table(rows, cols, title="变更记录 history", keep=keep, give_way=give_way)


@app.command("history")
def history_cmd(
    ctx: typer.Context,
    *,
    kind: str | None = typer.Option(None, "--kind", help="Only this kind."),
    key: str | None = typer.Option(None, "--key", help="Only this code or name."),
    since: str | None = typer.Option(None, "--since", help="Only changes since this day (YYYY-MM-DD)."),
    limit: int = typer.Option(100, "--limit", min=0, help="At most this many entries (0: all)."),
    json_out: bool = JsonOpt,
    lang: str | None = lang_option("Language of the table cells' notes: (created), more in --json"),
) -> None:
    """Show what changed in the inventory, newest first."""
    language = chosen_lang(ctx, lang)
    day = None
    if since:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise InputError(f"{since!r} is not an ISO date (YYYY-MM-DD)", where="--since") from None
    with session_scope(state(ctx).engine()) as session:
        entries = history_of(session, kind=resolve_kind(kind) if kind else None, key=key, since=day, limit=limit)
    if json_out:
        print_json(entries)
    else:
        _print_history(entries, language)


FORMATS = ("yaml", "json", "csv", "xlsx", "ansible", "prometheus-sd")


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    *,
    fmt: str = format_option("yaml", FORMATS),
    json_out: bool = JsonOpt,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File (directory for csv and prometheus-sd).")] = None,
    lang: str | None = lang_option("Headers, sheet names and choice words of csv and xlsx"),
    agent: str = typer.Option("host", "--agent", help="prometheus-sd on stdout: host, bandwidth or power."),
    shard: str | None = typer.Option(
        None, "--shard", help="prometheus-sd: I/N, only the devices of shard I of N (as `agent bandwidth --shard`)."
    ),
    agent_config: Annotated[Path | None, typer.Option(
        "--agent-config", help="prometheus-sd power: the power agent's config (as `agent power --config`); "
        "lists exactly the devices it polls.")] = None,
) -> None:
    """Export the inventory (yaml/json re-import to an identical store)."""
    fmt = chosen_format(ctx, fmt, json_out, FORMATS)
    if shard is not None and fmt != "prometheus-sd":
        raise InputError("--shard selects file_sd targets", where="--shard", hint="use it with --format prometheus-sd")
    shard_of_site = parse_shard(shard) if shard is not None else None
    lang = chosen_lang(ctx, lang)
    if fmt in ("csv", "xlsx") and out is None:
        raise InputError(f"--format {fmt} writes files", where="--out", hint="give a directory (csv) or a file (xlsx)")
    if out is not None:
        out = out_path(out)  # its directory exists (csv and prometheus-sd make the one --out names)
    sd_dir = _sd_dir(fmt, out)
    power_sd = _power_sd(ctx, fmt, agent, agent_config, shard=shard_of_site, sd_dir=sd_dir)
    with out_errors(), session_scope(state(ctx).engine()) as session:
        text = _export(session, fmt, out, lang, agent, shard=shard_of_site, power_sd=power_sd, sd_dir=sd_dir)
        if text is not None and out is not None:
            write_atomically(out, text)
    if text is not None:
        if out is None:
            typer.echo(text, nl=False)
        else:
            typer.echo(f"wrote {out}", err=True)


def _sd_dir(fmt: str, out: Path | None) -> bool:
    """Whether prometheus-sd writes one file per agent into the directory ``--out`` names."""
    return fmt == "prometheus-sd" and out is not None and (out.is_dir() or not out.suffix)


def _power_sd(
    ctx: typer.Context, fmt: str, agent: str, config: Path | None, *, shard: tuple[int, int] | None, sd_dir: bool
) -> list[dict[str, Any]] | None:
    """The power agent's file_sd groups, resolved from its config as the agent resolves it (None when not asked for).

    Raises:
        InputError: --agent-config where it means nothing, or missing where the power list is asked for.
        ConfigError: The config is invalid (file:line), or a room the store cannot fill.
    """
    wants_power = fmt == "prometheus-sd" and (sd_dir or agent == "power")
    if config is not None and not wants_power:
        raise InputError("--agent-config lists the power agent's devices", where="--agent-config",
                         hint="use it with --format prometheus-sd and --agent power or --out DIR")  # fmt: skip
    if config is None:
        if wants_power and not sd_dir:
            raise InputError("the power agent's targets come from its config", where="--agent-config",
                             hint="the file `govops agent power --config` reads (agents/power.example.yml)")
        if wants_power:
            warn("power.json not written: give --agent-config (the power agent's config) to list its devices")
        return None
    from govops.agent.power_agent import load_power_agent, power_file_sd

    return power_file_sd(load_power_agent(config, state(ctx).engine, shard))


def _export(
    session: Any, fmt: str, out: Path | None, lang: str, agent: str, *, shard: tuple[int, int] | None,
    power_sd: list[dict[str, Any]] | None, sd_dir: bool,
) -> str | None:
    if fmt == "yaml":
        return exporter.to_yaml(exporter.canonical_document(session))
    if fmt == "json":
        return exporter.to_json(exporter.canonical_document(session)) + "\n"
    if fmt == "csv":
        assert out is not None
        for path in exporter.write_csv(session, out, lang=lang):
            typer.echo(f"wrote {path}", err=True)
        return None
    if fmt == "xlsx":
        assert out is not None
        typer.echo(f"wrote {exporter.write_xlsx(session, out, lang=lang)}", err=True)
        return None
    if fmt == "ansible":
        inventory, notes = exporter.ansible_inventory(session)
        for note in notes:
            warn(note)
        return to_ansible_yaml(inventory)
    # prometheus-sd: the host and bandwidth lists come from the store, the power list from its agent's config.
    if sd_dir:
        assert out is not None
        out.mkdir(parents=True, exist_ok=True)
        lists = {role: exporter.prometheus_sd(session, role, shard) for role in ("host", "bandwidth")}
        if power_sd is not None:
            lists["power"] = power_sd
        for role, groups in lists.items():
            path = out / f"{role}.json"
            # Prometheus re-reads file_sd files as they change: never let it see half of one.
            write_atomically(path, exporter.to_json(groups) + "\n")
            typer.echo(f"wrote {path}", err=True)
        return None
    if agent == "power":
        assert power_sd is not None  # `_power_sd` refused --agent power without --agent-config
        return exporter.to_json(power_sd) + "\n"
    if agent not in ("host", "bandwidth"):
        raise InputError(f"unknown agent {agent!r}", where="--agent", hint="host, bandwidth or power")
    return exporter.to_json(exporter.prometheus_sd(session, agent, shard)) + "\n"
