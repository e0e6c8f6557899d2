"""Factory-default logins per platform, as data (``platforms/<platform>/factory_defaults.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from govops.errors import CatalogError
from govops.platforms.registry import PLATFORMS, platform_dir
from govops.util.schema import build
from govops.util.yamlio import LineDict, load_yaml_file
from govops.vocab import RuleTitles

DEFAULTS_FILE = "factory_defaults.yaml"
# The finding a login with a published default opens, one rule per platform (``<platform>.factory_default_login``,
# ``any.`` when the platform is unknown): its titles, Chinese and English, and its advice.
LOGIN_RULE = "factory_default_login"
LOGIN_TITLE_ZH = "出厂默认口令可登录"
LOGIN_TITLE_EN = "Factory-default login accepted"
LOGIN_TITLES = RuleTitles(LOGIN_TITLE_ZH, LOGIN_TITLE_EN)
LOGIN_ADVICE = "Change the password of the account now, or remove the account; use named accounts via AAA."


@dataclass(frozen=True)
class DefaultLogin:
    """One published default account; the password is public knowledge but still never printed."""

    username: str
    password: str = field(repr=False)
    source: str = ""
    platform: str = ""


@cache
def all_defaults() -> dict[str, tuple[DefaultLogin, ...]]:
    """Return the defaults per platform, validated (file:line on error)."""
    out: dict[str, tuple[DefaultLogin, ...]] = {}
    for platform in PLATFORMS:
        path = platform_dir(platform) / DEFAULTS_FILE
        if not path.exists():
            continue
        data = load_yaml_file(path)
        rows = data.get("logins") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise CatalogError(f"{path}: expected a mapping with a `logins:` list")
        logins = []
        for row in rows:
            line = row.line if isinstance(row, LineDict) else None
            logins.append(build(DefaultLogin, {**row, "platform": platform}, where=str(path), line=line))
        out[platform] = tuple(logins)
    return out


def logins_to_try(platform: str | None) -> list[DefaultLogin]:
    """Return one login per account name: the platform's (or every platform's) first entry.

    Trying one password per account per run keeps a device's lockout counter at one failure.
    """
    chosen: dict[str, DefaultLogin] = {}
    platforms = [platform] if platform else sorted(all_defaults())
    for name in platforms:
        for login in all_defaults().get(name, ()):
            chosen.setdefault(login.username, login)
    return list(chosen.values())
