"""Write the Grafana dashboards of exporters/grafana/dashboards/ (run after editing; a test checks they are current).

Titles are Chinese (the leadership screen), descriptions English. Every query uses only
metrics the govops agents export or the rules in exporters/prometheus/ record:
tests/integration/agents/test_prometheus.py checks each name against live scrapes.

    .venv/bin/python scripts/build_dashboards.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "exporters" / "grafana" / "dashboards"
DS = {"type": "prometheus", "uid": "${datasource}"}


def kpi(key: str, *, by_department: bool = False) -> str:
    """A KPI of the catalogue (govops/kpi/catalogue.yaml) as recorded by inventory.rules.yml: the report's value."""
    if by_department:
        return f'kpi_department:govops_kpi:value{{kpi="{key}", department=~"$department"}}'
    return f'kpi:govops_kpi:value{{kpi="{key}"}}'


def panel(
    title: str, description: str, exprs: list[tuple[str, str]], *, kind: str = "timeseries", unit: str = "short",
    w: int = 12, h: int = 8, thresholds: list[tuple[float | None, str]] | None = None, instant: bool = False,
) -> dict[str, Any]:
    """One panel; ``exprs`` are (PromQL, legend) pairs."""
    steps = [{"value": v, "color": c} for v, c in (thresholds or [(None, "green")])]
    return {
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DS,
        "gridPos": {"w": w, "h": h},
        "fieldConfig": {"defaults": {"unit": unit, "thresholds": {"mode": "absolute", "steps": steps}},
                        "overrides": []},
        "options": _options(kind),
        "targets": [
            {"refId": chr(65 + i), "datasource": DS, "expr": e, "legendFormat": legend,
             **({"instant": True, "format": "table"} if instant else {})}
            for i, (e, legend) in enumerate(exprs)
        ],
    }


def _options(kind: str) -> dict[str, Any]:
    """Bar gauges and pies show every series (``values: true``), not one value reduced over all of them."""
    if kind in ("bargauge", "piechart"):
        return {"reduceOptions": {"values": True, "calcs": ["lastNotNull"], "fields": ""},
                **({"legend": {"showLegend": True, "displayMode": "table", "placement": "right",
                               "values": ["value", "percent"]}} if kind == "piechart" else {})}
    if kind in ("stat", "gauge"):
        return {"reduceOptions": {"values": False, "calcs": ["lastNotNull"], "fields": ""}}
    return {}


def variable(name: str, label: str, metric: str) -> dict[str, Any]:
    """A multi-value dashboard variable over the values of ``name`` on ``metric`` (All by default)."""
    return {"name": name, "type": "query", "datasource": DS, "label": label, "multi": True, "includeAll": True,
            "allValue": ".*", "current": {"text": "All", "value": "$__all"},
            "query": {"query": f"label_values({metric}, {name})", "refId": name}, "refresh": 2, "sort": 1}


