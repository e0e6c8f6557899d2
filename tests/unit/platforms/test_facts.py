"""Scalar facts read over SSH: a serial that names no device is none."""

from __future__ import annotations

import pytest

from govops.catalog.vendors import classify_device, default_vendors
from govops.platforms.base import FactCommand
from govops.platforms.facts import CommandRejected, DeviceFacts, apply_scalars, collect_facts
from govops.platforms.registry import get_platform

ESN = FactCommand(fact="serial", command="display esn", fields={"serial": "ESN"})


@pytest.mark.parametrize("serial", ["FFFFFFFFFFFFFFFFFFFF", "XXXXXXXXXX", "N/A", "0000000000", "Serial Number"])
def test_a_placeholder_or_fill_pattern_serial_is_none_and_the_next_command_is_tried(serial: str) -> None:
    facts = DeviceFacts(platform="huawei_vrp")
    assert apply_scalars(facts, ESN, [{"esn": serial}]) is False and facts.serial is None


def test_a_real_serial_is_kept() -> None:
    facts = DeviceFacts(platform="huawei_vrp")
    assert apply_scalars(facts, ESN, [{"esn": "2102550AFWP0H6000080"}]) is True
    assert facts.serial == "2102550AFWP0H6000080"


VERSION = FactCommand(fact="version", command="display version", fields={"version": "VERSION", "vendor": "VENDOR"})
MANUINFO = FactCommand(fact="serial", command="display device manuinfo",
                       fields={"serial": "DEVICE_SERIAL_NUMBER", "vendor": "VENDOR_NAME"})


@pytest.mark.parametrize(("banner", "record", "want"), [
    ("H3C", "HP", "HP"),  # an HP box flashed with H3C's image keeps its manufacture record's brand
    ("HPE", "H3C", "H3C"),
    ("H3C", "", "H3C"),  # a record with no vendor leaves the banner's
    ("H3C", "NONE", "H3C"),  # ... as does one whose vendor is a placeholder
    ("HPE", "N/A", "HPE"),
])
def test_the_manufacture_records_vendor_replaces_the_banners(banner: str, record: str, want: str) -> None:
    facts = DeviceFacts(platform="hp_comware", vendor="H3C")
    apply_scalars(facts, VERSION, [{"version": "7.1.070", "vendor": banner}])
    apply_scalars(facts, MANUINFO, [{"device_serial_number": "210235A2V8H199000123", "vendor_name": record}])
    assert facts.vendor == want


def test_the_comware_manuinfo_command_reads_the_vendor() -> None:
    serial = next(c for c in get_platform("hp_comware").commands if c.command == "display device manuinfo")
    assert serial.fields["vendor"] == "VENDOR_NAME"


@pytest.mark.parametrize(("vendor", "verdict"), [("HP", "foreign"), ("HPE", "foreign"), ("H3C", "domestic")])
def test_the_brand_comware_states_gives_its_verdict(vendor: str, verdict: str) -> None:
    """The brand as 'display version' and 'display device manuinfo' write it ('HP' on HP-branded Comware 5)."""
    assert classify_device(default_vendors(), vendor=vendor).verdict == verdict


# `show version` of a made-up VM-host Junos box, written for these tests: no 'Junos:' line; the release is stated only
# in the brackets of some package lines, the others hold build stamps.
_VMHOST = (
    "Hostname: branch-test\nModel: nfx150_c_s1\n"
    "JUNOS OS Kernel 64-bit [20230101.aaaa111_builder_stable_12]\n"
    "JUNOS runtime [20230202.010203_builder_junos_222_r2]\n"
    "JUNOS Openconfig [{release}]\n"
    "Junos vmguest package [20230202.010203_builder_junos_222_r2]\n"
    "JUNOS jsd [i386-{release}-jet-1]\n"
    "JUNOS na telemetry [{release}]\n"
    "{extra}"
)


def _junos_version(text: str) -> DeviceFacts:
    def run_cli(command: str) -> str:
        if command != "show version":
            raise CommandRejected(command, "not in this test")
        return text

    return collect_facts(get_platform("juniper_junos"), run_cli, facts=("version",))


def test_a_junos_output_with_no_junos_line_gives_the_release_its_package_lines_state() -> None:
    facts = _junos_version(_VMHOST.format(release="22.2R2.7", extra=""))
    assert (facts.hostname, facts.model, facts.version, facts.errors) == ("branch-test", "nfx150_c_s1", "22.2R2.7", {})
    # The VM host's own release, stated once beside the guest's, is not the box's.
    host = _junos_version(_VMHOST.format(release="22.2R2.7", extra="JUNOS Host Software [21.4R3-S1.5]\n"))
    assert host.version == "22.2R2.7"


def test_the_junos_line_comes_before_the_package_lines() -> None:
    facts = _junos_version("Junos: 23.4R1-S2.1\n" + _VMHOST.format(release="22.2R2.7", extra=""))
    assert facts.version == "23.4R1-S2.1"


def test_package_lines_stating_two_releases_equally_give_none() -> None:
    text = "Hostname: branch-test\nModel: nfx150_c_s1\nJUNOS Openconfig [22.2R2.7]\nJUNOS na telemetry [21.4R3.5]\n"
    facts = _junos_version(text)
    assert facts.version is None and facts.errors["version"] == "'show version': no version in the output"
    builds_only = _junos_version("Hostname: branch-test\nJUNOS runtime [20230202.010203_builder_junos_222_r2]\n")
    assert builds_only.version is None
