"""A served server's release files state the OS release the city declares, as that distribution writes it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from govops.catalog.server_config import default_catalog
from govops.catalog.servers import ServerTexts, classify_os
from govops.lab.city import CityDevice
from govops.lab.city_servers import build_server_root

CENTOS = CityDevice(
    name="srv-1", kind="server", mgmt_ip="127.0.0.9", room="R1", vendor="Dell", model="PowerEdge R730",
    serial="DE0000001", platform=None, os="CentOS", os_version="7.9", snmp=False, ssh=True,
    facts={"cpu_vendor": "GenuineIntel", "cpu_model": "Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz", "cpu_cores": 2},
)  # fmt: skip


def _os_read(root: Path) -> tuple[str | None, str]:
    """The OS version discovery reads from the root (os-release, then the longer release-file line), and the kernel."""
    files = {f"/etc/{n}": (root / "etc" / n).read_text() for n in ("centos-release", "redhat-release")
             if (root / "etc" / n).exists()}  # fmt: skip
    os_release = root / "etc/os-release"
    texts = ServerTexts(os_release=os_release.read_text() if os_release.exists() else None, release_files=files)
    kernel = (root / "proc/sys/kernel/osrelease").read_text().strip()
    return classify_os(texts, default_catalog().os).version, kernel


@pytest.mark.parametrize(
    ("declared", "version", "kernel"),
    [("7.9", "7.9.2009", "3.10.0-1160.el7.x86_64"), ("7.6", "7.6.1810", "3.10.0-957.el7.x86_64")],
)
def test_a_centos7_minor_release_states_its_own_build_and_kernel(
    tmp_path: Path, declared: str, version: str, kernel: str
) -> None:
    # Was 7.9.1810 for 7.9: 1810 is 7.6's build, a release that never existed.
    root = build_server_root(replace(CENTOS, os_version=declared), tmp_path)
    assert _os_read(root) == (version, kernel)
    # CentOS 7's os-release names the major release only, as the distribution ships it.
    assert 'VERSION="7 (Core)"' in (root / "etc/os-release").read_text()


def test_other_releases_keep_the_declared_version(tmp_path: Path) -> None:
    root = build_server_root(replace(CENTOS, os_version="6.8"), tmp_path)
    assert _os_read(root) == ("6.8", "2.6.32-642.el6.x86_64")
