"""A report reads the store with SQLAlchemy Core: the ORM (a third of a report's start-up) never loads,
nor pydantic (Typer's coercion of values that need none, ``govops.cli.coercion``)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import Cli
from tests.storetools import default_store_url

# Every report kind a user runs from `govops report` (trend reads recorded figures through the ORM's write path).
KINDS = ("summary", "migration", "xinchuang", "rooms", "links", "compliance", "changes", "kpi", "dengbao")

RUN_ALL = """
import contextlib, io, sys
from govops.cli.main import main
codes = []
for kind in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()):
        codes.append(main(["report", kind, "--format", "json"]))
print(codes, sorted(m for m in ("sqlalchemy.orm", "alembic", "pydantic") if m in sys.modules))
"""


def test_reports_run_without_the_orm(city: Cli) -> None:
    db = "" if city.db_url == default_store_url(city.home) else city.db_url
    env = {**os.environ, "GOVOPS_HOME": str(city.home), "GOVOPS_DB": db}
    res = subprocess.run([sys.executable, "-c", RUN_ALL, *KINDS], capture_output=True, text=True, env=env, check=False)
    assert res.returncode == 0, res.stderr
    # Each report ran (exit 0) and nothing loaded the ORM or pydantic.
    assert res.stdout.strip() == f"{[0] * len(KINDS)} []", res.stdout + res.stderr
