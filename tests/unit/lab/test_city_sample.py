"""Which of the city's servers the lab serves: the machines level-3 systems run on first, then variety."""

from __future__ import annotations

from pathlib import Path

from govops.lab.city import DEMO_CITY, graded_hosts, load_city
from govops.lab.city_servers import sample, servable
from govops.lab.sshd_service import DEFAULT_SERVERS, SshdService


def test_graded_hosts_are_highest_level_first_each_once(tmp_path: Path) -> None:
    (tmp_path / "systems.yaml").write_text(
        "systems:\n"
        "  - {name: A, dengbao: {level: 3}, runs_on: [s1, s2]}\n"
        "  - {name: B, dengbao: {level: 2}, runs_on: [s3]}\n"
        "  - {name: C, dengbao: {level: 4}, runs_on: [s2, s4]}\n"
        "  - {name: D, runs_on: [s5]}\n"
        "  - {name: E, dengbao: {level: 3}}\n",
        encoding="utf-8",
    )
    assert graded_hosts(tmp_path) == ["s2", "s4", "s1"]
    assert graded_hosts(tmp_path, min_level=2) == ["s2", "s4", "s1", "s3"]
    assert graded_hosts(tmp_path / "no-city") == []


def test_demo_lab_serves_every_linux_server_of_a_level3_system_and_still_every_kind() -> None:
    devices = load_city()
    served = SshdService().city_devices()
    assert len(served) == DEFAULT_SERVERS
    by_name = {d.name: d for d in devices}
    wanted = [n for n in graded_hosts(DEMO_CITY) if n in by_name and servable(by_name[n])]
    assert len(wanted) >= 5 and set(wanted) <= {d.name for d in served}
    linux = [d for d in devices if servable(d)]
    for key in (lambda d: (d.facts.get("cpu_vendor"), d.os, d.os_version), lambda d: (d.vendor, d.model)):
        assert {key(d) for d in served} == {key(d) for d in linux}
    assert served == SshdService().city_devices()  # deterministic
    assert [d.name for d in served] == sorted(d.name for d in served)  # file order


def test_sample_takes_named_servers_first_and_ignores_what_it_cannot_serve() -> None:
    devices = load_city()
    linux = [d for d in devices if servable(d)]
    windows = next(d for d in devices if d.kind == "server" and not servable(d))
    first = [linux[-1].name, windows.name, "no-such-server", linux[-2].name]
    assert {d.name for d in sample(devices, 2, first)} == {linux[-1].name, linux[-2].name}
    assert linux[-1] in sample(devices, 3, first) and len(sample(devices, 3, first)) == 3
    assert sample(devices, 0, first) == []
