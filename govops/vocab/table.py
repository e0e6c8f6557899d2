"""The one vocabulary of the inventory, as data: header labels, enum words, yes/no words, placeholders.

Import (``inventory import``/``check``), ``govops track``, the exports and the
reports' labels all read these tables; a new header or a new word is one row
here. Everything is scoped: a header alias belongs to the kinds it is listed
for (状态 is a device's status but a room's lifecycle), an enum word to its
enumeration, an extra yes/no word to its field (通过 means yes only for
``dengbao.passed``).

Words are matched after ``normalise_word`` (NFKC: full-width letters, digits and
brackets become ASCII; spaces dropped; lower case), so a row lists each word once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

ALL = ("departments", "rooms", "devices", "links", "systems")


@dataclass(frozen=True)
class Word:
    """One value of an enumeration: the stored value, its labels and every word people write for it."""

    value: str
    zh: str
    en: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Header:
    """One field's column header in some kinds: the label written on export and the aliases accepted."""

    field: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ALL


# fmt: off
# Device kinds: the one list (store, SNMP identification, reports); ENUMS["device_kind"] gives their words.
# dc_power: a DC power system (通信电源: rectifier shelves and their controller, DC distribution, inverters), which
# feeds telecom and network gear as a UPS feeds servers. transport: optical and SDH/OTN transport (WDM terminals and
# ROADMs, optical amplifiers, SDH/MSTP/PTN, microwave links): it carries links between rooms, it switches no frames.
# cooling: a machine room's precision air conditioner, in-row or rack cooler, or chiller (精密空调), which an
# environment monitor (env_monitor) only watches. access_point: a wireless access point (fat or managed by a
# controller). console_server: out-of-band console access (serial console servers, KVM over IP). Neither is in
# NETWORK_KINDS: no SSH discovery, CLI audit or bandwidth polling reaches them by default. ats: an automatic (or
# static) transfer switch (双电源切换开关: it feeds one load from the better of two sources; it neither stores
# energy, as a UPS does, nor distributes it to outlets, as a PDU does). network: a network device whose kind nothing
# states (SNMP discovery's count of Ethernet ports, no switch's statement; a maker of network equipment only), or of a
# kind this list does not name (a packet broker): it is in NETWORK_KINDS, as the kinds it may be are, and calling it
# a switch would be a guess.
DeviceKind = Literal[
    "server", "switch", "router", "firewall", "storage", "pdu", "ups", "meter", "bmc",
    "load_balancer", "wireless_controller", "network", "access_point", "console_server", "camera", "env_monitor",
    "cooling", "dc_power", "transport", "ats", "other",
]
DEVICE_KINDS: tuple[DeviceKind, ...] = get_args(DeviceKind)
# Facility equipment (动力设备), the one set: the facility 国产化率 KPI's kinds, kept apart from IT equipment in the
# 信创 report. The power agent polls these and BMCs.
FACILITY_KINDS: tuple[DeviceKind, ...] = ("pdu", "ups", "dc_power", "meter", "ats")
POWER_KINDS: tuple[DeviceKind, ...] = (*FACILITY_KINDS, "bmc")
# Machine-room plant (机房基础设施, 动力与环境): the facility kinds with precision cooling and environment monitors.
# None of them is IT equipment: the 信创 report's IT share leaves all of them out.
PLANT_KINDS: tuple[DeviceKind, ...] = (*FACILITY_KINDS, "cooling", "env_monitor")
# Network and security devices (网络与安全设备), the one set: the 信创 network KPIs' default kinds, the
# 等保 network checks, SSH discovery's targets and the inventory's Ansible network group all count
# these. Load balancers (应用交付) and wireless controllers sit in the network like firewalls do.
NETWORK_KINDS: tuple[DeviceKind, ...] = (
    "switch", "router", "firewall", "load_balancer", "wireless_controller", "network",
)

