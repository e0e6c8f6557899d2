"""`govops parse`: run the device parsers on captured output files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govops.cli.options import JsonOpt
from govops.cli.output import failure_lines, print_json, print_table
from govops.cli.state import state
from govops.errors import InputError


def parse(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Captured output files (UTF-8 or GBK).")],
    *,
    platform: str = typer.Option(..., "--platform", "-p", help="Platform, e.g. huawei_vrp, hp_comware, ruijie_os."),
    command: str = typer.Option(..., "--command", "-c", help='The command the output answers, e.g. "display version".'),
    json_out: bool = JsonOpt,
    save: bool = typer.Option(False, "--save", help="Reconcile the facts into the store (needs --device)."),
    device: str | None = typer.Option(None, "--device", help="Device name to save the facts under."),
) -> None:
    """Parse captured CLI output into records (the same parsers as SSH discovery).

    Examples:

      govops parse -p hp_comware -c "display interface brief" if.txt --json
      govops parse -p huawei_vrp -c "display version" v.txt --save --device sw-01
    """
    from govops.discovery.offline import parse_files, read_capture, save_captures

    if save and not device:
        raise InputError("--save needs --device NAME", where="--device")
    parsed = parse_files(platform, command, files)
    outcome = None
    if save and device:
        captures = {command: "\n".join(read_capture(p) for p in files)}
        outcome = save_captures(state(ctx).engine(), platform=platform, device=device, captures=captures)
    if json_out:
        data: dict[str, object] = {"platform": platform, "command": command, "files": [p.__dict__ for p in parsed]}
        if outcome:
            data["saved"] = outcome.to_json()
        print_json(data)
        return
    for item in parsed:
        columns = [k for k in (item.records[0] if item.records else {}) if any(r.get(k) for r in item.records)]
        print_table(item.records, columns, title=f"{item.path} ({len(item.records)} records)")
    if outcome:
        from govops.discovery.reconcile import not_read_line

        verb = "created" if outcome.created else "updated"
        typer.echo(f"{verb} device {outcome.device}" + ("" if outcome.changed else " (no change)"))
        # What the store kept of a fact the captures did not read, as discover ssh --save says it (a fact it kept
        # nothing of, not captured, is no news: a capture is one command's output).
        kept = [(outcome.device, "partial", not_read_line(fact, k.why, k)) for fact, k in outcome.kept.items()]
        for line in failure_lines(kept):
            typer.echo(line, err=True)
