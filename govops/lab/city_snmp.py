"""SNMP walks of the demo city's devices, generated from the declared inventory.

Each device answers as itself: a sysObjectID under its vendor's IANA enterprise number, a
sysDescr in the style that vendor's agents use (what identification reads first), sysName,
an ENTITY-MIB chassis with its model and serial (the standard MIB every identification
falls back to), the vendor-MIB serial where the vendor has one, an IF-MIB table whose
octet and error counters move (snmpsim's ``numeric`` variation) and its management
address in the IP-MIB. Deterministic: the same inventory gives the same walks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from govops.collectors.if_table import interface_parts
from govops.lab.city import CityDevice

SYS = "1.3.6.1.2.1.1"
IF = "1.3.6.1.2.1.2.2.1"
IFX = "1.3.6.1.2.1.31.1.1.1"
ENT = "1.3.6.1.2.1.47.1.1.1.1"
IP_ADDR = "1.3.6.1.2.1.4.20.1"
OCTET, INTEGER, OID, IPADDR, COUNTER32, GAUGE32, TICKS, COUNTER64 = 4, 2, 6, 64, 65, 66, 67, 70


@dataclass(frozen=True)
class VendorStyle:
    """How one vendor's agents identify themselves."""

    sys_object_id: str
    descr: str  # str.format over model, version, name
    version: str
    if_name: str  # str.format over n (1-based port number)
    serial_oids: tuple[str, ...] = ()
    model_oids: tuple[str, ...] = ()


HUAWEI_VRP = ("Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version {version}\r\n"
              "Copyright (C) 2000-2021 HUAWEI TECH Co., Ltd")  # fmt: skip
