"""H3C / HPE Comware 5 and 7 (S5120, S5560, S6520, MSR routers, SecPath firewalls).

Netmiko's ``hp_comware`` opens the session and ntc-templates knows the same name
(Netmiko's ``h3c_comware`` alias finds no template). The H3C vendor verdict comes
from the catalogue; the dialect is Comware. ntc-templates has no
``display version`` for Comware: that template is govops' own.
"""

from __future__ import annotations

from govops.platforms.base import DetectRule, FactCommand, Platform, Variant, VersionForm

PLATFORM = Platform(
    name="hp_comware",
    vendor="H3C",
    netmiko_device_type="hp_comware",
    ntc_platform="hp_comware",
    # One OS version figure over SSH and SNMP: '<version> (<release>)' ('7.1.070 (6616P05)'), as `display version`
    # is read. The sysDescr states the same parts its own way ('Software Version 7.1.070, Release 6616P05', Comware
    # 5's 'Software Version 5.20.99 Release 2222P08'): the release names the build, where the version number is
    # shared by a whole line of releases. LibreNMS shows the version number alone ('5.20.99'), which the figure holds.
    version_form=VersionForm(
        forms=(
            (r"(?P<ver>\d+\.\d+[\w.]*),?\s+(?i:Release|ESS|Alpha)\s+(?P<rel>\w+)", "{ver} ({rel})"),
            (r"(?P<ver>\d+\.\d+[\w.]*)\s*\((?P<rel>\w+)\)", "{ver} ({rel})"),
        ),
    ),
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
