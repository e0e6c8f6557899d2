"""govops' own TextFSM templates, tested like ntc-templates tests its own.

Each case is ``fixtures/<platform>/<command words>/<case>.raw`` beside ``<case>.yml``
holding ``parsed_sample``; a new case needs no test code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from govops.platforms.parse import parse
from govops.platforms.registry import PLATFORMS, PLATFORMS_DIR

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(FIXTURES.glob("*/*/*.raw"))


def _command(raw: Path) -> str:
    return raw.parent.name.replace("_", " ")


@pytest.mark.parametrize("raw", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_own_template_case(raw: Path) -> None:
    expected = yaml.safe_load(raw.with_suffix(".yml").read_text(encoding="utf-8"))["parsed_sample"]
    assert parse(raw.parts[-3], _command(raw), raw.read_text(encoding="utf-8")) == expected


def test_cases_were_found() -> None:
    assert len(CASES) >= 14


OWN_TEMPLATES = sorted(p.name for p in PLATFORMS_DIR.glob("*/templates/*.textfsm"))


@pytest.mark.parametrize("template", OWN_TEMPLATES)
def test_every_own_template_has_a_case(template: str) -> None:
    stem = template.removesuffix(".textfsm")
    base, _, variant = stem.partition("__")
    platform = next(p for p in PLATFORMS if base.startswith(p + "_"))
    command_dir = FIXTURES / platform / base.removeprefix(platform + "_")
    cases = sorted(command_dir.glob("*.raw"))
    assert cases, f"{template} has no case under {command_dir}"
    if variant and variant != "fallback":
        assert any(variant in c.name for c in cases), f"{template}: no case named after {variant!r}"


@pytest.mark.parametrize("template", OWN_TEMPLATES)
def test_every_own_template_is_declared_by_its_platform(template: str) -> None:
    declared = {
        t
        for plat in PLATFORMS.values()
        for ts in (*plat.templates.values(), *plat.fallback_templates.values())
        for t in ts
    }
    assert template in declared


def test_parse_never_returns_raw_text_for_foreign_output() -> None:
    from govops.errors import ParseError

    with pytest.raises(ParseError) as info:
        parse("hp_comware", "display device manuinfo", "this is not comware output\nat all\n")
    assert info.value.platform == "hp_comware"
    assert info.value.command == "display device manuinfo"
    assert info.value.template == "hp_comware_display_device_manuinfo.textfsm"


def test_parse_without_any_template_names_where_one_belongs() -> None:
    from govops.errors import ParseError

    with pytest.raises(ParseError) as info:
        parse("zte_zxros", "show lldp neighbor", "Capability codes: ...")
    assert "govops/platforms/zte_zxros/templates/zte_zxros_show_lldp_neighbor.textfsm" in str(info.value)


def test_captured_prompt_echo_and_pager_marks_are_removed() -> None:
    text = (
        "<GZ-S5720>display esn\n"
        "ESN of slot 0: 021TRJ10H1000123\n"
        "  ---- More ----\x1b[42D                                          \x1b[42D"
        "ESN of slot 1: 021TRJ10H1000124\n"
        "<GZ-S5720>\n"
    )
    assert [r["esn"] for r in parse("huawei_vrp", "display esn", text)] == ["021TRJ10H1000123", "021TRJ10H1000124"]


def test_firewall_hot_standby_prompt_is_removed() -> None:
    text = "HRP_M<GZ-USG6555E>display esn\nESN of device: 2102113029P0KA000789\nHRP_M<GZ-USG6555E>"
    assert parse("huawei_vrp", "display esn", text) == [{"slot": "device", "esn": "2102113029P0KA000789"}]


@pytest.mark.parametrize(
    ("platform", "command", "line"),
    [
        (
            "hp_comware",
            "display device manuinfo",
            "%May 27 12:56:22:101 2024 HZ-DSJ SHELL/5/SHELL_LOGIN: netops logged in from 10.30.0.5.",
        ),
        (
            "huawei_vrp",
            "display esn",
            "May 27 2024 12:56:22+08:00 GZ-ZWW %%01SHELL/5/CMDRECORD(s)[0]:Recorded command information.",
        ),
        (
            "cisco_ios",
            "show inventory",
            "*Mar  1 00:01:02.123: %LINK-3-UPDOWN: Interface GigabitEthernet1/0/2, changed state to down",
        ),
    ],
)
def test_async_log_lines_inside_output_are_dropped(platform: str, command: str, line: str) -> None:
    case = next((FIXTURES / platform / command.replace(" ", "_")).glob("*.raw"), None)
    text = case.read_text() if case else _corpus_text(platform, command)
    lines = text.splitlines()
    lines.insert(1, line)
    assert parse(platform, command, "\n".join(lines)) == parse(platform, command, text)


def _corpus_text(platform: str, command: str) -> str:
    from tests.conftest import corpus_root, missing_part

    folder = corpus_root() / "cli" / platform / command.replace(" ", "_")
    raws = sorted(folder.glob("*.raw"))
    if not raws:
        missing_part(f"corpus capture for {platform} {command} not found under {folder} (set GOVOPS_CORPUS)")
    return raws[0].read_text()