ENUMS: dict[str, tuple[Word, ...]] = {
    "level": (
        Word("province", "省级", "province", ("省", "省本级", "省直")),
        Word("city", "市级", "city", ("市", "市本级", "市直", "地市", "地市级")),
        Word("county", "县级", "county", ("县", "区", "区县", "县区", "县(区)", "区(县)", "县(市、区)", "县(市区)",
                                          "区级", "县市区")),
        Word("township", "乡镇级", "township", ("乡", "镇", "乡镇", "街道", "乡镇(街道)", "乡镇街道")),
        Word("village", "村级", "village", ("村", "社区", "村(社区)", "村居")),
    ),
    "lifecycle": (
        Word("active", "在用", "active", ("运行", "运行中", "使用中", "正常", "在运")),
        Word("retained", "保留", "retained", ("保留机房", "继续保留")),
        Word("converting", "改造为网络节点", "converting", ("改造", "改造中", "转网络节点", "网络节点",
                                                            "改为网络节点")),
        Word("closing", "关停中", "closing", ("计划关停", "待关停", "拟关停", "整合中", "拟撤销", "待撤并", "拟撤并",
                                              "迁移整合中")),
        Word("closed", "已关停", "closed", ("关停", "已关闭", "关闭", "撤销", "已撤销", "已整合", "已撤并", "撤并",
                                            "已关停并转")),
    ),
    "device_kind": (
        Word("server", "服务器", "server", ("主机", "物理机", "物理服务器", "机架服务器", "机架式服务器",
                                            "刀片服务器", "PC服务器", "x86服务器", "服务器(物理机)", "虚拟机",
                                            "云主机", "一体机", "小型机", "工作站", "塔式服务器", "GPU服务器")),
        Word("switch", "交换机", "switch", ("核心交换机", "汇聚交换机", "接入交换机", "三层交换机", "二层交换机",
                                            "光纤交换机", "SAN交换机", "网络交换机", "POE交换机", "路由交换机",
                                            "万兆交换机", "千兆交换机")),
        Word("router", "路由器", "router", ("核心路由器", "出口路由器", "多业务路由器", "汇聚路由器", "接入路由器")),
        Word("firewall", "防火墙", "firewall", ("下一代防火墙", "NGFW", "FW", "硬件防火墙", "防病毒网关",
                                                "边界防火墙", "应用防火墙")),
        Word("storage", "存储", "storage", ("存储设备", "磁盘阵列", "磁阵", "盘阵", "NAS", "SAN", "存储阵列",
                                            "分布式存储")),
        Word("pdu", "PDU", "PDU", ("电源分配单元", "机柜PDU", "配电单元", "智能PDU")),
        Word("ups", "UPS", "UPS", ("不间断电源", "UPS电源")),
        Word("meter", "电表", "meter", ("电能表", "智能电表", "电量仪", "计量表", "多功能电表")),
        Word("bmc", "BMC", "BMC", ("带外管理", "iBMC", "iDRAC", "iLO")),
        Word("load_balancer", "负载均衡", "load balancer", ("负载均衡器", "负载均衡设备", "应用交付", "ADC", "SLB")),
        Word("wireless_controller", "无线控制器", "wireless controller", ("无线AC", "WLC", "无线接入控制器")),
        Word("network", "网络设备", "network device", ("网络设备（类型未知）", "其他网络设备")),
        Word("access_point", "无线AP", "access point", ("AP", "无线接入点", "无线访问接入点", "瘦AP", "胖AP",
                                                        "吸顶AP", "面板AP")),
        Word("console_server", "串口服务器", "console server", ("控制台服务器", "终端服务器", "串口管理服务器", "KVM",
                                                              "KVM切换器")),
        Word("camera", "摄像机", "camera", ("摄像头", "网络摄像机", "IPC", "NVR", "硬盘录像机", "视频监控")),
        Word("env_monitor", "动环监控", "environment monitor", ("动环", "环境监控", "温湿度", "温湿度传感器",
                                                              "机房环境监控", "动力环境监控")),
        Word("cooling", "精密空调", "cooling", ("空调", "机房空调", "列间空调", "行级空调", "机柜空调", "冷水机组",
                                                 "制冷设备", "CRAC")),
        Word("dc_power", "通信电源", "DC power system", ("直流电源", "开关电源", "高频开关电源", "通信开关电源",
                                                      "直流电源系统", "整流器", "整流模块", "直流屏", "逆变器",
                                                      "-48V电源")),
        Word("transport", "传输设备", "transport", ("传输", "光传输", "光传输设备", "波分", "波分设备", "WDM",
                                                   "DWDM", "OTN", "SDH", "MSTP", "PTN", "光端机", "光放大器",
                                                   "EDFA", "微波")),
        Word("ats", "ATS", "transfer switch", ("自动转换开关", "双电源切换开关", "双电源自动切换开关", "静态转换开关",
                                                "STS", "automatic transfer switch")),
        Word("other", "其他", "other", ("其它", "网闸", "堡垒机", "WAF", "IPS", "IDS", "入侵防御",
                                        "入侵检测", "日志审计", "安全网关", "VPN", "加密机", "安全设备",
                                        "光纤收发器",
                                        "视频会议终端", "上网行为管理", "漏洞扫描", "数据库审计")),
    ),
    "device_status": (
        Word("in_service", "在用", "in service", ("在网", "运行", "运行中", "使用中", "正常", "在线", "在运", "使用",
                                                  "正常使用", "正常运行", "已使用")),
        Word("idle", "闲置（可利旧）", "idle (for reuse)", ("闲置", "利旧", "停用", "待用", "库存", "闲置(可利旧)",
                                                            "待报废", "备用", "备机", "已停用")),
        Word("retired", "已报废", "retired", ("报废", "退役", "下线", "已下线", "淘汰", "已淘汰")),
    ),
    "verdict": (
        # 是/否 under a 是否国产 column.
        Word("domestic", "国产", "domestic", ("自主可控", "信创", "国产化", "是", "√")),
        Word("foreign", "非国产", "foreign", ("国外", "进口", "外资", "非国产化", "否", "×")),
        # "undetermined", as the KPIs count it (the value stays unknown; the word is still read).
        Word("unknown", "未判定", "undetermined", ("未知", "不详", "待定")),
    ),
    # How reaching a server over SSH ended (`discover servers`, `audit hosts`): ``discovery.servers.Status``.
    "host_status": (
        Word("ok", "成功", "ok"),
        Word("unreachable", "不可达", "unreachable"),
        Word("auth_failed", "认证失败", "authentication failed"),
        Word("no_python", "无 Python", "no Python"),
        Word("timeout", "超时", "timed out"),
        Word("failed", "失败", "failed"),
    ),
    # A 等保 check's result on a host (`audit host`, `audit hosts`): ``catalog.dengbao.HostFinding.status``.
    "check_result": (
        Word("pass", "符合", "pass"),
        Word("fail", "不符合", "fail"),
        Word("unknown", "未知", "unknown"),
    ),
    # The dimensions of a 国产化 verdict (`classify`, the 信创 report): ``catalog.record.DIMENSIONS``.
    "dimension": (
        Word("vendor", "厂商", "vendor"),
        Word("cpu", "CPU", "CPU"),
        Word("os", "操作系统", "operating system"),
        Word("software", "软件（按安装项）", "software (installed items)"),
    ),
    # A finding's severity, every surface (`audit` and its subcommands, the reports): ``store.tables.SEVERITIES``.
    "severity": (
        Word("info", "提示", "info"),
        Word("warning", "警告", "warning"),
        Word("critical", "严重", "critical"),
    ),
    # A lab service's state (`lab status`): a service is running or down (the cell adds why it is down).
    "lab_state": (
        Word("running", "运行", "running"),
        Word("down", "停止", "down"),
    ),
    # How much of a device SSH discovery read (`discover ssh`): every fact its platform reads, or part of them.
    "read_status": (
        Word("ok", "完整", "complete"),
        Word("partial", "部分", "partial"),
    ),
    # How much of a discovered table the store holds (`inventory show`): every row a walk read, or the first rows of a
    # walk cut short (``Device.partial_tables``; discovery.reconcile.Cut says what became of them).
    "table_read": (
        Word("whole", "完整", "complete"),
        Word("partial", "部分", "partial"),
    ),
    # A device's factory-default login check (`audit credentials`): a login accepted is a critical finding
    # (CRITICAL, as the finding it stores), the check could not run (error), or no default login got in (ok).
    "credential_verdict": (
        Word("CRITICAL", "严重", "default login accepted"),
        Word("error", "错误", "check failed"),
        Word("ok", "正常", "ok"),
    ),
    # Where a history entry came from (`inventory history`, the changes report): ``store.history.Source``; and what
    # it did. scan is 扫描, not 发现: the reports' 发现 is a finding (审计发现). An action is what happened: created.
    "history_source": (
        Word("import", "导入", "import"),
        Word("scan", "扫描", "scan"),
        Word("user", "人工", "user"),
    ),
    "history_action": (
        Word("create", "新增", "created"),
        Word("update", "修改", "updated"),
        Word("delete", "删除", "deleted"),
    ),
    "link_kind": (
        Word("internet", "互联网", "internet", ("公网", "互联网出口", "互联网专线", "internet出口")),
        Word("extranet", "政务外网", "extranet", ("电子政务外网", "外网", "政务外网专线")),
        Word("private", "专线", "private", ("裸光纤", "MSTP", "数据专线", "点对点专线", "SDH", "裸纤", "视频专网",
                                            "MPLS VPN", "MPLS", "VPN专线", "光纤专线")),
    ),
    "link_role": (
        Word("primary", "主用", "primary", ("主", "主线路", "主链路", "主用链路")),
        Word("backup", "备用", "backup", ("备", "备份", "备线路", "备链路", "备用链路")),
    ),
    "origin": (
        Word("national", "国垂", "national", ("国家垂直", "国家级", "国家部委", "部委垂直", "国家垂管")),
        Word("provincial", "省垂", "provincial", ("省级垂直", "省统建", "省垂管", "省级统建")),
        Word("self_built", "自建", "self-built", ("本级自建", "市自建", "自主建设", "本地自建", "self-built")),
    ),
    "migration_status": (
        Word("not_assessed", "未评估", "not assessed", ("待评估", "未定", "否", "未上云", "暂未上云")),
        Word("planned", "已计划", "planned", ("计划", "计划迁移", "计划中", "拟迁移", "待迁移", "计划上云")),
        Word("adapting", "适配中", "adapting", ("适配", "改造中", "适配改造中")),
        Word("migrating", "迁移中", "migrating", ("正在迁移", "上云中")),
        Word("migrated", "已上云", "migrated", ("已迁移", "已迁移上云", "上云", "已完成", "已部署上云", "是",
                                                "已上政务云", "已部署")),
        Word("exempt", "豁免", "exempt", ("不上云", "不迁移", "暂不上云", "不上云(涉密)", "涉密不上云", "无需上云",
                                          "不宜上云")),
        Word("retired", "已下线", "retired", ("下线", "已停用", "停用", "已关停")),
    ),
    "migration_strategy": (
        Word("rehost", "直接迁移", "rehost", ("平迁", "整体迁移", "直接上云")),
        Word("replatform", "平台改造", "replatform", ("改造迁移", "适配改造", "适配迁移")),
        Word("refactor", "重构", "refactor", ("重建", "重构迁移")),
        Word("repurchase", "重新采购", "repurchase", ("替换", "采购服务", "购买服务")),
        Word("retire", "下线", "retire", ("停用", "淘汰")),
        Word("retain", "保留", "retain", ("暂缓", "原地保留")),
        Word("relocate", "搬迁", "relocate", ("整体搬迁", "物理搬迁")),
    ),
    "backup": (
        Word("none", "无备份", "none", ("无", "未备份", "没有", "否")),
        Word("local", "本地备份", "local", ("本地", "同机房备份", "本地容灾")),
        Word("offsite", "异地备份", "off-site", ("异地", "异地容灾", "异地灾备", "offsite")),
        Word("local+offsite", "本地+异地", "local + off-site", ("本地和异地", "本地及异地", "本地、异地", "本地/异地",
                                                                "本地+异地备份", "两地", "local,offsite")),
    ),
    "snmp_version": (
        Word("1", "v1", "v1", ("v1", "snmpv1")),
        Word("2c", "v2c", "v2c", ("v2c", "v2", "2", "snmpv2c", "snmpv2")),
        Word("3", "v3", "v3", ("v3", "snmpv3")),
    ),
    "dengbao_level": (
        Word("1", "第一级", "level 1", ("一级", "1级", "等保一级", "一级等保", "Ⅰ", "I")),
        Word("2", "第二级", "level 2", ("二级", "2级", "等保二级", "二级等保", "Ⅱ", "II")),
        Word("3", "第三级", "level 3", ("三级", "3级", "等保三级", "三级等保", "Ⅲ", "III")),
        Word("4", "第四级", "level 4", ("四级", "4级", "等保四级", "四级等保", "Ⅳ", "IV")),
        Word("5", "第五级", "level 5", ("五级", "5级", "等保五级", "五级等保", "Ⅴ", "V")),
    ),
}

