"""Helpers for the power tests: which corpus walks they serve, and where snmpsim listens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "data" / "power"

# Corpus walks of power gear (and BMCs/switches that report power) the tests read.
POWER_WALKS = [
    "apc-epdu_epdu1132m", "apc-mgeups_galaxy7000", "apc_ap7900b", "apc_smt750x-nmc2", "apc_smtl1000-nmc3",
    "apc_sua1500rmi2u", "deltaups_rfc1628string", "eatonpdu_dbq", "eatonups", "generex-ups_cs141",
    "huawei-smu", "huawei-smu_11b", "huawei-smu_smu02b", "huaweiups", "liebert_mph2rg", "linux_ups-nut",
    "netagent2", "ibmc", "hpe-ilo_hpe-ilo6-with-vmware", "supermicro-bmc_x11", "vrp_power",
    "vrp_5720-32x-ei", "yunshan", "ios_2960x", "iosxe_c9200l", "junos_ex", "smartax", "zxa10_c320",
]


@dataclass
class SnmpSim:
    """A running snmpsim: community = walk file name."""

    host: str
    port: int

    def target(self) -> str:
        return f"{self.host}:{self.port}"
