"""The explicit, sorted registry of platforms, and the mappings derived from it.

A platform is one folder ``platforms/<name>/`` holding everything govops knows
about it: the CLI record (``__init__.py``: Netmiko device type, commands), its
own TextFSM templates (``templates/``), configuration audit rules
(``audit.yaml``), factory-default logins (``factory_defaults.yaml``), SNMP
identification and kind rows (``snmp.yaml``) and the lab's transcripts
(``transcripts/``). Platforms govops knows over SNMP only (UPSes, BMCs, storage,
cameras) have just ``snmp.yaml``. Adding a platform is one folder and one line here.
The name is the same everywhere: SNMP, SSH, the inventory and the Ansible export.

Forward mappings are written by hand in each platform's record; reverse mappings
(Netmiko device type -> platform) are derived here, never kept by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from govops.errors import CatalogError, InputError

if TYPE_CHECKING:
    from govops.platforms.base import Platform

# Platforms govops drives over SSH: each folder's ``__init__.py`` holds its CLI record (``PLATFORM``).
# The records load on first use of ``PLATFORMS`` (or a mapping derived from it): what reads the SNMP
# rows or the inventory needs only the names, and the records cost a catalogue load ~5 ms.
CLI_PLATFORMS: tuple[str, ...] = (
    "cisco_ios",
    "cisco_nxos",
    "hp_comware",
    "huawei_vrp",
    "juniper_junos",
    "ruijie_os",
    "zte_zxros",
)
PLATFORMS: Mapping[str, Platform]  # name -> CLI record, in CLI_PLATFORMS's order (module __getattr__ below)

# Platforms known over SNMP only (no CLI dialect govops drives): their folder holds `snmp.yaml`.
SNMP_ONLY_PLATFORMS: tuple[str, ...] = (
    "a10_acos",
    "abb_ups",
    "adva_fsp",
    "advantech",
    "albis_ulaf",
    "allied_telesis",
    "and_sds",
    "apc_powernet",
    "areca_raid",
    "arista_eos",
    "arista_mos",
    "array_networks",
    "arris_cmts",
    "aruba_controller",
    "aruba_cx",
    "aten_pdu",
    "audiocodes",
    "avocent_acs",
    "axis_camera",
    "barracuda_waf",
    "bdcom",
    "bintec_bibo",
    "bitstream_hyperion",
    "bktel_hfc",
    "bluecat_bdds",
    "bluecoat_sgos",
    "broadcom_fastpath",
    "brocade_fabos",
    "brocade_ironware",
    "brocade_nos",
    "calix_axos",
    "cambium_cnmatrix",
    "cdata_olt",
    "centec_fsos",
    "chatsworth_pdu",
    "checkpoint_gaia",
    "ciena_saos",
    "cisco_aireos",
    "cisco_asa",
    "cisco_cimc",
    "cisco_dmn",
    "cisco_iosxr",
    "cisco_sb",
    "cisco_viptela",
    "citrix_netscaler",
    "company_power_ups",
    "cumulus_linux",
    "cxr_ts",
    "cyberpower",
    "dahua_nvr",
    "dantel_webmon",
    "dasan_nos",
    "datacom_dmswitch",
    "dataprobe_iboot",
    "dcn",
    "dell_idrac",
    "dell_networking",
    "dell_openmanage",
    "dell_rpdu",
    "dell_storage",
    "dell_ups",
    "delta_ups",
    "digipower_pdu",
    "dptech",
    "eaton_dc",
    "eaton_pdu",
    "eaton_ups",
    "edgecore",
    "efficientip_solidserver",
    "eltek_enexus",
    "embedded_data_owserver",
    "endrun_ntp",
    "enlogic_pdu",
    "env_monitors",
    "ericsson_ipos",
    "exablaze_fusion",
    "extreme_xos",
    "f5_bigip",
    "fiberhome",
    "firebrick",
    "forcepoint_ngfw",
    "fortinet",
    "fujitsu_irmc",
    "gcom_gbn",
    "ge_pulsar",
    "geist_pdu",
    "gemds_orbit",
    "generex_cs141",
    "gigamon_gigavue",
    "gwd_olt",
    "hikvision_nvr",
    "hillstone_stoneos",
    "hirschmann_hios",
    "hpe_ilo",
    "hpe_onboard_administrator",
    "hpe_procurve",
    "huawei_ibmc",
    "huawei_oceanstor",
    "huawei_optix",
    "huawei_smartax",
    "huawei_smu",
    "ibm_aix",
    "ict_power",
    "ifotec",
    "illustra_camera",
    "infinera",
    "infoblox_nios",
    "infortrend",
    "ingrasys_ipoman",
    "ipinfusion_ocnos",
    "isilon_onefs",
    "juniper_screenos",
    "lambdatrail",
    "lancom",
    "legend_firewall",
    "lenovo_cnos",
    "lenovo_xcc",
    "maipu",
    "mcafee",
    "meinberg_lantime",
    "microsemi_pdsine",
    "microsemi_syncserver",
    "mikrotik_routeros",
    "montclair_edfa",
    "moxa_eds",
    "net_snmp_linux",
    "netapp_ontap",
    "netentsec_ngfw",
    "netgear_fastpath",
    "netonix_wisp",
    "netspire",
    "nexans_bm",
    "nokia_1830",
    "nokia_isam",
    "nokia_timos",
    "nsfocus",
    "oap_nmu",
    "oneaccess_oneos",
    "opengear",
    "packetlight",
    "paloalto_panos",
    "panduit_pdu",
    "patton_smartnode",
    "peplink",
    "pfsense",
    "phoenixtec_netagent",
    "pica8_picos",
    "primekey_appliance",
    "protelevision_pt",
    "quanta_fastpath",
    "quantum_tape",
    "radware_alteon",
    "raisecom_ros",
    "rajant_breadcrumb",
    "raritan_pdu",
    "riedo_e3meter",
    "rittal_cmc",
    "rohde_xx8000",
    "rubrik_cdm",
    "sangfor",
    "schleifenbauer_pdu",
    "seh_utn",
    "servertech_sentry",
    "siemens_scalance",
    "silverpeak_vxoa",
    "sixnet_etms",
    "socomec_netvision",
    "socomec_pdu",
    "sonicwall_sonicos",
    "sophos_cyberoam",
    "supermicro_bmc",
    "supermicro_switch",
    "symmetricom_ssu",
    "synology_dsm",
    "tait_infra",
    "teldat",
    "teltonika_rutos",
    "terra_streamer",
    "topsec",
    "topvision_ccmts",
    "tplink",
    "trapeze_mss",
    "truenas",
    "twon_helios",
    "tycon_tpdin",
    "ubiquiti_edge",
    "venturi_server",
    "venustech",
    "vertiv_ees",
    "vertiv_liebert",
    "vigintos_host",
    "vmware_vsphere",
    "volius",
    "vsol_olt",
    "waystream_ibos",
    "westmountain_rigrunner",
    "windows",
    "wisi_tangram",
    "wti_console",
    "wti_power",
    "wut_webio",
    "xavi_gateway",
    "zmtel_odu",
    "zyxel_ies",
    "zyxel_prestige",
    "zyxel_zld",
)

PLATFORMS_DIR = Path(__file__).parent


def all_platform_names() -> tuple[str, ...]:
    """Return every registered platform (CLI and SNMP-only), sorted."""
    return tuple(sorted((*CLI_PLATFORMS, *SNMP_ONLY_PLATFORMS)))


def platform_dir(name: str) -> Path:
    """Return the folder of a registered platform.

    Raises:
        InputError: For a name that is not registered (aliases are resolved).
    """
    if name in SNMP_ONLY_PLATFORMS or name in CLI_PLATFORMS:
        return PLATFORMS_DIR / name
    return PLATFORMS_DIR / get_platform(name).name

# Names people and other tools use for the same dialects (one-way: never produced by govops).
ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "comware": "hp_comware",
        "h3c": "hp_comware",
        "h3c_comware": "hp_comware",  # Netmiko alias; ntc-templates knows only hp_comware
        "huawei": "huawei_vrp",  # Netmiko name; ntc-templates knows only huawei_vrp
        "huawei_vrpv8": "huawei_vrp",
        "huawei_yunshan": "huawei_vrp",
        "ios": "cisco_ios",
        "cisco_xe": "cisco_ios",
        "junos": "juniper_junos",
        "nxos": "cisco_nxos",
        "ruijie": "ruijie_os",
        "zte": "zte_zxros",
    }
)

NETMIKO_TO_PLATFORM: Mapping[str, str]  # Netmiko device type -> platform (module __getattr__ below)
NTC_TO_PLATFORM: Mapping[str, str]  # ntc-templates platform -> platform


@functools.cache
def _records() -> dict[str, Mapping[str, Any]]:
    """The CLI records and the reverse mappings derived from them, built once."""
    platforms: Mapping[str, Platform] = MappingProxyType({name: _record(name) for name in CLI_PLATFORMS})
    return {
        "PLATFORMS": platforms,
        "NETMIKO_TO_PLATFORM": MappingProxyType({p.netmiko_device_type: n for n, p in platforms.items()}),
        "NTC_TO_PLATFORM": MappingProxyType({p.ntc_platform: n for n, p in platforms.items()}),
    }


def _record(name: str) -> Platform:
    """The CLI record in ``platforms/<name>/__init__.py``; one its parts refuse as it loads (a version form's regex
    that does not compile) is refused naming the folder's file and the part."""
    import importlib

    try:
        record: Platform = importlib.import_module(f"govops.platforms.{name}").PLATFORM
    except CatalogError as exc:
        raise CatalogError(f"platforms/{name}/__init__.py: {exc.message}", hint=exc.hint) from exc
    return record


