"""Which real recordings the lab serves over snmpsim, one community (and one device) each.

Recordings come from the real-device corpus (``GOVOPS_CORPUS``, default
``../shared/corpus`` beside the checkout) and from the ``snmpsim-data``
package; both are read in place and copied into the lab's data directory at
run time, never into the repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

Source = Literal["corpus", "snmpsim-data"]


@dataclass(frozen=True)
class SnmpRecording:
    """One simulated SNMP device: its store name, community, recording and declared kind."""

    name: str
    community: str
    source: Source
    path: str
    kind: str


# Domestic and foreign gear a city's machine rooms hold: core/access switches,
# routers, a BMC, storage and power equipment. Sorted by name.
LAB_SNMP_DEVICES: tuple[SnmpRecording, ...] = (
    SnmpRecording("lab-apc-pdu", "lab-apc-pdu", "corpus", "snmp/apc_ap7900b.snmprec", "pdu"),
    SnmpRecording("lab-cisco-c3560", "lab-cisco-c3560", "corpus", "snmp/ios_c3560.snmprec", "switch"),
    SnmpRecording("lab-eaton-ups", "lab-eaton-ups", "snmpsim-data", "UPS/eaton-93e-80.snmprec.bz2", "ups"),
    SnmpRecording("lab-h3c-e528", "lab-h3c-e528", "snmpsim-data", "network/switch/h3c-e528-2.snmprec.bz2", "switch"),
    SnmpRecording("lab-hp-a5500", "lab-hp-a5500", "corpus", "snmp/comware_a5500.snmprec", "switch"),
    SnmpRecording("lab-huawei-ar169", "lab-huawei-ar169", "corpus", "snmp/vrp_ar169sfp.snmprec", "router"),
    SnmpRecording("lab-huawei-ibmc", "lab-huawei-ibmc", "corpus", "snmp/ibmc.snmprec", "bmc"),
    SnmpRecording(
        "lab-huawei-oceanstor", "lab-huawei-oceanstor", "corpus", "snmp/oceanstor_dorado3k.snmprec", "storage"
    ),
    SnmpRecording("lab-huawei-s5720", "lab-huawei-s5720", "corpus", "snmp/vrp_5720.snmprec", "switch"),
    SnmpRecording("lab-huawei-smu", "lab-huawei-smu", "corpus", "snmp/huawei-smu_11b.snmprec", "ups"),
    SnmpRecording("lab-juniper-ex3400", "lab-juniper-ex3400", "corpus", "snmp/junos_ex.snmprec", "switch"),
    SnmpRecording("lab-ruijie-s6220", "lab-ruijie-s6220", "corpus", "snmp/ruijie.snmprec", "switch"),
    SnmpRecording("lab-zte-c320", "lab-zte-c320", "corpus", "snmp/zxa10_c320.snmprec", "switch"),
)


def corpus_dir() -> Path:
    """The real-device corpus: ``GOVOPS_CORPUS``, else ``../shared/corpus`` beside the checkout."""
    env = os.environ.get("GOVOPS_CORPUS")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def snmpsim_data_dir() -> Path | None:
    """The recordings shipped by the ``snmpsim-data`` package, if it is installed."""
    try:
        return Path(str(resources.files("snmpsim_data") / "data"))
    except ModuleNotFoundError:
        return None


def resolve(rec: SnmpRecording) -> Path | None:
    """The file of a recording, or None if its source is not available here."""
    base = corpus_dir() if rec.source == "corpus" else snmpsim_data_dir()
    if base is None:
        return None
    path = base / rec.path
    return path if path.is_file() else None
