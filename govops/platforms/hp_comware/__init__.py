"""H3C / HPE Comware 5 and 7 (S5120, S5560, S6520, MSR routers, SecPath firewalls).

Netmiko's ``hp_comware`` opens the session and ntc-templates knows the same name
(Netmiko's ``h3c_comware`` alias finds no template). The H3C vendor verdict comes
from the catalogue; the dialect is Comware. ntc-templates has no
``display version`` for Comware: that template is govops' own.
"""

from __future__ import annotations

from govops.platforms.base import DetectRule, FactCommand, Platform, Variant

PLATFORM = Platform(
    name="hp_comware",
    vendor="H3C",
    netmiko_device_type="hp_comware",
    ntc_platform="hp_comware",
    session_commands=("screen-length disable",),
    paging_disable="screen-length disable",
    prompt_pattern=r"^(?:RBM_[PS])?[<\[][^\s<>\[\]]+[>\]]$",
    error_patterns=(r"^\s*% (?:Unrecognized|Incomplete|Too many|Wrong)",),
    more_pattern=r"-{2,4}\s*More\s*-{2,4}",
    error_text="                 ^\n % Unrecognized command found at '^' position.",
    prompt_template="<{host}>",
    variants=(
        Variant("comware7", r"Version\s+7\.\d+", priority=60),
        Variant("comware5", r"Version\s+5\.\d+", priority=60),
    ),
    # Comware writes "%May 27 12:56:22:101 2024 <sysname> SHELL/5/SHELL_LOGIN: ..." to every terminal.
    log_patterns=(r"^%\w{3}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}:\d{3}\s+\d{4}\s+\S+\s+\S+/\d/\S+:",),
    commands=(
        FactCommand(
            "version",
            "display version",
            fields={
                "vendor": "VENDOR",
                "version": "VERSION",
                "release": "RELEASE",
                "model": "MODEL",
                "uptime": "UPTIME",
            },
        ),
        FactCommand(
            "serial",
            "display device manuinfo",
            fields={"serial": "DEVICE_SERIAL_NUMBER", "model": "DEVICE_NAME", "vendor": "VENDOR_NAME"},
        ),
        FactCommand(
            "interfaces",
            "display interface",
            fields={
                "name": "INTERFACE",
                "status": "LINE_STATUS",
                "protocol": "PROTOCOL_STATUS",
                "description": "DESCRIPTION",
                "speed": "SPEED",
                "ip": "IP_ADDRESS",
                "mac": "HW_ADDRESS",
            },
        ),
        FactCommand(
            "lldp",
            "display lldp neighbor-information list",
            fields={
                "local_port": "LOCAL_INTERFACE",
                "remote_name": "NEIGHBOR_NAME",
                "remote_port": "NEIGHBOR_INTERFACE",
                "remote_chassis_id": "CHASSIS_ID",
            },
        ),
        FactCommand("power", "display power", fields={"name": "POWER_ID", "status": "STATE", "slot": "SLOT"}),
        FactCommand("config", "display current-configuration", raw=True),
    ),
    templates={
        "display version": ("hp_comware_display_version.textfsm",),
        "display power": ("hp_comware_display_power.textfsm",),
    },
    detect=(DetectRule("display version", r"Comware Software|H3C Comware Platform", priority=90),),
)
