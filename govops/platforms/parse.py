"""Parse device output into records: govops' own templates first, then ntc-templates.

``parse`` never returns raw text (Netmiko issues #1770, #3479): it returns a list
of records or raises ``ParseError`` naming platform, command and template.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import textfsm
from textfsm import clitable

from govops.errors import ParseError
from govops.platforms.base import Platform
from govops.platforms.registry import get_platform, platform_dir
from govops.platforms.text import clean_output

Record = dict[str, Any]

_NTC_LOCK = threading.Lock()


def _ntc_template_dir() -> str:
    import ntc_templates

    return str(Path(ntc_templates.__file__).parent / "templates")


@lru_cache(maxsize=1)
def _ntc_table() -> clitable.CliTable:
    return clitable.CliTable("index", _ntc_template_dir())


def normalise_command(command: str) -> str:
    """Collapse whitespace and lower-case a command so lookups are exact.

    >>> normalise_command("  display   Version ")
    'display version'
    """
    return " ".join(command.lower().split())


def ntc_template_for(platform: Platform, command: str) -> str | None:
    """Return the ntc-templates template file(s) for ``command`` on ``platform``, or None (cached)."""
    return _ntc_lookup(platform.ntc_platform, command)


@lru_cache(maxsize=4096)
def _ntc_lookup(ntc_platform: str, command: str) -> str | None:
    """Find the template in ntc-templates' index.

    ntc-templates' index matches a command by prefix, so ``d[[ir]]`` would claim
    ``display elabel``: a match that stops inside the first word is refused here.
    Longer prefixes are kept because the index relies on them (``display sn l[[icence]]``).
    """
    table = _ntc_table()
    with _NTC_LOCK:
        for row in table.index.compiled:
            plat_re, cmd_re = row["Platform"], row["Command"]
            if not plat_re.fullmatch(ntc_platform):
                continue
            m = cmd_re.match(command)
            if m and (m.end() == len(command) or command[m.end()] == " " or " " in command[: m.end()]):
                return str(table.index.index[row.row]["Template"])
    return None


def own_templates_for(platform: Platform, command: str) -> tuple[str, ...]:
    """Return govops' own templates for ``command``, in the order they are tried."""
    return platform.templates.get(normalise_command(command), ())


def _lower(records: list[dict[str, Any]]) -> list[Record]:
    return [{k.lower(): v for k, v in rec.items()} for rec in records]


_FSM_CACHE = threading.local()


def _fsm(path: Path) -> textfsm.TextFSM:
    """Return this thread's compiled state machine for a template, reset for a new parse.

    Compiling a template costs far more than running it (hundreds of regexes, more than
    ``re``'s cache holds), so each worker thread keeps its own compiled copy.
    """
    cache: dict[Path, textfsm.TextFSM] = _FSM_CACHE.__dict__.setdefault("fsms", {})
    fsm = cache.get(path)
    if fsm is None:
        with path.open(encoding="utf-8") as fh:
            fsm = cache[path] = textfsm.TextFSM(fh)
    else:
        fsm.Reset()
    return fsm


def template_path(platform: Platform, template: str) -> Path:
    """Return the path of one of govops' own templates: ``platforms/<name>/templates/<template>``."""
    return platform_dir(platform.name) / "templates" / template


def _parse_own(platform: Platform, template: str, text: str) -> list[Record]:
    return _lower(_fsm(template_path(platform, template)).ParseTextToDicts(text))


def _parse_ntc(templates: str, text: str) -> list[Record]:
    if ":" not in templates:
        return _lower(_fsm(Path(_ntc_template_dir()) / templates).ParseTextToDicts(text))
    table = _ntc_table()  # several templates merged into one table: ntc-templates' own merge logic
    with _NTC_LOCK:
        table.ParseCmd(text, templates=templates)
        header = [str(h).lower() for h in table.header]
        rows = [dict(zip(header, list(row), strict=True)) for row in table]
    return rows


def parse(platform: str | Platform, command: str, text: str) -> list[Record]:
    """Parse one command's output on one platform.

    Own templates are tried first, then ntc-templates, then own lenient fallbacks;
    one that errors or finds nothing in non-empty output gives way to the next.

    Args:
        platform: Platform record or name (aliases accepted).
        command: The command the output answers, written out in full.
        text: The output (raw; pager marks and echoed prompt are removed here).

    Returns:
        Records with lower-case field names, as ntc-templates' tests expect.

    Raises:
        ParseError: When no template exists or every template rejected the output.
    """
    plat = platform if isinstance(platform, Platform) else get_platform(platform)
    cmd = normalise_command(command)
    clean = clean_output(plat, text, cmd)
    candidates: list[tuple[str, str]] = [("own", t) for t in own_templates_for(plat, cmd)]
    ntc = ntc_template_for(plat, cmd)
    if ntc:
        candidates.append(("ntc", ntc))
    candidates += [("own", t) for t in plat.fallback_templates.get(cmd, ())]
    if not candidates:
        raise ParseError(
            "no template for this command",
            platform=plat.name,
            command=cmd,
            hint=f"write govops/platforms/{plat.name}/templates/{plat.name}_{cmd.replace(' ', '_')}.textfsm "
            f"with a case under tests/unit/platforms/fixtures/{plat.name}/{cmd.replace(' ', '_')}/",
        )
    failures: list[str] = []
    for i, (kind, template) in enumerate(candidates):
        last = i == len(candidates) - 1
        try:
            records = _parse_own(plat, template, clean) if kind == "own" else _parse_ntc(template, clean)
        except textfsm.TextFSMTemplateError as exc:
            raise ParseError(f"template is broken: {exc}", platform=plat.name, command=cmd, template=template) from exc
        except (textfsm.TextFSMError, clitable.CliTableError) as exc:
            failures.append(f"{template}: {exc}")
            continue
        if records or last or not clean.strip():
            return records
        failures.append(f"{template}: no records")
    raise ParseError(
        "output did not match any template: " + "; ".join(failures),
        platform=plat.name,
        command=cmd,
        template=candidates[-1][1],
        hint="check the output is complete and from this platform; "
        "a new firmware layout needs a template case in tests/unit/platforms/fixtures/",
    )
