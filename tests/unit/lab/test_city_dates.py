"""The demo city's calendar: dates written as seen on one day, moved to the day the demo runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from govops.lab.city import DEMO_CITY
from govops.lab.city_dates import MAX_CALENDAR_BYTES, city_dated, redate_city
from govops.lab.process import LabError
from tests.conftest import Cli


def _systems(city: Path) -> list[dict[str, Any]]:
    text = (city / "systems.yaml").read_text(encoding="utf-8")
    systems: list[dict[str, Any]] = yaml.load(text, Loader=yaml.CSafeLoader)["systems"]
    return systems


def test_demo_city_moved_to_any_run_day_keeps_its_ages(tmp_path: Path) -> None:
    dated = city_dated(DEMO_CITY)
    assert dated is not None
    original = _systems(DEMO_CITY)
    for day in (dated, dt.date(2031, 2, 28), dt.date(2028, 2, 29)):
        moved = _systems(redate_city(DEMO_CITY, tmp_path / str(day), day))
        assert len(moved) == len(original) == 182
        passes = [s for s in moved if s.get("dengbao", {}).get("level", 0) >= 3 and s["dengbao"]["passed"]]
        # The Suining-like figure: six level-3 passes within the year before the run day, every year.
        assert len(passes) == 6 and all(0 < (day - s["dengbao"]["assessed"]).days < 365 for s in passes)
        for old, new in zip(original, moved, strict=True):
            assert {k: v for k, v in new.items() if k not in ("dengbao", "migration")} == \
                {k: v for k, v in old.items() if k not in ("dengbao", "migration")}  # fmt: skip
            if "dengbao" in old:
                assert new["dengbao"]["assessed"] - old["dengbao"]["assessed"] == day - dated


def test_moved_city_imports_with_the_moved_dates(store_cli: Cli, tmp_path: Path) -> None:
    day = dt.date(2030, 6, 1)
    moved = redate_city(DEMO_CITY, tmp_path / "city", day)
    assert store_cli("inventory", "import", str(moved)).exit_code == 0
    res = store_cli("report", "kpi", "--format", "json", "--as-of", day.isoformat())
    l3 = next(k for k in res.json()["kpis"] if k["key"] == "dengbao_l3_pass_rate")
    assert (l3["numerator"], l3["denominator"]) == (6, 182)


def test_a_city_without_a_calendar_is_imported_as_written(tmp_path: Path) -> None:
    (tmp_path / "systems.yaml").write_text("systems: []\n", encoding="utf-8")
    assert city_dated(tmp_path) is None
    assert redate_city(tmp_path, tmp_path / "out", dt.date(2030, 1, 1)) == tmp_path
    assert not (tmp_path / "out").exists()


def test_nested_dates_move_and_other_values_stay(tmp_path: Path) -> None:
    (tmp_path / "city.toml").write_text("dated = 2026-12-01\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "systems.yml").write_text(
        "systems:\n  - {name: '2026-01-01', dengbao: {level: 3, assessed: 2026-11-01}, tags: [2026-10-01, x]}\n",
        encoding="utf-8",
    )
    out = redate_city(tmp_path, tmp_path.parent / "moved", dt.date(2026, 12, 11))
    row = yaml.safe_load((out / "sub" / "systems.yml").read_text(encoding="utf-8"))["systems"][0]
    assert row == {"name": "2026-01-01", "dengbao": {"level": 3, "assessed": dt.date(2026, 11, 11)},
                   "tags": [dt.date(2026, 10, 11), "x"]}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dated = '2026-12-01'\n", "'dated' must be a date"),
        ("dated = 2026-12-01T10:00:00\n", "'dated' must be a date"),
        ("when = 2026-12-01\n", "'dated' must be a date"),
        ("dated = 2026-13-01\n", "cannot read the city's calendar"),
        ("dated = \xff\n", "cannot read the city's calendar"),
        ("# " + "x" * MAX_CALENDAR_BYTES + "\ndated = 2026-12-01\n", "for a date declaration"),
    ],
)
def test_a_bad_calendar_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "city.toml").write_bytes(text.encode("latin-1"))
    with pytest.raises(LabError, match=message) as err:
        redate_city(tmp_path, tmp_path / "out", dt.date(2030, 1, 1))
    assert "city.toml" in str(err.value)


def test_a_city_with_ledgers_is_not_moved(tmp_path: Path) -> None:
    (tmp_path / "city.toml").write_text("dated = 2026-12-01\n", encoding="utf-8")
    (tmp_path / "devices.csv").write_text("name\nsw1\n", encoding="utf-8")
    with pytest.raises(LabError, match="only YAML files can be moved"):
        redate_city(tmp_path, tmp_path / "out", dt.date(2030, 1, 1))
