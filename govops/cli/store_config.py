"""`govops init --db URL`: remember the store in ``$GOVOPS_HOME/config.toml``."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from govops.config import config_path, load_config_file
from govops.errors import ConfigError
from govops.util.files import write_atomically

_DB_KEY = re.compile(r"^\s*db\s*=")


def refuse_secret_in_url(url: str) -> None:
    """Refuse a store URL with a password before anything is done with it.

    Raises:
        ConfigError: The password belongs in ``~/.pgpass`` or ``PGPASSWORD`` (libpq reads both).
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        password = make_url(url).password
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url!r} ({exc})") from exc
    if password:
        raise ConfigError(
            "the store URL carries a password, which govops does not write to config.toml",
            hint="leave it out of the URL and put it in ~/.pgpass (or PGPASSWORD) for PostgreSQL",
        )


def record_db_url(url: str, home: Path | None = None) -> Path:
    """Remember ``url`` as the store in ``config.toml``, keeping everything else in the file.

    Raises:
        ConfigError: If the URL carries a password (secrets are never written: libpq
            reads it from ``~/.pgpass`` or ``PGPASSWORD``), or the file is not valid TOML.
    """
    refuse_secret_in_url(url)
    path = config_path(home)
    load_config_file(home)  # never rewrite a file that is not valid TOML
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    entry = f"db = {json.dumps(url, ensure_ascii=False)}\n"  # a JSON string is a valid TOML basic string
    top = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("[")), len(lines))
    at = next((i for i in range(top) if _DB_KEY.match(lines[i])), None)
    if at is None:
        lines.insert(0, entry)
    else:
        lines[at] = entry
    text = "".join(lines)
    try:
        written = tomllib.loads(text).get("db")
    except tomllib.TOMLDecodeError:
        written = None
    if written != url:  # e.g. a multi-line value the line edit cannot see
        raise ConfigError(f"{path}: cannot set `db` here without changing other settings",
                          hint=f'put `db = "{url}"` at the top of the file yourself')  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    return path
