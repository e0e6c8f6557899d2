"""One truth per demo device: its SNMP walk and its SSH transcripts say the same model, OS version and serial.

Both sides are read as discovery reads them (SNMP identification over the generated walk, SSH fact collection over
the substituted transcripts), without simulators; the lab serves exactly these texts.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from govops.catalog.vendors import default_vendors
from govops.discovery.offline import facts_from_captures
from govops.discovery.reconcile import reconcile
from govops.discovery.snmp_identify import identify
from govops.discovery.ssh_store import SshObservation, to_observation
from govops.lab.city import CityDevice
from govops.lab.city_snmp import device_version, snmprec
from govops.lab.ssh_service import SshsimService, device_spec, transcript_identity
from govops.lab.sshsim import device_from_spec
from govops.platforms.facts import DeviceFacts
from govops.platforms.registry import get_platform
from govops.platforms.snmp import default_platforms
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device, HistoryEntry
from tests.snmp_cases import run
from tests.unit.lab.test_city_snmp import raw_identity

BOTH = [d for d in SshsimService().city_devices() if d.snmp]


def ssh_facts(dev: CityDevice) -> DeviceFacts:
    # The simulated device as the lab's simulator process builds it (SshsimService.start's spec), its answers read
    # as SSH discovery reads captured output (the maker named as the catalogue names it).
    sim = device_from_spec(device_spec(dev, transcript_identity(str(dev.platform))))
    answers = {c.command: sim.answer(c.command) for c in sim.platform.commands}
    return facts_from_captures(sim.platform, {c: text for c, text in answers.items() if text is not None})


def test_the_lab_serves_devices_of_every_cli_platform_over_both() -> None:
    assert {d.platform for d in BOTH} >= {"cisco_ios", "huawei_vrp", "hp_comware", "ruijie_os", "zte_zxros"}


@pytest.mark.parametrize("dev", BOTH, ids=lambda d: d.name)
def test_snmp_and_ssh_say_the_same_device(dev: CityDevice) -> None:
    _platform, snmp, _verdict = identify(raw_identity(dev), default_platforms(), default_vendors())
    ssh = ssh_facts(dev)
    assert snmp["serial"] == ssh.serial == dev.serial
    # One name per maker: the catalogue's ('Huawei Technologies', not the CLI platform's 'Huawei').
    assert snmp["vendor"] == ssh.vendor, (snmp["vendor"], ssh.vendor)
    # The model as the device states it on both (Cisco's product ID: 'cisco WS-C2960X-48TS-L (...) processor').
    assert snmp["model"] == ssh.model == dev.model
    # One OS version figure for the device, whichever surface read it: each platform's version form
    # (Platform.version_form) writes both surfaces' parts alike, so the strings are equal, not merely alike.
    assert snmp["os_version"] and snmp["os_version"] == ssh.version, (snmp["os_version"], ssh.version)
    assert snmp["os_version"] == get_platform(str(dev.platform)).os_version(device_version(dev))


def _served(line: str) -> str:
    # snmpsim's numeric variation ('67:numeric|rate=100,initial=N') as the value it serves first: the recorded agent
    # takes plain values.
    return re.sub(r"\|(\d+):numeric\|.*\binitial=(\d+).*", r"|\1|\2", line)


@pytest.mark.parametrize("platform", sorted({str(d.platform) for d in BOTH}))
def test_an_ssh_scan_after_an_snmp_scan_rewrites_no_version(store_url: str, platform: str) -> None:
    """Reconcile keeps one os_version whichever surface read the device last: SNMP, then SSH, then SNMP again
    change nothing (before the one version form, an SSH scan rewrote Huawei's and Comware's every time)."""
    dev = next(d for d in BOTH if d.platform == platform)
    engine = make_engine(store_url)
    upgrade_store(engine)
    snmp = run([_served(line) for line in snmprec(dev).splitlines()])
    ssh = to_observation(SshObservation(target=dev.mgmt_ip, address=dev.mgmt_ip, facts=ssh_facts(dev)))
    assert reconcile(engine, [snmp]).created
    for scan in (ssh, snmp):
        report = reconcile(engine, [scan])
        assert report.matched == {scan.target: report.matched[scan.target]} and not report.created
    with session_scope(engine) as s:
        stored = s.scalars(select(Device)).one()
        rewrites = s.scalars(select(HistoryEntry).where(HistoryEntry.field == "os_version")).all()
        assert stored.os_version == snmp.device["os_version"] == ssh.device["os_version"]
        assert stored.vendor == snmp.device["vendor"] == ssh.device["vendor"]
        assert [(h.old, h.new) for h in rewrites if h.old is not None] == []
