"""Ledger, device and user text is printed as written: rich markup (`[bold]x[/]`, `[red`, a `[link=...]`) and emoji
codes (`:smile:`) in a department name, a device name or a note are neither styles, links nor pictures
(``govops.cli.output.plain_console``). Run as users run it: the CLI in its own process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import yaml

HOSTILE = "[bold]x[/] [red :smile: [link=file:///etc/passwd]a[/link]"
DEPARTMENT = f"局{HOSTILE}"
DEVICE = "sw:smile:01"  # a device name takes no `[` (the importer refuses it), but takes `:`
VENDOR = ":smile:[bold]V[/] [red"  # a maker the catalogue does not know: the import's note names it as written (a
# longer one is shortened in the middle)


def _govops(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOVOPS_HOME": str(home), "GOVOPS_DB": "", "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-c", "from govops.cli.main import entry; entry()", *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip


def test_hostile_names_and_notes_print_as_written(tmp_path: Path) -> None:
    """Before: `:smile:` became 😄 in `inventory show` (its heading and JSON), in the import's warning and in error
    messages (`escape` leaves emoji codes alone); markup was read wherever a call site forgot to escape."""
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    ledger = tmp_path / "city.yaml"
    ledger.write_text(yaml.safe_dump({
        "departments": [{"code": "D1", "name": DEPARTMENT, "level": "city", "parent": None}],
        "rooms": [{"code": "R01", "name": f"房{HOSTILE}", "department": "D1", "lifecycle": "active"}],
        "devices": [{"name": DEVICE, "kind": "switch", "room": "R01", "department": "D1", "vendor": VENDOR,
                     "model": f"M{HOSTILE}", "mgmt_ip": "10.0.0.1", "status": "in_service"}],
    }, allow_unicode=True), encoding="utf-8")  # fmt: skip
    assert _govops(home, "init").returncode == 0
    imported = _govops(home, "inventory", "import", str(ledger))
    assert imported.returncode == 0, imported.stderr
    assert f"vendor '{VENDOR}' (1 row) is not a maker name" in imported.stderr  # the note

    device = _govops(home, "inventory", "show", DEVICE)
    assert device.returncode == 0, device.stderr
    assert device.stdout.startswith(f"device {DEVICE}\n")
    assert f'"vendor": "{VENDOR}"' in device.stdout and f'"model": "M{HOSTILE}"' in device.stdout

    department = _govops(home, "inventory", "show", DEPARTMENT)
    assert department.returncode == 0, department.stderr
    assert department.stdout.startswith(f"department {DEPARTMENT}\n")
    assert f'"name": "{DEPARTMENT}"' in department.stdout

    missing = _govops(home, "inventory", "show", f"{DEVICE}-gone")
    assert missing.returncode != 0 and f"{DEVICE}-gone" in missing.stderr, missing.stderr

    listed = _govops(home, "inventory", "list", "departments")
    assert DEPARTMENT in listed.stdout, listed.stdout
    for out in (imported, device, department, missing, listed):
        assert "😄" not in out.stdout + out.stderr
        assert "\x1b]8;" not in out.stdout + out.stderr  # no terminal hyperlink


def test_a_report_prints_its_title_notes_and_department_as_written() -> None:
    """Before: the title, the notes and the `Department:` line were rich markup (`[yellow]{note}[/yellow]`): a note
    naming `[bold]x[/]` printed `x`, `[link=...]a[/link]` a link, `:smile:` 😄; section and figure text the same."""
    import datetime as dt

    from rich.console import Console

    from govops.cli.report_table import print_report
    from govops.reports.model import Column, Figure, Report, Section, Table

    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    report = Report("rooms", f"T{HOSTILE}", "en", at.date(), at, department=f"D{HOSTILE}", notes=[f"N{HOSTILE}"],
                    sections=[Section("s", f"S{HOSTILE}", notes=[f"n{HOSTILE}"],
                                      figures=[Figure("f", f"F{HOSTILE}", 1)],
                                      tables=[Table("t", f"t{HOSTILE}", [Column("c", f"C{HOSTILE}")],
                                                    [{"c": f"c{HOSTILE}"}])])])  # fmt: skip
    console = Console(file=io.StringIO(), width=400)  # markup and emoji on: the report's text must not need them off
    print_report(report, console)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    for lead in ("T", "D", "N", "S", "n", "F", "t", "C", "c"):
        assert f"{lead}{HOSTILE}" in shown, (lead, shown)
