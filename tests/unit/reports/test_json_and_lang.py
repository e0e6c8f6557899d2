"""`--json` is exactly `--format json`; every `--lang` defaults to zh, or to config.toml's `lang`."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.hosttrees import build_tree
from tests.unit.reports.city import AS_OF


def _with_config(city: Cli, home: Path, text: str) -> Cli:
    """The city's store seen from another home whose config.toml holds ``text``."""
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text(text, encoding="utf-8")
    return Cli(home, city.db_url)


@pytest.mark.parametrize(
    "args",
    [("report", "summary", "--as-of", AS_OF), ("report", "changes", "--as-of", AS_OF),
     ("audit", "--as-of", AS_OF), ("inventory", "export")],
)  # fmt: skip
def test_json_is_format_json(city: Cli, args: tuple[str, ...]) -> None:
    def doc(*flags: str) -> Any:
        res = city(*args, *flags)
        assert res.exit_code in (0, 1), res.stderr
        out = res.json()
        out.pop("generated_at", None)  # a report's clock, to the second
        return out

    long = doc("--format", "json")
    assert long and doc("--json") == long
    assert doc("--json", "--format", "json") == long  # saying the same thing twice is fine


def test_lang_defaults_to_zh_everywhere(city: Cli, tmp_path: Path) -> None:
    for args in (("report", "summary", "--as-of", AS_OF), ("audit", "--as-of", AS_OF, "--json")):
        assert city(*args).stdout == city(*args, "--lang", "zh").stdout != city(*args, "--lang", "en").stdout
    root = build_tree("centos7", "weak", tmp_path / "weak")
    host = ("audit", "host", "--root", str(root))
    assert city(*host).stdout == city(*host, "--lang", "zh").stdout != city(*host, "--lang", "en").stdout
    assert city("inventory", "export", "--format", "csv", "--out", str(tmp_path / "csv")).exit_code == 0
    assert "厂商" in next(csv.reader((tmp_path / "csv" / "devices.csv").open(encoding="utf-8-sig")))


def test_config_lang_is_every_commands_default(city: Cli, tmp_path: Path) -> None:
    en = _with_config(city, tmp_path / "en-home", 'lang = "en"\n')
    for args in (("report", "summary", "--as-of", AS_OF), ("audit", "--as-of", AS_OF, "--json")):
        assert en(*args).stdout == city(*args, "--lang", "en").stdout
        assert en(*args, "--lang", "zh").stdout == city(*args).stdout  # the flag still wins
    assert en("inventory", "export", "--format", "csv", "--out", str(tmp_path / "csv")).exit_code == 0
    assert "vendor" in next(csv.reader((tmp_path / "csv" / "devices.csv").open(encoding="utf-8-sig")))


def test_a_bad_config_lang_is_named(city: Cli, tmp_path: Path) -> None:
    fr = _with_config(city, tmp_path / "fr-home", 'lang = "fr"\n')
    res = fr("report", "summary", "--as-of", AS_OF)
    assert res.exit_code == 2 and "config.toml: lang: unknown language 'fr'" in res.stderr, res.stderr
    # A nightly audit says so to Prometheus too.
    res = fr("audit", "--textfile", str(tmp_path))
    assert res.exit_code == 2 and "govops_audit_success 0" in (tmp_path / "govops_audit.prom").read_text()