# Keyed by (vendor, model prefix); the first key whose prefix matches the declared model wins.
STYLES: dict[tuple[str, str], VendorStyle] = {
    ("Huawei", "S"): VendorStyle("1.3.6.1.4.1.2011.2.23.419", "{model}\r\n" + HUAWEI_VRP,
                                 "5.170 (S5720 V200R019C10SPC500)", "GigabitEthernet0/0/{n}",
                                 ("1.3.6.1.4.1.2011.5.25.188.1.1.0",)),
    ("Huawei", "CE"): VendorStyle("1.3.6.1.4.1.2011.2.239.12", HUAWEI_VRP, "8.191 ({model} V200R019C10SPC800)",
                                  "100GE1/0/{n}", ("1.3.6.1.4.1.2011.5.25.188.1.1.0",)),
    ("Huawei", "NE"): VendorStyle("1.3.6.1.4.1.2011.2.62.2.9", HUAWEI_VRP, "8.180 ({model} V800R011C10SPC100)",
                                  "GigabitEthernet1/0/{n}", ("1.3.6.1.4.1.2011.5.25.188.1.1.0",)),
    ("Huawei", "AR"): VendorStyle("1.3.6.1.4.1.2011.2.224.279", "Huawei {model} " + HUAWEI_VRP,
                                  "5.170 (AR6280 V300R019C13SPC200)", "GigabitEthernet0/0/{n}",
                                  ("1.3.6.1.4.1.2011.5.25.188.1.1.0",)),
    ("Huawei", "USG"): VendorStyle("1.3.6.1.4.1.2011.2.239.40", HUAWEI_VRP, "5.170 ({model} V600R007C20SPC300)",
                                   "GigabitEthernet1/0/{n}", ("1.3.6.1.4.1.2011.5.25.188.1.1.0",)),
    # HUAWEI-UPS-MIB's arc (2011.6.174): the SMU arc (2011.6.164) is a DC power system's, not a UPS's.
    ("Huawei", "UPS"): VendorStyle("1.3.6.1.4.1.2011.6.174", "Huawei {model} UPS", "V100R001C01", "ups{n}"),
    # The release of the lab's Comware transcripts: SSH reads it as "7.1.070 (6616P05)", a form the transcript does
    # not contain, so the SSH simulator cannot substitute it (ssh_service.substitutions) and the two must be equal.
    ("H3C", ""): VendorStyle("1.3.6.1.4.1.25506.1.1161", "H3C Comware Platform Software, Software Version {version}"
                             "\r\nH3C {model}\r\nCopyright (c) 2004-2021 New H3C Technologies Co., Ltd.",
                             "7.1.070, Release 6616P05", "GigabitEthernet1/0/{n}"),
    ("Ruijie", ""): VendorStyle("1.3.6.1.4.1.4881.1.1.10.1.114", "Ruijie Full Gigabit Security & Intelligence Switch"
                                "({model}) By Ruijie Networks, RGOS {version}", "11.4(1)B12P1",
                                "GigabitEthernet 0/{n}"),
    ("ZTE", ""): VendorStyle("1.3.6.1.4.1.3902.3.100.25",
                             "ZXR10 {model} Software, Version: {version}, Release software",
                             "V5.00.10", "gei-0/1/0/{n}"),
    ("Cisco", "ISR"): VendorStyle("1.3.6.1.4.1.9.1.2062", "Cisco IOS Software [Fuji], ISR Software "
                                  "(X86_64_LINUX_IOSD-UNIVERSALK9-M), IOS-XE Version {version}, RELEASE SOFTWARE",
                                  "16.9.4", "GigabitEthernet0/0/{n}"),
    ("Cisco", ""): VendorStyle("1.3.6.1.4.1.9.1.1208", "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), "
                               "Version {version}, RELEASE SOFTWARE (fc3)", "15.2(7)E3", "GigabitEthernet1/0/{n}"),
    ("Hillstone", ""): VendorStyle("1.3.6.1.4.1.28557.1.39", "Hillstone Networks StoneOS {version} {model}",
                                   "5.5R8", "ethernet0/{n}"),
    ("Sangfor", ""): VendorStyle("1.3.6.1.4.1.35047.1.1", "Linux {model} {version}", "AF8.0.45", "eth{n}"),
    ("Fortinet", ""): VendorStyle("1.3.6.1.4.1.12356.101.1.6004", "{model}", "v6.4.9", "port{n}"),
    ("APC", "AP"): VendorStyle("1.3.6.1.4.1.318.1.3.4.6", "APC Web/SNMP Management Card (MB:v4.1.0 PF:v6.8.2 "
                               "PN:apc_hw05_aos_682.bin AF1:v6.8.0 AN1:apc_hw05_rpdu2g_680.bin MN:{model} HR:02)",
                               "v6.8.0", "LAN{n}", ("1.3.6.1.4.1.318.1.1.12.1.6.0",),
                               ("1.3.6.1.4.1.318.1.1.12.1.5.0",)),
    ("APC", ""): VendorStyle("1.3.6.1.4.1.318.1.3.27", "APC Web/SNMP Management Card (MB:v4.1.0 PF:v6.8.2 "
                             "PN:apc_hw05_aos_682.bin AF1:v6.8.0 AN1:apc_hw05_sumx_680.bin MN:{model} HR:05)",
                             "v6.8.0", "LAN{n}", ("1.3.6.1.4.1.318.1.1.1.1.2.3.0",),
                             ("1.3.6.1.4.1.318.1.1.1.1.1.1.0",)),
    ("Eaton", "ePDU"): VendorStyle("1.3.6.1.4.1.534.6.6.7", "Eaton {model}", "04.00.0002", "eth{n}",
                                   ("1.3.6.1.4.1.534.6.6.6.1.1.2.0",), ("1.3.6.1.4.1.534.6.6.6.1.1.12.0",)),
    ("Eaton", ""): VendorStyle("1.3.6.1.4.1.534.1", "Eaton {model} Network-M2", "3.1.5", "eth{n}", (),
                               ("1.3.6.1.4.1.534.1.1.2.0",)),
    ("Vertiv", ""): VendorStyle("1.3.6.1.4.1.476.1.42", "Vertiv {model} rack PDU, 24 outlet Ports, firmware {version}",
                                "5.10.3", "eth{n}"),
    ("Kstar", ""): VendorStyle("1.3.6.1.2.1.33", "Kstar {model} SNMP card", "V2.03", "eth{n}"),
}
# Ports per kind and role: the uplinks and the busiest access ports of each box (a demo city of 315
# devices walks in seconds; a real 48-port switch only makes the same walk longer).
PORTS = {"core": 24, "agg": 16, "acc": 12, "switch": 12, "router": 6, "firewall": 6, "ups": 1, "pdu": 1}


