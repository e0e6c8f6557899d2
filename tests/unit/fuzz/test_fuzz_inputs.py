"""Issue 16: every importer and parser, fed broken, truncated and hostile input, gives a result or a
clear error (a ``GovopsError`` naming the place), never a traceback. Bounded: derandomised in CI, a
few hundred examples each, no example database, about 30 s in all."""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govops.errors import GovopsError

FUZZ = settings(
    max_examples=int(os.environ.get("GOVOPS_FUZZ_EXAMPLES", "120")),
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

YAML_TOKENS = ["&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ": ", "- ", "\n", "  ", ",", "'", '"', "<<: ",
               "!!python/object:os.system ", "!!binary ", "!unsafe ", "devices", "rooms", "name", "kind", "switch",
               "mgmt_ip", "snmp", "community", "env", "{{ lookup('pipe','id') }}", "\x00", "\t", "#", "? ", "|",
               ">", "~", "null", "1e400", "0x1F", "2024-13-45", "是", "设备", "\ufeff", "---", "..."]
yaml_like = st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=8), max_size=60).map("".join)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | st.dates()
json_like = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=25)
KNOWN_FIELDS = ["name", "kind", "room", "department", "code", "level", "mgmt_ip", "snmp", "ssh", "vendor", "model",
                "status", "purchased", "cpu_cores", "runs_on", "a_end", "z_end", "bandwidth_mbps", "hosting",
                "password", "community", "env", "file", "port", "version"]
rows = st.dictionaries(st.sampled_from(KNOWN_FIELDS) | st.text(max_size=8), json_like, max_size=8)
documents = st.dictionaries(st.sampled_from(["departments", "rooms", "devices", "links", "systems", "x"]),
                            st.lists(rows, max_size=4) | json_like, max_size=3)


_STORE: list[Any] = []


def _validated(path: Path) -> None:
    """Import a file as `inventory import --dry-run` does, into one real (empty) SQLite store."""
    import tempfile

    from govops.store.db import make_engine, session_scope, upgrade_store
    from govops.store.inventory.importer import import_paths

    if not _STORE:
        engine = make_engine(f"sqlite:///{tempfile.mkdtemp(prefix='govops-fuzz-')}/govops.db")
        upgrade_store(engine)
        _STORE.append(engine)
    try:
        with session_scope(_STORE[0]) as session:
            import_paths(session, [path], dry_run=True)
    except GovopsError as exc:
        # Every error names the file, except the one about the whole import (no file holds a row).
        assert path.name in str(exc) or str(exc).startswith("nothing to import"), f"the error names no file: {exc}"


@FUZZ
@given(yaml_like)
def test_yaml_loader(text: str) -> None:
    from govops.util.yamlio import load_yaml_text

    try:
        load_yaml_text(text, "fuzz.yaml")
    except GovopsError as exc:
        assert "fuzz.yaml" in str(exc)


@FUZZ
@given(documents)
def test_inventory_yaml_import(tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any]) -> None:
    path = tmp_path_factory.mktemp("yaml") / "inv.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _validated(path)


@FUZZ
@given(st.binary(max_size=400) | st.lists(st.lists(st.text(max_size=10), max_size=6), max_size=6).map(
    lambda table: "\n".join(",".join(r) for r in [["name", "kind", "mgmt_ip", "vendor"], *table]).encode("utf-8")))
def test_inventory_csv_import(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("csv") / "devices.csv"
    path.write_bytes(raw or b"x")
    _validated(path)


def _workbook_bytes(cells: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "devices"
    sheet.append(["name", "kind", "mgmt_ip", "cpu_cores", "purchased"])
    for row in cells:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def damaged(valid: bytes, most: int = 8) -> st.SearchStrategy[bytes]:
    """A valid message or file with a few bytes overwritten, or cut short."""
    overwritten = st.tuples(st.integers(0, len(valid) - 1), st.binary(min_size=1, max_size=most)).map(
        lambda m: valid[: m[0]] + m[1] + valid[m[0] + len(m[1]):])
    return overwritten | st.integers(0, len(valid)).map(lambda n: valid[:n])


VALID_XLSX = _workbook_bytes([["sw-01", "switch", "10.0.0.1", 4, "2024-01-01"]])
cell = st.none() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False) | st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=20)


