"""Identification over every real walk we have, against LibreNMS: per field and per vendor family.

Discovery's own code (``discover_target``) runs on each walk in ``<corpus>/snmp``,
``<corpus>/snmp-more`` and the ``snmpsim-data`` package, read in process by
``RecordedAgent`` (the wire is tested on a sample with real snmpsim in
``tests/integration/test_snmp_corpus.py``). The table is printed (``-s``) and
written to ``build/snmp-agreement.md``.

A second pass runs the same walks with no platform row but the standard layer
(``general_layers``): the platform rows were written against these walks, so the
full run flatters; the general pass measures what decides a device whose maker no
row knows. Its development disagreements go to ``build/snmp-agreement-general.md``.

Expected vendor: LibreNMS names no vendor, but its ``icon`` is the maker's logo;
``ICON_VENDOR`` turns the icons that are an OS or product logo into the maker's
name (data, with the reason where it is not obvious). Icons of software that runs
on anyone's hardware (Linux, FreeBSD, OpenWrt ...) expect no vendor. A domestic
verdict is wrong when the vendor behind it is wrong; unknown is never wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from govops.catalog.vendors import default_vendors
from govops.discovery.observation import Observation
from govops.platforms.snmp import GENERIC, default_platforms
from govops.snmp.recorded import RecordedAgent
from tests.snmp_agreement import (
    FIELD_KEYS,
    LIBRENMS_OS_PORTS,
    NO_FILTERS,
    Identified,
    Row,
    agreement,
    agreement_judged,
    agrees,
    comparable,
    expected_of,
    general_layers,
    held_out,
    identify_all,
    if_names,
    librenms_port,
    readable,
    recording_text,
    render,
    split_family,
    walk_reader,
    walks,
)

REPO = Path(__file__).resolve().parents[3]
SUMMARY = REPO / "build" / "snmp-agreement.md"
GENERAL_SUMMARY = REPO / "build" / "snmp-agreement-general.md"
FIELDS = ("vendor", "domestic", "hardware", "version", "serial", "port_names", "kind")

# LibreNMS's device type -> the govops kinds that agree with it (types such as appliance or timing name no kind).
# LibreNMS files optical transport, access points and console servers under network, DC power systems and transfer
# switches under power and cooling units under environment.
TYPE_KINDS: dict[str, frozenset[str]] = {
    "network": frozenset({"switch", "router", "firewall", "load_balancer", "wireless_controller", "network",
                          "transport", "access_point", "console_server"}),
    "power": frozenset({"ups", "pdu", "meter", "dc_power", "ats"}),
    "firewall": frozenset({"firewall"}),
    "server": frozenset({"server", "bmc"}),
    "environment": frozenset({"env_monitor", "cooling"}),
    "storage": frozenset({"storage"}),
    "loadbalancer": frozenset({"load_balancer"}),
    "wireless": frozenset({"wireless_controller", "access_point"}),
}

# LibreNMS icon (file stem) -> words of the maker's name, where the icon is not the maker's own name.
# None: software that runs on anyone's hardware; the walk cannot name a maker and govops must not invent one.
ICON_VENDOR: dict[str, str | None] = {
    "aix": "ibm", "ibmos": "ibm", "junos": "juniper", "screenos": "juniper", "panos": "palo alto",
    "windows": "microsoft", "edgeos": "ubiquiti", "extremeboss": "extreme", "extremevoss": "extreme",
    "enterasys": "enterasys", "sophos-xg": "sophos", "hwg-poseidon": "hw group", "hwg": "hw group",
    "meraki": "meraki", "truenas": "ixsystems", "truenas-scale": "ixsystems", "cumulus": "cumulus",
    "fs": "fs", "generex-ups": "generex", "netagent2": "phoenixtec", "socomecpdu": "socomec",
    "bladeshelterpdu": "blade shelter", "mcafeewebgateway": "mcafee", "trellix": "mcafee",
    "skyhigh": "skyhigh", "keeneticos": "keenetic", "asuswrt-merlin": "asus", "thomson-cm": "thomson",
    "motorola-cm": "motorola", "papouch-tme": "papouch", "vsolution": "v-sol", "emerson": "emerson",
    "vertiv": "vertiv", "alcatellucent": "alcatel", "teltonika": "teltonika", "siteboss": "asentria",
    "ict": "ict", "alpha": "alpha", "wut": "wiesemann", "gos": "greenbone", "picos": "pica8",
    "gude": "gude", "riedo": "riedo", "eltek": "eltek", "eltex": "eltex",
    # Product lines and brands whose maker has another name.
    # LibreNMS's 'ats' is a product type (text 'Automatic Transfer Switch'), found by Ablerex's sysObjectID
    # 1.3.6.1.4.1.37662.1.2.2.1 alone.
    "ats": "ablerex",
    "istars": "east", "bcn": "bluecat", "broadworks": "broadsoft", "cts": "connection technology",
    "eds": "embedded data", "lambdatrail": "deltanet", "telco-systems": "batm", "osag": "open systems",
    "pbn": "pacific broadband", "rs": "rohde", "panasonic": "matsushita", "snr": "nag", "eip": "efficient ip",
    "nti": "network technologies", "procera": "sandvine", "orolia": "safran", "vega": "vegastream",
    "ignitenet": "accton",
    "benuos": "benu",
    "alpineoe": "alpine",
    "viprinux": "viprinet", "netvision": "socomec",
    "ulaf": "albis",  # ULAF+ access multiplexers: Albis Technologies (formerly Siemens Switzerland)
    "linux": None, "generic": None, "debian": None, "freebsd": None, "openbsd": None, "coreos": None,
    "openwrt": None, "dd-wrt": None, "tomato": None, "vyos": None, "pfsense": None, "opnsense": None,
    "haproxy": None, "esphome": None, "beagleboard": None, "quantastor": None, "loadbalancer": None,
}

# snmpsim-data walks have no LibreNMS result: the maker named by the file (first word of its name).
SNMPSIM_DATA_MAKER: dict[str, str | None] = {
    "apc": "apc", "eastpower": "east", "eaton": "eaton", "emerson": "emerson", "huawei": "huawei",
    "ingrasys": "ingrasys", "juniper": "juniper", "phoenixtec": "phoenixtec", "vertiv": "vertiv",
    "hp": "hewlett", "hpe": "hewlett", "hikvision": "hikvision", "samsung": "samsung", "arista": "arista",
    "geist": "geist", "cisco": "cisco", "infosec": "infosec", "meru": "meru", "nsfocus": "nsfocus",
    "tripplite": "tripp", "clavister": "clavister", "fortinet": "fortinet", "legend": "legend",
    "netentsec": "netentsec", "paloalto": "palo alto", "sangfor": "sangfor", "topsec": "topsec",
    "venus": "venus", "brocade": "brocade", "ruijie": "ruijie", "vyatta": "vyatta", "bdcom": "bdcom",
    "dcrs": "digital china", "dcs": "digital china", "dlink": "d-link", "dptech": "dptech", "h3c": "h3c",
    "maipu": "maipu", "zte": "zte", "aruba": "aruba", "ubiquiti": "ubiquiti", "ibm": "ibm",
    "server": "microsoft", "xp": "microsoft", "isilon": "isilon", "netapp": "netapp",
}

# Share of readable values that must agree; raise these as identification improves.
# serial was 0.843: serials that are one character repeated (fill patterns) are no serial since s10 (-5 values
# LibreNMS shows: 3 development, accepted below, and 2 held-out); a product decision, reconcile matches by serial.
# 0.84 since s12 (0.830 -> 0.842, development 164/192 -> 169/194): vendor MIBs' serial scalars (NetSpire, Rajant,
# Eaton's DC controllers, the SSR's backplane) and a serial the chassis description labels.
# hardware 0.89 since s12 (0.889 -> 0.896; held-out 96/125 -> 99/125): a part number as the chassis model name is
# the model last.
# The same with no platform row but the standard layer (``general_layers``): a regression of the layers that decide
# a device whose maker no row knows fails here, however well the platform rows cover for it in the full run.
# hardware 0.53 -> 0.537, version 0.522 -> 0.536 since s12: sysDescr model and chassis version shapes makers share, the
# firmware a port's ifDescr labels. hardware 0.537 -> 0.545 since s12: Nokia's and Allied Telesis's registration MIBs
# in the product table.
# hardware 0.547 -> 0.557 (235 -> 239 of 429), version 0.536 -> 0.542 (245 -> 248 of 457) since s16: a kernel release
# as the chassis software revision comes last; the series' software and its variant, a model before a semicolon,
# RMON2 probeHardwareRev, a product-version after the maker's name (development gains; held-out unchanged).
# version 0.544 (249 of 457) since s16: a bare 'Rev' labels no software version.
# hardware 0.559 (240 of 429), version 0.551 (252 of 457) since s16: a maker's word with its trademark sign, a
# software version that is a release number alone.
# hardware 0.587 (252 of 429, development 173 -> 185 of 304), version 0.568 (260 of 457, development 185 -> 193 of
# 330) since s16: the model and software version scalars the maker's MIB defines (catalog/data/serials.tsv).
# hardware 0.592 (254), version 0.575 (263): ICT's MIBs (deviceModel, deviceFirmware) in the table.
# hardware 0.594 (255), version 0.577 (264): Sophos's SFOS-FIREWALL-MIB (sfosDeviceType, sfosDeviceFWVersion).
# version 0.579 (265): McAfee Web Gateway's MCAFEE-MWG-MIB kProductVersion.
# version 0.582 (266): Teracom's TCW241 MIB version string, its model prefix ('<model>-v') dropped.
# version 0.584 (267): ADVANTECH-COMMON-MIB sysImageVersion.
# serial 0.28 -> 0.315 since s16 (74/264 -> 84/264; development 45 -> 55 of 192, held-out 29 of 72): the serial scalar
# the maker's MIB defines (catalog/data/serials.tsv, generated from the MIBs), also behind net-snmp's sysObjectID;
# 0.34 (91/264, development 62 of 192): Volius's, Gigamon's and Fortinet's MIBs in the table; 0.36 (96/264,
# development 67 of 192): Infoblox's, MGE's, EfficientIP's and Avocent's; 0.37 (98/264, development 69): MikroTik's;
# 0.38 (101/264, held-out 29 -> 32 of 72): JUNIPER-MIB jnxBoxSerialNo, a maker chosen for its market share, not a walk.
# s17: hardware 0.613 (255 -> 263 of 429; development 188 -> 196 of 304), version 0.592 (267 -> 271 of 457; development
# 200 -> 204 of 330), serial 0.397 (101 -> 105 of 264; development 69 -> 73 of 192): the large MIBs read as excerpts of
# their identity groups (APC PowerNet-MIB's UPS, rack PDU and transfer switch, CHECKPOINT-MIB's svn groups,
# F5-BIGIP-SYSTEM-MIB's sysGeneral); held-out unchanged.
# s17: hardware 0.620 (266 of 429; development 196 -> 199), version 0.599 (274 of 457; development 204 -> 207), serial
# 0.424 (112 of 264; development 73 -> 80): the columns of a table whose rows are the device, at its first row (IP
# Infusion's stack units, Panduit's and Schleifenbauer's PDU identity tables); held-out unchanged.
# s17: hardware 0.622 (267; development 199 -> 200), version 0.603 (276; development 207 -> 209), serial 0.435 (115;
# development 80 -> 83): FS-ENTITY-MIB's device table and Fujitsu ServerControl 2's unit table.
# s17: hardware 0.627 (269; development 200 -> 202), serial 0.443 (117; development 83 -> 85): Citrix NetScaler's
# NS-ROOT-MIB (sysHardwareVersionDesc, sysHardwareSerialNumber) and LENOVO-XCC-MIB's machine level VPD; held-out
# unchanged.
# s17: hardware 0.629 (270; development 202 -> 203), version 0.606 (277; development 209 -> 210), serial 0.446 (118;
# development 85 -> 86): Eaton's ePDU PDU-MIB info group; held-out unchanged.
# s17: version 0.608 (278; development 210 -> 211): FORTINET-FORTIGATE-MIB fgSysVersion; held-out unchanged.
# hardware 0.636 (273; development 203 -> 206), version 0.610 (279; development 211 -> 212), serial 0.469 (124;
# development 89 -> 92): s18, servers' controllers in the catalogue (DELL-MM-MIB's product group, IMM-MIB's machine
# VPD, ATEN-IPMI-MIB's FRU areas, Dell's service tag as a serial); held-out unchanged.
# s19: hardware 0.634 (271; development 206 -> 205, held-out 67 -> 66), version 0.597 (273; development 212 -> 208,
# held-out 67 -> 65): a uname banner's CPU class and kernel release are a host's model and version only where the
# device's numbers are agent software's (net-snmp, UCD-SNMP, the BSDs' own) or a servers-only maker's; an appliance
# answering its maker's number gets none. Wrong answers fell more (GENERAL_WRONG_CEILINGS).
# s21: version 0.599 (273 -> 274 of 457; development 208 -> 209, held-out unchanged): a uname banner inside the text
# ('... Linux host 2.6.38.6-rc1 #1 QXOA 8.1.9.8 ...') gives the system's release, not the kernel's.
# s21: hardware 0.644 (271 -> 275 of 427), version 0.619 (274 -> 283 of 457; development model 205 -> 209, version
# 209 -> 218, held-out unchanged): the identity groups of makers no platform row knows (Eltek's Valere DC systems,
# Teltonika's RutOS 7, Socomec's PDUs) and objects their MIBs name as the device's model or software (ZyXEL's detail
# software version, Infoblox's hardware type and NIOS version) in the catalogue. hardware 0.648 (277), version 0.625
# (286; development model 211, version 221): TP-Link's system information, Dataprobe's iBoot and Cyberoam's groups.
# s21: hardware 0.644 (271 -> 276 of 428; development 205 -> 209, held-out 66 -> 67), version 0.603 (273 -> 276;
# development 208 -> 210, held-out 65 -> 66), serial 0.49 (124 -> 130 of 264; development 92 -> 97, held-out 32 -> 33):
# Socomec's PDU and UPS identity groups, TP-Link's system information, Peplink's, Patton's SmartNode, Silver Peak's and
# Ciena's chassis serial in the identity catalogue; wrong answers unchanged or fewer. Then version 0.608 (278;
# development 210 -> 212), serial 0.51 (135 of 264; development 97 -> 102): Raisecom's ROS version group, Eltek's eNexus
# and Emerson's EES power systems, Hirschmann's system groups; Ciena's dropped (its SAOS switches answer World Wide
# Packets' sysObjectID, so no walk gained); held-out unchanged. Then hardware 0.65 (279 of 429; development 209 -> 212),
# version 0.616 (282 of 458; development 212 -> 216), serial 0.53 (140 of 264; development 102 -> 107): Proware's
# (Areca's) RAID, Montclair's, ZMTEL's, Venturi's and IFOTEC's identity groups; held-out unchanged. Then version 0.618
# (283 of 458), serial 0.534 (141 of 264; development 107 -> 108): 2N's Helios IP intercoms.
# Both s21 catalogue changes together: hardware 0.657 (282 of 429), version 0.637 (292 of 458), serial 0.534 (141).
# s21: domestic 0.988 -> 0.993 (708 -> 711 of 716; development 521 -> 524, held-out 187 unchanged, vendor unchanged):
# where the fields name makers of both verdicts as often as the chosen one (a number, a brand, the interfaces'
# addresses), the verdict is unknown; no general-layer domestic verdict is wrong outside ACCEPTED since.
GENERAL_FLOORS = {
    "vendor": 0.941, "domestic": 0.993, "hardware": 0.657, "version": 0.637,
    "serial": 0.534,
    "port_names": 0.97, "kind": 0.603,
}
# General-layer answers given and wrong (readable, development and held-out): a wrong model or version on a device
# nobody recorded goes into a city's ledger, none does not, so these may only fall. s19: hardware 65 -> 45, version
# 54 -> 30 (the uname banner's host rules above). s20: kind 27 -> 16 (development 21 -> 11, held-out 6 -> 5): 8 or
# more Ethernet ports make a network device, not a switch (a firewall or load balancer so called is coarse, not wrong).
# s21: kind 16 -> 10 (development 11 -> 7, held-out 5 -> 3): the process table and a BSD's uname banner make a server
# only on a general-purpose host (KindRule.host), not on an appliance answering under its maker's number.
# s21: hardware 45 -> 44, version 30 -> 29 (development): no model from a token a dotted version continues ('OD-5' of
# 'OD-5.10.1'), no release from a uname banner's kernel later in the text.
# s21: version 29 -> 28 (development): a TSW switch's firmware (TELTONIKA-RUTX-MIB fwVersion) before the hardware
# version its sysDescr states ('TSW212 V1.0').
# s21: version 28 -> 27 (development 20 -> 19): EUROstor's RAID firmware (proware-SNMP-MIB) before the 'V1.00' its
# sysDescr states ('Raid Subsystem V1.00').
GENERAL_WRONG_CEILINGS = {"hardware": 44, "version": 27, "kind": 9}
# general hardware 0.594 -> 0.629 in s17 (255 -> 270 of 429; development 188 -> 203 of 304, held-out unchanged) and
# general version 0.584 -> 0.608 in s17 (267 -> 278 of 457; development 200 -> 211 of 330, held-out unchanged): the
# identity catalogue's model and version sources added then, one 's17:' line each above; 0.636 and 0.610 since s18.
# general serial 0.458 since s17 (development and held-out together 118/264 -> 121/264): hardware tables read at the
# row their class column says is the chassis (TIMETRA-CHASSIS-MIB tmnxHwTable, the timos walks).
# general kind 0.561 since s17 (0.5533 -> 0.5617): sysDescr words a next model states (a BMC's name, 'WLC<n>',
# '<line> Switch <model>', AIX's banner).
# general kind 0.594 since s20 (337 -> 357 of 600; development 254 -> 273, held-out 83 -> 84): UPS-MIB's upsBattery
# group, and makers of network equipment only whose number no platform row selects ('network').
# general kind 0.598 since s21 (357 -> 359 of 600; development 273 -> 274, held-out 84 -> 85): the process table gives
# no server on an appliance (KindRule.host), so its BGP peers name a Linux-based router. 0.603 since s21 (359 -> 362;
# development 274 -> 276, held-out 85 -> 86): 8 or more ENTITY-MIB port entities make a network device, as 8 Ethernet
# interfaces do, where IF-MIB lists none.
# kind 0.834 since s12 (0.823 -> 0.835; general layers 0.540 -> 0.553): makers whose enterprise number carries one
# kind of equipment only.
# version 0.925 since s12 (0.923 -> 0.926): the firmware a port's ifDescr labels (standard layer); 0.927 since s13
# (0.9255 -> 0.9277): Emerson's VEC-MIB firmware (vertiv_ees emerson_vec).
# general hardware 0.547 since s13 (0.5455 -> 0.5478): FORTINET-FORTIEXTENDER-MIB's products (fortiextender_201e).
# kind 0.836 since s16 (0.835 -> 0.8367): Dell's storage arc 674.10893 (PowerVault MD) is storage.
# serial 0.838 since s16 (0.8421 -> 0.8383): 'unavailable' is a placeholder, not Forcepoint's serial (accepted).
# hardware 0.90 since s17 (388 -> 389 of 432, held-out 99 -> 100 of 125): the device tables' model columns
# (FS-ENTITY-MIB, Fujitsu ServerControl 2).
# version 0.925 since s18 (0.9278 -> 0.9257, development 437 -> 436 of 471, held-out unchanged): the columns of one
# device table are read from one row, the device's; eNexus's version was control unit 2's (accepted below).
# The targets over all walks (share of the readable values LibreNMS has), printed beside both figures.
TARGETS = {"vendor": 0.99, "hardware": 0.90, "version": 0.90, "serial": 0.90, "port_names": 0.97}
# version 0.923 since s19 (436 -> 435 of 471, development 333 -> 332, held-out unchanged): a uname banner's kernel
# release is no appliance's release (snmp-more/ird, accepted below).
# version 0.919 since s20 (435 -> 433 of 471; development unchanged, held-out 103 -> 101 with its wrong answers
# 8 -> 6; model held-out 100/125 -> 99/124, wrong 10 -> 8): the host rules judge what the broad net_snmp_linux row
# matched too, so an appliance answering its maker's arc behind net-snmp no longer gets its kernel and CPU class.
# kind 0.853 since s20 (502 -> 512 of 600; development 378 -> 387, held-out 124 -> 125): makers of network equipment
# only give 'network' where their platform row names no kind; a packet broker (gigamon_gigavue) is network, not other.
# kind 0.848 since s20 (512 -> 509 of 600; development 387 -> 386, held-out 125 -> 123; wrong 38 -> 33, development
# 28 -> 25, held-out 10 -> 8): the broad net_snmp_linux row's default kind (a host's, server) is not an appliance's
# (its maker's arc answered behind net-snmp); the general kind rules give its kind, else none. The right answers lost
# were that default agreeing with LibreNMS's own for its generic linux OS (resources/definitions/os_detection/
# linux.yaml 'type: server', keyed to the same sysObjectID and banner), and on snmp-more/cirpack the port count's
# network kind where LibreNMS says server.
# vendor 0.958 since s21 (685 -> 686 of 716; development 511 -> 512, held-out unchanged; general layers 673 -> 674,
# GENERAL_FLOORS vendor 0.941): an OEM maker's number (XAVi's firmware in another brand's gateway) yields to the
# maker its interface addresses carry (OEM_ENTERPRISES, as a UPS card's number already did).
# kind 0.85 since s21 (509 -> 510 of 600; development 386 -> 387, held-out unchanged): AN-D's static transfer switch
# controller (its sysDescr's 'SDS_..._STSW' build) is a transfer switch, where the row's default said other.
# kind 0.855 since s21 (510 -> 513 of 600; development 387 -> 390, held-out unchanged): W&T's Web-Thermographs are
# environment monitors, read from the device type object under the device's own sysObjectID (a relative kind rule).
FLOORS = {"vendor": 0.958, "hardware": 0.90, "version": 0.919, "serial": 0.838, "port_names": 0.97, "kind": 0.855}
# Answers given and wrong with every row (readable, development and held-out): these may only fall. s20: kind 41 -> 38
# (development 31 -> 28, held-out 10), the port count's network kind as above and a packet broker network; hardware
# 23 -> 21, version 16 -> 14 (held-out), the broad row's appliances (above); kind 38 -> 33, the broad row's default
# kind left out on appliances (above).
# s21: kind 33 -> 23 (development 25 -> 15, held-out 8 unchanged): 1 fixed (the transfer switch above), 7 development
# disagreements accepted where LibreNMS's type is not the device's (illustra, a tape library, Asentria's site monitors),
# and a disagreement accepted with its reason (ACCEPTED) is no longer counted wrong (the two APC monitors accepted
# before, and one row of the general layers: GENERAL_WRONG_CEILINGS kind 10 -> 9).
# s21: kind 23 -> 20 (development 15 -> 12, held-out unchanged): the three W&T Web-Thermographs (above).
WRONG_CEILINGS = {"kind": 20, "hardware": 21, "version": 14}

# Disagreements looked at and accepted, with the reason.
ACCEPTED: dict[tuple[str, str], str] = {
    ("snmp-more/ird", "version"): "LibreNMS's version is the Linux kernel's release from the uname sysDescr "
    "('2.4.20-uc0'); the receiver answers its maker's MIB (PEN 1070: product and serial words), so it is an appliance "
    "and the kernel it is built on is not its release: govops states none rather than the kernel's",
    ("snmp-more/enexus", "version"): "SP2-MIB controlSystemInventory lists the system's control units; unit 1 "
    "('Micropack System', the model read) states no software and LibreNMS takes unit 2's; govops reads the model, "
    "serial and version of one device table from one row, so another unit's value is none",
    ("snmp-more/gw-eydfa", "vendor"): "the same NSCRTV arc 17409; the walk does not name Glassway",
    ("snmp-more/fs-gbn_2800", "domestic"): "made by GCOM (Fujian, PEN 13464) and sold under FS.COM's brand (Shenzhen): "
    "domestic either way; LibreNMS shows the brand",
    ("snmp-more/fs-gbn_3800", "domestic"): "see fs-gbn_2800",
    ("snmp-more/powerwalker", "domestic"): "PowerWalker (Germany) ships Phoenixtec NetAgent cards that answer "
    "Phoenixtec's PEN 935 (foreign either way)",
    ("snmp-more/powerwalker-vfi_500r1u", "domestic"): "PowerWalker ships CyberPower cards answering PEN 3808 "
    "(foreign either way)",
    ("snmp-more/rutos", "version"): "LibreNMS shows the Linux kernel (3.18.44) of this RutOS family; govops reports "
    "the firmware (RUT9XX_R_00.06.00.4) that TELTONIKA-MIB states, as LibreNMS itself does for rutos-2xx",
    ("snmp-more/socomec", "port_names"): "the agent pads ifDescr with NUL bytes to 16 characters; LibreNMS keeps them "
    "(shown as dots), govops strips them: the same five interfaces",
    ("snmp/iosxe_c9200l", "hardware"): "LibreNMS shows the stack entity's description (c92xxL Stack); govops reports "
    "the first member chassis (C9200L-48P-4X) and lists every member",
    ("snmp-more/iosxe_c9400-svl", "hardware"): "LibreNMS shows the lowest-index entity with a model, a line card "
    "(C9400-LC-48U, class module); govops reports the first chassis of the virtual stack (C9404R)",
    ("snmp-more/iosxe_c9400-svl", "serial"): "the line card's serial (see its hardware); govops gives the chassis's",
    ("snmp-more/adva-fsp150cp_1", "port_names"): "IF-MIB has no ifName and repeats ifDescr ('Network Port' four "
    "times); LibreNMS names these 9 ports by the entPhysicalName of the entity with the same index (Net-1-A, "
    "Acc-1-Cu ...); govops names them as IF-MIB does",
    ("snmp-more/mlos-nsp_ns9500", "port_names"): "the agent's IF-MIB has ifIndex alone (no ifDescr, ifName or "
    "ifType); LibreNMS names the 14 ports from the vendor's port table; govops reads interfaces from IF-MIB",
    ("snmp-more/mlos-nsp_ns9500_1", "port_names"): "see mlos-nsp_ns9500",
    ("snmp-more/nokia-isam", "port_names"): "after the nokia-isam definition's bad_iftype (applied here) 16 GPON "
    "ports (gpon) and 52 ONT UNIs (aluGponPhysicalUni) remain beside the two Ethernet ports LibreNMS lists (its "
    "definition at the recording's commit filtered them otherwise)",
    ("snmp-more/aix_std", "serial"): "LibreNMS takes the sysDescr's processor id (000000000000) as the serial; "
    "govops reads the serial from IBM-AIX-MIB and treats all zeros as no value",
    ("snmp-more/f5os_f5os", "hardware"): "LibreNMS shows the processor (HOST-RESOURCES-MIB hrDeviceDescr, 'Intel "
    "Atom(R) P5342 processor'); govops reports no model rather than a CPU",
    ("snmp-more/netscaler-sdwan", "hardware"): "LibreNMS shows sdWANStatsApplianceName, the name the appliance was "
    "given (its model is not in CITRIX-NetScaler-SD-WAN-MIB); govops reports no model rather than a name",
    ("snmp-more/arista-mos_metamux48", "serial"): "LibreNMS's value is SNMPv2-MIB snmpSetSerialNo "
    "(1.3.6.1.6.3.1.1.6.1), a lock counter for SETs, not the device's serial",
    ("snmpsim-data/UPS/ingrasys-power-switch", "vendor"): "an Ingrasys card (PEN 2468, named by the file) in a "
    "UPS whose UPS-MIB upsIdentManufacturer says Santak (Eaton's UPS brand in China): govops names the maker the "
    "UPS states and keeps the card's number as evidence",
    ("snmp-more/endrun", "serial"): "LibreNMS's value is SNMPv2-MIB snmpSetSerialNo (1.3.6.1.6.3.1.1.6.1), a lock "
    "counter for SETs, not the device's serial (EndRun's MIBs state none)",
    ("snmp-more/endrun_meridian2", "serial"): "see endrun",
    ("snmp-more/endrun_sonoma", "serial"): "see endrun",
    ("snmp-more/awplus", "serial"): "LibreNMS's value is AT-RESOURCE-MIB rscBoardSerialNumber of board 5.6 (an "
    "AT-SBx81CFC960 controller card in the fifth unit), beside a chassis model the walk states nowhere (AT-SBx8106); "
    "govops reads the first board's row (1.1: AT-SBx81GP24, A1XQD500P) as for every AW+ device: the recording mixes "
    "SBx908 and SBx8100 boards and has no ENTITY-MIB to tell which one is the chassis",
    ("snmp-more/nokia-1830_pss8-singlechassis", "serial"): "LibreNMS's value is TROPIC-SHELF-MIB tnShelfSerialNum "
    "(7483.2.2.1.1.2.1.1.1.4.1), an Integer32 that reads 1 on shelf 1, not a serial; the shelf's serial string "
    "(tnShelfRiSerialNumber, 7483.2.2.1.1.2.1.3.1.7.1) is empty, and govops reports no serial",
    ("snmp-more/nokia-1830_pss8-multichassis", "serial"): "see nokia-1830_pss8-singlechassis (the same two objects: "
    "1 and empty)",
    ("snmp-more/alpineoe-tdcmedfa_alpineoe-tdcmedfa", "serial"): "LibreNMS joins two modules' serial columns "
    "(52326.2.1.1.1.6.1 and .6.2, the TDCM's and the EDFA's) written as hex bytes with their NUL padding ('TDCM : 44 "
    "32 ... - EDFA : 45 32 ...'): a label of its own, no value the device states; govops has no row for Alpine "
    "Optoelectronics' MIB (PEN 52326) and reports no serial",
    ("snmp-more/witchos", "hardware"): "LibreNMS shows TELTONIKA-MIB's productCode (TSW21200XXXX: the model and its "
    "six-character ordering variant); govops reports the model (TSW212), as for every RutOS 7 device",
    ("snmp-more/rs", "serial"): "RS-XX8000-COMMON-MIB serialNumber reads '000000' on this unit; govops treats all "
    "zeros as no value (see aix_std)",
    ("snmp-more/omnitron-iconverter", "serial"): "LibreNMS reads a serial column of Omnitron's MIB (7342.1.1.1.7.1.1) "
    "that holds 00000000; govops takes the s/n the sysDescr states (00827398)",
    ("snmp-more/ats", "hardware"): "LibreNMS shows ATS11747, which the walk holds at 37662.1.2.2.1.1.1.4: "
    "atsIdentGroupFirmwareRevision in Ablerex's ATS MIB, not its model (atsIdentGroupModel .1, absent here)",
    ("snmp-more/digipower", "serial"): "LibreNMS's value is the card's MAC address setting (17420.1.2.3, beside its "
    "IP configuration at .2), the example address 00:11:22:33:44:55, not a serial",
    ("snmp-more/infinera-groove", "serial"): "LibreNMS's value is the placeholder 'magicserialnumber' the agent "
    "answers in its inventory table, not a serial",
    ("snmp-more/poweralert_2", "serial"): "LibreNMS's value is the placeholder 'upsserialnum' the card answers at "
    "850.100.1.1.2.0, not a serial",
    ("snmp-more/weos_ddw-225", "version"): "LibreNMS shows the whole sysDescr ('Westermo Wolverine, primary: v4.28.6, "
    "backup: v4.28.6, bootloader: v4.11'); govops reports the running (primary) firmware 4.28.6",
    ("snmp-more/topvision", "hardware"): "LibreNMS shows the hardware revision (topCcmtsSys column .18, 2.2.4; the "
    "sysDescr says 'hardware version:V2.2.4'); govops reports the model the sysDescr opens with (CC8800D-E)",
    ("snmp-more/snr", "hardware"): "LibreNMS shows the chassis entity's hardware revision (entPhysicalHardwareRev "
    "1.0.1); govops reports its model (entPhysicalModelName SNR-S2990X-24FQ, also the sysDescr's)",
    ("snmp-more/transition", "hardware"): "LibreNMS shows SM8TAT2SA, the walk's LLDP-MIB lldpLocSysName "
    "(1.0.8802.1.1.2.1.3.3: the system's name, which the recording's sysName hides as <private>); govops reports the "
    "model the chassis entity and the sysDescr open with (S3290-42)",
    ("snmp-more/datacom-dmos_dm4611", "version"): "LibreNMS cuts the build's git hash one character short "
    "(g479ba56c8); govops keeps the version the agent states (9.0.0-345-1-g479ba56c8a)",
    ("snmp-more/datacom-dmos_dm4616", "version"): "see datacom-dmos_dm4611",
    # Vendor: LibreNMS names a brand (its OS definition's logo) that the walk never states; govops names the
    # maker the walk does state (its identity objects, else the sysObjectID's enterprise) and no brand it cannot see.
    ("snmp/netagent2", "vendor"): "a NetAgent II card (Phoenixtec/Megatec PEN 935) in a UPS whose UPS-MIB "
    "upsIdentManufacturer says 'INVT CO., LTD': govops names the UPS's maker, LibreNMS the card's OS logo",
    ("snmp/netagent2", "domestic"): "see its vendor: INVT (Shenzhen) made the UPS, the card is Phoenixtec's (Taiwan)",
    ("snmp-more/controlbox_controlbox", "vendor"): "LibreNMS's controlbox definition ('Controlbox TH-332B') borrows "
    "HW group's logo; the walk names no maker (sysDescr 'TH-332B', Microchip's embedded-stack PEN 17095)",
    ("snmp-more/eurostor_es-6642b", "vendor"): "a Proware RAID subsystem (PEN 14752, model ES-6642B in Proware's "
    "MIB) sold under EUROstor's brand; the walk never names EUROstor",
    ("snmp-more/imcopower-ls110", "vendor"): "the controller maker AN-D's PEN 33283 and sysDescr 'SDS_BIG_STSW "
    "www.AN-D.cz'; the walk never names IMCO",
    ("snmp-more/ird", "vendor"): "UCD-SNMP (PEN 2021) on 'Linux DCH-4000P' answering DMH Software's arc 1070; the "
    "walk never names PBI",
    ("snmp-more/orvaldi-ups", "vendor"): "an OEM UPS card ('Linux SNMP-System') answering companyMIB (PEN 21111, which "
    "IANA lists for Datalogic, a scanner maker) with no upsIdManufacturer: no number names a maker, so govops names "
    "the one its interface addresses were assigned to (IEEE OUI 60:19:29, Voltronic Power, who build UPSes for many "
    "brands); the walk never names Orvaldi (LibreNMS's orvaldi-ups keys the brand to upsIdFWVersion starting 'VER')",
    ("snmp-more/powerwalker-vfi_20kcpgpf133", "vendor"): "see orvaldi-ups: the same card; the walk never names "
    "PowerWalker",
    ("snmp-more/powerwalker-vfi_500r1u", "vendor"): "a CyberPower card (PEN 3808, 'Power Management Card'); the walk "
    "never names PowerWalker",
    ("snmp-more/paradyne_1752", "vendor"): "sysObjectID 3278.1.6 is C-COM Corporation's and sysDescr 'SHDSL CPE'; "
    "the walk never names Paradyne",
    ("snmp-more/sinetica", "vendor"): "the walk names Sinetica (sysDescr 'Sinetica UPSController ...'); LibreNMS "
    "shows Mitsubishi's logo, a UPS brand the walk never states",
    ("snmp-more/ts-bspdu", "vendor"): "PEN 42610 is Superior Power Solutions (HK), the PDU's maker; sysDescr "
    "'PWT_v3.10.6' and the walk never name Blade Shelter",
    # Model, version, serial: LibreNMS's value is a label, a placeholder or another object; govops's is the device's.
    ("snmp-more/apc_emu", "hardware"): "LibreNMS shows the card's product words from sysDescr ('Web/SNMP Management "
    "Card'); govops reports the model the same sysDescr states (MN:AP9340, the Environmental Monitoring Unit)",
    ("snmp-more/apc_environmental-manager", "hardware"): "see apc_emu (MN:NBRK0200)",
    ("snmp-more/apc_emu", "kind"): "the walk answers PowerNet-MIB's environmentalMonitor groups only (318.1.1.10.3 and "
    ".4; no UPS, rack PDU or transfer switch group) and sends the registration's 'monitors' arc (318.1.3.8): an "
    "environment monitor; LibreNMS types every APC device as power",
    ("snmp-more/apc_environmental-manager", "kind"): "see apc_emu (environmentalMonitor 318.1.1.10.4 only, arc "
    "318.1.3.8)",
    ("snmp-more/illustra", "kind"): "the sysDescr names the device a network camera ('illustra IFS03D1OCWIT Network "
    "camera ...'): govops says camera; LibreNMS types its illustra definition as network",
    ("snmp-more/quantum_scalari6000", "kind"): "a Scalar i6000 is a tape library (LibreNMS's own hardware value; "
    "QUANTUM-SMALL-TAPE-LIBRARY-MIB): storage; LibreNMS types its quantum definition as server",
    ("snmp-more/siteboss", "kind"): "Asentria's SiteBoss units (530, 550, 571) are remote site monitors (environment "
    "sensors, alarm contacts, serial console ports): govops says env_monitor for all; LibreNMS types its siteboss and "
    "siteboss550 definitions as server and siteboss571 as power, for the same product line",
    ("snmp-more/siteboss360_siteboss360", "kind"): "see siteboss",
    ("snmp-more/siteboss550", "kind"): "see siteboss",
    ("snmp-more/siteboss571_siteboss571", "kind"): "see siteboss",
    ("snmp-more/siteboss571_siteboss571-2", "kind"): "see siteboss",
    ("snmp-more/eaton-sc200", "hardware"): "LibreNMS shows the system's SY number (an identifier of the installed "
    "system, not a model); govops reports the controller model the sysDescr opens with (SC200)",
    ("snmp-more/eaton-sc300", "hardware"): "see eaton-sc200 (SC300)",
    ("snmp-more/onefs", "version"): "LibreNMS's OneFS pattern takes the word after 'Isilon OneFS', the node's host "
    "name; govops reports the release the sysDescr states after it (v7.1.1.8)",
    ("snmp-more/bluecatnetworks", "serial"): "LibreNMS keeps the agent's placeholder 'Unknown'; govops reports no "
    "serial",
    ("snmp-more/eaton-matrix", "serial"): "all zeros (000000000): LibreNMS keeps the placeholder, govops reports no "
    "serial",
    ("snmp-more/screenos", "serial"): "see eaton-matrix (0000000000000000)",
    # One character repeated (govops/util/placeholders.py is_fill_pattern): a template's blank, kept by LibreNMS.
    ("snmp-more/forcepoint-fe_flexedge", "serial"): "a placeholder: the appliance answers its serial as 'unavailable' "
    "(a virtual or unlicensed appliance has none to give); govops reports no serial, LibreNMS the word",
    ("snmp/apc_sua1500rmi2u", "serial"): "a fill pattern: the card's serial reads 'FFFFFFFFFFFF' (an unprogrammed "
    "EEPROM's 0xFF bytes), in its sysDescr too ('SN: FFFFFFFFFFFF'); govops reports no serial",
    ("snmp-more/onefs", "serial"): "a fill pattern ('XXXXXX'); govops reports no serial",
    ("snmp-more/barracudawafirewall", "serial"): "a fill pattern ('888888', one digit six times: a template's or "
    "the recording's blank); govops reports no serial",
    ("snmp-more/dhcpatriot", "serial"): "the appliance's extend returns the placeholder 'SERIALNUMBER', which LibreNMS "
    "shows; govops reports no serial rather than a placeholder",
    ("snmp-more/dhcpatriot", "hardware"): "see its serial: the extend's 'MODELNUMBER' is a placeholder; govops reports "
    "the host's uname machine class",
    ("snmp-more/zmtel", "vendor"): "ZMTEL-ODU-MIB's vendor object (38595.10.1.1) says 'GP' (Green Packet, for whom "
    "ZMTEL builds the ODU); govops does not expand a two-letter code into a maker and names PEN 38595's owner",
    ("snmp-more/grandstream-gxw", "serial"): "LibreNMS's value is GS-GXW42XX-MIB partNo (42397.1.1.1, DESCRIPTION "
    "'Part No'), the product's part number, not a serial; the MIB states no serial",
    ("snmp-more/grandstream-ht", "serial"): "LibreNMS's value is GS-HT8XX-MIB PartNo (42397.1.2.1, 'Part No'), the "
    "product's part number (see grandstream-gxw)",
    ("snmp-more/venturi", "hardware"): "LibreNMS shows VENTURI-SERVER-SYSTEM-MIB vServerType (3382.12.1.2.1.1.1) in "
    "hex: a BITS flag saying vServer or client, not a model; the MIB states no model",
    ("snmp-more/anyos", "serial"): "LibreNMS's value is the MAC address every port answers in IF-MIB ifPhysAddress "
    "(2.2.1.6), not a serial",
    ("snmp-more/ekinops", "serial"): "LibreNMS's value is the 'Serial Number' line of EKINOPS-MGNT2-MIB "
    "mgnt2RinvHwPlatform (20044.7.6.1), 'Hardware inventory of the Mgnt2 management module' (the walk's text says "
    "'MGNT HARDWARE ... PM-MGNT4'): a module's serial; the chassis's is in mgnt2RinvBackpanel (.8), not answered",
    ("snmp-more/bktel-oa_koa", "version"): "LibreNMS's value is BKTEL-HFC862-HMSNE-MIB neModuleModelName "
    "(7501.1.1.1.16.1.3) of slot 49, the controller's model ('Module model name'), not a version",
    ("snmp/hikvision-nvr", "version"): "HIKVISION-MIB's own (commented-out) definition of 50001.1.101 is "
    "hikEntitySubType, an INTEGER product sub-type code (NVR(200), IPC(400)): LibreNMS shows the code as the "
    "version; govops reports none (a held-out walk, the one exception to not looking: its value was printed by a "
    "failing test in session 14)",
    # Held-out families (values never looked at): LibreNMS's OS definition keys its brand to a number that names
    # no brand; the reason is the definition's discovery key, read from librenms/librenms includes/definitions.
    ("snmp-more/serverscheck", "vendor"): "LibreNMS's serverscheck definition keys the brand to sysObjectID 17095 "
    "alone, Microchip's embedded-stack number, which its controlbox definition also claims: the number names no brand",
    ("snmp-more/serverscheck_sc-ts01", "vendor"): "see serverscheck",
    ("snmp-more/powerwalker", "vendor"): "LibreNMS's powerwalker definition claims every Phoenixtec NetAgent "
    "sysObjectID (935.10) and eaton-matrix claims 935.10.2 of the same arc: Phoenixtec's card sits in many "
    "brands' UPSes (see eaton-matrix, netagent2), so the number names the card's maker, not the UPS's brand",
    ("snmp-more/marathonups", "vendor"): "LibreNMS's marathonups definition keys the brand to sysObjectID "
    "1.3.6.1.4.1.2021.1.1.1, UCD-SNMP's generic agent number on any Unix host: it names no maker",
    ("snmp-more/fs-nmu", "vendor"): "LibreNMS's fs-nmu definition keys FS.COM's brand to sysObjectID 1.3.6.1.2.1.1.2 "
    "(the OID of sysObjectID itself, a broken agent's answer): it names no maker",
    ("snmp-more/fs-gbn_2800", "vendor"): "LibreNMS's fs-gbn definition keys every sysObjectID under GCOM's PEN 13464 "
    "to FS.COM's logo; GCOM (Fujian) makes these switches and sells them under its own brand too: govops does "
    "not rename a maker's whole number after one reseller",
    ("snmp-more/fs-gbn_3800", "vendor"): "see fs-gbn_2800",
    ("snmp-more/parks-switch", "vendor"): "LibreNMS's parks-switch definition keys Parks's brand (Brazil) to "
    "50224.3.1.1, under the PEN of Shenzhen HS Fiber Communication, who build the PK700: govops does not rename "
    "the number's owner after one reseller",
    ("snmp-more/fs-net-pdu", "vendor"): "LibreNMS's fs-net-pdu definition keys FS.COM's brand to PEN 30966 (Shenzhen "
    "Clever Electronic, who make these PDUs) or any sysDescr containing 'net-pdu': govops does not rename the "
    "number's owner after one reseller",
    ("snmp-more/imcopower-big", "vendor"): "LibreNMS's imcopower-big definition keys IMCO's brand to 818.32.4, under "
    "IMV Victron's PEN, and IMCO-BIG-MIB is rooted at NetPartner's 2185: neither number is IMCO's",
}


def alnum(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").casefold())


def expected_vendor(icon: str | None) -> tuple[bool, str | None]:
    """(is there an expectation, the maker's name words) for a LibreNMS icon."""
    stem = (icon or "").rsplit(".", 1)[0]
    if not stem:
        return False, None
    if stem in ICON_VENDOR:
        word = ICON_VENDOR[stem]
        return word is not None, word
    return True, stem


def domestic_right(obs: Observation, want: str, vendor_ok: bool) -> bool:
    """Unknown is never wrong; otherwise the verdict must be that of the maker LibreNMS shows."""
    verdict = obs.classification.verdict if obs.classification else "unknown"
    if verdict == "unknown":
        return True
    maker = default_vendors().by_declared(want)
    if maker is not None:
        return verdict == ("domestic" if maker.vendor.domestic else "foreign")
    return vendor_ok


def vendor_agrees(obs: Observation, want: str) -> bool:
    names = [obs.device.get("vendor"), obs.device.get("vendor_id")]
    w = alnum(want)
    return any(n and (w in alnum(n) or (alnum(n) in w and len(alnum(n)) >= 3)) for n in names)


@pytest.fixture(scope="module")
def agents(corpus: Path) -> dict[str, tuple[RecordedAgent, Path, Path | None]]:
    """Every walk, loaded once for both passes (what the full table reads: a superset of the standard layer's)."""
    read = walk_reader(default_platforms())
    return {stem: (RecordedAgent(read(walk)), walk, expected) for stem, (walk, expected) in walks(corpus).items()}


@pytest.fixture(scope="module")
def identified(agents: dict[str, tuple[RecordedAgent, Path, Path | None]]) -> Identified:
    return identify_all(agents, default_platforms())


@pytest.fixture(scope="module")
def identified_general(agents: dict[str, tuple[RecordedAgent, Path, Path | None]]) -> Identified:
    table = general_layers(default_platforms())
    assert [p.id for p in table] == [GENERIC], "the standard layer is one row"
    return identify_all(agents, table)


def maker_rows(stem: str, obs: Observation) -> list[Row]:
    """Vendor and domestic rows of a snmpsim-data walk, from the maker its file name gives."""
    folder = stem.rsplit("/", 2)[-2]
    word = stem.rsplit("/", 1)[-1].split("-", maxsplit=1)[0].casefold()
    want = SNMPSIM_DATA_MAKER.get("server" if folder == "windows" else word)
    if want is None:
        return []
    ok = vendor_agrees(obs, want)
    return [Row(stem, "vendor", obs.device.get("vendor"), want, ok, family=want),
            Row(stem, "domestic", obs.classification.verdict if obs.classification else "unknown", want,
                domestic_right(obs, want, ok), family=want)]


def rows_for(stem: str, obs: Observation, walk: Path, expected: Path | None) -> list[Row]:
    if not obs.ok:
        return []
    if expected is None:
        return maker_rows(stem, obs)
    exp = expected_of(expected)
    if not exp:
        return []
    has, want = expected_vendor(exp.get("icon"))
    family = want or "(no maker)"
    rows: list[Row] = []
    if has and want:
        ok = vendor_agrees(obs, want)
        rows.append(Row(stem, "vendor", obs.device.get("vendor"), want, ok, family=family))
        verdict = obs.classification.verdict if obs.classification else "unknown"
        rows.append(Row(stem, "domestic", verdict, want, domestic_right(obs, want, ok), family=family))
    walk_text: str | None = None
    for field, key in FIELD_KEYS.items():
        ours, theirs = obs.device.get(key), exp.get(field)
        if not comparable(theirs):
            continue
        ok = agrees(ours, theirs)
        if not ok:  # only a disagreement needs the "could it be read at all" check (reading the walk again)
            walk_text = walk_text if walk_text is not None else recording_text(walk)
        rows.append(Row(stem, field, ours, theirs, ok, ok or readable(theirs, walk_text or ""), family=family))
    kinds = TYPE_KINDS.get(str(exp.get("type")))
    if kinds:
        kind = obs.device.get("kind")
        rows.append(Row(stem, "kind", kind, exp.get("type"), kind in kinds, family=family))
    if exp.get("ports"):
        theirs_names = sorted(str(p.get("ifName") or p.get("ifDescr")) for p in exp["ports"])
        os_name = str(exp.get("os") or "")
        raw = if_names(walk) if LIBRENMS_OS_PORTS.get(os_name, NO_FILTERS).bad_ifname_regexp else {}
        ours_names = sorted(i.name for i in obs.interfaces or ()
                            if librenms_port(i, os_name, raw.get(i.index or 0, "") if raw else None))
        ok = {a.casefold() for a in ours_names} == {b.casefold() for b in theirs_names}
        if not ok:
            walk_text = walk_text if walk_text is not None else recording_text(walk)
        seen = ok or all(name.casefold() in (walk_text or "") for name in theirs_names)
        rows.append(Row(stem, "port_names", ours_names, theirs_names, ok, seen, family=family))
    return rows


def targets_table(rows: list[Row]) -> str:
    """The issue's targets against both figures: every readable value, and the same with the disagreements accepted
    with a reason left out (development walks only, and held-out vendors whose LibreNMS definition keys a brand to a
    number that names none: held-out values are never looked at, so their other disagreements all count)."""
    readable_rows = [r for r in rows if r.readable]
    raw, judged = agreement(readable_rows, FIELDS), agreement_judged(readable_rows, FIELDS, ACCEPTED)
    lines = ["## Targets", "", "| field | target | readable | accepted left out |", "|---|---|---|---|"]
    for field, target in TARGETS.items():
        marks = ["met" if share >= target else "not met" for share in (raw[field], judged[field])]
        lines.append(f"| {field} | {target:.0%} | {raw[field]:.2%} ({marks[0]}) | {judged[field]:.2%} ({marks[1]}) |")
    return "\n".join(lines) + "\n"


def test_agreement_with_librenms(identified: Identified, identified_general: Identified) -> None:
    rows = [r for stem, (obs, walk, exp) in identified.items() for r in rows_for(stem, obs, walk, exp)]
    held = frozenset(stem for stem, (_obs, _walk, exp) in identified.items() if held_out(split_family(stem, exp)))
    report = render(
        "SNMP identification vs LibreNMS (snmp/ + snmp-more/ + snmpsim-data)", rows, FIELDS, ACCEPTED, held=held
    )
    report += "\n" + targets_table(rows)
    general = [r for stem, (obs, walk, exp) in identified_general.items() for r in rows_for(stem, obs, walk, exp)]
    report += ("\nKinds given and wrong (a coarse 'network' for a firewall, load balancer or wireless type not "
               f"counted): {wrong_answers(rows, 'kind')} with every row, {wrong_answers(general, 'kind')} with "
               "the general layers only.\n")
    # Rules are written looking at development walks only; the held-out quarter says whether they generalise.
    development = [r for r in rows if r.stem not in held]
    report += "\n" + render("Development (OS families with CRC-32 not 3 mod 4)", development, FIELDS, ACCEPTED,
                             details=False)
    report += "\n" + render("Held-out quarter (OS families with CRC-32 3 mod 4)", [r for r in rows if r.stem in held],
                             FIELDS, ACCEPTED, details=False)
    # The same walks with no platform row but the standard layer: what decides a device whose maker no row knows
    # (the acceptance set's), measured without the rows written against these walks.
    report += "\n" + render("General layers only (standard row and vendor catalogue, no platform row): development",
                             [r for r in general if r.stem not in held], FIELDS, ACCEPTED, details=False)
    report += "\n" + render("General layers only: held-out quarter", [r for r in general if r.stem in held], FIELDS,
                             ACCEPTED, details=False)
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(report)
    # The general pass's development disagreements, for writing standard-layer rules (held-out walks never named).
    GENERAL_SUMMARY.write_text(render("General layers only (no platform row but the standard layer)", general, FIELDS,
                                      ACCEPTED, held=held))
    print("\n" + report)
    for checked, what in ((rows, "every row"), (general, "general layers only")):
        wrong_domestic = [r for r in checked
                          if r.field == "domestic" and not r.ok and (r.stem, r.field) not in ACCEPTED]
        # Held-out walks are counted, never named.
        named = [r.stem for r in wrong_domestic if r.stem not in held]
        assert not wrong_domestic, (f"a domestic verdict is never wrong ({what}): {', '.join(named)}"
                                    f" and {len(wrong_domestic) - len(named)} held-out")
    stale = [k for k in ACCEPTED if not any((r.stem, r.field) == k and not r.ok for r in rows)]
    assert not stale, f"accepted disagreements that now agree (remove them): {stale}"
    share = agreement([r for r in rows if r.readable], FIELDS)
    # Floors at what this code measures today (the targets are vendor 99%, model/version/serial
    # 90%, interface names 97%: not met yet, see the printed table); a regression fails here.
    for field, floor in FLOORS.items():
        assert share[field] >= floor, (field, share[field], floor)
    for field, ceiling in WRONG_CEILINGS.items():
        wrong = wrong_answers(rows, field)
        assert wrong <= ceiling, ("wrong answers", field, wrong, ceiling)
    # The targets, met since s21 on every field with the accepted disagreements left out (each with its
    # reason in ACCEPTED): a change that loses one fails here, not only in the printed table.
    judged = agreement_judged([r for r in rows if r.readable], tuple(TARGETS), ACCEPTED)
    for field, target in TARGETS.items():
        assert judged[field] >= target, ("target, accepted left out", field, judged[field], target)
    general_share = agreement([r for r in general if r.readable], FIELDS)
    for field, floor in GENERAL_FLOORS.items():
        assert general_share[field] >= floor, ("general layers only", field, general_share[field], floor)
    for field, ceiling in GENERAL_WRONG_CEILINGS.items():
        wrong = wrong_answers(general, field)
        assert wrong <= ceiling, ("general layers only, wrong answers", field, wrong, ceiling)


def wrong_answers(rows: list[Row], field: str, accepted: Mapping[tuple[str, str], str] = ACCEPTED) -> int:
    """Readable values of ``field`` answered and disagreeing (not the ones left unanswered, nor a kind only coarser
    than LibreNMS's type: see ``coarse_kind``, nor a disagreement ``accepted`` with its reason: LibreNMS's value is
    the one not right)."""
    return sum(1 for r in rows if r.field == field and r.readable and not r.ok and r.ours not in (None, "")
               and not (field == "kind" and coarse_kind(r.ours, r.theirs)) and (r.stem, field) not in accepted)


def coarse_kind(ours: object, theirs: object) -> bool:
    """A kind that is true but coarser than LibreNMS's type: 'network' (which network device, nothing stated) for a
    device LibreNMS types as one kind of network device (firewall, loadbalancer, wireless). Not counted as agreeing
    (the type is not named) nor as wrong (nothing false is said)."""
    kinds = TYPE_KINDS.get(str(theirs), frozenset())
    return ours == "network" and bool(kinds) and kinds <= TYPE_KINDS["network"]


def test_accepted_disagreements_leave_the_judged_share_only() -> None:
    """An accepted disagreement leaves the judged comparison; an unaccepted one and every agreement stay."""
    rows = [Row("a", "serial", "1", "1", True), Row("b", "serial", None, "x", False),
            Row("c", "serial", None, "y", False), Row("d", "serial", None, "z", False, readable=False)]
    accepted = {("b", "serial"): "a placeholder"}
    assert agreement([r for r in rows if r.readable], ("serial",))["serial"] == 1 / 3
    assert agreement_judged(rows, ("serial",), accepted)["serial"] == 1 / 2
    assert agreement_judged(rows, ("serial",), {})["serial"] == 1 / 3


@pytest.mark.parametrize(
    ("ours", "theirs", "coarse"),
    [
        ("network", "firewall", True),  # a firewall is a network device: coarser, not false
        ("network", "loadbalancer", True),
        ("network", "wireless", True),
        ("network", "server", False),  # a server is no network device: wrong
        ("network", "power", False),
        ("network", "appliance", False),  # a type that names no kind: nothing to be coarser than
        ("switch", "firewall", False),  # a switch for a firewall says something false
        (None, "firewall", False),
    ],
)
def test_a_coarse_network_kind_is_not_counted_wrong(ours: str | None, theirs: str, coarse: bool) -> None:
    assert coarse_kind(ours, theirs) is coarse
    rows = [Row("a", "kind", ours, theirs, False)]
    assert wrong_answers(rows, "kind") == (0 if coarse or ours is None else 1)


def test_an_accepted_disagreement_is_not_counted_wrong() -> None:
    rows = [Row("a", "kind", "camera", "network", False), Row("b", "kind", "camera", "network", False)]
    assert wrong_answers(rows, "kind", {}) == 2
    assert wrong_answers(rows, "kind", {("a", "kind"): "LibreNMS's type is not the device's"}) == 1