def style_for(dev: CityDevice) -> VendorStyle:
    """The style of ``dev``'s vendor and model line; a generic enterprise-less one for unknown vendors."""
    for (vendor, prefix), style in STYLES.items():
        if dev.vendor == vendor and dev.model.startswith(prefix):
            return style
    return VendorStyle("1.3.6.1.4.1.8072.3.2.10", "{model}", "1.0", "eth{n}")


def device_version(dev: CityDevice) -> str:
    """The OS version ``dev`` runs: its vendor line's, which its SNMP walk and its SSH transcripts both state."""
    return style_for(dev).version.format(model=dev.model)


def _seed(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")


def _ports(dev: CityDevice) -> int:
    role = dev.name.split("-", 1)[0]
    return PORTS.get(role) or PORTS.get(dev.kind, 2)


def _text(value: str) -> str:
    # snmprec OCTET STRING values are written as hex when they hold line breaks or the separator.
    if any(c in value for c in "\r\n|") or not value.isascii():
        return f"{OCTET}x|{value.encode().hex()}"
    return f"{OCTET}|{value}"


def records(dev: CityDevice) -> Iterator[tuple[str, str]]:
    """(OID, ``type|value``) of ``dev``'s walk, unsorted."""
    style = style_for(dev)
    version = device_version(dev)
    descr = style.descr.format(model=dev.model, version=version, name=dev.name)
    seed = _seed(dev.name)
    yield f"{SYS}.1.0", _text(descr)
    yield f"{SYS}.2.0", f"{OID}|{style.sys_object_id}"
    yield f"{SYS}.3.0", f"{TICKS}:numeric|rate=100,initial={seed % 50_000_000}"
    yield f"{SYS}.4.0", _text("noc@chengzhou.gov.cn")
    yield f"{SYS}.5.0", _text(dev.name)
    yield f"{SYS}.6.0", _text(f"{dev.room} {dev.facts.get('rack', '')}".strip())
    ports = _ports(dev)
    names = [style.if_name.format(n=n) for n in range(1, ports + 1)]
    links = link_ports(dev, style)
    names += [n for n in links if n not in names]
    yield "1.3.6.1.2.1.2.1.0", f"{INTEGER}|{len(names) + 1}"
    yield from _interfaces(dev, names, seed, set(links))
    yield from _entity(dev, version)
    for oid in style.serial_oids:
        yield oid, _text(dev.serial)
    for oid in style.model_oids:
        yield oid, _text(dev.model)


def link_ports(dev: CityDevice, style: VendorStyle) -> list[str]:
    """The a-end interfaces of ``dev``'s declared links, named as the vendor's agent names them: the declared
    numbering under the style's type (a ledger's GE1/0/3 is the agent's GigabitEthernet1/0/3)."""
    type_name = re.sub(r"(?<=\D)[\d{].*", "", style.if_name)  # GigabitEthernet0/0/{n} -> GigabitEthernet
    # The numbering as the poller's matching reads it (find_interface), so the agent serves the port it looks for.
    parts = [interface_parts(declared) for declared in dev.link_interfaces]
    return [type_name + p[1] if p else declared for p, declared in zip(parts, dev.link_interfaces, strict=True)]


def _interfaces(dev: CityDevice, names: list[str], seed: int, links: set[str]) -> Iterator[tuple[str, str]]:
    """The named ports (1..N) plus a management interface (N+1) holding the device's address; a link's port is up."""
    ports = len(names)
    for idx in range(1, ports + 2):
        mgmt = idx == ports + 1
        name = "MEth0/0/0" if mgmt else names[idx - 1]
        speed_mbps = 1000 if mgmt or dev.kind in ("ups", "pdu") else 10000 if "100GE" in name or idx > 24 else 1000
        up = mgmt or name in links or (seed >> (idx % 24)) % 5 != 0  # about four ports in five carry traffic
        rate = (1 + (seed + idx * 7919) % 97) * 12_500 if up else 0  # bytes/s, 0.1-9.7 Mbit/s
        yield f"{IF}.1.{idx}", f"{INTEGER}|{idx}"
        yield f"{IF}.2.{idx}", _text(name)
        yield f"{IF}.3.{idx}", f"{INTEGER}|6"
        yield f"{IF}.5.{idx}", f"{GAUGE32}|{min(speed_mbps * 1_000_000, 4_294_967_295)}"
        yield f"{IF}.6.{idx}", f"{OCTET}x|{(seed.to_bytes(4, 'big') + idx.to_bytes(2, 'big')).hex()}"
        yield f"{IF}.7.{idx}", f"{INTEGER}|1"
        yield f"{IF}.8.{idx}", f"{INTEGER}|{1 if up else 2}"
        wrap = "max=4294967296,wrap=1"
        yield f"{IF}.10.{idx}", f"{COUNTER32}:numeric|rate={rate},initial={seed % 1_000_000 + idx},{wrap}"
        yield f"{IF}.14.{idx}", f"{COUNTER32}:numeric|rate={0.01 if up else 0},initial=0,{wrap}"
        yield f"{IF}.16.{idx}", f"{COUNTER32}:numeric|rate={rate // 2},initial={seed % 2_000_000 + idx},{wrap}"
        yield f"{IF}.20.{idx}", f"{COUNTER32}|0"
        yield f"{IFX}.1.{idx}", _text(name)
        yield f"{IFX}.6.{idx}", f"{COUNTER64}:numeric|rate={rate},initial={seed % 1_000_000 + idx}"
        yield f"{IFX}.10.{idx}", f"{COUNTER64}:numeric|rate={rate // 2},initial={seed % 2_000_000 + idx}"
        yield f"{IFX}.15.{idx}", f"{GAUGE32}|{speed_mbps}"
        yield f"{IFX}.18.{idx}", _text("management" if mgmt else "")
    mgmt_idx = ports + 1
    yield f"{IP_ADDR}.1.{dev.mgmt_ip}", f"{IPADDR}|{dev.mgmt_ip}"
    yield f"{IP_ADDR}.2.{dev.mgmt_ip}", f"{INTEGER}|{mgmt_idx}"
    yield f"{IP_ADDR}.3.{dev.mgmt_ip}", f"{IPADDR}|255.255.255.0"


def _entity(dev: CityDevice, version: str) -> Iterator[tuple[str, str]]:
    """The chassis entity (index 1): what ENTITY-MIB says about the box."""
    yield f"{ENT}.2.1", _text(f"{dev.vendor} {dev.model}")
    yield f"{ENT}.4.1", f"{INTEGER}|0"
    yield f"{ENT}.5.1", f"{INTEGER}|3"
    yield f"{ENT}.7.1", _text(dev.model)
    yield f"{ENT}.8.1", _text("VER.A")
    yield f"{ENT}.10.1", _text(version)
    yield f"{ENT}.11.1", _text(dev.serial)
    yield f"{ENT}.12.1", _text(dev.vendor)
    yield f"{ENT}.13.1", _text(dev.model)


def _oid_key(oid: str) -> tuple[int, ...]:
    return tuple(int(p) for p in oid.split("."))


def snmprec(dev: CityDevice) -> str:
    """The ``.snmprec`` text of ``dev`` (sorted by OID, as snmpsim requires)."""
    rows = sorted(records(dev), key=lambda kv: _oid_key(kv[0]))
    return "".join(f"{oid}|{value}\n" for oid, value in rows)
