"""The explicit, sorted registry of platforms, and the mappings derived from it.

Forward mappings are written by hand in each ``platforms/<name>.py``; reverse
mappings (Netmiko device type -> platform) are derived here, never kept by hand.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import MappingProxyType

from govops.errors import InputError
from govops.platforms import (
    cisco_ios,
    cisco_nxos,
    hp_comware,
    huawei_vrp,
    juniper_junos,
    ruijie_os,
    zte_zxros,
)
from govops.platforms.base import Platform

PLATFORMS: Mapping[str, Platform] = MappingProxyType(
    {
        "cisco_ios": cisco_ios.PLATFORM,
        "cisco_nxos": cisco_nxos.PLATFORM,
        "hp_comware": hp_comware.PLATFORM,
        "huawei_vrp": huawei_vrp.PLATFORM,
        "juniper_junos": juniper_junos.PLATFORM,
        "ruijie_os": ruijie_os.PLATFORM,
        "zte_zxros": zte_zxros.PLATFORM,
    }
)

# Names people and other tools use for the same dialects (one-way: never produced by govops).
ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "comware": "hp_comware",
        "h3c": "hp_comware",
        "h3c_comware": "hp_comware",  # Netmiko alias; ntc-templates knows only hp_comware
        "huawei": "huawei_vrp",  # Netmiko name; ntc-templates knows only huawei_vrp
        "huawei_vrpv8": "huawei_vrp",
        "huawei_yunshan": "huawei_vrp",
        "ios": "cisco_ios",
        "cisco_xe": "cisco_ios",
        "junos": "juniper_junos",
        "nxos": "cisco_nxos",
        "ruijie": "ruijie_os",
        "zte": "zte_zxros",
    }
)

NETMIKO_TO_PLATFORM: Mapping[str, str] = MappingProxyType(
    {p.netmiko_device_type: name for name, p in PLATFORMS.items()}
)
NTC_TO_PLATFORM: Mapping[str, str] = MappingProxyType({p.ntc_platform: name for name, p in PLATFORMS.items()})


def platform_names() -> list[str]:
    """Return the supported platform names, sorted."""
    return sorted(PLATFORMS)


def get_platform(name: str) -> Platform:
    """Return the platform called ``name`` (or one of its aliases).

    Args:
        name: A normalised platform name, a Netmiko device type or a known alias.

    Returns:
        The platform record.

    Raises:
        InputError: For an unknown name, listing the supported ones and a close match.

    >>> get_platform("huawei").name
    'huawei_vrp'
    """
    key = name.strip().lower()
    if key in PLATFORMS:
        return PLATFORMS[key]
    if key in ALIASES:
        return PLATFORMS[ALIASES[key]]
    close = difflib.get_close_matches(key, [*PLATFORMS, *ALIASES], n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise InputError(
        f"unknown platform {name!r}",
        where="--platform",
        hint=f"{hint}supported: {', '.join(platform_names())}",
    )
