"""The SNMP client shared by discovery and the agents (pysnmp 7, asyncio, one engine per loop)."""

from __future__ import annotations

from govops.snmp.client import SnmpClient, WalkResult, close_client, get_client
from govops.snmp.credentials import SecretRef, SnmpCredentials, SnmpTarget
from govops.snmp.values import VarBind, display_text, to_hex, to_int, to_text
from govops.util.oid import Oid, oid_str, parse_oid

__all__ = [
    "Oid",
    "SecretRef",
    "SnmpClient",
    "SnmpCredentials",
    "SnmpTarget",
    "VarBind",
    "WalkResult",
    "close_client",
    "display_text",
    "get_client",
    "oid_str",
    "parse_oid",
    "to_hex",
    "to_int",
    "to_text",
]
