"""Cisco IOS and IOS-XE: the foreign reference platform, fully covered by ntc-templates."""

from __future__ import annotations

from govops.platforms.base import DetectRule, FactCommand, Platform, VersionForm

PLATFORM = Platform(
    name="cisco_ios",
    ansible_network_os="cisco.ios.ios",
    # One OS version figure over SSH and SNMP. The Catalyst IOS-XE images ('CAT9K_IOSXE', 'CAT9K_LITE_IOSXE') give
    # the image with the version, as LibreNMS shows it and the IOS-XE SNMP row reads the sysDescr ('(CAT9K_IOSXE),
    # Version 16.12.4' -> 'CAT9K_IOSXE 16.12.4'); any other image (IOS's 'C2960X-UNIVERSALK9-M', IOS-XE 3.x's
    # 'cat4500e-UNIVERSALK9-M', the routers' 'X86_64_LINUX_IOSD-UNIVERSALK9-M') the version alone, as those rows
    # read it. `show version` states the image on the same line ('... Software (CAT9K_IOSXE), Version 16.12.4, ...').
    version_form=VersionForm(
        forms=(
            (r"(?P<image>\w*IOSXE) (?P<ver>\S+)", "{image} {ver}"),
            (r"[\w.]+-[\w.-]+ (?P<ver>\S+)", "{ver}"),
        ),
    ),
    vendor="Cisco",
    netmiko_device_type="cisco_ios",
    ntc_platform="cisco_ios",
    session_commands=("terminal width 511", "terminal length 0"),
    paging_disable="terminal length 0",
    prompt_pattern=r"^[\w.\-]+(?:\(config[^)]*\))?[>#]$",
    error_patterns=(r"^\s*% (?:Invalid|Incomplete|Ambiguous|Unknown)",),
    more_pattern=r"--More--",
    log_patterns=(
        r"^\*?\w{3}\s+\d{1,2}\s+(?:\d{4}\s+)?\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:\s+\w+)?:\s+%\S+-\d-\S+:",
    ),
    commands=(
        FactCommand(
            "version",
            "show version",
            fields={
                "hostname": "HOSTNAME",
                "version": "VERSION",
                "image": "SOFTWARE_IMAGE",
                "model": "HARDWARE",
                "serial": "SERIAL",
                "uptime": "UPTIME",
            },
        ),
        FactCommand("serial", "show inventory", fields={"serial": "SN", "model": "PID"}),
        FactCommand(
            "interfaces",
            "show interfaces",
            fields={
                "name": "INTERFACE",
                "status": "LINK_STATUS",
                "protocol": "PROTOCOL_STATUS",
                "description": "DESCRIPTION",
                "speed": "SPEED",
                "ip": "IP_ADDRESS",
                "prefix": "PREFIX_LENGTH",
                "mac": "MAC_ADDRESS",
            },
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
        FactCommand(
            "power", "show environment power all", fields={"name": "PS_MODULE", "status": "STATUS", "model": "PID"}
        ),
        FactCommand("config", "show running-config", raw=True),
    ),
    detect=(
        DetectRule("show version", r"Cisco IOS Software|Cisco Internetwork Operating System", priority=90),
        DetectRule("show version", r"IOS-XE|IOS XE", priority=95),
    ),
)
