"""Ruijie RGOS (RG-S switches, RG-RSR routers).

ntc-templates has nothing for Ruijie: every template here is govops' own.
RGOS prints Cisco-like ``show`` output but its own ``show version`` layout.
"""

from __future__ import annotations

from govops.platforms.base import DetectRule, FactCommand, Platform, Variant, VersionForm

PLATFORM = Platform(
    name="ruijie_os",
    vendor="Ruijie",
    netmiko_device_type="ruijie_os",
    ntc_platform="ruijie_os",
    # One OS version figure over SSH and SNMP: the RGOS version as the sysDescr and the RUIJIE-SYSTEM-MIB rows give it
    # ('11.4(1)B12P3'); `show version` writes the OS's name before it and the build after it ('RGOS 11.4(1)B12P3
    # Release(05191612)').
    version_form=VersionForm(forms=((r"(?:RGOS\s+)?(?P<ver>\d+\.\d+\S*?)(?:,?\s+Release\s*\(\w+\))?", "{ver}"),)),
    session_commands=("terminal width 256", "terminal length 0"),
    paging_disable="terminal length 0",
    prompt_pattern=r"^[\w.\-]+(?:\(config[^)]*\))?[>#]$",
    error_patterns=(r"^\s*% (?:Invalid|Unknown|Incomplete|Ambiguous)",),
    more_pattern=r"--More--",
    error_text="% Invalid input detected at '^' marker.",
    prompt_template="{host}#",
    variants=(Variant("rgos11", r"RGOS\s+11\.", priority=60), Variant("rgos10", r"RGOS\s+10\.", priority=60)),
    log_patterns=(r"^\*?\w{3}\s+\d{1,2}\s+(?:\d{4}\s+)?\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:\s+\w+)?:\s+%\S+-\d-\S+:",),
    commands=(
        FactCommand(
            "version",
            "show version",
            fields={"version": "SOFTWARE_VERSION", "model": "MODEL", "uptime": "UPTIME", "serial": "SERIAL"},
        ),
        FactCommand(
            "interfaces",
            "show interfaces status",
            fields={"name": "INTERFACE", "status": "STATUS", "speed": "SPEED"},
        ),
        FactCommand(
            "lldp",
            "show lldp neighbors",
            fields={
                "local_port": "LOCAL_INTERFACE",
                "remote_name": "NEIGHBOR_NAME",
                "remote_port": "NEIGHBOR_INTERFACE",
            },
        ),
        FactCommand("config", "show running-config", raw=True),
    ),
    templates={
        "show version": ("ruijie_os_show_version.textfsm",),
        "show interfaces status": ("ruijie_os_show_interfaces_status.textfsm",),
        "show lldp neighbors": ("ruijie_os_show_lldp_neighbors.textfsm",),
    },
    detect=(DetectRule("show version", r"Ruijie|RGOS", priority=90),),
)
