"""The host agent: ``govops agent host`` and the zipapp's ``__main__``.

Runs on Python 3.7 with the standard library only (PyYAML is vendored into the
zipapp), so the same code serves a Kylin V10 server and a developer's laptop.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govops.agent.config import AgentConfig, load_agent_config
from govops.agent.runtime import Collector, build_collectors, run_configured_agent
from govops.agent.web import load_web_config
from govops.collectors.host import DEFAULT_COLLECTORS, HostPaths, host_factories
from govops.errors import GovopsError

DEFAULT_LISTEN = ":9120"  # the port `govops inventory export --format prometheus-sd` targets
PATH_KEYS = ("procfs", "sysfs", "rootfs")


def load_host_config(path: Path | None) -> tuple[AgentConfig, HostPaths]:
    """Read the host agent's config (defaults without a file).

    Raises:
        ConfigError: Naming file:line.
    """
    names = sorted(host_factories(HostPaths()))
    cfg = load_agent_config(
        path,
        agent="host",
        known_collectors=names,
        default_collectors=DEFAULT_COLLECTORS,
        default_listen=DEFAULT_LISTEN,
        extra_keys=PATH_KEYS,
    )
    root = cfg.root
    paths = HostPaths(
        procfs=root.get_path("procfs", "/proc"),
        sysfs=root.get_path("sysfs", "/sys"),
        rootfs=root.get_path("rootfs", "/"),
    )
    return cfg, paths


def check_host_config(config: Path | None) -> tuple[AgentConfig, list[Collector]]:
    """Validate the config, its collectors' options and the web config (certificate against key); return the
    config and the collectors it builds (their intervals are theirs: hostinfo's default is ten minutes).

    Raises:
        ConfigError: Naming file:line of the first problem.
    """
    cfg, paths = load_host_config(config)
    collectors = build_collectors(cfg, host_factories(paths))
    load_web_config(cfg.web_config_file)
    return cfg, collectors


def run_host_agent(config: Path | None = None, listen: str | None = None) -> int:
    """Build the configured collectors and serve until SIGTERM.

    Raises:
        ConfigError: Bad config, web config, certificate or port.
    """
    cfg, paths = load_host_config(config)
    collectors = build_collectors(cfg, host_factories(paths))
    return run_configured_agent(cfg, collectors, listen=listen)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the zipapp: ``python3 govops-host-agent.pyz [--listen ADDR] [--config FILE]``."""
    parser = argparse.ArgumentParser(
        prog="govops-host-agent", description="govops host agent: serves host metrics on /metrics for Prometheus."
    )
    parser.add_argument("--listen", help=f"host:port to serve on (default from the config, else {DEFAULT_LISTEN})")
    parser.add_argument("--config", type=Path, help="agent config (YAML); see agents/host.example.yml")
    parser.add_argument("--check-config", action="store_true", help="validate the config and web config, then exit")
    args = parser.parse_args(argv)
    try:
        if args.check_config:
            check_host_config(args.config)
            sys.stdout.write("config OK\n")
            return 0
        return run_host_agent(args.config, args.listen)
    except GovopsError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return exc.exit_code
