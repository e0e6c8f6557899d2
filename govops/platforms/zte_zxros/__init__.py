"""ZTE ZXROS (ZXR10 switches and routers, ZXCTN transport).

ntc-templates parses ``show version`` of ZXCTN boxes; the board inventory with
serial numbers (``show inventory``) is govops' own template.
"""

from __future__ import annotations

from govops.platforms.base import DetectRule, FactCommand, Platform, VersionForm

PLATFORM = Platform(
    name="zte_zxros",
    vendor="ZTE",
    netmiko_device_type="zte_zxros",
    ntc_platform="zte_zxros",
    # One OS version figure over SSH and SNMP: the version as the sysDescr rows give it ('V5.10.00.50'); ZXCTN's
    # `show version` writes the model before it ('Version: 6120H-S V5.10.00.50, Release software').
    version_form=VersionForm(forms=((r"(?:\S+\s+)?(?P<ver>V\d[\w.]*)", "{ver}"),)),
    session_commands=("terminal length 0",),
    paging_disable="terminal length 0",
    prompt_pattern=r"^[\w.\-]+(?:\(config[^)]*\))?[>#]$",
    error_patterns=(r"^\s*%\s*(?:Invalid|Unknown|Incomplete)", r"^\s*%Error"),
    more_pattern=r"--More--",
    error_text="%Error 20200: Invalid input detected at '^' marker.",
    prompt_template="{host}#",
    commands=(
        FactCommand("version", "show version", fields={"model": "HARDWARE", "version": "VERSION", "uptime": "UPTIME"}),
        FactCommand("serial", "show inventory", fields={"serial": "SERIAL", "model": "BOARD_NAME"}),
        FactCommand(
            "interfaces",
            "show interface",
            fields={
                "name": "INTERFACE",
                "status": "LINK_STATUS",
                "protocol": "PROTOCOL_STATUS",
                "description": "DESCRIPTION",
                "speed": "BANDWITH",
                "ip": "IP_ADDRESS",
                "prefix": "MASK",
                "mac": "MAC_ADDRESS",
            },
        ),
        FactCommand("config", "show running-config", raw=True),
    ),
    templates={"show inventory": ("zte_zxros_show_inventory.textfsm",)},
    detect=(DetectRule("show version", r"ZTE .*Software|ZXR10|ZXCTN", priority=90),),
)
