"""Where govops keeps its state, resolved from flags, environment, then a TOML file.

Order: an explicit value (a CLI flag) wins, then ``GOVOPS_DB`` / ``GOVOPS_HOME``,
then ``$GOVOPS_HOME/config.toml``, then the defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govops.errors import ConfigError

DEFAULT_HOME = Path("~/.local/share/govops")
# The language of every command's `--lang` when neither it nor config.toml's `lang` says: the bureau reads Chinese.
DEFAULT_LANG = "zh"


def govops_home() -> Path:
    """Return the state directory (``$GOVOPS_HOME`` or ``~/.local/share/govops``)."""
    return Path(os.environ.get("GOVOPS_HOME") or DEFAULT_HOME).expanduser()


def user_catalog_files() -> list[Path]:
    """Return the user's catalogue files (``GOVOPS_CATALOG``, then ``$GOVOPS_HOME/catalog``), in order."""
    paths: list[Path] = []
    for entry in filter(None, os.environ.get("GOVOPS_CATALOG", "").split(":")):
        p = Path(entry).expanduser()
        paths.extend(sorted(p.glob("*.y*ml")) if p.is_dir() else [p])
    home_dir = govops_home() / "catalog"
    if home_dir.is_dir():
        paths.extend(sorted(home_dir.glob("*.y*ml")))
    return paths


def config_path(home: Path | None = None) -> Path:
    """Return ``$GOVOPS_HOME/config.toml``."""
    return (home or govops_home()) / "config.toml"


def load_config_file(home: Path | None = None) -> dict[str, Any]:
    """Read ``config.toml`` from the state directory; an absent file is an empty config.

    Raises:
        ConfigError: If the file exists but is not valid TOML.
    """
    path = config_path(home)
    if not path.exists():
        return {}
    import tomllib  # here: the catalogue loaders import this module and most runs have no config file

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}", hint="fix the TOML syntax or remove the file") from exc


@dataclass(frozen=True)
class Settings:
    """Resolved settings shared by every command."""

    home: Path
    db_url: str
    prometheus_url: str | None = None
    lang: str | None = None  # config.toml `lang`, checked where a command uses it (govops.cli.options.chosen_lang)


def resolve_settings(db: str | None = None) -> Settings:
    """Resolve settings from an explicit ``db`` URL, the environment and ``config.toml``."""
    home = govops_home()
    file_cfg = load_config_file(home)
    url = db or os.environ.get("GOVOPS_DB") or file_cfg.get("db")
    if not url:
        url = f"sqlite:///{home / 'govops.db'}"
    prom = os.environ.get("GOVOPS_PROMETHEUS_URL") or file_cfg.get("prometheus_url")
    lang = file_cfg.get("lang")
    return Settings(
        home=home, db_url=str(url), prometheus_url=str(prom) if prom else None, lang=None if lang is None else str(lang)
    )