def dashboard(uid: str, title: str, description: str, panels: list[dict[str, Any]],
              variables: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Lay panels out left to right, top to bottom, and wrap them in a dashboard."""
    x = y = row_h = 0
    for i, p in enumerate(panels, 1):
        gp = p["gridPos"]
        if x + gp["w"] > 24:
            x, y, row_h = 0, y + row_h, 0
        gp.update({"x": x, "y": y})
        p["id"] = i
        x += gp["w"]
        row_h = max(row_h, gp["h"])
    templating = [{"name": "datasource", "type": "datasource", "query": "prometheus", "label": "数据源 Data source"}]
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["govops"],
        "timezone": "browser",
        "schemaVersion": 39,
        "version": 1,
        "refresh": "1m",
        "time": {"from": "now-24h", "to": "now"},
        "templating": {"list": templating + (variables or [])},
        "panels": panels,
    }


PCT = [(None, "red"), (0.5, "orange"), (0.8, "green")]
ROOM = '{room=~"$room"}'
LINK = '{link=~"$link", carrier=~"$carrier"}'
CARRIER = '{carrier=~"$carrier"}'
PUE = [(None, "green"), (1.3, "orange"), (1.5, "red")]


def overview() -> dict[str, Any]:
    return dashboard("govops-overview", "政务基础设施总览", "Leadership screen: machine rooms, PUE, egress, cloud "
                     "migration and domestic replacement progress, audit findings.", [
        panel("在用机房", "Machine rooms not yet closed (inventory).", [("govops:rooms_open:count", "机房")],
              kind="stat", w=4, h=5),
        panel("平均PUE", "Mean instantaneous PUE over rooms that report a valid PUE (power agent).",
              [("avg(govops_room_pue)", "PUE")], kind="stat", w=4, h=5, thresholds=PUE),
        panel("出口带宽", "Egress traffic over all WAN links, bits per second (bandwidth agent).",
              [("sum(rate(govops_link_transmit_bytes_total[5m])) * 8", "出口")], kind="stat", unit="bps", w=4, h=5),
        panel("上云率", "KPI cloud_rate: active non-classified self-built systems on the e-government cloud.",
              [(kpi("cloud_rate"), "上云率")], kind="gauge", unit="percentunit", w=4, h=5,
              thresholds=PCT),
        panel("服务器国产化率", "KPI domestic_server_rate: domestic servers / servers with a determined verdict.",
              [(kpi("domestic_server_rate"), "服务器")], kind="gauge", unit="percentunit", w=4, h=5,
              thresholds=PCT),
        panel("严重审计问题", "Open critical findings, as `govops audit` counts and lists them (stored and computed).",
              [('sum(govops_inventory_findings_open{severity="critical"})', "严重")], kind="stat", w=4, h=5,
              thresholds=[(None, "green"), (1, "red")]),
        panel("各机房PUE", "Instantaneous PUE per machine room (facility power / IT power).",
              [("govops_room_pue", "{{room}}")], w=12, thresholds=PUE),
        panel("各运营商出口流量", "Egress per carrier, bits per second (bandwidth rules, issue 6).",
              [("govops_carrier:egress_bits:rate5m", "{{carrier}}")], unit="bps"),
        panel("主机国产化（实时）", "Live share of hosts running the govops agent whose CPU and OS are both domestic.",
              [("govops:hosts_domestic:ratio", "CPU与OS"), ("govops:hosts_domestic_cpu:ratio", "CPU"),
               ("govops:hosts_domestic_os:ratio", "OS")], unit="percentunit"),
        panel("等保与备份", "KPIs dengbao_coverage_rate, dengbao_l3_pass_rate, backup_rate, offsite_backup_rate.",
              [(kpi("dengbao_coverage_rate"), "等保完成率"), (kpi("dengbao_l3_pass_rate"), "三级等保通过率"),
               (kpi("backup_rate"), "容灾备份率"), (kpi("offsite_backup_rate"), "异地备份率")], unit="percentunit"),
    ])


def rooms() -> dict[str, Any]:
    return dashboard("govops-rooms-power", "机房与能耗", "Machine rooms and power: PUE per room and why it is "
                     "missing, power per measurement point, energy-based PUE, rooms by lifecycle.", [
        panel("实时PUE", "Instantaneous PUE per room and category (1: UPS output, 2: PDU output, 3: IT input).",
              [(f"govops_room_pue{ROOM}", "{{room}}（类别 {{category}}）")], thresholds=PUE),
        panel("PUE无效原因", "Rooms whose PUE cannot be computed and why (missing point, IT above facility ...).",
              [(f"govops_room_pue_valid{ROOM} == 0", "{{room}}：{{reason}}")], kind="table", instant=True),
        panel("各测量点功率", "Power per room and measurement point, watts.",
              [(f"sum by (room, point) (govops_power_watts{ROOM})", "{{room}} {{point}}")], unit="watt"),
        panel("能耗PUE（日/30日）", "Reportable PUE from energy: facility energy / IT energy over 1 and 30 days "
              "(power rules, issue 7).",
              [(f"govops:room_pue:energy1d{ROOM}", "{{room}} 日"),
               (f"govops:room_pue:energy30d{ROOM}", "{{room}} 30日")],
              thresholds=PUE),
        panel("机房生命周期", "Machine rooms by lifecycle: active, retained, converting, closing, closed.",
              [("sum by (lifecycle) (govops_inventory_rooms)", "{{lifecycle}}")], kind="bargauge", instant=True),
    ], [variable("room", "机房 Room", "govops_room_pue_valid")])


def wan() -> dict[str, Any]:
    return dashboard("govops-wan", "广域网链路与出口", "E-government WAN links and egress: utilisation against the "
                     "contracted bandwidth, egress per carrier, link state, latency and loss, polled targets.", [
        panel("链路利用率（出）", "Transmit utilisation of each WAN link against its contracted bandwidth "
              "(port speed where none is declared).",
              [(f"max by (link) (govops_link:transmit_utilisation:ratio_rate5m{LINK})", "{{link}}")],
              unit="percentunit",
              thresholds=[(None, "green"), (0.8, "red")]),
        panel("链路利用率（入）", "Receive utilisation of each WAN link against its contracted bandwidth "
              "(port speed where none is declared).",
              [(f"max by (link) (govops_link:receive_utilisation:ratio_rate5m{LINK})", "{{link}}")],
              unit="percentunit",
              thresholds=[(None, "green"), (0.8, "red")]),
        panel("各运营商出口", "Egress and ingress per carrier (primary 中国电信, backup 中国联通), bits per second.",
              [(f"govops_carrier:egress_bits:rate5m{CARRIER}", "{{carrier}} 出"),
               (f"govops_carrier:ingress_bits:rate5m{CARRIER}", "{{carrier}} 入")], unit="bps"),
        panel("带宽达标率", "Share of links per level whose contracted bandwidth meets the plan's tier "
              "(10G city/county, 1G township, 100M village).",
              [("govops_level:link_tier_compliance:ratio", "{{level}}")], kind="bargauge", unit="percentunit",
              instant=True, thresholds=PCT),
        panel("链路状态", "1 when the a-end interface of the link is up.",
              [(f"govops_link_oper_up{LINK}", "{{link}}（{{role}}）")], kind="table", instant=True),
        panel("链路时延", "Round-trip time of the probes across each link.",
              [(f"govops_link_rtt_seconds{LINK}", "{{link}}")], unit="s"),
        panel("链路丢包率", "Share of probes lost across each link.",
              [(f"govops_link_probe_loss_ratio{LINK}", "{{link}}")], unit="percentunit"),
        panel("采集目标", "Devices the bandwidth agent polls: up or not, and poll duration.",
              [("govops_target_up", "{{target}} 在线"),
               ("govops_target_poll_duration_seconds", "{{target}} 采集耗时")]),
        panel("接口错误", "Interface receive and transmit errors per second.",
              [("rate(govops_interface_receive_errors_total[5m])", "{{target}} {{interface}} 入"),
               ("rate(govops_interface_transmit_errors_total[5m])", "{{target}} {{interface}} 出")]),
    ], [variable("carrier", "运营商 Carrier", "govops_link_oper_up"),
        variable("link", "链路 Link", "govops_link_oper_up")])


def hosts() -> dict[str, Any]:
    inst = {"name": "instance", "type": "query", "datasource": DS, "label": "主机 Host", "multi": True,
            "includeAll": True, "query": {"query": "label_values(govops_host_info, instance)", "refId": "v"},
            "refresh": 2}
    sel = '{instance=~"$instance"}'
    return dashboard("govops-hosts", "主机", "Servers running the govops host agent: CPU, memory, filesystems, "
                     "disks, network, load, uptime, identity and domestic verdicts, agent health.", [
        panel("CPU使用率", "Busy share of all CPUs (1 - idle), 5-minute rate.",
              [(f"instance:govops_cpu_utilisation:ratio_rate5m{sel}", "{{instance}}")], unit="percentunit"),
        panel("内存使用率", "1 - MemAvailable / MemTotal.",
              [(f"instance:govops_memory_utilisation:ratio{sel}", "{{instance}}")], unit="percentunit"),
        panel("文件系统可用率", "Available share of each filesystem.",
              [(f"instance:govops_filesystem_avail:ratio{sel}", "{{instance}} {{mountpoint}}")], unit="percentunit"),
        panel("系统负载", "1-minute load average.", [(f"node_load1{sel}", "{{instance}}")]),
        panel("网络流量", "Receive and transmit bits per second, loopback excluded.",
              [(f"instance:govops_network_receive_bits:rate5m{sel}", "{{instance}} 入"),
               (f"instance:govops_network_transmit_bits:rate5m{sel}", "{{instance}} 出")], unit="bps"),
        panel("磁盘繁忙度", "Share of time each disk was busy with I/O.",
              [(f"rate(node_disk_io_time_seconds_total{sel}[5m])", "{{instance}} {{device}}")],
              unit="percentunit"),
        panel("运行时间", "Seconds since boot.", [(f"time() - node_boot_time_seconds{sel}", "{{instance}}")],
              unit="s"),
        panel("主机信息与国产化判定", "Architecture, CPU, OS and the domestic verdict of CPU and OS per host.",
              [(f"govops_host_info{sel}", "")], kind="table", instant=True, w=24),
        panel("采集器状态", "Collector health of every govops agent (0: failing, metrics withdrawn).",
              [("govops_collector_success", "{{job}} {{instance}} {{collector}}")], kind="table", instant=True),
        panel("采集耗时", "Duration of each collector's last poll.",
              [("govops_collector_poll_duration_seconds", "{{job}} {{instance}} {{collector}}")], unit="s"),
    ], [inst])


def migration() -> dict[str, Any]:
    return dashboard("govops-migration", "上云与国产化替代", "Cloud migration and domestic replacement: systems "
                     "by migration status and department, domestic share by device kind and department, live "
                     "host OS mix, 等保 and backup coverage.", [
        panel("业务系统迁移状态", "Business systems by migration status.",
              [("sum by (migration_status) (govops_inventory_systems)", "{{migration_status}}")],
              kind="bargauge", instant=True),
        panel("各部门上云率", "KPI cloud_rate per department.",
              [(kpi("cloud_rate", by_department=True), "{{department}}")], kind="bargauge", unit="percentunit",
              instant=True, thresholds=PCT),
        panel("各类设备国产化率", "KPIs domestic_*_rate: domestic share per device class (facility equipment apart).",
              [('kpi:govops_kpi:value{kpi=~"domestic_.*"}', "{{kpi}}")], kind="bargauge", unit="percentunit",
              instant=True, thresholds=PCT),
        panel("各部门服务器国产化率", "KPI domestic_server_rate per department.",
              [(kpi("domestic_server_rate", by_department=True), "{{department}}")], kind="bargauge",
              unit="percentunit", instant=True, thresholds=PCT),
        panel("主机操作系统分布（实时）", "Hosts running the agent by OS and verdict.",
              [("count by (os_id, domestic_os) (govops_host_info)", "{{os_id}} ({{domestic_os}})")],
              kind="piechart", instant=True),
        panel("国产化趋势", "Domestic share of servers (inventory) and of live hosts (agents) over time.",
              [(kpi("domestic_server_rate"), "服务器（台账）"),
               ("govops:hosts_domestic:ratio", "主机（实时）")], unit="percentunit"),
        panel("等保测评", "Systems by 等保 level and assessment status.",
              [("sum by (level, status) (govops_inventory_systems_dengbao)", "L{{level}} {{status}}")],
              kind="bargauge", instant=True),
        panel("备份覆盖", "Systems by backup coverage.",
              [("sum by (backup) (govops_inventory_systems_backup)", "{{backup}}")], kind="piechart", instant=True),
    ], [variable("department", "部门 Department", "govops_kpi_numerator")])


DASHBOARDS = {
    "overview.json": overview,
    "rooms-power.json": rooms,
    "wan.json": wan,
    "hosts.json": hosts,
    "migration.json": migration,
}


def render_all() -> dict[str, str]:
    """Return file name -> JSON text of every dashboard."""
    return {name: json.dumps(build(), ensure_ascii=False, indent=2) + "\n" for name, build in DASHBOARDS.items()}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in render_all().items():
        (OUT / name).write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {OUT / name}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
