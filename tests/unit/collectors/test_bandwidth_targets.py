"""Bandwidth agent configuration: validation with file:line, shards, targets from the store."""

from __future__ import annotations

import doctest
from collections import Counter
from pathlib import Path

import pytest

from govops.collectors import bandwidth_targets
from govops.collectors.bandwidth_targets import (
    BandwidthConfig,
    load_config,
    parse_shard,
    select_shard,
    shard_of,
)
from govops.errors import ConfigError, InputError

GOOD = """\
listen: ":9120"
interval_seconds: 60
timeout_seconds: 10
targets:
  - name: city-core-1
    address: 10.0.0.1
    snmp: {version: 2c, community: {env: CITY_CORE_COMMUNITY}}
    interfaces: {include: ["^XGiga"], exclude: ["\\\\.\\\\d+$"]}
  - name: county-1
    address: 10.1.0.1
    port: 1161
    snmp: {version: "3", user: ops, auth: sha, auth_key: {file: /etc/govops/v3.key}}
links:
  - name: city-telecom
    device: city-core-1
    interface: XGigabitEthernet0/0/1
    carrier: 中国电信
    role: primary
    level: city
    site: city
    bandwidth_mbps: 10000
    probe: {address: 202.96.0.1, tcp_port: 443}
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bandwidth.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_doctests() -> None:
    assert doctest.testmod(bandwidth_targets).failed == 0


def test_good_config_attaches_links_to_targets(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, GOOD))
    assert [t.name for t in cfg.targets] == ["city-core-1", "county-1"]
    assert cfg.targets[0].links[0].name == "city-telecom" and cfg.targets[1].links == ()
    assert cfg.targets[1].snmp.version == "3" and cfg.targets[1].port == 1161
    assert "SecretRef(env='CITY_CORE_COMMUNITY')" in repr(cfg)  # references only, never a value


@pytest.mark.parametrize(
    ("edit", "error", "message"),
    [
        (("    port: 1161\n", "    prot: 1161\n"), InputError, "bandwidth.yml:11: unknown field `prot`"),
        (("    device: city-core-1\n", "    device: city-core-9\n"), ConfigError, "names device 'city-core-9'"),
        (("timeout_seconds: 10\n", "timeout_seconds: 90\n"), ConfigError, "must be below interval_seconds"),
        (("role: primary", "role: main"), InputError, "'main' is not one of primary, backup"),
        (('["^XGiga"]', '["(unclosed"]'), ConfigError, "bad interface pattern '(unclosed'"),
        (("version: 2c, community: {env: CITY_CORE_COMMUNITY}", "version: 2c"), ConfigError, "needs a community"),
        (("community: {env: CITY_CORE_COMMUNITY}", "community: public"), ConfigError, "must be a reference"),
        (("  - name: county-1\n", "  - name: city-core-1\n"), ConfigError, "declared twice"),
        (("bandwidth_mbps: 10000", "bandwidth_mbps: lots"), InputError, "expected a number"),
    ],
)
def test_bad_config_names_the_place(
    tmp_path: Path, edit: tuple[str, str], error: type[Exception], message: str
) -> None:
    assert edit[0] in GOOD
    with pytest.raises(error) as exc:
        load_config(write(tmp_path, GOOD.replace(edit[0], edit[1], 1)))
    assert message in str(exc.value)
    assert "bandwidth.yml" in str(exc.value)


def test_shards_split_targets_stably_and_completely(tmp_path: Path) -> None:
    assert parse_shard("1/4") == (0, 4)
    for bad in ("0/4", "5/4", "x", "1/0"):
        with pytest.raises(InputError):
            parse_shard(bad)
    cfg = load_config(write(tmp_path, GOOD))
    many = BandwidthConfig(targets=tuple(
        type(cfg.targets[0])(name=f"sw{i}", address="10.0.0.1", snmp=cfg.targets[0].snmp) for i in range(400)
    ))
    parts = [select_shard(many, i, 4) for i in range(4)]
    names = [t.name for p in parts for t in p.targets]
    assert sorted(names) == sorted(t.name for t in many.targets)  # every target in exactly one shard
    assert min(len(p.targets) for p in parts) > 60  # and roughly even
    assert Counter(shard_of(f"sw{i}", 4) for i in range(400)) == Counter(shard_of(f"sw{i}", 4) for i in range(400))
    assert shard_of("city-core-1", 8) == 6  # fixed across processes and Python versions (sha256, not hash())
