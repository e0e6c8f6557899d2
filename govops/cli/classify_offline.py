"""`govops classify --os-release FILE ...`: the server classifier offline, for machines nobody can reach."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govops.cli.options import JsonOpt
from govops.cli.output import os_label, print_json, print_table
from govops.errors import InputError
from govops.vocab import labelled


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(errors="replace")
    except FileNotFoundError:
        raise InputError(f"{what} file not found", where=str(path)) from None
    except (IsADirectoryError, PermissionError, OSError) as exc:
        raise InputError(f"cannot read {what}: {exc.strerror or exc}", where=str(path)) from None


def _read_dmi(directory: Path) -> dict[str, str]:
    if not directory.is_dir():
        raise InputError("--dmi-dir is not a directory (expected a copy of /sys/class/dmi/id)", where=str(directory))
    values: dict[str, str] = {}
    for p in sorted(directory.iterdir()):
        if p.is_file():
            try:
                values[p.name] = p.read_text(errors="replace").strip()
            except PermissionError:
                continue  # product_serial is root-only on a live system; the rest still counts
    return values


def offline(  # noqa: PLR0917
    ctx: typer.Context,
    os_release: Annotated[Path | None, typer.Option("--os-release", help="Copy of /etc/os-release.")] = None,
    cpuinfo: Annotated[Path | None, typer.Option("--cpuinfo", help="Copy of /proc/cpuinfo.")] = None,
    lscpu: Annotated[Path | None, typer.Option("--lscpu", help="Output of lscpu (any locale).")] = None,
    dmi_dir: Annotated[Path | None, typer.Option("--dmi-dir", help="Copy of /sys/class/dmi/id.")] = None,
    release_file: Annotated[
        list[Path] | None,
        typer.Option("--release-file", help="Other release files (/etc/system-release, lsb_release -a); repeatable."),
    ] = None,
    kernel: Annotated[
        str | None, typer.Option("--kernel", help="uname -r of the machine (its suffix names the OS).")
    ] = None,
    policy_file: Annotated[Path | None, typer.Option("--policy", help="YAML policy for the overall verdict.")] = None,
    json_out: bool = JsonOpt,
) -> None:
    """Classify a server from copies of its files (no network): hardware, CPU, OS and overall verdict."""
    if ctx.invoked_subcommand is not None:
        return
    release_file = release_file or []
    if os_release is None and not (cpuinfo or lscpu or dmi_dir or release_file):
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    from govops.catalog.server_config import configured_policy, default_catalog, load_policy
    from govops.catalog.servers import ServerTexts, classify_server

    cpu_texts = {}
    if cpuinfo is not None:
        cpu_texts[str(cpuinfo)] = _read(cpuinfo, "cpuinfo")
    if lscpu is not None:
        cpu_texts[str(lscpu)] = _read(lscpu, "lscpu")
    texts = ServerTexts(
        cpu_texts=cpu_texts,
        os_release=_read(os_release, "os-release") if os_release is not None else None,
        os_release_path=str(os_release) if os_release is not None else "os-release",
        release_files={str(p): _read(p, "release") for p in release_file},
        kernel_release=kernel,
        dmi=_read_dmi(dmi_dir) if dmi_dir is not None else {},
    )
    policy = load_policy(policy_file) if policy_file else configured_policy()
    result = classify_server(texts, policy=policy, catalog=default_catalog())
    if json_out:
        print_json(result.to_dict("files"))
        return
    rows = []
    for dim, verdict, subject in (
        ("vendor", result.hardware.verdict, result.hardware.vendor),
        ("cpu", result.cpu.verdict, " ".join(x for x in (result.cpu.name, result.cpu.arch) if x)),
        ("os", result.os.verdict, os_label(result.os.name, result.os.version) or ""),
        ("software", result.software_verdict, ", ".join(s.name for s in result.software)),
    ):
        rows.append(
            {
                "dimension": labelled("dimension", dim),
                "verdict": labelled("verdict", verdict.verdict),
                "subject": subject or "",
                "evidence": "; ".join(f"{e.field}={e.value!r} → {e.rule}" for e in verdict.evidence[:3]),
            }
        )
    print_table(
        rows,
        ["dimension", "verdict", "subject", "evidence"],
        labels={"subject": "识别结果", "evidence": "依据"},
        title=f"结论 verdict: {labelled('verdict', result.verdict)} "
        f"(policy: {' + '.join(result.policy.require)} domestic)",
    )
