"""The doctest examples in the platform and SSH modules are run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "govops.platforms.registry",
    "govops.platforms.text",
    "govops.platforms.parse",
    "govops.platforms.facts",
    "govops.platforms.detect",
    "govops.platforms.masking",
    "govops.discovery.ssh",
    "govops.discovery.ssh_store",
    "govops.discovery.config_backup",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
