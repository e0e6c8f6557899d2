"""Every doctest example in govops, and in the tests' helper modules, runs as a test.

The modules are found, not listed: an example added to a module no list named would be documentation that can
never fail (the hand-kept lists this replaced ran 20 of 55 modules' examples, and one named a module with none).
"""

from __future__ import annotations

import doctest
import importlib
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _modules() -> list[str]:
    # The tests' helper modules (tests/snmp_next_device.py ...) hold examples too; test files and conftest are
    # pytest's to run, not modules of examples.
    helpers = [p for p in (ROOT / "tests").rglob("*.py") if not p.name.startswith("test_") and p.name != "conftest.py"]
    found = []
    for path in sorted([*(ROOT / "govops").rglob("*.py"), *helpers]):
        if ">>> " in path.read_text(encoding="utf-8"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


MODULES = _modules()


def test_modules_with_examples_are_found() -> None:
    assert (len(MODULES) >= 50 and "govops.collectors.counters" in MODULES and "govops.vocab" in MODULES
            and "tests.snmp_next_device" in MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    with warnings.catch_warnings():
        # An example with an invalid escape ('\.' in a pattern's text) warns when compiled (a DeprecationWarning, a
        # SyntaxWarning from Python 3.12) and is to become an error: here a failed example, not a warning.
        for category in (DeprecationWarning, SyntaxWarning):
            warnings.filterwarnings("error", message="invalid escape sequence", category=category)
        result = doctest.testmod(module)
    assert result.attempted > 0, f"{name} holds '>>> ' but no example doctest runs"
    assert result.failed == 0
