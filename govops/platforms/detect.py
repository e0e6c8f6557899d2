"""Autodetect a platform from command output, with rules kept as data on each platform."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from govops.platforms.base import Platform
from govops.platforms.registry import PLATFORMS


@dataclass(frozen=True)
class Detection:
    """Which platform matched, by which rule, on which command's output."""

    platform: str
    command: str
    pattern: str
    priority: int


def detection_commands() -> list[str]:
    """Return the distinct commands the rules need, most widely answered first."""
    seen: dict[str, None] = {}
    for plat in PLATFORMS.values():
        for rule in plat.detect:
            seen.setdefault(rule.command, None)
    # `show version` is answered by most dialects; Huawei/H3C reject it and answer `display version`.
    return sorted(seen, key=lambda c: (not c.startswith("show"), c))


def detect_platform(outputs: Mapping[str, str], platforms: Mapping[str, Platform] = PLATFORMS) -> Detection | None:
    """Return the best-matching platform for the outputs read so far, or None.

    Args:
        outputs: Command -> output text (cached per device, as in Netmiko's SSHDetect).
        platforms: The registry to consult.

    >>> detect_platform({"display version": "H3C Comware Software, Version 7.1.070"}).platform
    'hp_comware'
    """
    best: Detection | None = None
    for name, plat in platforms.items():
        for rule in plat.detect:
            text = outputs.get(rule.command)
            if text and re.search(rule.pattern, text) and (best is None or rule.priority > best.priority):
                best = Detection(name, rule.command, rule.pattern, rule.priority)
    return best
