"""Run the power agent on the shared agent runtime (``govops.agent.runtime``).

The config file is an ordinary agent config (``listen``, ``web_config_file``,
``log_format``, ``failure_threshold``, ``defaults``, ``collectors``) plus the
power agent's own ``rooms:`` list; see ``agents/power.example.yml`` and
``docs/power.md``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govops.agent.config import AgentConfig, load_agent_config
from govops.agent.runtime import run_configured_agent
from govops.agent.web import load_web_config
from govops.collectors.power import PowerCollector
from govops.collectors.power_config import (
    DEFAULT_PORTS,
    PowerAgentConfig,
    RoomConfig,
    check_targets,
    parse_rooms,
    room_qualified,
)
from govops.collectors.power_store import rooms_from_store
from govops.errors import ConfigError, GovopsError
from govops.util.address import parse_address
from govops.util.section import CollectorConfig
from govops.util.shard import shard_of

DEFAULT_LISTEN = ":9122"


def build_power_collector(cc: CollectorConfig, rooms: list[RoomConfig]) -> PowerCollector:
    """Build the collector from its runtime section (schedule, options) and the rooms."""
    opts = cc.check_options(("concurrency", "stale_after_polls"))
    cfg = PowerAgentConfig(
        rooms=rooms,
        interval_seconds=cc.interval_seconds,
        timeout_seconds=cc.timeout_seconds,
        concurrency=opts.get_int("concurrency", 64, minimum=1),
        stale_after_polls=opts.get_float("stale_after_polls", 2.5, minimum=1),
    )
    return PowerCollector(cfg)


@dataclass(frozen=True)
class PowerAgentSetup:
    """A validated power agent: its runtime config, its collectors, and the store devices it skipped."""

    config: AgentConfig
    collectors: list[PowerCollector]
    skipped: list[tuple[str, str]]


def load_power_agent(
    config: Path, engine: Callable[[], Any] | None = None, shard: tuple[int, int] | None = None
) -> PowerAgentSetup:
    """Read the config; rooms given without ``devices:`` take them from the store ``engine()`` opens.

    With ``shard`` (``(index, count)``, from ``--shard I/N``), only the rooms of that shard: a power
    agent shards by room, because a room's PUE needs all of its meters in one agent.

    Raises:
        ConfigError: Bad config (file:line), a room the store cannot fill, no store to fill it from,
            or a shard with no room.
    """
    cfg = load_agent_config(config, agent="power", known_collectors=["power"], default_collectors=["power"],
                            default_listen=DEFAULT_LISTEN, extra_keys=["rooms"])
    if not cfg.root.has("rooms"):
        raise ConfigError(f"{config}: no `rooms:`; the power agent needs at least one room and its devices")
    rooms = parse_rooms(cfg.root.raw("rooms"), str(config))
    if shard is not None:
        listed = len(rooms)
        rooms = [r for r in rooms if shard_of(r.room, shard[1]) == shard[0]]
        if not rooms:
            raise ConfigError(f"{config}: shard {shard[0] + 1}/{shard[1]} has none of the {listed} rooms listed",
                              hint="use fewer shards than rooms")
    skipped: list[tuple[str, str]] = []
    if any(not r.devices for r in rooms):
        if engine is None:
            raise ConfigError(f"{config}: rooms without `devices:` take them from the store, and there is none here")
        rooms, skipped = rooms_from_store(engine(), rooms)
        check_targets(rooms, str(config))  # the store's devices beside those listed by hand
    collectors = [build_power_collector(cc, rooms) for cc in cfg.collectors]
    return PowerAgentSetup(cfg, collectors, skipped)


def power_file_sd(setup: PowerAgentSetup) -> list[dict[str, Any]]:
    """Prometheus file_sd target groups for exactly the devices this agent polls (``inventory export --agent-config``).

    The target is ``ROOM/NAME`` (``room_qualified``), which ``/probe?target=`` answers for every kind (a
    Redfish URL is no ``host:port``) and for that one device, also where another room has a device of the
    same name. The rooms are the agent's own (``load_power_agent``): no second rule.
    """
    groups: list[dict[str, Any]] = []
    for collector in setup.collectors:
        for room in collector.config.rooms:
            for dev in room.devices:
                labels = {"device": dev.name, "room": room.room, "govops_agent": "power", "protocol": dev.kind,
                          "measures": dev.measures}  # fmt: skip
                groups.append({"targets": [room_qualified(room.room, dev.name)], "labels": labels})
    return groups


def check_problems(setup: PowerAgentSetup) -> list[str]:
    """What would fail at run time although the config parses: unreadable secrets, unresolvable hosts, web config."""
    problems: list[str] = []
    for collector in setup.collectors:
        for room in collector.config.rooms:
            for dev in room.devices:
                problems += [f"room {room.room}: {p}" for p in dev.secret_problems()]
                host = dev.address.split("://", 1)[-1].split("/", 1)[0]
                try:
                    socket.getaddrinfo(parse_address(host, DEFAULT_PORTS.get(dev.kind, 443))[0], None)
                except (OSError, UnicodeError, GovopsError) as exc:
                    problems.append(f"room {room.room} device {dev.name}: cannot resolve {dev.address}: {exc}")
    try:
        load_web_config(setup.config.web_config_file)
    except GovopsError as exc:
        problems.append(str(exc).splitlines()[0])
    return problems


def run_power_agent(
    config: Path,
    listen: str | None = None,
    engine: Callable[[], Any] | None = None,
    shard: tuple[int, int] | None = None,
) -> int:
    """Load the config (the rooms of ``shard`` only, if given) and serve until SIGTERM.

    Raises:
        ConfigError: Bad config (file:line), web config, certificate or port.
    """
    setup = load_power_agent(config, engine, shard)
    return run_configured_agent(setup.config, setup.collectors, listen=listen)