# Yes and no for every true/false field; FIELD_YES_NO adds the words one field understands.
YES = ("是", "有", "√", "✓", "✔", "对", "支持", "已支持", "已开通", "yes", "y", "true", "t", "1")
NO = ("否", "无", "×", "✗", "✘", "x", "不支持", "未支持", "未开通", "没有", "no", "n", "false", "f", "0")
FIELD_YES_NO: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "dengbao.passed": (("通过", "已通过", "合格", "符合", "基本符合", "达标"),
                       ("未通过", "不通过", "不合格", "不符合")),
    "classified": (("涉密",), ("非涉密", "不涉密")),
    "self_built": (("自建",), ("租用", "非自建", "托管", "租赁")),
    "ipv6": (("已改造", "双栈"), ("未改造",)),
}

# Cells that mean "nothing written here" in any field that has no word of its own for them.
PLACEHOLDERS = ("无", "-", "--", "—", "——", "/", "\\", "空", "n/a", "na", "null", "暂无", "不详", "未知", "?", "？",
                "待定", "未填", "#n/a")

# Which enumeration each field's values come from, and the fields whose values are numbers with units.
FIELD_ENUMS: dict[str, str] = {
    "level": "level", "lifecycle": "lifecycle", "kind@devices": "device_kind", "status": "device_status",
    "domestic": "verdict", "kind@links": "link_kind", "role": "link_role", "origin": "origin",
    "migration.status": "migration_status", "migration.strategy": "migration_strategy", "backup": "backup",
    "snmp.version": "snmp_version", "dengbao.level": "dengbao_level",
}
FIELD_UNITS: dict[str, str] = {
    "area_m2": "area", "racks": "count", "cpu_sockets": "count", "cpu_cores": "count", "memory_mb": "size_mb",
    "bandwidth_mbps": "bandwidth_mbps", "migration.wave": "count", "snmp.port": "count", "ssh.port": "count",
    "probe.tcp_port": "count",
}

