"""Issue 16: every secret-bearing line of every platform's corpus is masked, nothing else is touched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govops.platforms.masking import mask_secrets
from govops.platforms.registry import PLATFORMS
from tests.conftest import Cli

CORPUS = Path(__file__).resolve().parents[2] / "data" / "masking"
MARKED = re.compile(r"«(.*?)»")


def _expected(secret: str) -> str:
    bare = secret.strip('"').lower()
    return f"<masked:default-{bare}>" if bare in ("public", "private") else "<masked>"


def test_every_cli_platform_has_a_corpus() -> None:
    assert {p.stem for p in CORPUS.glob("*.cfg")} == set(PLATFORMS)


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
@pytest.mark.parametrize("named", [True, False], ids=["platform", "unknown-platform"])
def test_corpus_is_masked(platform: str, named: bool) -> None:
    marked = (CORPUS / f"{platform}.cfg").read_text(encoding="utf-8")
    given = MARKED.sub(lambda m: m.group(1), marked)
    want = MARKED.sub(lambda m: _expected(m.group(1)), marked)
    got = mask_secrets(given, platform if named else None)
    wrong = [(g, w) for g, w in zip(got.splitlines(), want.splitlines(), strict=True) if g != w]
    assert not wrong, "\n".join(f"got  {g}\nwant {w}" for g, w in wrong)


def test_config_mask_command_prints_the_masked_file(cli: Cli, tmp_path: Path) -> None:
    marked = (CORPUS / "huawei_vrp.cfg").read_text(encoding="utf-8")
    path = tmp_path / "core.cfg"
    path.write_text(MARKED.sub(lambda m: m.group(1), marked), encoding="utf-8")
    res = cli("config", "mask", "--platform", "huawei_vrp", str(path))
    assert res.exit_code == 0, res.stderr
    assert res.stdout == MARKED.sub(lambda m: _expected(m.group(1)), marked)
    assert not (cli.home / "govops.db").exists()  # offline: no store touched
    bad = cli("config", "mask", "--platform", "nokia_sros", str(path))
    assert bad.exit_code == 2 and "unknown platform" in bad.stderr
