"""The `discover servers` table says a server's OS as every other table does (`cli.output.os_label`)."""

from __future__ import annotations

import dataclasses

import pytest

from govops.catalog.server_config import default_catalog
from govops.catalog.servers import ServerTexts, classify_server
from govops.cli.discover_servers import server_row
from govops.discovery.servers import HostOutcome


@pytest.mark.parametrize(("name", "version", "shown"), [
    ("Kylin Linux Advanced Server", "V10", "Kylin Linux Advanced Server V10 (unknown)"),
    ("openEuler", "openEuler 22.03 LTS", "openEuler 22.03 LTS (unknown)"),  # the name once, not twice
    ("Ubuntu", None, "Ubuntu (unknown)"),  # no blank where no version is known
    (None, "8.6", "8.6 (unknown)"),
    (None, None, "? (unknown)"),
])  # fmt: skip
def test_the_os_cell_names_the_os_once(name: str | None, version: str | None, shown: str) -> None:
    unknown = classify_server(ServerTexts(), catalog=default_catalog())
    c = dataclasses.replace(unknown, os=dataclasses.replace(unknown.os, name=name, version=version))
    row = server_row(HostOutcome(host="srv-01", address="127.0.0.1", status="ok", classification=c))
    assert row["os"] == shown
    assert server_row(HostOutcome(host="srv-02", address=None, status="unreachable", error="refused"))["os"] == ""