KIND_NAMES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # kind: (Chinese label, English label, sheet and file names that mean it)
    "departments": ("部门", "departments", ("department", "单位", "部门清单", "单位清单", "部门单位")),
    "rooms": ("机房", "rooms", ("room", "机房清单", "机房台账", "机房情况")),
    "devices": ("设备", "devices", ("device", "资产", "设备清单", "设备台账", "硬件", "硬件设备", "服务器",
                                   "网络设备", "资产清单")),
    "links": ("链路", "links", ("link", "线路", "网络链路", "链路清单", "专线", "电子政务外网")),
    "systems": ("业务系统", "systems", ("system", "系统", "信息系统", "应用系统", "系统清单")),
}

HEADERS: tuple[Header, ...] = (
    Header("code", "编码", "Code", ("代码", "编号")),
    Header("code", "编码", "Code", ("部门编码", "单位编码", "单位代码", "部门代码", "组织机构代码",
                                    "统一社会信用代码"), ("departments",)),
    Header("code", "编码", "Code", ("机房编码", "机房编号", "机房代码"), ("rooms",)),
    Header("name", "名称", "Name"),
    Header("name", "名称", "Name", ("部门名称", "单位名称", "部门", "单位"), ("departments",)),
    Header("name", "名称", "Name", ("机房名称",), ("rooms",)),
    Header("name", "名称", "Name", ("设备名称", "设备名", "主机名", "主机名称", "hostname",
                                    "资产名称"), ("devices",)),
    Header("name", "名称", "Name", ("链路名称", "线路名称", "专线名称"), ("links",)),
    Header("name", "名称", "Name", ("系统名称", "业务系统名称", "信息系统名称", "业务系统", "应用名称",
                                    "应用系统名称", "系统全称"), ("systems",)),
    Header("level", "级别", "Level", ("层级", "行政级别", "单位级别", "部门级别"), ("departments",)),
    Header("level", "级别", "Level", ("层级", "链路级别", "接入级别"), ("links",)),
    Header("parent", "上级部门", "Parent", ("上级单位", "主管部门", "上级", "上级主管部门")),
    Header("department", "部门", "Department", ("所属部门", "使用部门", "所属单位", "使用单位", "责任部门",
                                                "建设单位", "主管单位", "单位名称", "部门名称", "单位", "主管部门",
                                                "责任单位", "归属单位", "所属单位名称")),
    Header("address", "地址", "Address", ("机房地址", "所在地址", "位置", "地点", "所在位置", "详细地址")),
    Header("area_m2", "面积(平方米)", "Area (m²)", ("面积", "机房面积", "建筑面积", "使用面积", "机房使用面积")),
    Header("racks", "机柜数", "Racks", ("机柜数量", "机柜", "机柜(个)", "机柜总数")),
    Header("self_built", "自建", "Self-built", ("是否自建", "自建/租用", "产权")),
    Header("lifecycle", "生命周期", "Lifecycle", ("状态", "机房状态", "整合方向", "整合情况", "处置方式")),
    Header("pue_target", "目标PUE", "PUE target", ("PUE目标", "PUE目标值", "设计PUE", "PUE设计值", "目标PUE值")),
    Header("pue_declared", "申报PUE", "Declared PUE", ("PUE", "PUE值", "当前PUE", "实测PUE", "年均PUE")),
    Header("kind", "类型", "Kind", ("设备类型", "类别", "设备类别", "资产类型", "资产类别",
                                    "设备分类"), ("devices",)),
    Header("kind", "类型", "Kind", ("链路类型", "线路类型", "网络类型", "网络"), ("links",)),
    Header("room", "机房", "Room", ("所在机房", "机房编码", "机房名称", "部署机房", "存放机房", "安装位置",
                                    "所属机房", "机房位置", "放置位置", "存放位置", "安装机房")),
    Header("rack", "机柜", "Rack", ("机柜号", "机柜编号", "所在机柜", "机柜位置", "U位")),
    Header("vendor", "厂商", "Vendor", ("品牌", "制造商", "生产厂商", "厂家", "生产厂家", "品牌厂商", "设备品牌",
                                        "厂商名称")),
    Header("model", "型号", "Model", ("设备型号", "规格型号", "型号规格", "产品型号")),
    Header("serial", "序列号", "Serial", ("SN", "SN号", "S/N", "设备序列号", "序列号(SN)", "出厂编号", "SN码",
                                          "序列号/SN")),
    Header("platform", "平台", "Platform", ("操作平台", "网络操作系统")),
    Header("mgmt_ip", "管理IP", "Management IP", ("管理地址", "IP地址", "IP", "管理IP地址", "设备IP", "带内管理IP",
                                                  "设备IP地址", "管理网IP")),
    Header("os", "操作系统", "OS", ("OS", "系统")),
    Header("os_version", "系统版本", "OS version", ("操作系统版本", "OS版本", "版本")),
    Header("cpu_vendor", "CPU厂商", "CPU vendor", ("CPU品牌", "处理器厂商", "CPU厂家")),
    Header("cpu_model", "CPU型号", "CPU model", ("处理器型号", "CPU", "处理器")),
    Header("arch", "架构", "Architecture", ("CPU架构", "处理器架构", "指令集")),
    Header("cpu_sockets", "CPU路数", "CPU sockets", ("CPU数量", "处理器数量", "CPU个数", "路数")),
    Header("cpu_cores", "CPU核数", "CPU cores", ("核数", "CPU核心数", "处理器核数", "总核数")),
    Header("memory_mb", "内存(MB)", "Memory (MB)", ("内存", "内存容量", "内存大小")),
    Header("status", "状态", "Status", ("设备状态", "使用状态", "运行状态")),
    Header("purchased", "购置日期", "Purchased", ("购买日期", "启用日期", "采购日期", "购置时间", "上线时间",
                                                  "投运时间", "投入使用时间", "购买时间", "采购时间", "启用时间",
                                                  "投入使用日期")),
    Header("eol", "停保日期", "End of life", ("过保日期", "维保到期", "维保截止", "维保到期日", "保修截止",
                                              "维保截止日期", "EOL", "出保时间", "保修期至", "质保到期",
                                              "维保到期时间", "过保时间")),
    Header("ipv6", "IPv6", "IPv6", ("支持IPv6", "是否支持IPv6", "IPv6改造", "IPv6支持", "IPv6改造情况",
                                    "是否完成IPv6改造")),
    Header("domestic", "国产化", "Domestic", ("是否国产", "国产", "是否信创", "信创", "是否国产化", "国产化情况")),
    Header("classification", "国产化判定依据", "Classification", ("判定依据",)),
    Header("snmp.version", "SNMP版本", "SNMP version"),
    Header("snmp.port", "SNMP端口", "SNMP port"),
    Header("snmp.community.env", "SNMP团体名变量", "SNMP community variable"),
    Header("snmp.community.file", "SNMP团体名文件", "SNMP community file"),
    Header("snmp.user", "SNMP用户", "SNMP user"),
    Header("snmp.auth_protocol", "SNMP认证协议", "SNMP auth protocol"),
    Header("snmp.auth_key.env", "SNMP认证密钥变量", "SNMP auth key variable"),
    Header("snmp.auth_key.file", "SNMP认证密钥文件", "SNMP auth key file"),
    Header("snmp.priv_protocol", "SNMP加密协议", "SNMP privacy protocol"),
    Header("snmp.priv_key.env", "SNMP加密密钥变量", "SNMP privacy key variable"),
    Header("snmp.priv_key.file", "SNMP加密密钥文件", "SNMP privacy key file"),
    Header("ssh.port", "SSH端口", "SSH port"),
    Header("ssh.username", "SSH用户", "SSH user"),
    Header("ssh.password.env", "SSH密码变量", "SSH password variable"),
    Header("ssh.password.file", "SSH密码文件", "SSH password file"),
    Header("ssh.key_file", "SSH密钥文件", "SSH key file"),
    Header("ssh.python", "SSH远端Python", "SSH remote Python"),
    Header("ssh.root", "采集根目录", "Facts root directory"),
    Header("ssh.known_hosts", "SSH主机公钥文件", "SSH known_hosts file"),
    Header("carrier", "运营商", "Carrier", ("承载运营商", "服务商", "线路运营商", "供应商")),
    Header("role", "主备", "Role", ("主/备", "主备用", "主备关系", "链路角色")),
    Header("bandwidth_mbps", "带宽(Mbps)", "Bandwidth (Mbps)", ("带宽", "链路带宽", "线路带宽", "出口带宽",
                                                                "接入带宽")),
    Header("a_end.device", "本端设备", "A-end device", ("本端", "A端设备", "接入设备")),
    Header("a_end.interface", "本端接口", "A-end interface", ("A端接口", "接口", "端口")),
    Header("z_end", "对端部门", "Z-end department", ("对端", "Z端", "对端单位", "接入单位")),
    Header("probe.address", "探测地址", "Probe address", ("对端地址", "对端IP", "探测IP")),
    Header("probe.tcp_port", "探测端口", "Probe TCP port", ("探测TCP端口",)),
    Header("origin", "来源", "Origin", ("建设方式", "系统来源", "建设来源", "建设类型")),
    Header("classified", "涉密", "Classified", ("是否涉密", "涉密情况")),
    Header("zone", "网络区域", "Network zone", ("部署网络", "所在网络", "网络环境", "运行网络")),
    Header("hosting.room", "部署机房", "Hosted in room", ("所在机房", "机房", "运行机房")),
    Header("hosting.cloud", "部署云", "Cloud", ("云平台", "所在云", "部署云平台", "上云平台", "所在云平台")),
    Header("migration.strategy", "迁移策略", "Migration strategy", ("上云方式", "迁移方式", "策略")),
    Header("migration.wave", "迁移批次", "Migration wave", ("批次", "上云批次")),
    Header("migration.status", "迁移状态", "Migration status", ("上云状态", "上云情况", "状态", "迁移情况",
                                                                "是否上云")),
    Header("migration.planned", "计划迁移日期", "Planned", ("计划上云时间", "计划完成时间", "计划日期",
                                                            "计划迁移时间", "计划完成日期")),
    Header("migration.done", "完成迁移日期", "Migrated", ("上云时间", "完成时间", "完成日期", "实际完成时间",
                                                          "迁移完成日期", "实际完成日期")),
    Header("migration.note", "迁移说明", "Migration note", ("备注", "说明", "原因")),
    Header("dengbao.level", "等保级别", "MLPS level", ("等保等级", "定级", "等级保护级别", "安全保护等级", "等保定级",
                                                       "定级级别", "等级保护定级")),
    Header("dengbao.assessed", "测评日期", "Assessed", ("等保测评日期", "测评时间", "等保测评时间", "最近测评时间")),
    Header("dengbao.passed", "测评通过", "Passed", ("测评结果", "是否通过", "等保测评结果", "测评结论",
                                                    "是否通过测评")),
    Header("backup", "备份", "Backup", ("备份方式", "备份情况", "数据备份", "容灾备份")),
    Header("runs_on", "运行设备", "Runs on", ("承载设备", "部署设备", "服务器")),
)

