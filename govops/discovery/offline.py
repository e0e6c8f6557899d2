"""Turn captured command output (files collected by hand in the field) into records and facts.

Field engineers paste outputs from networks the central team cannot reach; the
same parsers as live discovery apply, and ``--save`` reconciles them like a scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from govops.catalog.vendors import default_vendors
from govops.discovery.ssh_store import SaveOutcome, SshObservation, save_observations
from govops.errors import InputError, ParseError
from govops.platforms.base import Platform
from govops.platforms.facts import CommandRejected, DeviceFacts, collect_facts
from govops.platforms.parse import normalise_command, parse
from govops.platforms.registry import get_platform
from govops.platforms.text import clean_output, decode_output, is_rejected
from govops.store.db import session_scope
from govops.store.models import Device


@dataclass(frozen=True)
class ParsedFile:
    """One captured file and its records."""

    path: str
    records: list[dict[str, Any]]


def read_capture(path: Path) -> str:
    """Read a capture file as text (UTF-8, else GB18030).

    Raises:
        InputError: When the file cannot be read.
    """
    try:
        return decode_output(path.read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read capture: {exc.strerror}", where=str(path)) from exc


def parse_files(platform: str, command: str, paths: Sequence[Path]) -> list[ParsedFile]:
    """Parse each file as the output of ``command`` on ``platform``.

    Raises:
        InputError: When a file is unreadable or holds the device's rejection of the command.
        ParseError: When no template fits; the message names the file.
    """
    plat = get_platform(platform)
    out = []
    for path in paths:
        text = read_capture(path)
        rejected = is_rejected(plat, text)
        if rejected:
            raise InputError(f"the device rejected {command!r}: {rejected}", where=str(path))
        try:
            out.append(ParsedFile(str(path), parse(plat, command, text)))
        except ParseError as exc:
            base = exc.message.rsplit(" (platform=", 1)[0]
            raise ParseError(
                f"{path}: {base}", platform=exc.platform, command=exc.command, template=exc.template, hint=exc.hint
            ) from exc
    return out


class NotCaptured(CommandRejected):
    """A command the captured files hold no output of: its facts are not read, as a rejected command's are, but no
    device rejected it (``parse --save`` says "'display lldp neighbor' not captured")."""

    def __init__(self, command: str) -> None:
        super().__init__(command, "not captured")
        self.args = (f"{command!r} not captured",)


def facts_from_captures(plat: Platform, captures: dict[str, str]) -> DeviceFacts:
    """Collect facts from captured outputs keyed by command (a command not captured counts as rejected)."""
    by_cmd = {normalise_command(c): t for c, t in captures.items()}

    def run(command: str) -> str:
        key = normalise_command(command)
        if key not in by_cmd:
            raise NotCaptured(command)
        return by_cmd[key]

    facts = collect_facts(plat, run)
    facts.vendor = default_vendors().name_for(facts.vendor)  # the maker as SNMP names it
    return facts


def save_captures(engine: Engine, *, platform: str, device: str, captures: dict[str, str]) -> SaveOutcome:
    """Reconcile facts read from captured outputs into the store under the name ``device``."""
    plat = get_platform(platform)
    facts = facts_from_captures(plat, captures)
    config_cmds = {normalise_command(c.command) for c in plat.commands if c.fact == "config"}
    config = next((t for c, t in captures.items() if normalise_command(c) in config_cmds), None)
    masked = None
    if config is not None:
        from govops.platforms.masking import mask_secrets

        masked = mask_secrets(clean_output(plat, config), plat.name)
    obs = SshObservation(target=device, address=None, facts=facts, config=masked, source="capture", name=device)
    with session_scope(engine) as session:
        exists = session.scalars(select(Device.id).where(Device.name == device)).first() is not None
    obs = replace(obs, store_name=device if exists else None)
    return save_observations(engine, [obs])[device]
