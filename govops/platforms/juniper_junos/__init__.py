"""Juniper Junos (EX/QFX switches, MX/SRX).

Netmiko answers the CLI's "Screen length set to 0" style confirmations;
the simulator replays them from ``session_replies``.
"""

from __future__ import annotations

from govops.platforms.base import DetectRule, FactCommand, Platform
from govops.platforms.releases import JUNOS

PLATFORM = Platform(
    name="juniper_junos",
    ansible_network_os="junipernetworks.junos.junos",
    vendor="Juniper",
    netmiko_device_type="juniper_junos",
    ntc_platform="juniper_junos",
    session_commands=("set cli screen-width 511", "set cli complete-on-space off", "set cli screen-length 0"),
    paging_disable="set cli screen-length 0",
    prompt_pattern=r"^[\w.\-]+@[\w.\-]+[>#%]\s*$",
    error_patterns=(r"^\s*(?:syntax error|unknown command)",),
    more_pattern=r"---\(more[^)]*\)---",
    error_text="                    ^\nunknown command.",
    prompt_template="netops@{host}> ",
    session_replies={
        "set cli screen-width 511": "Screen width set to 511",
        "set cli complete-on-space off": "Disabling complete-on-space",
        "set cli screen-length 0": "Screen length set to 0",
    },
    commands=(
        FactCommand(
            "version",
            "show version",
            fields={"hostname": "HOSTNAME", "model": "MODEL", "version": "JUNOS_VERSION", "serial": "SERIAL_NUMBER"},
            # Output with no 'Junos:' line (NFX and other VM-host boxes, EX releases the template does not name)
            # states the release only in its package lines, 'JUNOS <package> [<release>]'; the others' brackets hold
            # build stamps ('20220825.064945_builder_junos_211_x3'). A release (``releases.JUNOS``, as the SNMP rows
            # read it), the one most packages state, not the VM host's own ('JUNOS Host Software [20.4R3-S4.8]'
            # beside the guest's).
            stated={"version": rf"^(?i:JUNOS)\b[^\[]*\[(?P<value>{JUNOS})\]\s*$"},
        ),
        FactCommand("serial", "show chassis hardware", fields={"serial": "CHASSIS_SERIAL_NUMBER"}),
        FactCommand(
            "power",
            "show chassis hardware",
            fields={"name": "PS_NUMBER", "model": "PS_DESCRIPTION", "serial": "PS_SERIAL_NUMBER"},
        ),
        FactCommand(
            "interfaces",
            "show interfaces",
            fields={
                "name": "INTERFACE",
                "status": "LINK_STATUS",
                "protocol": "ADMIN_STATE",
                "description": "DESCRIPTION",
                "ip": "LOCAL",
            },
        ),
        FactCommand(
            "lldp",
            "show lldp neighbors",
            fields={
                "local_port": "LOCAL_INTERFACE",
                "remote_name": "NEIGHBOR_NAME",
                "remote_port": "NEIGHBOR_INTERFACE",
                "remote_chassis_id": "CHASSIS_ID",
            },
        ),
        FactCommand("config", "show configuration", raw=True),
    ),
    detect=(DetectRule("show version", r"JUNOS|Junos:", priority=90),),
)
