"""An office 台账 built the way city offices keep theirs: every quirk of issue 15 at once.

Written for these tests (and the ledger bench): titles and form lines above a
two-row merged header, a 序号 column, section, blank, 合计 and 注 rows, dates,
units, full-width digits and Chinese words as people type them, extra sheets.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def titled(sheet: Worksheet, title: str, width: int) -> None:
    """A merged title row and a 填报单位/填报人/日期 line, as on every office form."""
    sheet.append([title])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    sheet.append(["填报单位：市政务服务和大数据管理局", None, "填报人：张三", None, "填报日期：2024年5月20日"])


def two_row_header(sheet: Worksheet, groups: list[tuple[str, int]], labels: list[str]) -> None:
    """序号 and the first labels merged down over two rows; group cells over the rest."""
    top: list[Any] = []
    bottom: list[Any] = []
    merges: list[tuple[int, int, int]] = []  # (column, rows down, columns across)
    col = 1
    for group, span in groups:
        if span == 0:  # a label merged down over both rows
            top.append(labels[col - 1])
            bottom.append(None)
            merges.append((col, 1, 0))
            col += 1
            continue
        top.extend([group] + [None] * (span - 1))
        bottom.extend(labels[col - 1 : col - 1 + span])
        if span > 1:
            merges.append((col, 0, span - 1))
        col += span
    assert len(bottom) == len(labels), "groups must span every label"
    sheet.append(top)
    row = sheet.max_row
    sheet.append(bottom)
    for column, down, across in merges:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + down, end_column=column + across)


DEPARTMENTS = [
    ["序号", "单位名称", "单位编码", "级别", "上级单位"],
    ["一、市本级"],
    [1, "市政务服务和大数据管理局", "D01", "市本级", None],
    [2, "市教育局 ", "D02", "市级", "无"],
    ["二、县（区）"],
    [3, "东城区政务服务中心", "D11", "县（区）", "市政务服务和大数据管理局"],
    [4, "西山镇人民政府", "D21", "乡镇（街道）", "D11"],
]


def device_rows(count: int = 0) -> list[list[Any]]:
    """The device table's data rows; ``count`` more generated servers for the bench."""
    rows: list[list[Any]] = [
        ["一、市本级"],
        [1, "核心交换机-01", "核心交换机", "一号机房", "A-01", "华为", "CE12808", "２１０２３５Ａ", "10。20。0。11",
         "huawei", "-", "无", "2019年3月", "2024.6", "在用", "国产"],
        [2, "sw-jf01-02", "交换机", "JF-01", "B-02", "新华三", "S6520", "/", "010.020.000.012", "H3C", None,
         None, "2018/11/20", None, "在网", "是"],
        [3, "srv-db-01", "服务器", "二号机房", "C-03 ", "浪潮", "NF5280M5", "SN2019030101", "10.20.1.21", None,
         "32核", "256G", "2019.03.01", "2024年3月1日", "运行中", "否"],
        [4, "srv-app-02", "物理服务器", "JF_01", "C-04", "华为", "TaiShan 200", "空", "１０．２０．１．２２", None,
         "64", "512GB", 2016, "2021年", "闲置", "自主可控"],
        [5, "ups-01", "UPS", "一号机房", None, "科华", "YTR3320", "N/A", "10.20.2.31", None, None, None, 2014.6,
         None, "在用", "国产"],
        [None],
        ["二、县（区）"],
        [6, "pdu-01", "PDU", "市政务云", None, "施耐德", "AP8953", "-", "10.20.2.32", None, None, None,
         dt.datetime(2020, 5, 1), None, "在用", "非国产"],
        [7, "meter-01", "电表", "二号机房", None, "安科瑞", "ACR220", None, "10.20.2.33", None, None, None, "20170601",
         None, "报废", None],
        [8, "fw-01", "防火墙", "市政务云", None, "天融信", "NGFW4000", "T001", "10.20.0.1", None, None, None,
         "2019年3月1日", None, "在用", "国产"],
    ]
    for i in range(count):
        rows.append([9 + i, f"srv-gen-{i:05d}", "服务器", "二号机房", f"R{i % 40:02d}", "浪潮", "NF5270M6",
                     f"GEN{i:08d}", f"10.{100 + i // 65536}.{i // 256 % 256}.{i % 256}", None, "32核", "128G",
                     "2020年6月", "2025.06", "在用", "国产"])
    rows += [
        [],
        ["合计", None, "8台"],
        ["注：1. 内存单位为G；2. 购置日期填写到月即可。"],
    ]
    return rows