def _platforms() -> Mapping[str, Platform]:
    return _records()["PLATFORMS"]


def os_version_in_form(platform: str | None, version: str | None) -> str | None:
    """``version``, as an SNMP row of ``platform`` read it, in the one form the platform's CLI record gives its OS
    version figure (``Platform.version_form``); as given for a platform with none or an SNMP-only one."""
    record = _platforms().get(platform) if platform in CLI_PLATFORMS else None
    return record.os_version(version) if record else version


def __getattr__(name: str) -> Any:
    """``PLATFORMS``, ``NETMIKO_TO_PLATFORM``, ``NTC_TO_PLATFORM``: built on first use (PEP 562)."""
    records = _records() if name in ("PLATFORMS", "NETMIKO_TO_PLATFORM", "NTC_TO_PLATFORM") else None
    if records is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = records[name]  # later lookups are plain attribute reads
    return records[name]


def platform_names() -> list[str]:
    """Return the supported platform names, sorted."""
    return sorted(CLI_PLATFORMS)


def get_platform(name: str) -> Platform:
    """Return the platform called ``name`` (or one of its aliases).

    Args:
        name: A normalised platform name, a Netmiko device type or a known alias.

    Returns:
        The platform record.

    Raises:
        InputError: For an unknown name, listing the supported ones and a close match.

    >>> get_platform("huawei").name
    'huawei_vrp'
    """
    key = name.strip().lower()
    platforms = _platforms()
    if key in platforms:
        return platforms[key]
    if key in ALIASES:
        return platforms[ALIASES[key]]
    import difflib  # here: only a mistyped name needs it

    close = difflib.get_close_matches(key, [*CLI_PLATFORMS, *ALIASES], n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise InputError(
        f"unknown platform {name!r}",
        where="--platform",
        hint=f"{hint}supported: {', '.join(platform_names())}",
    )


def canonical_platform(name: str) -> str:
    """Return the registry's one name for a platform (aliases resolved); an unknown name as given.

    >>> canonical_platform("Huawei"), canonical_platform("h3c"), canonical_platform("apc_powernet")
    ('huawei_vrp', 'hp_comware', 'apc_powernet')
    """
    key = name.strip().lower()
    if key in CLI_PLATFORMS or key in SNMP_ONLY_PLATFORMS:
        return key
    return ALIASES.get(key, name.strip())
