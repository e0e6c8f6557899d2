"""The platform registry is a table; test it as data (cf. netutils' lib_mapper tests)."""

from __future__ import annotations

import re

import pytest
from netmiko.ssh_dispatcher import CLASS_MAPPER

from govops.errors import InputError
from govops.platforms.parse import ntc_template_for, own_templates_for
from govops.platforms.registry import ALIASES, NETMIKO_TO_PLATFORM, PLATFORMS, get_platform


def test_registry_keys_are_sorted_and_match_records() -> None:
    assert list(PLATFORMS) == sorted(PLATFORMS)
    assert all(name == plat.name for name, plat in PLATFORMS.items())


def test_reverse_mapping_agrees_with_forward() -> None:
    for device_type, name in NETMIKO_TO_PLATFORM.items():
        assert PLATFORMS[name].netmiko_device_type == device_type
    assert len(NETMIKO_TO_PLATFORM) == len(PLATFORMS)


def test_aliases_point_to_known_platforms_and_do_not_shadow_them() -> None:
    assert set(ALIASES.values()) <= set(PLATFORMS)
    assert not set(ALIASES) & set(PLATFORMS)


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_netmiko_knows_each_device_type(name: str) -> None:
    assert PLATFORMS[name].netmiko_device_type in CLASS_MAPPER


def test_parser_names_differ_from_netmiko_where_ntc_needs_it() -> None:
    # Netmiko's `huawei` finds no ntc-templates template; `huawei_vrp` does.
    assert get_platform("huawei").ntc_platform == "huawei_vrp"
    assert get_platform("h3c_comware").ntc_platform == "hp_comware"


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_every_parsed_fact_command_has_a_template(name: str) -> None:
    plat = PLATFORMS[name]
    for cmd in plat.commands:
        if cmd.raw:
            continue
        assert own_templates_for(plat, cmd.command) or ntc_template_for(plat, cmd.command), (name, cmd.command)


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_every_pattern_compiles_and_prompt_matches_simulated_prompt(name: str) -> None:
    plat = PLATFORMS[name]
    for pattern in (plat.prompt_pattern, plat.more_pattern, *plat.error_patterns):
        re.compile(pattern)
    assert re.match(plat.prompt_pattern, plat.prompt_template.format(host="LAB-SW-01").strip())
    assert plat.paging_disable in plat.session_commands
    assert any(c.fact == "version" for c in plat.commands)
    assert any(c.fact == "config" and c.raw for c in plat.commands)
    assert plat.detect, "autodetection rules are missing"


def test_variant_conditions_name_declared_variants() -> None:
    for plat in PLATFORMS.values():
        names = {v.name for v in plat.variants}
        for cmd in plat.commands:
            assert set(cmd.variants) <= names, (plat.name, cmd.command)


def test_unknown_platform_names_the_choices() -> None:
    with pytest.raises(InputError) as info:
        get_platform("huawei_vrpp")
    assert "huawei_vrp" in str(info.value)


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_detection_rules_pick_each_platform_from_its_version_output(name: str) -> None:
    from govops.lab.sshsim import transcripts_for
    from govops.platforms.detect import detect_platform

    plat = PLATFORMS[name]
    command = plat.version_command()
    text = (transcripts_for(name) / (command.replace(" ", "_") + ".raw")).read_text()
    other = "show version" if command.startswith("display") else "display version"
    rejected = "Error: Unrecognized command found at '^' position."
    found = detect_platform({command: text, other: rejected})
    assert found is not None and found.platform == name


def test_unrecognised_output_detects_nothing() -> None:
    from govops.platforms.detect import detect_platform

    assert detect_platform({"show version": "BusyBox v1.36 built-in shell (ash)"}) is None