DEVICE_LABELS = ["序号", "设备名称", "设备类型", "所在机房", "机柜号", "品牌", "型号", "序列号", "管理IP", "平台",
                 "CPU核数", "内存", "购置日期", "维保到期", "使用状态", "是否国产"]


def build(path: Path, *, extra_devices: int = 0) -> Path:
    """Write the whole ledger to ``path``."""
    book = Workbook()
    guide = book.active
    guide.title = "填表说明"
    guide.append(["填表说明：1. 请按实际情况填写；2. 日期可写到月。"])
    book.create_sheet("Sheet1")

    dept = book.create_sheet("部门清单")
    for row in DEPARTMENTS:
        dept.append(row)

    rooms = book.create_sheet("2024年机房")
    titled(rooms, "2024年市级政务机房台账", 9)
    two_row_header(rooms, [("序号", 0), ("机房名称", 0), ("机房编码", 0), ("基本情况", 3), ("能耗", 2), ("整合", 1)],
                   ["序号", "机房名称", "机房编码", "所属单位", "面积", "机柜数量", "PUE值", "PUE目标", "状态"])
    for row in [
        ["一、市本级"],
        [1, "一号机房", "一号机房", "市政务服务和大数据管理局", "120㎡", "20个", "１．６", 1.5, "在用"],
        [2, "二号机房", "二号机房", "D01", "80平方米", 12, 1.8, "-", "保留"],
        [3, "市政务云", "市政务云", "D01", "1,200", "200", "1.35", "1.3", "在用 "],
        [4, "JF-01", "JF-01", "东城区政务服务中心", "60 m2", "8 架", "2.1", None, "已关停"],
        [5, "JF_01", "JF_01", "D11", "40", "6", "２．０", None, "计划关停"],
        [],
        ["合计", None, None, None, "1500", "246"],
        ["注：面积单位为平方米。"],
    ]:
        rooms.append(row)

    devices = book.create_sheet("设备台账")
    titled(devices, "2024年政务设备台账", len(DEVICE_LABELS))
    two_row_header(devices, [("序号", 0), ("设备名称", 0), ("设备类型", 0), ("位置", 2), ("基本情况", 3),
                             ("网络", 2), ("配置", 2), ("维保", 2), ("使用", 2)], DEVICE_LABELS)
    for row in device_rows(extra_devices):
        devices.append(row)

    links = book.create_sheet("电子政务外网")
    titled(links, "电子政务外网链路台账", 8)
    links.append(["序号", "链路名称", "网络类型", "链路级别", "运营商", "主/备", "带宽", "本端设备", "对端单位"])
    for row in [
        [1, "市-东城区 主", "政务外网", "县级", "电信", "主用", "1G", "核心交换机-01", "东城区政务服务中心"],
        [2, "市-东城区 备", "电子政务外网", "县（区）", "联通", "备", "300M", "核心交换机-01", "D11"],
        [3, "互联网出口", "互联网", "市级", "移动", "主", "万兆", "fw-01", None],
        [4, "东城-西山", "专线", "乡镇", "电信", "主", "100Mbps", None, "D21"],
        [5, "互联网出口2", "互联网", "市级", "电信", "备", "3000M", "fw-01", None],
        [6, "西山-村", "政务外网", "村", "电信", "主", "千兆", None, "D21"],
    ]:
        links.append(row)

    systems = book.create_sheet("信息系统")
    titled(systems, "业务系统上云与等保情况", 10)
    two_row_header(systems, [("序号", 0), ("系统名称", 0), ("建设单位", 0), ("基本情况", 2), ("上云", 3),
                             ("等保", 3), ("备份方式", 0)],
                   ["序号", "系统名称", "建设单位", "建设方式", "是否涉密", "上云状态", "计划上云时间", "所在云平台",
                    "等保定级", "测评时间", "测评结论", "备份方式"])
    for row in [
        ["一、市本级"],
        [1, "一网通办平台", "市政务服务和大数据管理局", "自建", "否", "已上云", None, "市政务云", "第三级",
         "2023年10月", "通过", "本地+异地"],
        [2, "教育管理系统", "市教育局", "省垂", "否", "计划迁移", "2025.6", None, "三级", "2022/11/20", "未通过",
         "本地"],
        [3, "涉密公文系统", "D01", "国垂", "涉密", "不上云（涉密）", None, None, "二级", None, None, "无"],
        ["二、县（区）"],
        [4, "东城区网格平台", "东城区政务服务中心", "自建", "否", "迁移中", "2024年12月", "市政务云", "2级",
         "2024年", "基本符合", "异地"],
        ["合计", "4个系统"],
    ]:
        systems.append(row)
    book.save(path)
    return path
