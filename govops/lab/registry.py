"""The explicit registry of lab services: one line per service, in start order.

Add a service by implementing ``govops.lab.service.LabService`` in its own
module and adding one entry below; nothing is discovered by import side effects.
"""

from __future__ import annotations

from govops.lab.link_service import LinkProbeService
from govops.lab.power_service import PowerService
from govops.lab.service import LabService
from govops.lab.snmp_service import SnmpsimService
from govops.lab.ssh_service import SshsimService
from govops.lab.sshd_service import SshdService


def build_registry() -> dict[str, LabService]:
    """Return a fresh ``name -> service`` mapping (start order = insertion order)."""
    services: list[LabService] = [
        SnmpsimService(),
        SshsimService(),
        SshdService(),
        PowerService(),
        LinkProbeService(),
    ]
    return {svc.name: svc for svc in services}