# The columns of the command line's tables that no inventory field names: their Chinese label. A table's header is
# the label, then the column's name (``cli.output.field_headers``), the word --json uses for it; a table may give a
# column a label of its own where its meaning is narrower (``audit host``'s status is a check's result).
COLUMN_LABELS: dict[str, str] = {
    "target": "目标", "host": "主机", "device": "设备", "hostname": "主机名", "version": "版本", "verdict": "结论",
    "dimension": "维度", "subject": "对象", "subject_kind": "对象类型", "evidence": "证据", "rule": "规则",
    "clause": "条款", "severity": "级别", "title": "问题", "count": "数量", "pass": "符合", "fail": "不符合",
    "unknown": "未知", "failing": "不符合项", "error": "错误", "cpu": "CPU", "software": "软件", "ifs": "接口数",
    "ifaces": "接口数", "lldp": "LLDP 邻居", "taken_at": "采集时间", "sha256": "摘要", "source": "来源",
    "lines": "行数", "tried": "已试", "accepted": "可登录", "entity": "对象", "key": "标识", "field": "字段",
    "old": "原值", "new": "新值", "at": "时间", "actor": "操作人", "action": "操作", "point": "测点", "phase": "相",
    "watts": "功率(W)", "energy_kwh": "电能(kWh)", "ok": "成功", "changed": "变更", "failed": "失败",
    "unreachable": "不可达", "created": "新建", "unchanged": "未变", "service": "服务", "state": "状态",
    "pids": "进程", "endpoints": "地址", "endpoint": "地址", "devices": "设备数", "far_ends": "链路远端数",
    "addresses": "服务地址数",
    "item": "项目", "figure": "指标", "value": "值", "pue": "PUE", "kpi": "指标", "fraction": "分子/分母",
}

# Header cells of an office 台账 that are not fields: the row number, and notes nobody imports.
IGNORED_HEADERS = ("序号", "编号序号", "no", "no.", "#", "备注说明", "填报说明")
# The first cell of rows that are not data: a total, a footnote, the form's filler and date.
TOTAL_WORDS = ("合计", "总计", "小计", "total")
NOTE_PREFIXES = ("注", "备注", "说明", "填表说明")
FILLER_WORDS = ("填报单位", "填报人", "填表人", "填报日期", "填表日期", "联系电话", "审核人", "负责人", "制表",
                "统计时间", "截止日期", "单位(盖章)", "单位盖章")
# fmt: on
