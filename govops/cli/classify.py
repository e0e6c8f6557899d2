"""`govops classify`: Explain domestic/foreign verdicts (国产化 / 信创) of devices and offline machines."""

from __future__ import annotations

from govops.cli.helptext import group_app

HELP = (
    "Explain domestic/foreign verdicts (国产化 / 信创) of devices and offline machines."
)
EXAMPLES = (
    'govops classify --os-release /etc/os-release --cpuinfo /proc/cpuinfo --json',
    'govops classify device srv-r01-001',
)
app = group_app(HELP, EXAMPLES, invoke_without_command=True)

# Commands live in their own modules and are registered here, one line each.

from govops.cli import classify_device  # noqa: E402

app.command("device")(classify_device.device)
from govops.cli import classify_offline  # noqa: E402

app.callback(invoke_without_command=True)(classify_offline.offline)
