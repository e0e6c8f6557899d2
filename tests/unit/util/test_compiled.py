"""The compiled catalogue cache: never stale, never trusted over the YAML, rebuilt when broken."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govops.catalog.vendors import load_vendors
from govops.errors import CatalogError
from govops.platforms.snmp import load_platforms
from govops.util import compiled

ROW = "vendors:\n  - {{id: zz-test, name: {name}, country: CN, domestic: true, source: test}}\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("GOVOPS_CACHE", str(d))
    return d


def _name(extra: Path) -> str:
    return load_vendors(extra=[extra]).get("zz-test").name  # type: ignore[union-attr]


def test_a_changed_source_is_never_read_from_its_old_compiled_form(cache: Path, tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(ROW.format(name="Before"), encoding="utf-8")
    assert _name(user) == "Before"
    assert len(list(cache.glob("catalog-vendors-*.json"))) == 1
    user.write_text(ROW.format(name="Behind"), encoding="utf-8")  # same size, same second: only the bytes differ
    assert _name(user) == "Behind"


def test_a_hit_parses_no_yaml(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(ROW.format(name="Cached"), encoding="utf-8")
    assert _name(user) == "Cached"
    rows = load_platforms()

    def no_yaml(raw: bytes, where: str) -> None:
        raise AssertionError(f"parsed {where} again")

    monkeypatch.setattr(compiled, "load_yaml_bytes", no_yaml)
    assert _name(user) == "Cached"
    assert load_platforms() == rows

def test_rows_from_a_compiled_form_compile_their_regexes_only_when_used(cache: Path, tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "snmp_platforms:\n  - id: zz_box\n    source: test\n    sys_object_id: ['1.3.6.1.4.1.99999']\n"
        "    extract:\n      - {field: model, sys_descr: 'ZZ (?P<value>\\S+)'}\n",
        encoding="utf-8",
    )
    fresh = {p.id: p for p in load_platforms(extra=[user])}
    assert "pattern" in vars(fresh["zz_box"].extract[0])  # parsed from the YAML: every regex checked
    hit = {p.id: p for p in load_platforms(extra=[user])}
    rule = hit["zz_box"].extract[0]
    assert "pattern" not in vars(rule)  # from the compiled form: those same bytes passed already
    assert rule.pick("ZZ box-9000 v1") == "box-9000"
    user.write_text(user.read_text(encoding="utf-8").replace("(?P<value>", "(?P<value"), encoding="utf-8")
    with pytest.raises(CatalogError, match="bad regex"):  # changed bytes are parsed and checked again
        load_platforms(extra=[user])


def test_a_broken_or_foreign_compiled_form_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(ROW.format(name="Real"), encoding="utf-8")
    _name(user)
    (form,) = cache.glob("catalog-vendors-*.json")
    for bad in ('{"format": 1, "key": "someone else", "documents": []}', "{not json", ""):
        form.write_text(bad, encoding="utf-8")
        assert _name(user) == "Real"


def test_bad_rows_are_never_compiled_and_keep_file_and_line(cache: Path, tmp_path: Path) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text("vendors:\n  - {id: x, name: X, country: CN, domestic: maybe, source: t}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError, match=rf"{user.name}:2.*domestic"):
            load_vendors(extra=[user])
    assert not list(cache.glob("catalog-vendors-*.json"))


def test_unwritable_cache_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GOVOPS_CACHE", str(blocker / "cache"))
    assert any(p.id == "generic" for p in load_platforms())


def test_a_cache_others_can_write_is_not_used(cache: Path, tmp_path: Path) -> None:
    """A compiled form is trusted as the catalogue: one in a directory others may write is never read."""
    user = tmp_path / "mine.yaml"
    user.write_text(ROW.format(name="Real"), encoding="utf-8")
    _name(user)
    (form,) = cache.glob("catalog-vendors-*.json")
    assert cache.stat().st_mode & 0o777 == 0o700
    forged = form.read_text(encoding="utf-8").replace('"Real"', '"Forged"')
    form.write_text(forged, encoding="utf-8")
    cache.chmod(0o777)  # anyone could have written that
    assert _name(user) == "Real"
    cache.chmod(0o700)  # ours alone again: the (forged) form is read, as any file we wrote
    assert _name(user) == "Forged"


def test_a_load_from_compiled_forms_imports_only_what_it_uses(cache: Path) -> None:
    """What only a miss, a write or an error needs (YAML, tempfile, logging, OpenSSL's hashlib, difflib), and the
    CLI platforms' records, are imported only then: each costs a command's catalogue load milliseconds
    (bench/catalogue_load.py)."""
    load_vendors(), load_platforms()  # compiled forms of its own (GOVOPS_CACHE, inherited), out of others' way
    probe = (
        "import sys; from govops.catalog.vendors import load_vendors; from govops.platforms.snmp import load_platforms;"
        "from govops.catalog.enterprises import enterprise_name;"
        "load_vendors(); load_platforms(); enterprise_name(2011);"
        "print(' '.join(sorted(m for m in ('yaml', 'tempfile', 'logging', 'hashlib', 'difflib', 'gzip', 'json',"
        " 'govops.platforms.base') if m in sys.modules)))"
    )
    hit = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert hit.stdout.split() == ["json"]  # the compiled forms' reader, and nothing else on the list
