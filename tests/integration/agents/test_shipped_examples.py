"""Every file in `agents/` works as shipped: the parts that need no lab are checked here, cheaply.

- `host.example.yml`: `--check` passes and the agent, run on it, serves this machine (a real scrape);
- `inventory.example.yml` with `web.example.yml`: `--check` passes on an initialised store and the
  agent asks for the shipped basic-auth password (`change-me`) and then serves the store's figures;
- the systemd units and the audit crontab: every `govops` command line they run parses as the CLI's.

`bandwidth.example.yml` and `power.example.yml` poll the demo city's devices: they are checked and
scraped on the running lab in `tests/e2e/test_readme_flow.py` (and `power` also in
`tests/integration/power/test_power_lab.py`).
"""

from __future__ import annotations

import re
import shlex
import time
from pathlib import Path

import pytest
import typer.main
from typer.core import TyperGroup

from govops.cli.main import app
from tests.agenttools import AgentProcess, fetch
from tests.conftest import Cli

pytestmark = pytest.mark.integration
AGENTS = Path(__file__).resolve().parents[3] / "agents"
GOVOPS = ["-c", "from govops.cli.main import entry; entry()"]
SHIPPED_PASSWORD = "change-me"


def _scrape_until(url: str, needle: str, *, user: str | None = None, password: str | None = None) -> str:
    deadline = time.monotonic() + 20
    body = ""
    while time.monotonic() < deadline:
        status, body = fetch(url, user=user, password=password)
        if status == 200 and needle in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url}: no {needle!r} within 20 s: {body[:500]}")


def test_every_example_is_covered() -> None:
    """A new example file must be added to a shipped-as-is test (here or in the README flow)."""
    assert sorted(p.name for p in AGENTS.glob("*.yml")) == [
        "bandwidth.example.yml", "host.example.yml", "inventory.example.yml", "power.example.yml", "web.example.yml"]


def test_host_example_checks_and_serves(cli: Cli) -> None:
    res = cli("agent", "host", "--config", str(AGENTS / "host.example.yml"), "--check")
    assert res.exit_code == 0, res.stderr
    assert "8 collectors" in res.stdout
    # Each collector's own interval: hostinfo reads the machine every ten minutes, as the example's comment says
    # (--check printed the config's default, 15 s).
    assert "hostinfo\tevery 600 s" in res.stdout and "cpu\tevery 15 s" in res.stdout, res.stdout
    agent = AgentProcess([*GOVOPS, "agent", "host", "--config", str(AGENTS / "host.example.yml"),
                          "--listen", "127.0.0.1:0"])  # fmt: skip
    try:
        body = _scrape_until(f"http://127.0.0.1:{agent.port}/metrics", "govops_host_info{")
        assert 'govops_collector_success{collector="filesystem"} 1' in body
    finally:
        agent.stop()


def test_inventory_example_behind_the_shipped_web_config(store_cli: Cli, tmp_path: Path) -> None:
    res = store_cli("agent", "inventory", "--config", str(AGENTS / "inventory.example.yml"), "--check")
    assert res.exit_code == 0, res.stderr
    assert "families from the store" in res.stdout
    # The example with its web config line uncommented, pointing at the shipped web.example.yml.
    text = (AGENTS / "inventory.example.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^# web_config_file: web\.yml.*$", f"web_config_file: {AGENTS / 'web.example.yml'}", text)
    assert "web_config_file: /" in text
    config = tmp_path / "inventory.yml"
    config.write_text(text, encoding="utf-8")
    assert store_cli("agent", "inventory", "--config", str(config), "--check").exit_code == 0
    env = {"GOVOPS_HOME": str(store_cli.home), "GOVOPS_DB": store_cli.db_url}
    agent = AgentProcess([*GOVOPS, "agent", "inventory", "--config", str(config), "--listen", "127.0.0.1:0"],
                         env=env)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{agent.port}/metrics"
        assert fetch(url, user=None, password=None)[0] == 401
        assert fetch(url, user="prometheus", password="wrong")[0] == 401
        _scrape_until(url, "govops_inventory_", user="prometheus", password=SHIPPED_PASSWORD)
    finally:
        agent.stop()


def _govops_lines() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted(p for p in AGENTS.rglob("*") if p.is_file() and p.suffix != ".yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("#"):
                continue
            m = re.search(r"\S*/bin/govops (.*)", line)
            if m:
                words = shlex.split(m.group(1).split(">", 1)[0].split("||", 1)[0])
                found.append((path.name, words))
    return found


def test_unit_and_cron_command_lines_are_the_cli_s() -> None:
    lines = _govops_lines()
    assert len(lines) >= 6  # 4 agent units, the audit service, 2 cron lines
    root = typer.main.get_command(app)
    for where, words in lines:
        ctx = root.make_context("govops", list(words), resilient_parsing=False)
        group = root
        # Typer's groups are its own (typer.core.TyperGroup over its vendored click), not click.Group: an
        # isinstance check against click never held, so no subcommand or option of these lines was checked.
        while isinstance(group, TyperGroup):
            rest = [*ctx._protected_args, *ctx.args]  # what TyperGroup.invoke resolves the subcommand from
            if not rest:  # a group that runs itself (`audit`) takes its options and no command, as invoke does
                assert group.invoke_without_command, f"{where}: govops {' '.join(words)}: no command after {group.name}"
                break
            sub = rest[0]
            cmd = group.get_command(ctx, sub)
            assert cmd is not None, f"{where}: govops {' '.join(words)}: no command {sub!r}"
            ctx = cmd.make_context(sub, rest[1:], parent=ctx)  # raises on a bad option
            group = cmd
