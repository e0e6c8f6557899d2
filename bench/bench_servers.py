"""Server facts of 50 inventory hosts: govops' playbook versus plain `ansible -m setup`.

Both run in this one process's lifetime against the same 50 hosts, all pointing at one
loopback sshd with a different impersonation root each (built from the corpus), with the
same forks, pipelining and SSH options. The figure is wall time of `govops discover
servers` (ansible-runner, the fact module, classification) over wall time of `ansible
all -m setup`; below 1 means the project's discovery is faster than Ansible's own facts.
Rounds alternate (setup, govops, setup, govops ...) and the median of each is compared.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govops.discovery.servers import discover_servers  # noqa: E402
from govops.lab.sshd import start_sshd  # noqa: E402
from tests.server_profiles import PROFILES, build_root  # noqa: E402

HOSTS = int(os.environ.get("BENCH_HOSTS", "50"))
FORKS = int(os.environ.get("BENCH_FORKS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CORPUS = Path(os.environ.get("GOVOPS_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "corpus")


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    s = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime + s.ru_utime + s.ru_stime


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="govops-bench-servers-"))
    sshd = start_sshd(tmp / "sshd")
    try:
        common = {
            "ansible_host": sshd.host, "ansible_port": sshd.port, "ansible_user": sshd.user,
            "ansible_ssh_private_key_file": str(sshd.client_key), "ansible_ssh_common_args": sshd.ssh_args(),
            "ansible_python_interpreter": sys.executable,
        }
        hosts = {}
        for i in range(HOSTS):
            prof = PROFILES[i % len(PROFILES)]
            hosts[f"srv{i:03d}-{prof.name}"] = {**common, "govops_root": str(build_root(CORPUS, prof, tmp / f"r{i}"))}
        inv = tmp / "inventory.yml"
        inv.write_text(yaml.safe_dump({"all": {"hosts": hosts}}))
        env = {**os.environ, "ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_PIPELINING": "True",
               "ANSIBLE_SSH_CONTROL_PATH_DIR": str(tmp / "cp-setup"), "ANSIBLE_TIMEOUT": "10",
               "ANSIBLE_DEPRECATION_WARNINGS": "False", "ANSIBLE_LOCALHOST_WARNING": "False",
               "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
        walls: dict[str, list[float]] = {"setup": [], "govops": []}
        cpus: dict[str, list[float]] = {"setup": [], "govops": []}
        for rnd in range(ROUNDS):
            c0, t0 = children_cpu(), time.perf_counter()
            out = subprocess.run(["ansible", "all", "-i", str(inv), "-m", "setup", "-f", str(FORKS), "-o"],
                                 env=env, capture_output=True, text=True, check=False)
            walls["setup"].append(time.perf_counter() - t0)
            cpus["setup"].append(children_cpu() - c0)
            ok = out.stdout.count("SUCCESS")
            if ok != HOSTS:
                sys.exit(f"setup: {ok}/{HOSTS} hosts succeeded:\n{out.stdout[-1500:]}\n{out.stderr[-1500:]}")
            c0, t0 = children_cpu(), time.perf_counter()
            outcomes = discover_servers(inv, workdir=tmp / "runner", forks=FORKS)
            walls["govops"].append(time.perf_counter() - t0)
            cpus["govops"].append(children_cpu() - c0)
            good = sum(o.status == "ok" for o in outcomes)
            if good != HOSTS:
                sys.exit(f"govops: {good}/{HOSTS} hosts succeeded: {[o.error for o in outcomes if o.error][:3]}")
            print(f"round {rnd + 1}: setup {walls['setup'][-1]:.2f} s ({cpus['setup'][-1]:.2f} s CPU), "
                  f"govops {walls['govops'][-1]:.2f} s ({cpus['govops'][-1]:.2f} s CPU)", flush=True)
        setup, ours = statistics.median(walls["setup"]), statistics.median(walls["govops"])
        print(f"hosts {HOSTS}, forks {FORKS}, rounds {ROUNDS}, load {os.getloadavg()[0]:.2f} (2 cores shared)")
        print(f"median wall: ansible -m setup {setup:.2f} s, govops discover servers {ours:.2f} s")
        print(f"median CPU: setup {statistics.median(cpus['setup']):.2f} s, "
              f"govops {statistics.median(cpus['govops']):.2f} s, "
              f"ratio {statistics.median(cpus['govops']) / statistics.median(cpus['setup']):.3f}")
        print(f"RESULT servers_playbook_vs_setup_ratio {ours / setup:.3f}")
    finally:
        sshd.stop()


if __name__ == "__main__":
    main()
