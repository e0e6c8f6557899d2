"""Per-invocation state shared by every command: settings and the store."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import typer

from govops.config import Settings, resolve_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass
class AppState:
    """What the root callback resolved: settings, debug flag and a lazily opened engine."""

    settings: Settings
    debug: bool = False
    _engine: Engine | None = field(default=None, repr=False)

    def use_store(self, url: str) -> None:
        """Point this invocation at ``url`` (``init --db``); only before the store is opened."""
        if self._engine is not None:
            raise RuntimeError("the store is already open")
        self.settings = replace(self.settings, db_url=url)

    def engine(self, *, require_schema: bool = True) -> Engine:
        """Open the store once; by default refuse a missing or outdated schema."""
        from govops.store.db import ensure_current, make_engine

        if self._engine is None:
            self._engine = make_engine(self.settings.db_url)
        if require_schema:
            ensure_current(self._engine)
        return self._engine


def close_store(obj: object) -> None:
    """Close the store's connections once the command is done (SQLite then folds its WAL into the file).

    The process may exit without the interpreter's teardown (``govops.cli.launch.exit_now``), which
    would otherwise leave them to the operating system.
    """
    if isinstance(obj, AppState) and obj._engine is not None:
        engine, obj._engine = obj._engine, None
        engine.dispose()


def state(ctx: typer.Context) -> AppState:
    """Return the state of this invocation, creating it when a command runs standalone."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState(settings=resolve_settings())
    return root.obj
