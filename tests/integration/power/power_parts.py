"""Helpers for the power tests: free ports, snmpsim serving corpus walks read in place."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
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


def free_port(kind: int = socket.SOCK_DGRAM) -> int:
    """A port free on loopback right now (tests run beside seven other engineers)."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SnmpSim:
    """A running snmpsim: community = walk file name."""

    host: str
    port: int

    def target(self) -> str:
        return f"{self.host}:{self.port}"


def _wait_snmp(port: int, community: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        res = subprocess.run(
            ["snmpget", "-v2c", "-c", community, "-t", "0.5", "-r", "0", f"127.0.0.1:{port}", "1.3.6.1.2.1.1.1.0"],
            capture_output=True, text=True, check=False,
        )
        if res.returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(f"snmpsim did not answer on port {port}")


def start_snmpsim(data_dirs: list[Path], cache_dir: Path, probe_community: str) -> tuple[subprocess.Popen[bytes], int]:
    """Start snmpsim on a free loopback port serving ``data_dirs`` in place (community = file name)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(cache_dir, 0o777)  # snmpsim drops privileges to nobody and writes its index here
    exe = Path(sys.executable).parent / "snmpsim-command-responder"
    for _attempt in range(3):
        port = free_port()
        args = [str(exe), *(f"--data-dir={d}" for d in data_dirs), f"--agent-udpv4-endpoint=127.0.0.1:{port}",
                f"--cache-dir={cache_dir}", "--log-level=error"]
        if os.geteuid() == 0:
            args += ["--process-user=nobody", "--process-group=nogroup"]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_snmp(port, probe_community, time.monotonic() + 30)
            return proc, port
        except RuntimeError:
            proc.terminate()
            proc.wait(5)
    raise RuntimeError("snmpsim could not start")
