"""The SNMP client's errors say what happened: a name that does not resolve is not a silent agent."""

from __future__ import annotations

import asyncio

import pytest

from govops.errors import DeviceUnreachable
from govops.snmp.client import SnmpClient
from govops.snmp.credentials import SecretRef, SnmpCredentials, SnmpTarget


@pytest.mark.parametrize("version", ["1", "2c"])
def test_a_host_name_that_does_not_resolve_is_said_so(version: str) -> None:
    # It was 'no SNMP answer to get 1.3.6.1.2.1.1.1.0 within 0.2 s x 1 try': a typo looked like a dead device.
    # The 0.2 s bounds only the request, which is never sent: the name is resolved first, with no deadline of ours.
    async def ask() -> None:
        client = SnmpClient()
        try:
            await client.get(SnmpTarget("no-such-host.invalid", timeout=0.2, retries=0),
                             SnmpCredentials(version=version, community=SecretRef(literal="public")),  # type: ignore[arg-type]
                             [(1, 3, 6, 1, 2, 1, 1, 1, 0)])
        finally:
            client.close()

    with pytest.raises(DeviceUnreachable) as err:
        asyncio.run(ask())
    assert "cannot resolve" in str(err.value) and "no SNMP answer" not in str(err.value)
