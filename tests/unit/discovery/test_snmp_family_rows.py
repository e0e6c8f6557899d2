"""Vendor-MIB rows and interface naming, each case written from the vendor's MIB definition (not from a walk)."""

from __future__ import annotations

import pytest

from govops.discovery.observation import Observation
from govops.discovery.snmp import interface_name
from tests.unit.discovery.test_snmp_identify import run, system


def identity(obs: Observation) -> tuple[str | None, ...]:
    return (obs.device["vendor_id"], obs.device["kind"], obs.device["model"], obs.device["os_version"],
            obs.device["serial"])


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # UBNT-EdgeMAX-MIB ubntProductIdent: ubntModel .1, ubntSerialNumber .2, ubntVersion .3; a plain Linux
        # sysDescr and the airOS arc (PEN 10002): told by answering the MIB.
        ("Linux 4.14.0 #1 SMP mips", "1.3.6.1.4.1.10002.1",
         ["1.3.6.1.4.1.41112.1.5.1.1.0|4|EP-54V-72W", "1.3.6.1.4.1.41112.1.5.1.2.0|4|F09FC2AABBCC",
          "1.3.6.1.4.1.41112.1.5.1.3.0|4|EP.v1.7.0"],
         ("ubiquiti", "other", "EP-54V-72W", "EP.v1.7.0", "F09FC2AABBCC")),
        # ... an EdgeRouter on the EdgeMax arc with the MIB: still a router, the version as the MIB states it.
        ("EdgeOS v2.0.9-hotfix.7.5622731.230615.0857", "1.3.6.1.4.1.41112.1.5",
         ["1.3.6.1.4.1.41112.1.5.1.1.0|4|ER-8", "1.3.6.1.4.1.41112.1.5.1.2.0|4|7483C2AABBCC",
          "1.3.6.1.4.1.41112.1.5.1.3.0|4|v2.0.9-hotfix.7"],
         ("ubiquiti", "router", "ER-8", "v2.0.9-hotfix.7", "7483C2AABBCC")),
        # ... and one without it: the version out of the EdgeOS banner, as before.
        ("EdgeOS v1.10.11.5274269.200221.1028", "1.3.6.1.4.1.41112.1.5", [],
         ("ubiquiti", "router", None, "1.10.11", None)),
    ],
    ids=["edgemax-mib-airos-arc", "edgemax-mib-edgerouter", "edgeos-banner"],
)
def test_vendor_rows(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


@pytest.mark.parametrize(
    ("if_name", "if_descr", "want"),
    [
        ("Gi0/1", "GigabitEthernet0/1", "Gi0/1"),  # ifName first
        (None, "GigabitEthernet0/1", "GigabitEthernet0/1"),  # else ifDescr
        # VMware's agent (ESXi, vCenter appliance) names the NIC after 'Device' and before its PCI address.
        (None, "Device eth0 at 03:00.0 VMware - VMXNET3 Ethernet Controller", "eth0"),
        (None, "Device vmnic0 at 0000:01:00.0 ixgben", "vmnic0"),
        ("vmk0", "Device vmnic0 at 0000:01:00.0 ixgben", "vmk0"),
        # Not that form: kept whole.
        (None, "Device eth0", "Device eth0"),
        (None, "Device eth0 at home", "Device eth0 at home"),
        (None, None, None),
    ],
)
def test_interface_name(if_name: str | None, if_descr: str | None, want: str | None) -> None:
    assert interface_name(if_name, if_descr) == want


def test_an_interface_without_ifname_is_named_as_its_vmware_descr_states() -> None:
    rows = ["1.3.6.1.2.1.2.2.1.1.2|2|2", "1.3.6.1.2.1.2.2.1.2.2|4|Device eth0 at 03:00.0 VMware - VMXNET3 Ethernet "
            "Controller", "1.3.6.1.2.1.2.2.1.3.2|2|6"]
    obs = run(system("VMware ESXi 7.0.3 build-20328353 VMware, Inc. x86_64", "1.3.6.1.4.1.6876.4.1") + rows)
    assert [(i.name, i.descr) for i in obs.interfaces or ()] == [
        ("eth0", "Device eth0 at 03:00.0 VMware - VMXNET3 Ethernet Controller")
    ]
