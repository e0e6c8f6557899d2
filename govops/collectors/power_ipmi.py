"""Read server input power with IPMI DCMI through ``ipmitool dcmi power reading``.

``ipmitool`` is an optional tool: when it is not installed, or the BMC does not
implement DCMI power management, the reading fails with that reason instead of
a number. A BMC whose power measurement is "deactivated" reports a stale
instantaneous value; it is returned as ``None``.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from dataclasses import dataclass

from govops.collectors.power_model import DeviceReading, PointReading
from govops.errors import ParseError

_INSTANT = re.compile(r"^\s*Instantaneous power reading:\s*(?P<w>-?\d+(?:\.\d+)?)\s*Watts", re.M)
_STATE = re.compile(r"^\s*Power reading state is:\s*(?P<state>\w+)", re.M)
COMMAND = "dcmi power reading"


@dataclass(frozen=True)
class IpmiTarget:
    """A BMC over IPMI-over-LAN (``host``), or the local BMC when ``host`` is ``local``."""

    host: str
    username: str | None = None
    password_env: str = "IPMI_PASSWORD"  # noqa: S105 - the name of a variable, not a password
    timeout: float = 10.0


def parse_dcmi_power_reading(text: str) -> float | None:
    """Parse ``ipmitool dcmi power reading`` output into watts.

    Returns:
        The instantaneous reading, or ``None`` when the BMC says its power
        reading is not activated.

    Raises:
        ParseError: The output has no instantaneous power line (e.g. DCMI unsupported).

    >>> parse_dcmi_power_reading("    Instantaneous power reading:   220 Watts\\n"
    ...                          "    Power reading state is:   activated\\n")
    220.0
    """
    match = _INSTANT.search(text)
    if not match:
        first = text.strip().splitlines()[0] if text.strip() else "empty output"
        raise ParseError(f"no instantaneous power reading in ipmitool output: {first}",
                         platform="ipmi_dcmi", command=f"ipmitool {COMMAND}")
    state = _STATE.search(text)
    if state and state.group("state").lower() != "activated":
        return None
    return float(match.group("w"))


def _argv(target: IpmiTarget) -> list[str]:
    base = ["ipmitool"]
    if target.host != "local":
        base += ["-I", "lanplus", "-H", target.host, "-E"]
        if target.username:
            base += ["-U", target.username]
    return [*base, *COMMAND.split()]


async def read_ipmi(target: IpmiTarget) -> DeviceReading:
    """Run ipmitool against one BMC; absence of the tool or of DCMI is a failed reading."""
    if shutil.which("ipmitool") is None:
        return DeviceReading(target.host, "ipmi", ok=False,
                             error="ipmitool is not installed (apt-get install ipmitool)", error_kind="config")
    env = dict(os.environ)
    if target.host != "local":
        # ipmitool -E reads the password from IPMI_PASSWORD; we only pass the reference through.
        env["IPMI_PASSWORD"] = os.environ.get(target.password_env, "")
    proc = await asyncio.create_subprocess_exec(
        *_argv(target), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=target.timeout)
    except TimeoutError:
        proc.kill()
        return DeviceReading(target.host, "ipmi", ok=False, error=f"ipmitool timed out after {target.timeout:g} s",
                             error_kind="timeout")
    text = out.decode(errors="replace")
    if proc.returncode != 0:
        detail = (err.decode(errors="replace").strip() or text.strip()).splitlines()
        return DeviceReading(target.host, "ipmi", ok=False,
                             error=f"ipmitool {COMMAND} failed: {detail[0] if detail else proc.returncode}",
                             error_kind="device")
    try:
        watts = parse_dcmi_power_reading(text)
    except ParseError as exc:
        return DeviceReading(target.host, "ipmi", ok=False, error=str(exc), error_kind="device")
    source = f"ipmi:{COMMAND}" + ("" if watts is not None else " (power reading state not activated)")
    point = PointReading("it_input", watts, None, None, source, instance="dcmi")
    return DeviceReading(target.host, "ipmi", ok=True, points=(point,))
