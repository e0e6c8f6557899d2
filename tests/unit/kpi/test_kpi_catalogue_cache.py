"""The KPI catalogue is read from its compiled form once accepted; a bad catalogue still names file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.errors import ConfigError
from govops.kpi.definitions import CATALOGUE, kpi_catalogue, load_rows


def test_the_compiled_form_gives_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_CACHE", str(tmp_path / "cache"))
    parsed = load_rows()
    assert len(list((tmp_path / "cache").glob("kpi-catalogue-*.json"))) == 1
    assert load_rows() == parsed  # now from the compiled form
    overridden = {k.key: k for k in kpi_catalogue({"kpi": {"cloud_rate": {"target": 0.85}}})}
    assert overridden["cloud_rate"].target == 0.85 and len(overridden) == len(parsed)


def test_a_bad_catalogue_names_its_line_and_is_never_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_CACHE", str(tmp_path / "cache"))
    text = CATALOGUE.read_text(encoding="utf-8")
    first = text.index("  - key: cloud_rate")
    second = text.index("\n  - key:", first + 1) + 1
    bad = tmp_path / "catalogue.yaml"
    bad.write_text(text + "\n" + text[first:second], encoding="utf-8")  # the first row once more at the end
    for _ in range(2):
        with pytest.raises(ConfigError, match=rf"{bad}:\d+: duplicate KPI key 'cloud_rate'"):
            load_rows(bad)
    assert not list((tmp_path / "cache").glob("kpi-catalogue-*.json"))
