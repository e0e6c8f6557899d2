"""Standard MIB objects discovery and the agents read, and small decode tables.

Only OIDs and closed enumerations live here; no device I/O.
"""

from __future__ import annotations

from govops.util.oid import Oid

# SNMPv2-MIB system group (scalars).
SYS_DESCR: Oid = (1, 3, 6, 1, 2, 1, 1, 1, 0)
SYS_OBJECT_ID: Oid = (1, 3, 6, 1, 2, 1, 1, 2, 0)
SYS_UPTIME: Oid = (1, 3, 6, 1, 2, 1, 1, 3, 0)
SYS_NAME: Oid = (1, 3, 6, 1, 2, 1, 1, 5, 0)

# IF-MIB ifNumber: how many rows ifTable has (the walk's size hint).
IF_NUMBER: Oid = (1, 3, 6, 1, 2, 1, 2, 1, 0)

# IF-MIB ifTable and ifXTable columns.
IF_INDEX: Oid = (1, 3, 6, 1, 2, 1, 2, 2, 1, 1)
IF_DESCR: Oid = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2)
IF_TYPE: Oid = (1, 3, 6, 1, 2, 1, 2, 2, 1, 3)
IF_SPEED: Oid = (1, 3, 6, 1, 2, 1, 2, 2, 1, 5)
IF_PHYS_ADDRESS: Oid = (1, 3, 6, 1, 2, 1, 2, 2, 1, 6)
IF_ADMIN_STATUS: Oid = (1, 3, 6, 1, 2, 1, 2, 2, 1, 7)
IF_OPER_STATUS: Oid = (1, 3, 6, 1, 2, 1, 2, 2, 1, 8)
IF_NAME: Oid = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1)
IF_HIGH_SPEED: Oid = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 15)
IF_ALIAS: Oid = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18)
IF_COLUMNS: tuple[Oid, ...] = (
    IF_INDEX,
    IF_DESCR, IF_TYPE, IF_SPEED, IF_PHYS_ADDRESS, IF_ADMIN_STATUS, IF_OPER_STATUS, IF_NAME, IF_HIGH_SPEED, IF_ALIAS,
)

# IP-MIB ipAddrTable: ipAdEntIfIndex, indexed by the address itself.
IP_AD_ENT_IF_INDEX: Oid = (1, 3, 6, 1, 2, 1, 4, 20, 1, 2)

# ENTITY-MIB entPhysicalTable columns.
ENT_PHYSICAL = (1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1)
ENT_CONTAINED_IN: Oid = (*ENT_PHYSICAL, 4)
ENT_CLASS: Oid = (*ENT_PHYSICAL, 5)
ENT_FIELDS: dict[str, int] = {
    "descr": 2,
    "name": 7,
    "hardware_rev": 8,
    "firmware_rev": 9,
    "software_rev": 10,
    "serial": 11,
    "mfg_name": 12,
    "model_name": 13,
}
ENT_CLASS_CONTAINER = 5
ENT_CLASS_CHASSIS = 3
ENT_CLASS_MODULE = 9
ENT_CLASS_STACK = 11

# HOST-RESOURCES-MIB hrDeviceTable: type (an OID under hrDeviceTypes) and description per device.
HR_DEVICE_TYPE: Oid = (1, 3, 6, 1, 2, 1, 25, 3, 2, 1, 2)
HR_DEVICE_DESCR: Oid = (1, 3, 6, 1, 2, 1, 25, 3, 2, 1, 3)
HR_DEVICE_PROCESSOR = "1.3.6.1.2.1.25.3.1.3"
HR_SW_RUN_TABLE = "1.3.6.1.2.1.25.4.2.1"  # a general-purpose host lists its processes here

# LLDP-MIB remote table (indexed timeMark.localPortNum.remIndex) and local port table.
LLDP_REM = (1, 0, 8802, 1, 1, 2, 1, 4, 1, 1)
LLDP_REM_CHASSIS_ID: Oid = (*LLDP_REM, 5)
LLDP_REM_PORT_ID: Oid = (*LLDP_REM, 7)
LLDP_REM_PORT_DESC: Oid = (*LLDP_REM, 8)
LLDP_REM_SYS_NAME: Oid = (*LLDP_REM, 9)
LLDP_LOC_PORT_ID: Oid = (1, 0, 8802, 1, 1, 2, 1, 3, 7, 1, 3)
LLDP_LOC_PORT_DESC: Oid = (1, 0, 8802, 1, 1, 2, 1, 3, 7, 1, 4)

IF_STATUS = {1: "up", 2: "down", 3: "testing", 4: "unknown", 5: "dormant", 6: "notPresent", 7: "lowerLayerDown"}

# IANAifType names (the common ones; others are shown as their number).
IF_TYPES = {
    1: "other",
    6: "ethernetCsmacd",
    22: "propPointToPointSerial",
    23: "ppp",
    24: "softwareLoopback",
    32: "frameRelay",
    37: "atm",
    53: "propVirtual",
    62: "fastEther",
    71: "ieee80211",
    94: "adsl",
    117: "gigabitEthernet",
    131: "tunnel",
    135: "l2vlan",
    136: "l3ipvlan",
    142: "ipForward",
    150: "mplsTunnel",
    161: "ieee8023adLag",
    166: "mpls",
    209: "bridge",
    244: "wwanPP2",
    250: "gpon",
}
