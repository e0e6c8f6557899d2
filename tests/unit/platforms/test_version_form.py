"""One OS version figure per device, whichever surface read it: a platform's SNMP rows and its CLI's version command
give the same string (``Platform.version_form``), so reconcile and the reports compare one value per release.

The CLI side reads the platform's own lab transcripts as they are (the frame each CLI writes); the SNMP side a made-up
walk whose sysDescr states the same release in the shape the maker's agents write it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

import govops.platforms
from govops.errors import CatalogError
from govops.lab.ssh_service import transcript_runner
from govops.lab.sshsim import SimDevice, transcripts_for
from govops.platforms import base, registry
from govops.platforms.base import VersionForm
from govops.platforms.facts import CommandRejected, collect_facts
from govops.platforms.registry import CLI_PLATFORMS, get_platform
from govops.platforms.snmp import default_platforms
from tests.snmp_cases import run, system

CASES = [
    # `display version`: 'Version 5.170 (S5720 V200R011C10SPC500)': the product line before the release.
    ("huawei_vrp", "S5720-28X-SI-AC\r\nHuawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.170 "
     "(S5720 V200R011C10SPC500)\r\nCopyright (C) 2000-2018 HUAWEI TECH Co., Ltd", "1.3.6.1.4.1.2011.2.23.419",
     "5.170 (V200R011C10SPC500)"),
    # `display version`: 'Version 7.1.070, Release 6616P05', read as its two parts; the sysDescr states the same.
    ("hp_comware", "H3C Comware Platform Software, Software Version 7.1.070, Release 6616P05\r\nH3C S6520X-54QC-EI\r\n"
     "Copyright (c) 2004-2020 New H3C Technologies Co., Ltd.", "1.3.6.1.4.1.25506.1.1161", "7.1.070 (6616P05)"),
    # `show version`: 'System software version : RGOS 11.4(1)B12P3 Release(05191612)': the OS's name and the build.
    ("ruijie_os", "Ruijie Full Gigabit Security & Intelligence Access Switch(S5750-24GT4SFP-E) By Ruijie Networks, "
     "RGOS 11.4(1)B12P3", "1.3.6.1.4.1.4881.1.1.10.1.114", "11.4(1)B12P3"),
    # `show version`: 'Version: 6120H-S V5.10.00.50, Release software': the model before the version.
    ("zte_zxros", "ZXR10 6120H-S Software, Version: V5.10.00.50, Release software", "1.3.6.1.4.1.3902.3.100.25",
     "V5.10.00.50"),
]  # fmt: skip
# The platforms whose sysDescr states the release in a frame of its own ('Version 5.170 (S5720 V200R011C10SPC500)',
# '7.1.070, Release 6616P05'): the version form rewrites what SNMP read; the others' SNMP rows state the figure as is.
REFRAMED = frozenset({"huawei_vrp", "hp_comware"})


@pytest.mark.parametrize(("platform", "descr", "oid", "figure"), CASES, ids=[c[0] for c in CASES])
def test_snmp_and_the_cli_give_one_version_figure(platform: str, descr: str, oid: str, figure: str) -> None:
    plat = get_platform(platform)
    cli = collect_facts(plat, transcript_runner(SimDevice(plat, transcripts_for(platform))), facts=("version",))
    assert cli.version == figure
    obs = run(system(descr, oid))
    assert obs.device["os_version"] == figure, obs.device["evidence"]
    # The evidence names the form exactly where the sysDescr frames the release its own way.
    said = obs.device["evidence"]["os_version"]
    assert said.endswith(f"in {platform}'s version form") == (platform in REFRAMED), said


def test_a_version_the_form_does_not_fit_is_kept_as_stated() -> None:
    vrp = get_platform("huawei_vrp")
    assert vrp.os_version("8.190") == "8.190"  # the VRP version alone, no release stated
    assert vrp.os_version("V600R024C00SPC100") == "V600R024C00SPC100"  # the release alone
    assert vrp.os_version("1.24.0.1 (S6700 V600R024C00SPC100)") == "V600R024C00SPC100"  # YunShan: as its SNMP row
    assert vrp.os_version("8.180 (NetEngine 8000 M8 V800R012C10SPC300)") == "8.180 (V800R012C10SPC300)"
    assert vrp.os_version("5.170 V200R012C00SPC500") == "5.170 (V200R012C00SPC500)"  # a chassis's revision
    assert vrp.os_version(None) is None
    comware = get_platform("hp_comware")
    assert comware.os_version("5.20.99 Release 2222P08") == "5.20.99 (2222P08)"  # Comware 5's banner, no comma
    assert comware.os_version("7.1.045, ESS 2418P06") == "7.1.045 (2418P06)"
    assert comware.os_version("Release 2509P33") == "Release 2509P33"  # the release alone: no parts to frame
    assert get_platform("cisco_ios").os_version("15.2(7)E3") == "15.2(7)E3"  # no image named: as stated
    assert get_platform("juniper_junos").os_version("21.4R3-S5", "x") == "21.4R3-S5"  # a platform with no form
    assert VersionForm(((r"(?P<v>\d+)", "{v}"),)).apply(" 12 ") == "12"


def _show_version(image: str, version: str) -> str:
    # `show version` of an IOS/IOS-XE device, the lines the fact collection reads; written for this test.
    return (f"{_banner(image, version)} (fc5)\nTechnical Support: http://www.cisco.com/techsupport\n\n"
            "sw-test uptime is 3 weeks, 2 days\n\ncisco C9300-24T (X86) processor with 1392289K/6147K bytes of memory."
            "\nProcessor board ID FCW0000A0AA\n")


def _banner(image: str, version: str) -> str:
    # The line `show version` and the sysDescr both open with.
    return f"Cisco IOS Software [Gibraltar], Catalyst L3 Switch Software ({image}), Version {version}, RELEASE SOFTWARE"


@pytest.mark.parametrize(
    ("image", "version", "figure"),
    [
        # Catalyst IOS-XE: the image with the version, the form the IOS-XE SNMP row gives (LibreNMS's).
        ("CAT9K_IOSXE", "16.12.4", "CAT9K_IOSXE 16.12.4"),
        ("CAT9K_LITE_IOSXE", "17.3.5", "CAT9K_LITE_IOSXE 17.3.5"),
        # Any other image: the version alone, as the IOS row and IOS-XE 3.x / router sysDescrs give it.
        ("C2960X-UNIVERSALK9-M", "15.2(7)E4", "15.2(7)E4"),
        ("cat4500e-UNIVERSALK9-M", "03.06.05.E", "03.06.05.E"),
        ("X86_64_LINUX_IOSD-UNIVERSALK9-M", "16.9.4", "16.9.4"),
    ],
)
def test_ios_reads_the_image_the_version_command_names(image: str, version: str, figure: str) -> None:
    text = _show_version(image, version)

    def run_cli(command: str) -> str:
        if command != "show version":
            raise CommandRejected(command, "not in this test")
        return text

    assert collect_facts(get_platform("cisco_ios"), run_cli, facts=("version",)).version == figure
    # The same device's sysDescr: SNMP gives the same figure.
    assert run(system(_banner(image, version), "1.3.6.1.4.1.9.1.2494")).device["os_version"] == figure


def test_an_image_the_form_does_not_fit_keeps_the_version_as_stated() -> None:
    ios = get_platform("cisco_ios")
    assert ios.os_version("16.12.4", "CAT9K_IOSXE") == "CAT9K_IOSXE 16.12.4"
    assert ios.os_version("16.12.4 beta", "CAT9K_IOSXE") == "16.12.4 beta"  # a version with a space: not framed
    assert ios.os_version("CAT9K_IOSXE 16.12.4") == "CAT9K_IOSXE 16.12.4"  # as the SNMP row states it
    assert ios.os_version("Version 12.2(58)SE2") == "Version 12.2(58)SE2"  # no image named: not cut
    assert ios.os_version(None, "CAT9K_IOSXE") is None


# Platforms read over SSH and SNMP alike that declare no version form, and why none is needed: checked by running the
# CLI parser on the corpus's real version outputs and the lab transcripts, and discovery on the family's development
# walks (s19 j3c).
NO_FORM_NEEDED = {
    "juniper_junos": "`show version` ('Junos: 21.4R3-S3.4') and the sysDescr ('kernel JUNOS 13.3R9.13') both state the "
    "release alone",
}


def _unaccounted(both: Iterable[str], form_of: Callable[[str], VersionForm | None]) -> list[str]:
    """Platforms with both surfaces that neither declare a version form nor say why they need none."""
    return [name for name in both if form_of(name) is None and name not in NO_FORM_NEEDED]


def _both_surfaces() -> list[str]:
    snmp = {row.platform for row in default_platforms()}
    return [name for name in CLI_PLATFORMS if name in snmp]


def test_every_platform_read_over_ssh_and_snmp_declares_its_version_form_or_why_it_needs_none() -> None:
    both = _both_surfaces()
    assert "cisco_nxos" in both and "juniper_junos" in both  # the registry is read, not an empty list

    def form_of(name: str) -> VersionForm | None:
        return get_platform(name).version_form

    assert _unaccounted(both, form_of) == []
    # A new platform with both surfaces and neither is refused; a listed one must still be unformed and have both.
    assert _unaccounted([*both, "new_os"], lambda name: None if name == "new_os" else form_of(name)) == ["new_os"]
    assert [name for name in NO_FORM_NEEDED if name not in both or form_of(name) is not None] == []


# `show version` and the sysDescr of one made-up device each, written for this test in the shape the OS writes them.
_NXOS_SHOW_VERSION = (
    "Cisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\n\nSoftware\n"
    "  BIOS: version 05.47\n  NXOS: version {version}\n  NXOS image file is: bootflash:///nxos64-cs.bin\n\n"
    "Hardware\n  cisco Nexus9000 C93180YC-FX Chassis\n  Processor Board ID FDO00000AAA\n\n  Device name: leaf-test\n"
)
_JUNOS_SHOW_VERSION = "Hostname: edge-test\nModel: mx204\nJunos: {version}\n"


@pytest.mark.parametrize(
    ("platform", "show_version", "version", "descr", "oid", "figure"),
    [
        # NX-OS 10's note on the release's kind and ACI mode's build note: the release alone, as the sysDescr row.
        ("cisco_nxos", _NXOS_SHOW_VERSION, "10.2(3) [Feature Release]", "Cisco NX-OS(tm) nxos64-cs.10.2.3.F.bin, "
         "Software (nxos64-cs), Version 10.2(3), RELEASE SOFTWARE", "1.3.6.1.4.1.9.12.3.1.3.1812", "10.2(3)"),
        ("cisco_nxos", _NXOS_SHOW_VERSION, "15.1(2e) [build 15.1(2e)]", "Cisco NX-OS(tm) aci-n9000-system.15.1.2e.bin,"
         " Software (aci-n9000-system), Version 15.1(2e), RELEASE SOFTWARE", "1.3.6.1.4.1.9.12.3.1.3.1812",
         "15.1(2e)"),
        ("cisco_nxos", _NXOS_SHOW_VERSION, "9.3(8)", "Cisco NX-OS(tm) nxos.9.3.8.bin, Software (nxos), Version 9.3(8), "
         "RELEASE SOFTWARE", "1.3.6.1.4.1.9.12.3.1.3.1812", "9.3(8)"),
        # Junos: no form, both state the release alike (NO_FORM_NEEDED).
        ("juniper_junos", _JUNOS_SHOW_VERSION, "20.4R3-S2.6", "Juniper Networks, Inc. mx204 internet router, kernel "
         "JUNOS 20.4R3-S2.6, Build date: 2022-01-01 00:00:00 UTC", "1.3.6.1.4.1.2636.1.1.1.2.150", "20.4R3-S2.6"),
    ],
)  # fmt: skip
def test_the_version_command_and_the_sysdescr_give_one_figure(
    platform: str, show_version: str, version: str, descr: str, oid: str, figure: str
) -> None:
    text = show_version.format(version=version)

    def run_cli(command: str) -> str:
        if command != "show version":
            raise CommandRejected(command, "not in this test")
        return text

    assert collect_facts(get_platform(platform), run_cli, facts=("version",)).version == figure
    obs = run(system(descr, oid))
    assert (obs.device["platform"], obs.device["os_version"]) == (platform, figure)


_BROKEN_RECORD = '''from govops.platforms.base import Platform, VersionForm

PLATFORM = Platform(
    name="broken_os", vendor="Nobody", netmiko_device_type="broken_os", ntc_platform="broken_os",
    session_commands=(), paging_disable="", prompt_pattern=r"#$", error_patterns=(), more_pattern="--More--",
    commands=(), version_form=VersionForm(forms=((r"(?P<ver>V\\d+", "{ver}"),)),
)
'''


def test_a_version_form_whose_regex_does_not_compile_is_refused_as_the_record_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A record of the registry's own loading (a folder with its __init__.py), its version form's regex unclosed:
    # refused as it loads, naming the folder's file and the part, not at the first device whose version it forms.
    (tmp_path / "broken_os").mkdir()
    (tmp_path / "broken_os" / "__init__.py").write_text(_BROKEN_RECORD, encoding="utf-8")
    monkeypatch.setattr(govops.platforms, "__path__", [*govops.platforms.__path__, str(tmp_path)])
    monkeypatch.setattr(registry, "CLI_PLATFORMS", (*registry.CLI_PLATFORMS, "broken_os"))
    registry._records.cache_clear()
    try:
        with pytest.raises(CatalogError) as caught:
            registry.get_platform("broken_os")
    finally:
        registry._records.cache_clear()  # the next caller loads the real records again
    assert caught.value.message.startswith(
        "platforms/broken_os/__init__.py: version_form #1: bad regex '(?P<ver>V\\\\d+': missing ), unterminated "
        "subpattern"), caught.value.message
    assert "govops.platforms.broken_os" not in sys.modules


class _CountingRe:
    """The ``re`` module as ``platforms.base`` sees it, noting each function it is asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __getattr__(self, name: str) -> Any:
        self.asked.append(name)
        return getattr(re, name)


def test_a_version_form_compiles_its_regexes_once(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _CountingRe()
    monkeypatch.setattr(base, "re", counting)
    form = VersionForm(((r"(?P<v>\d+)", "{v}"), (r"v(?P<v>\d+)", "{v}")))
    assert counting.asked == ["compile", "compile"]  # each regex once, as the form is made
    assert [p.pattern for p in form.patterns] == [r"(?P<v>\d+)", r"v(?P<v>\d+)"]
    assert (form.fit("v7"), form.fit("8"), form.apply("v7x")) == ("7", "8", "v7x")
    assert counting.asked == ["compile", "compile"]  # forming versions compiles (or looks up) nothing again
    assert form == VersionForm(((r"(?P<v>\d+)", "{v}"), (r"v(?P<v>\d+)", "{v}")))  # compared by what it states
