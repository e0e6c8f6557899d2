"""A long-running power agent keeps the catalogue's parsed OIDs: every key a poll reads is a device's own row, parsed
without ``oid_arcs``'s cache (``dotted_arcs``), which holds the catalogue's columns and rows only. Before, each row key
went into that cache, and an agent polling a few PDUs' thousands of rows pushed the catalogue's OIDs out of it: parsed
again on every poll, by discovery in the same process too."""

from __future__ import annotations

from govops.collectors.power_snmp import compose
from govops.collectors.power_snmp_access import SnmpValue
from govops.util.oid import MAX_CACHED_OIDS, oid_arcs

SYS_OID = "1.3.6.1.2.1.1.2.0"
RPM = "1.3.6.1.4.1.21239.5.1.10.1"  # GEIST-V4-MIB rpmSensorEntry: 4 Avail, 11 RealPower (W)
ROWS = MAX_CACHED_OIDS // 2  # a device's rows: two columns each, so one device alone has as many keys as the cache


def watchdog(first: int) -> dict[str, SnmpValue]:
    """A made-up Geist watchdog whose remote power managers are numbered from ``first``: its keys are its own."""
    rows = range(first, first + ROWS)
    return {SYS_OID: "1.3.6.1.4.1.21239.42.1.32", **{f"{RPM}.4.{i}": 1 for i in rows},
            **{f"{RPM}.11.{i}": 420 for i in rows}}


def test_polling_many_rows_keeps_the_catalogues_arcs_cached() -> None:
    oid_arcs.cache_clear()
    first = watchdog(1)
    reading = compose("pdu-0", first)
    assert reading.ok and len(reading.points) >= ROWS, reading
    catalogue = oid_arcs.cache_info()
    for device in range(1, 4):  # more devices' polls, every one with rows of its own
        compose(f"pdu-{device}", watchdog(1 + device * ROWS))
    compose("pdu-0", first)  # the next poll of the first: every catalogue OID it tests against is still parsed
    after = oid_arcs.cache_info()
    assert (after.currsize, after.misses) == (catalogue.currsize, catalogue.misses), (catalogue, after)
    assert catalogue.currsize < MAX_CACHED_OIDS // 8  # the catalogue's OIDs a poll reads, no device's keys
