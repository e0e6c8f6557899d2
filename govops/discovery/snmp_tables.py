"""The interfaces, addresses and LLDP neighbours in walked IF-MIB, IP-MIB and LLDP-MIB tables (no I/O)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from govops.discovery.observation import InterfaceObs, NeighborObs
from govops.snmp import mib
from govops.snmp.client import WalkResult
from govops.snmp.values import VarBind
from govops.util.oid import Oid, oid_str

SPEED_UNKNOWN = 4_294_967_295  # ifSpeed saturates here; ifHighSpeed then holds the real value


def _speed_mbps(speed: VarBind | None, high: VarBind | None) -> float | None:
    hs = high.integer() if high else None
    s = speed.integer() if speed else None
    if hs is not None and hs > 0:
        return float(hs)
    if s is None or s < 0:
        return None if hs is None or hs < 0 else float(hs)
    if s == SPEED_UNKNOWN and hs is None:
        return None
    return s / 1_000_000


# VMware's own SNMP agent (ESXi, vCenter appliance) sends no ifName and describes a NIC as 'Device vmnic0 at
# 0000:03:00.0 <driver>' or 'Device eth0 at 03:00.0 VMware - VMXNET3 Ethernet Controller': the name is the word
# after 'Device', the one the host's own tools show.
_DEVICE_AT_BUS = re.compile(r"\ADevice (?P<name>[\w.-]{1,32}) at [0-9A-Fa-f]{2,4}:[0-9A-Fa-f:.]+\b")


def interface_name(if_name: str | None, if_descr: str | None) -> str | None:
    """What an interface is called: IF-MIB's ifName, else the name an ifDescr states, else the ifDescr."""
    if if_name:
        return if_name
    m = _DEVICE_AT_BUS.match(if_descr or "")
    return m.group("name") if m else if_descr


def _interfaces(walk: WalkResult, ips: Mapping[int, list[str]]) -> tuple[InterfaceObs, ...]:
    """The interfaces of an IF-MIB walk (ifTable with its ifXTable columns), with the addresses on each.

    This runs over every row a device has (a tenth of discovery's CPU on a 146-port switch): each column is
    looked up once per row, each value decoded once.
    """
    cols: dict[Oid, dict[Oid, VarBind]] = {
        col: {vb.oid[len(col):]: vb for vb in walk.rows(col)} for col in mib.IF_COLUMNS
    }
    names, descrs, aliases = cols[mib.IF_NAME], cols[mib.IF_DESCR], cols[mib.IF_ALIAS]
    types, admins, opers = cols[mib.IF_TYPE], cols[mib.IF_ADMIN_STATUS], cols[mib.IF_OPER_STATUS]
    speeds, highs, physical = cols[mib.IF_SPEED], cols[mib.IF_HIGH_SPEED], cols[mib.IF_PHYS_ADDRESS]
    if_types, if_status = mib.IF_TYPES, mib.IF_STATUS
    # ifXTable AUGMENTS ifTable: an ifName row without an ifTable row is not an interface.
    in_if_table = set(cols[mib.IF_INDEX]) | set(descrs) | set(types)
    indexes = sorted(in_if_table) or sorted(names)
    out = []
    for idx in indexes:
        if_index = idx[0] if len(idx) == 1 else None
        vb = names.get(idx)
        if_name = (vb.text() or None) if vb is not None else None
        vb = descrs.get(idx)
        descr = vb.text() if vb is not None else None
        name = interface_name(if_name, descr or None) or (str(if_index) if if_index is not None else oid_str(idx))
        vb = aliases.get(idx)
        alias = (vb.text() or None) if vb is not None else None
        vb = types.get(idx)
        if_type = vb.integer() if vb is not None else None
        vb = admins.get(idx)
        admin = vb.integer() if vb is not None else None
        vb = opers.get(idx)
        oper = vb.integer() if vb is not None else None
        phys = physical.get(idx)
        out.append(
            InterfaceObs(
                index=if_index,
                name=name,
                # Kept as the agent sent it: "" (blank) differs from absent (None).
                descr=(descr or "").strip() if idx in descrs else None,
                alias=alias,
                type=if_types.get(if_type, str(if_type)) if if_type is not None else None,
                speed_mbps=_speed_mbps(speeds.get(idx), highs.get(idx)),
                admin_status=if_status.get(admin) if admin is not None else None,
                oper_status=if_status.get(oper) if oper is not None else None,
                mac=phys.hex() if phys is not None and isinstance(phys.value, bytes) and phys.value else None,
                ips=tuple(ips.get(if_index, ())) if if_index is not None else (),
            )
        )
    return tuple(out)


def _value_counts(walk: WalkResult, column: Oid) -> dict[int, int]:
    """How many rows of ``column`` hold each integer: interfaces of each IANAifType (IF-MIB ifType), physical entities
    of each PhysicalClass (ENTITY-MIB entPhysicalClass)."""
    return dict(Counter(t for vb in walk.rows(column) if (t := vb.integer()) is not None))


def _addresses(walk: WalkResult) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for vb in walk.rows(mib.IP_AD_ENT_IF_INDEX):
        addr = vb.oid[len(mib.IP_AD_ENT_IF_INDEX):]
        if_index = vb.integer()
        if len(addr) != 4 or if_index is None:
            continue
        ip = ".".join(map(str, addr))
        if ip.startswith("127.") or ip == "0.0.0.0":  # noqa: S104 - a value read, not a bind
            continue
        out.setdefault(if_index, []).append(ip)
    return out


def _neighbors(rem: WalkResult, loc: WalkResult) -> tuple[NeighborObs, ...]:
    local: dict[int, str] = {}
    for vb in loc.rows(mib.LLDP_LOC_PORT_DESC) + loc.rows(mib.LLDP_LOC_PORT_ID):
        port = vb.oid[-1]
        label = vb.text()
        if label and port not in local:
            local[port] = label
    cols = {
        col: {vb.oid[len(col):]: vb for vb in rem.rows(col)}
        for col in (mib.LLDP_REM_CHASSIS_ID, mib.LLDP_REM_PORT_ID, mib.LLDP_REM_PORT_DESC, mib.LLDP_REM_SYS_NAME)
    }
    out = []
    for idx in sorted(set().union(*(set(c) for c in cols.values()))):
        if len(idx) < 3:
            continue

        def text(col: Oid, i: Oid = idx) -> str | None:
            vb = cols[col].get(i)
            return (vb.text() or None) if vb else None

        out.append(
            NeighborObs(
                local_port=local.get(idx[1], str(idx[1])),
                remote_name=text(mib.LLDP_REM_SYS_NAME),
                remote_port=text(mib.LLDP_REM_PORT_ID) or text(mib.LLDP_REM_PORT_DESC),
                remote_chassis_id=text(mib.LLDP_REM_CHASSIS_ID),
            )
        )
    return tuple(out)
