"""node-mixin's rules evaluate on the host agent's series in a real Prometheus, unchanged but for the selector.

The expressions are node-mixin's recording rules and its NodeFilesystemAlmostOutOfSpace
alert (github.com/prometheus/node_exporter, docs/node-mixin), with its documented
``nodeExporterSelector`` set to this job. If a name or label differed from
node_exporter's, the recorded series would be missing or empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.agenttools import PASSWORD, USER
from tests.integration.agents.conftest import RunningAgent
from tests.prometheus import PrometheusFactory, static_job

SEL = 'job="govops-host"'
NODE_MIXIN_RECORDS = {
    "instance:node_num_cpu:sum": f'count without (cpu, mode) (node_cpu_seconds_total{{{SEL},mode="idle"}})',
    "instance:node_cpu_utilisation:rate5m": (
        f'1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{{{SEL}, mode=~"idle|iowait|steal"}}'
        "[5m])))"
    ),
    "instance:node_load1_per_cpu:ratio": f"(node_load1{{{SEL}}} / instance:node_num_cpu:sum{{{SEL}}})",
    "instance:node_memory_utilisation:ratio": (
        f"1 - ((node_memory_MemAvailable_bytes{{{SEL}}} or (node_memory_Buffers_bytes{{{SEL}}} + "
        f"node_memory_Cached_bytes{{{SEL}}} + node_memory_MemFree_bytes{{{SEL}}} + node_memory_Slab_bytes{{{SEL}}}))"
        f" / node_memory_MemTotal_bytes{{{SEL}}})"
    ),
    "instance:node_network_receive_bytes_excluding_lo:rate5m": (
        f'sum without (device) (rate(node_network_receive_bytes_total{{{SEL}, device!="lo"}}[5m]))'
    ),
    "instance:node_network_transmit_bytes_excluding_lo:rate5m": (
        f'sum without (device) (rate(node_network_transmit_bytes_total{{{SEL}, device!="lo"}}[5m]))'
    ),
}
FS = f'{SEL},fstype!="",mountpoint!=""'
# NodeFilesystemAlmostOutOfSpace with the threshold at 101 %, so it fires on any filesystem: the join must hold.
ALMOST_OUT_OF_SPACE = (
    f"(node_filesystem_avail_bytes{{{FS}}} / node_filesystem_size_bytes{{{FS}}} * 100 < 101 "
    f"and node_filesystem_readonly{{{FS}}} == 0)"
)


def test_node_mixin_rules_evaluate_on_the_host_agent(
    prometheus: PrometheusFactory, host_agent: RunningAgent, tmp_path: Path
) -> None:
    rules = tmp_path / "node-mixin.rules.yml"
    groups: list[dict[str, Any]] = [
        {"name": "node-exporter.rules", "rules": [{"record": k, "expr": v} for k, v in NODE_MIXIN_RECORDS.items()]},
        {"name": "node-exporter", "rules": [{"alert": "NodeFilesystemAlmostOutOfSpace", "expr": ALMOST_OUT_OF_SPACE,
                                            "labels": {"severity": "warning"}}]},
    ]
    rules.write_text(yaml.safe_dump({"groups": groups}), encoding="utf-8")
    (tmp_path / "password").write_text(PASSWORD)
    job = static_job("govops-host", [host_agent.base.removeprefix("https://")], scheme="https",
                     tls_config={"ca_file": str(host_agent.tls.ca)},
                     basic_auth={"username": USER, "password_file": str(tmp_path / "password")})
    prom = prometheus([job], rule_files=[rules], scrape_timeout="1s")
    for record in NODE_MIXIN_RECORDS:
        result = prom.wait_for(record, timeout=40)
        value = float(result[0]["value"][1])
        assert value >= 0, (record, result)
        if "utilisation" in record:
            assert value <= 1, (record, result)
    cpus = float(prom.query("instance:node_num_cpu:sum")[0]["value"][1])
    assert cpus == len([ln for ln in Path("/proc/stat").read_text().splitlines() if ln[:3] == "cpu" and ln[3] != " "])
    prom.wait_for('ALERTS{alertname="NodeFilesystemAlmostOutOfSpace"}', timeout=20)
    firing = prom.query('ALERTS{alertname="NodeFilesystemAlmostOutOfSpace"}')
    assert all(a["metric"].get("mountpoint") and a["metric"].get("device") for a in firing), firing