@FUZZ
@given(st.lists(st.lists(cell, max_size=6), max_size=5).map(_workbook_bytes) | damaged(VALID_XLSX))
def test_inventory_xlsx_import(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "inv.xlsx"
    path.write_bytes(raw or b"x")
    _validated(path)


def _textfsm_cases() -> list[tuple[str, str]]:
    from govops.platforms.registry import PLATFORMS

    return [(name, c.command) for name, p in sorted(PLATFORMS.items()) for c in p.commands if not c.raw]


@FUZZ
@given(st.sampled_from(_textfsm_cases()), st.text(max_size=300) | st.sampled_from(["", "\n", "% Invalid input"]))
def test_textfsm_platforms(case: tuple[str, str], text: str) -> None:
    from govops.platforms.parse import parse

    platform, command = case
    try:
        records = parse(platform, command, text)
    except GovopsError:
        return
    assert isinstance(records, list)


@FUZZ
@given(st.binary(max_size=64), st.integers(-(2**31), 2**31 - 1), st.integers(0, 2**64 - 1),
       st.lists(st.integers(0, 2**32 - 1), min_size=2, max_size=12))
def test_snmp_value_decoding(raw: bytes, i32: int, c64: int, arcs: list[int]) -> None:
    from pysnmp.proto import rfc1902, rfc1905

    from govops.snmp.values import decode_value, display_text, to_int, to_text

    arcs = [min(arcs[0], 2), min(arcs[1], 39), *arcs[2:]]
    values = [rfc1902.Integer32(i32), rfc1902.Counter64(c64), rfc1902.OctetString(raw),
              rfc1902.IpAddress(raw[:4].ljust(4, b"\0")), rfc1902.ObjectIdentifier(arcs), rfc1905.NoSuchInstance(),
              rfc1905.EndOfMibView(), rfc1902.Bits(raw)]
    for value in values:
        kind, decoded = decode_value(value)
        assert isinstance(kind, str)
        to_int(decoded)
    assert isinstance(to_text(raw), str) and isinstance(display_text(raw), str)


def _get_response(request: bytes) -> bytes:
    # A GetRequest PDU (0xa0) answered as is: the shape of a GetResponse (0xa2) with NULL values.
    at = request.index(b"\xa0")
    return request[:at] + b"\xa2" + request[at + 1:]


VALID_RESPONSE = _get_response(__import__("govops.snmp.packed_get", fromlist=["x"]).encode_get_request(
    b"public", ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.2.2.1.10.1"], request_id=7))


@FUZZ
@given(st.binary(max_size=200) | damaged(VALID_RESPONSE, most=4))
def test_packed_get_response_decoder(raw: bytes) -> None:
    from govops.snmp.packed_get import decode_response, decode_varbinds, encode_oid

    # ValueError is the documented error, turned into a DeviceError naming the device by the caller.
    with contextlib.suppress(ValueError):
        decode_response(raw)
    # The shared client's reader, for GETs and for a walk's columns: the same contract.
    column = encode_oid("1.3.6.1.2.1.1")[2:], (1, 3, 6, 1, 2, 1, 1)
    for columns in ((), (column,), (column, (None, (1, 3, 6, 1, 2, 1, 2, 2, 1, 10)))):
        with contextlib.suppress(ValueError):
            decode_varbinds(raw, columns)


LINES = ["processor\t: 0", "CPU implementer\t: 0x48", "CPU part\t: 0xd01", "Model Name\t\t: Loongson-3A5000",
         "model name\t: Hygon C86 7285", "vendor_id\t: HygonGenuine", "Architecture:  aarch64",
         "型号名称： Kunpeng-920",
         "CPU(s): 96", "Socket(s): x", 'ID="kylin"', 'VERSION_ID="V10"', "PRETTY_NAME=\"UOS", "ID_LIKE=", "=\"", "\x00",
         "0x00000000 0x00: eax=0x0000000d ebx=0x68747541", "Linux version 4.19.90-24.4.v2101.ky10.aarch64"]
server_text = st.lists(st.sampled_from(LINES) | st.text(max_size=40), max_size=30).map("\n".join)


@FUZZ
@given(server_text)
def test_os_release_cpuinfo_lscpu(text: str) -> None:
    from govops.catalog import server_text as parsers

    for parse in (parsers.parse_cpu_text, parsers.parse_os_release, parsers.parse_cpuid_dump,
                  parsers.parse_hwloc_topology, parsers.find_kernel_release):
        with contextlib.suppress(GovopsError):
            parse(text)
    parsers.release_lines({"/etc/os-release": text, "/etc/kylin-release": text})


@FUZZ
@given(st.lists(st.sampled_from(["# HELP x y", "# TYPE x gauge", "# TYPE x histogram", 'x{a="b"} 1', "x 1e400",
                                 "x_bucket{le=\"+Inf\"} 2", "x NaN", '{a="', "\\", "x{a=\"\\\"\"} 2"])
                | st.text(max_size=30), max_size=20).map("\n".join))
def test_textfile_parser(text: str) -> None:
    from govops.collectors.textfile import parse_text

    try:
        parse_text(text, "fuzz.prom")
    except GovopsError as exc:
        assert "fuzz.prom" in str(exc)


@FUZZ
@given(st.lists(st.sampled_from(["password ", "secret 5 ", "community ", "key 7 ", "%^%#", "\"", "snmp-server host ",
                                 "authentication-mode md5 1 plain ", "set snmp community ", " ", "\n", "<masked>"])
                | st.text(max_size=10), max_size=30).map("".join))
def test_masking_never_fails(text: str) -> None:
    from govops.platforms.masking import mask_secrets

    assert mask_secrets(text).count("\n") == text.count("\n")


def test_zip_bomb_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A member that inflates past the limit is refused by measure (the fuzzers above stay small)."""
    from govops.store.inventory import readers

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\0" * 3_000_000)
    monkeypatch.setattr(readers, "XLSX_MAX_UNCOMPRESSED_BYTES", 1_000_000)
    with pytest.raises(GovopsError, match="inflates"):
        readers.read_paths([path])
