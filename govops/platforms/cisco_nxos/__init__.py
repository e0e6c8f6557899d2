"""Cisco NX-OS (Nexus data-centre switches)."""

from __future__ import annotations

from govops.platforms.base import DetectRule, FactCommand, Platform, VersionForm

PLATFORM = Platform(
    name="cisco_nxos",
    ansible_network_os="cisco.nxos.nxos",
    # One OS version figure over SSH and SNMP: the release alone ('10.4(5)'), as the sysDescr row reads it ('...,
    # Version 10.4(5), RELEASE SOFTWARE'). `show version` adds a note in brackets after it on NX-OS 10 ('NXOS: version
    # 10.4(5) [Maintenance Release]') and in ACI mode ('version 14.0(1h) [build 14.0(1h)]'): it names the release's
    # kind or build, not another release.
    version_form=VersionForm(forms=((r"(?P<ver>[^\s\[\]]+)\s+\[[^\]]*\]", "{ver}"),)),
    vendor="Cisco",
    netmiko_device_type="cisco_nxos",
    ntc_platform="cisco_nxos",
    session_commands=("terminal width 511", "terminal length 0"),
    paging_disable="terminal length 0",
    prompt_pattern=r"^[\w.\-]+(?:\(config[^)]*\))?[>#]$",
    error_patterns=(r"^\s*% (?:Invalid|Incomplete|Ambiguous)",),
    more_pattern=r"--More--",
    error_text="% Invalid command at '^' marker.",
    log_patterns=(
        r"^\*?\w{3}\s+\d{1,2}\s+(?:\d{4}\s+)?\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:\s+\w+)?:\s+%\S+-\d-\S+:",
    ),
    commands=(
        FactCommand(
            "version",
            "show version",
            fields={
                "hostname": "HOSTNAME",
                "version": "OS",
                "model": "PLATFORM",
                "serial": "SERIAL",
                "uptime": "UPTIME",
            },
        ),
        FactCommand("serial", "show inventory", fields={"serial": "SN", "model": "PID"}),
        FactCommand(
            "interfaces",
            "show interface",
            fields={
                "name": "INTERFACE",
                "status": "LINK_STATUS",
                "protocol": "ADMIN_STATE",
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
        FactCommand("config", "show running-config", raw=True),
    ),
    detect=(DetectRule("show version", r"Cisco Nexus Operating System|NX-OS", priority=95),),
)
