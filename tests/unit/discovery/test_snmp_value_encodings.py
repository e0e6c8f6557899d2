"""The same facts in other bytes: GB18030 text, padded and Hex-STRING values, a version's 'V', hostile bytes.

Made-up walks (``tests.snmp_cases``). The GB18030, bounded-name and version cases failed before their rules; the
padding, Hex-STRING and CR LF cases pin what the re-encoded probe (``tests/snmp_next_device.py``) found kept.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from govops.cli.output import to_json
from govops.discovery.reconcile import reconcile
from govops.discovery.snmp import observation_json
from govops.snmp.recorded import parse_snmprec
from govops.snmp.values import VarBind, display_text, text_or_none, to_text
from govops.store.db import session_scope
from govops.store.models import Device
from tests.snmp_cases import ENT, chassis, run, system

UNREGISTERED = "1.3.6.1.4.1.99999.1"
# GBK's characters, GB18030's two-byte addition U+4DAE (GBK has no code for it) and a four-byte character.
CHINESE = "政务云机房 刘䶮 𠀀"
SYS_NAME = "1.3.6.1.2.1.1.5.0"


def hex_line(oid: str, raw: bytes) -> str:
    return f"{oid}|4x|{raw.hex()}"


def with_name(raw: bytes) -> list[str]:
    return [line for line in system("Box", UNREGISTERED) if not line.startswith(SYS_NAME)] + [hex_line(SYS_NAME, raw)]


def test_gb18030_text_decodes_whole() -> None:
    raw = CHINESE.encode("gb18030")
    assert to_text(raw) == CHINESE  # before: GBK rejected U+4DAE and the four-byte character: Latin-1 mojibake
    assert text_or_none(raw, latin1=False) == CHINESE
    assert display_text("机房".encode("gbk")) == "机房"  # GBK is GB18030's subset: read the same


def test_a_gb18030_sys_name_comes_out_as_chinese_in_the_observation_and_its_json() -> None:
    obs = run(with_name(CHINESE.encode("gb18030")))
    assert obs.ok and obs.device["sys_name"] == obs.device["name"] == CHINESE
    shown = to_json(observation_json(obs))  # what `discover snmp --json` prints
    assert CHINESE in shown and json.loads(shown)["device"]["sys_name"] == CHINESE


def test_a_gb18030_chassis_description_is_read_as_chinese() -> None:
    # No entPhysicalModelName: the chassis's description is its model.
    rows = [line for line in chassis(1, model="QX-210", serial="S1")
            if not line.startswith((f"{ENT}.2.1|", f"{ENT}.13."))]
    descr = "刘䶮 QX-210 机框".encode("gb18030")
    obs = run(system("Box", UNREGISTERED) + rows + [hex_line(f"{ENT}.2.1", descr)])
    assert obs.ok and obs.device["model"] == "刘䶮 QX-210 机框"


@pytest.mark.parametrize(
    "raw",
    [
        bytes([0xFF, 0xFE, 0x80, 0x81]) * 1024,  # 4096 octets, neither UTF-8 nor GB18030
        b"\x81\x30",  # a cut four-byte GB18030 sequence
        b"core\x00sw\x00\x0101",  # NULs in the middle
        "机房".encode("gb18030") + b"\xff" * 4094,
    ],
)
def test_bytes_that_are_no_text_come_out_safely_and_bounded(raw: bytes) -> None:
    assert display_text(raw)  # hex or Latin-1, never an exception
    obs = run(with_name(raw))
    assert obs.ok, obs.error
    name = obs.device["sys_name"]
    assert name is not None and len(name) <= 255  # before: 12,287 characters of hex
    assert "\x00" not in name


def test_a_long_text_sys_name_is_cut_and_says_so() -> None:
    obs = run(with_name(b"n" * 4096))
    assert obs.ok and len(obs.device["sys_name"]) == 255 and obs.device["sys_name"].endswith("…")


@pytest.mark.parametrize("pad", [b"\x00" * 8, b" " * 20])
def test_a_padded_or_hex_serial_is_the_same_serial(pad: bytes) -> None:
    rows = [line for line in chassis(1, model="QX-210", serial="S1") if not line.startswith(f"{ENT}.11.1|")]
    obs = run(system("Box", UNREGISTERED) + rows + [hex_line(f"{ENT}.11.1", b"QX4711210" + pad)])
    assert obs.ok and obs.device["serial"] == "QX4711210"


def test_crlf_line_ends_in_sys_descr_are_kept_and_a_trailing_one_dropped() -> None:
    vbs = parse_snmprec([hex_line("1.3.6.1.2.1.1.1.0", b"Box\r\nRelease 7.1.3\r\n")])
    assert next(iter(vbs.values())).text() == "Box\r\nRelease 7.1.3"


@pytest.mark.parametrize("stated", ["5.5.2", "V5.5.2", "v5.5.2", "Build 5.5.2"])
def test_a_version_object_with_or_without_its_v_gives_the_same_version(stated: str) -> None:
    # RMON2 probeSoftwareRev: the standard layer reads it where no row knows the maker.
    obs = run([*system("Box", UNREGISTERED), f"1.3.6.1.2.1.16.19.2.0|4|{stated}"])
    assert obs.ok and obs.device["os_version"] == "5.5.2"


def test_a_binary_value_stays_binary() -> None:
    assert VarBind((1,), "octets", bytes([0, 0x1E, 0xC9, 1, 2, 0xFF])).words() is None


def test_gb18030_and_hostile_names_go_through_the_store(engine: Any) -> None:
    """The discovered observation saved: the Chinese name and model come back as text; a name of hostile bytes (cut
    to 255 characters of hex) is saved without an exception, under the device's address."""
    rows = [line for line in chassis(1, model="QX-210", serial="S1")
            if not line.startswith((f"{ENT}.2.1|", f"{ENT}.13."))]
    descr = hex_line(f"{ENT}.2.1", "刘䶮 QX-210 机框".encode("gb18030"))
    chinese = run(with_name(CHINESE.encode("gb18030")) + rows + [descr])
    hostile = replace(run(with_name(bytes([0xFF, 0x00, 0x81]) * 1400)), target="10.0.0.9:161", mgmt_ip="10.0.0.9")
    report = reconcile(engine, [chinese, hostile])
    assert len(report.created) == 2, report
    with session_scope(engine) as s:
        saved = {d.name: (d.model, d.serial) for d in s.scalars(select(Device))}
    assert saved[CHINESE] == ("刘䶮 QX-210 机框", "S1")
    assert len(saved) == 2 and all(len(name) <= 255 for name in saved)
