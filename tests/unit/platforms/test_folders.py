"""Every registered platform is one folder holding all of its parts (a table test over the registry)."""

from __future__ import annotations

import pytest

from govops.lab.sshsim import transcripts_for
from govops.platforms.audit_rules import rules_for
from govops.platforms.factory_defaults import all_defaults
from govops.platforms.registry import (
    PLATFORMS,
    PLATFORMS_DIR,
    SNMP_ONLY_PLATFORMS,
    all_platform_names,
    platform_dir,
)
from govops.platforms.snmp import GENERIC, SNMP_FILE, default_platforms


def test_registry_lines_are_sorted_and_disjoint() -> None:
    assert list(SNMP_ONLY_PLATFORMS) == sorted(SNMP_ONLY_PLATFORMS)
    assert not set(SNMP_ONLY_PLATFORMS) & set(PLATFORMS)


def test_every_folder_is_registered_and_every_registered_name_has_a_folder() -> None:
    folders = {p.name for p in PLATFORMS_DIR.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert folders == set(all_platform_names())


@pytest.mark.parametrize("name", all_platform_names())
def test_every_platform_identifies_over_snmp(name: str) -> None:
    assert (platform_dir(name) / SNMP_FILE).is_file()
    # Rows a device can select (a row without selection keys only holds rules other rows name in extract_after).
    rows = [row for row in default_platforms() if row.platform == name and (row.sys_object_id or row.sys_descr)]
    assert rows, f"{name}/snmp.yaml has no row"
    # The vendor may stay unknown (net-snmp on Linux says nothing of the hardware); the kind may not.
    assert all(row.kind for row in rows), "every row names its default kind"


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_every_cli_platform_has_all_its_parts(name: str) -> None:
    folder = platform_dir(name)
    plat = PLATFORMS[name]
    assert (folder / "__init__.py").is_file()
    assert rules_for(name), "audit.yaml: configuration audit rules"
    assert all_defaults().get(name), "factory_defaults.yaml: published default logins"
    transcripts = transcripts_for(name)
    assert (transcripts / (plat.version_command().replace(" ", "_") + ".raw")).is_file(), "lab transcripts"
    for templates in (*plat.templates.values(), *plat.fallback_templates.values()):
        for template in templates:
            assert (folder / "templates" / template).is_file(), template
    own = {p.name for p in (folder / "templates").glob("*.textfsm")}
    declared = {t for ts in (*plat.templates.values(), *plat.fallback_templates.values()) for t in ts}
    assert own == declared, "templates in the folder and in the record agree"


@pytest.mark.parametrize("name", sorted(SNMP_ONLY_PLATFORMS))
def test_snmp_only_platforms_hold_only_snmp_data(name: str) -> None:
    assert sorted(p.name for p in platform_dir(name).iterdir()) == [SNMP_FILE]


def test_one_platform_name_everywhere() -> None:
    # SNMP rows name the same platforms SSH and the inventory use (no h3c_comware, no junos).
    names = {row.platform for row in default_platforms() if row.id != GENERIC}
    assert names <= set(all_platform_names())
    assert {"hp_comware", "juniper_junos", "huawei_vrp"} <= names
