"""Vendor-MIB rows and interface naming, each case written from the vendor's MIB definition (not from a walk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.discovery.snmp import resolve_relative_rules
from govops.discovery.snmp_tables import interface_name
from govops.errors import CatalogError
from govops.platforms.snmp import default_platforms, load_platforms
from tests.snmp_cases import ENT, chassis, identity, run, system


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # AN-D SDS MIB identity scalars: sdsModel, sdsSerialNumber, sdsSoftware (sdsName, a given name, is not read).
        ("SDS_BIG_STSW www.AN-D.cz", "1.3.6.1.4.1.33283.1.30",
         ["1.3.6.1.4.1.33283.1.30.8.81.0|4|STS-250 3P", "1.3.6.1.4.1.33283.1.30.8.82.0|4|Room 2 STS",
          "1.3.6.1.4.1.33283.1.30.8.83.0|4|1901234567", "1.3.6.1.4.1.33283.1.30.8.84.0|4|1.4.0"],
         (None, "ats", "STS-250 3P", "1.4.0", "1901234567")),  # the STS controller's build (STSW): a transfer switch
        ("SDS_SMALL www.AN-D.cz", "1.3.6.1.4.1.33283.1.30", ["1.3.6.1.4.1.33283.1.30.8.81.0|4|SDS-6"],
         (None, "other", "SDS-6", None, None)),  # another build: the row's default
        # CIENA-CES-SOFTWARE-MIB cienaCesModuleSwRunningRelease of the first module, where the banner states none.
        ("5160 Service Aggregation Switch", "1.3.6.1.4.1.6141.1.99",
         ["1.3.6.1.4.1.1271.2.1.2.1.2.4.2.1.2.1.1.1|4|rel_saos8700_8.9.1_ga012",
          "1.3.6.1.4.1.1271.2.1.5.1.1.4.0|4|M9999999"],
         ("ciena", "switch", None, "rel_saos8700_8.9.1_ga012", "M9999999")),
        # NETWORK-SERVICES-MIB applVersion of the first application, when nothing else states a version ...
        ("Telephone system", "1.3.6.1.4.1.99999.5", ["1.3.6.1.2.1.27.1.1.4.1|4|9.1.2.7"],
         (None, None, None, "9.1.2.7", None)),
        # ... and only a version: a word there is no version.
        ("Telephone system", "1.3.6.1.4.1.99999.5", ["1.3.6.1.2.1.27.1.1.4.1|4|current"],
         (None, None, None, None, None)),
        # Illustra cameras: model and firmware out of the banner, behind net-snmp's sysObjectID.
        ("illustra IFS16-D10-OI04 Network camera 01-15-2021 Illustra.SS010.02.03.00.0011", "1.3.6.1.4.1.8072.3.2.10",
         [], ("illustra", "camera", "IFS16-D10-OI04", "SS010.02.03.00.0011", None)),
        # ICT's product MIBs under the product line's own arc (ICT-MODULAR-POWER-MIB 39145.13): deviceModel,
        # deviceFirmware; another line's arc is not read.
        ("ICT Modular Power System", "1.3.6.1.4.1.39145.13",
         ["1.3.6.1.4.1.39145.13.1.0|4|ICT-MPS4000-48", "1.3.6.1.4.1.39145.13.4.0|4|1.12",
          "1.3.6.1.4.1.39145.10.1.0|4|another line's"],
         ("ict", "dc_power", "ICT-MPS4000-48", "1.12", None)),
        # LUM-INVENTORY-MIB invPhysDescr of the first inventory row (a subrack), beside the XTM's software release.
        ("Infinera Corporation - Embedded Node Manager - ENM_CUAPPL_03A cuappl03a r35a 12", "1.3.6.1.4.1.8708",
         ["1.3.6.1.4.1.8708.2.2.2.2.14.0|4|r35a-12", "1.3.6.1.4.1.8708.2.3.2.1.1.1.2.100000000|4|TM-301/II subrack",
          "1.3.6.1.4.1.8708.2.3.2.1.1.1.2.100010000|4|TM-301 slot 1"],
         ("infinera", "transport", "TM-301/II subrack", "r35a-12", None)),
        # BDCOM-MIB card table, first card (indexed 1 here, 0 in other firmware): its description without the
        # card's role, serial and software.
        ("BDCOM(tm) S5612 Software, Version 2.1.1B Build 12345", "1.3.6.1.4.1.3320.1.99",
         ["1.3.6.1.4.1.3320.3.6.10.1.3.1|4|S5612 mother card", "1.3.6.1.4.1.3320.3.6.10.1.4.1|4|20019999999",
          "1.3.6.1.4.1.3320.3.6.10.1.6.1|4|2.1.1B", "1.3.6.1.4.1.3320.3.6.10.1.3.2|4|S5612 line card"],
         ("bdcom", "switch", "S5612", "2.1.1B", "20019999999")),
        # MDS-SYSTEM-MIB mSysFirmwareVersionTable: the version of the image whose mSysActive is true(1), not the
        # first image's.
        ("GE MDS Orbit MCR", "1.3.6.1.4.1.4130.10",
         ["1.3.6.1.4.1.4130.10.1.1.1.2.7.1.2.1|4|9.2.1", "1.3.6.1.4.1.4130.10.1.1.1.2.7.1.2.2|4|10.1.4",
          "1.3.6.1.4.1.4130.10.1.1.1.2.7.1.3.1|2|2", "1.3.6.1.4.1.4130.10.1.1.1.2.7.1.3.2|2|1"],
         ("gemds", "router", None, "10.1.4", None)),
        # ... and no image flagged active: no version from the table.
        ("GE MDS Orbit MCR", "1.3.6.1.4.1.4130.10",
         ["1.3.6.1.4.1.4130.10.1.1.1.2.7.1.2.1|4|9.2.1", "1.3.6.1.4.1.4130.10.1.1.1.2.7.1.3.1|2|2"],
         ("gemds", "router", None, None, None)),
        # UBNT-EdgeMAX-MIB ubntProductIdent: ubntModel .1, ubntSerialNumber .2, ubntVersion .3; a plain Linux
        # sysDescr and the airOS arc (PEN 10002): told by answering the MIB.
        ("Linux 4.14.0 #1 SMP mips", "1.3.6.1.4.1.10002.1",
         ["1.3.6.1.4.1.41112.1.5.1.1.0|4|EP-54V-72W", "1.3.6.1.4.1.41112.1.5.1.2.0|4|F09FC2AABBCC",
          "1.3.6.1.4.1.41112.1.5.1.3.0|4|EP.v1.7.0"],
         ("ubiquiti", "other", "EP-54V-72W", "EP.v1.7.0", "F09FC2AABBCC")),
        # ... an EdgeRouter on the EdgeMax arc with the MIB: still a router, the version as the MIB states it.
        ("EdgeOS v2.0.9-hotfix.7.5622731.230615.0857", "1.3.6.1.4.1.41112.1.5",
         ["1.3.6.1.4.1.41112.1.5.1.1.0|4|ER-8", "1.3.6.1.4.1.41112.1.5.1.2.0|4|7483C2AABBCC",
          "1.3.6.1.4.1.41112.1.5.1.3.0|4|v2.0.9-hotfix.7"],
         ("ubiquiti", "router", "ER-8", "v2.0.9-hotfix.7", "7483C2AABBCC")),
        # ... older EdgeOS, whose sysDescr is the product's name alone: that is the model.
        ("EdgeRouter Pro", "1.3.6.1.4.1.41112.1.5", [], ("ubiquiti", "router", "EdgeRouter Pro", None, None)),
        # ... and one without it: the version out of the EdgeOS banner, as before.
        ("EdgeOS v1.10.11.5274269.200221.1028", "1.3.6.1.4.1.41112.1.5", [],
         ("ubiquiti", "router", None, "1.10.11", None)),
        # VMWARE-SYSTEM-MIB vmwProdVersion: the product's version, not the appliance kernel's the banner shows.
        ("VMware-vCenter-Server-Appliance 8.0.2.00100 generic build 22617221 VMware, Inc. x86_64",
         "1.3.6.1.4.1.6876.4.6", ["1.3.6.1.4.1.6876.1.1.0|4|VMware vCenter Server", "1.3.6.1.4.1.6876.1.2.0|4|8.0.2",
                                  "1.3.6.1.4.1.6876.1.4.0|4|22617221"],
         ("vmware", "server", None, "8.0.2", None)),
        # ... without it, the version the ESXi banner states before 'build'.
        ("VMware ESXi 7.0.3 build-20328353 VMware, Inc. x86_64", "1.3.6.1.4.1.6876.4.1", [],
         ("vmware", "server", None, "7.0.3", None)),
        # SOCOMECUPS-MIB upsIdent through a Net Vision card running net-snmp.
        ("Linux netvision 4.9.0 #1 armv7l", "1.3.6.1.4.1.8072.3.2.10",
         ["1.3.6.1.4.1.4555.1.1.7.1.1.1.0|4|MASTERYS BC 40", "1.3.6.1.4.1.4555.1.1.7.1.1.2.0|4|A1234567890",
          "1.3.6.1.4.1.4555.1.1.7.1.1.5.0|4|Net Vision 7 v7.31"],
         ("socomec", "ups", "MASTERYS BC 40", "7.31", "A1234567890")),
        # SOCOMECPDU-MIB dpduIdent: the network card's software version.
        ("PDU SNMP Agent", "1.3.6.1.4.1.4555.2.30",
         ["1.3.6.1.4.1.4555.2.30.1.2.0|4|NRT-PDU-16", "1.3.6.1.4.1.4555.2.30.1.3.0|4|PD1234",
          "1.3.6.1.4.1.4555.2.30.1.5.0|4|02.01.0a"],
         ("socomec", "pdu", "NRT-PDU-16", "02.01.0a", "PD1234")),
        # NETGEAR-SWITCHING-MIB agentInventoryGroup (managed switches) ...
        ("M4300-52G ProSAFE 48-port 1G and 2-port 10GBASE-T, 12.0.9.3, B1.0.0.11", "1.3.6.1.4.1.4526.100.1.49",
         ["1.3.6.1.4.1.4526.10.1.1.1.3.0|4|M4300-52G", "1.3.6.1.4.1.4526.10.1.1.1.4.0|4|4CV1234567890",
          "1.3.6.1.4.1.4526.10.1.1.1.13.0|4|12.0.9.3"],
         ("netgear", "switch", "M4300-52G", "12.0.9.3", "4CV1234567890")),
        # ... NETGEAR-SMART-SWITCHING-MIB (smart switches) ...
        ("GS724Tv4 ProSafe 24-port Gigabit Ethernet Smart Switch, 6.3.1.4, B1.0.0.4", "1.3.6.1.4.1.4526.100.4.32",
         ["1.3.6.1.4.1.4526.11.1.1.1.3.0|4|GS724Tv4", "1.3.6.1.4.1.4526.11.1.1.1.4.0|4|2ML1234567",
          "1.3.6.1.4.1.4526.11.1.1.1.13.0|4|6.3.1.4"],
         ("netgear", "switch", "GS724Tv4", "6.3.1.4", "2ML1234567")),
        # ... and without either, the FASTPATH banner's second field.
        ("GS716Tv3 16-Port Gigabit Smart Managed Plus Switch, 6.3.1.36, B1.0.0.4", "1.3.6.1.4.1.4526.100.4.31", [],
         ("netgear", "switch", "GS716Tv3", "6.3.1.36", None)),
        # Moxa: each product's MIB under its own identity (industrialEthernet.<product>.swMgmt: switchModel .2,
        # firmwareVersion .4), read under whatever product the sysObjectID names.
        ("EDS-G512E-4GSFP", "1.3.6.1.4.1.8691.7.70",
         ["1.3.6.1.4.1.8691.7.70.1.2.0|4|EDS-G512E-4GSFP", "1.3.6.1.4.1.8691.7.70.1.4.0|4|V6.2 build 20071016"],
         ("moxa", "switch", "EDS-G512E-4GSFP", "V6.2 build 20071016", None)),
        ("IKS-6728A-8PoE", "1.3.6.1.4.1.8691.7.162",
         ["1.3.6.1.4.1.8691.7.162.1.2.0|4|IKS-6728A-8PoE-4GTXSFP", "1.3.6.1.4.1.8691.7.162.1.4.0|4|V5.6",
          "1.3.6.1.4.1.8691.7.70.1.2.0|4|another product's"],
         ("moxa", "switch", "IKS-6728A-8PoE-4GTXSFP", "V5.6", None)),
        # ... MOXA-SYSTEM-INFO-MIB siStatProductInfo when the firmware has it.
        ("EDS-4012-4GC", "1.3.6.1.4.1.8691.7.236",
         ["1.3.6.1.4.1.8691.602.1.1.2.2.1.0|4|v3.0 Build 23020720", "1.3.6.1.4.1.8691.602.1.1.2.2.3.0|4|TAIBB1234567",
          "1.3.6.1.4.1.8691.602.1.1.2.2.5.0|4|EDS-4012-4GC-HV"],
         ("moxa", "switch", "EDS-4012-4GC-HV", "v3.0 Build 23020720", "TAIBB1234567")),
        # Terra: terraProducts.<product>.info (infVersion .1, infSerNum .2); the model ending the sysDescr.
        ("Terra four channel DVB-T/T2/C to IP streamer sti440", "1.3.6.1.4.1.30631.1.18",
         ["1.3.6.1.4.1.30631.1.18.4.1.0|4|1.12", "1.3.6.1.4.1.30631.1.18.4.2.0|4|sti440A0123456"],
         (None, "other", "sti440", "1.12", "sti440A0123456")),
        # Opengear OG-STATUSv2-MIB ogSystem: the firmware's first word, the serial; the model from sysDescr.
        ("Opengear CM7196A Console Server version 4.12.1", "1.3.6.1.4.1.25049.1.61",
         ["1.3.6.1.4.1.25049.17.1.1.0|4|4.12.1 b0 (Mon Jan 1 2024)", "1.3.6.1.4.1.25049.17.1.2.0|4|71961234567890"],
         ("opengear", "console_server", "CM7196A", "4.12.1", "71961234567890")),
        # WTI-POWER-MIB environmentUnitTable: the first unit's name.
        ("WTI VMR-16HD20", "1.3.6.1.4.1.2634.3.100.1",
         ["1.3.6.1.4.1.2634.3.200.10.1.2.1|4|VMR-16HD20"], ("wti", "pdu", "VMR-16HD20", None, None)),
        # ONEACCESS-SYS-MIB: the main board's BSP version, the first hardware component's product name and serial.
        ("OneOS", "1.3.6.1.4.1.13191.1.1.540",
         ["1.3.6.1.4.1.13191.10.3.3.2.1.5.0|4|ONEOS90_ARM_PI-V6.1R5E7_HA8",
          "1.3.6.1.4.1.13191.10.3.3.2.2.2.1.5.0|4|T1234567890", "1.3.6.1.4.1.13191.10.3.3.2.2.2.1.8.0|4|ONE540"],
         ("oneaccess", "router", "ONE540", "ONEOS90_ARM_PI-V6.1R5E7_HA8", "T1234567890")),
        # PowerDsine midspans: '<model>.  Unit S/N=<serial>.  App Ver=<version>, ...'.
        ("PD-9612GC/SNMP.  Unit S/N=1234567.  App Ver=1.13.7, HW Ver=3.0", "1.3.6.1.4.1.7428.1.1",
         [], ("microsemi", "other", "PD-9612GC/SNMP", "1.13.7", "1234567")),
        # FASTPATH-SWITCHING-MIB agentInventoryGroup on Broadcom's arc: model code, serial, software version.
        ("UISP Fiber OLT XGS, 4.5.0, Linux 5.4", "1.3.6.1.4.1.4413",
         ["1.3.6.1.4.1.4413.1.1.1.1.1.2.0|4|UISP Fiber OLT XGS", "1.3.6.1.4.1.4413.1.1.1.1.1.3.0|4|UF-OLT-XGS",
          "1.3.6.1.4.1.4413.1.1.1.1.1.4.0|4|F4E2C6AABBCC", "1.3.6.1.4.1.4413.1.1.1.1.1.13.0|4|4.5.0"],
         (None, "switch", "UF-OLT-XGS", "4.5.0", "F4E2C6AABBCC")),
        # ... and an EdgeSwitch, named by its own row, takes the serial from it.
        ("EdgeSwitch 24-Port 250W, 1.1.2.4767216, Linux 3.6.5-f4a26ed5", "1.3.6.1.4.1.4413",
         ["1.3.6.1.4.1.4413.1.1.1.1.1.3.0|4|ES-24-250W", "1.3.6.1.4.1.4413.1.1.1.1.1.4.0|4|44D9E70524D9"],
         ("ubiquiti", "switch", "EdgeSwitch 24-Port 250W", "1.1.2.4767216", "44D9E70524D9")),
        # companyMIB upsIdent (the OEM UPS card on arc 21111) behind net-snmp: model, serial, firmware.
        ("Linux SNMP-System", "1.3.6.1.4.1.8072.3.2.10",
         ["1.3.6.1.4.1.21111.1.1.1.3.0|4|G3-10KL", "1.3.6.1.4.1.21111.1.1.1.4.0|4|GA1234567890",
          "1.3.6.1.4.1.21111.1.1.1.6.0|4|VERFW:01500.0100"],
         (None, "ups", "G3-10KL", "VERFW:01500.0100", "GA1234567890")),
        # LLDP-EXT-MED-MIB lldpXMedLocalData (any maker): SoftwareRev .4, SerialNum .5, ModelName .7.
        ("Acme switch", "1.3.6.1.4.1.99999.1",
         ["1.0.8802.1.1.2.1.5.4795.1.2.4.0|4|3.1.4-r2", "1.0.8802.1.1.2.1.5.4795.1.2.5.0|4|QX1234567",
          "1.0.8802.1.1.2.1.5.4795.1.2.7.0|4|QX-1012P"],
         (None, None, "QX-1012P", "3.1.4-r2", "QX1234567")),
        # Accton/Edgecore product MIB rooted at the sysObjectID: switchInfoTable unit 1 (ES4552BH2-MIB's layout).
        ("ES-24 Switch", "1.3.6.1.4.1.259.6.10.99",
         ["1.3.6.1.4.1.259.6.10.99.1.1.3.1.6.1|4|1.2.3.4", "1.3.6.1.4.1.259.6.10.99.1.1.3.1.10.1|4|EC1234567890",
          "1.3.6.1.4.1.259.6.10.99.1.1.3.1.14.1|4|ES4552-X"],
         ("edgecore", "switch", "ES4552-X", "1.2.3.4", "EC1234567890")),
        # BWS-MIB behind net-snmp's sysObjectID: currentFirmwareVersion (with its build date), systemSerialNumber.
        ("Barracuda Web Application Firewall", "1.3.6.1.4.1.8072.3.2.10",
         ["1.3.6.1.4.1.20632.8.25.0|4|11.2.0.004 (Tue Jan  2 10:00:00 2024)", "1.3.6.1.4.1.20632.8.28.0|4|1234567"],
         ("barracuda", "firewall", None, "11.2.0.004", "1234567")),
        # EES-POWER-MIB ident: the controller's firmware and serial, not the Linux kernel its sysDescr names.
        ("Linux ES_Controller 2.6.27 #2 PREEMPT armv5tejl", "1.3.6.1.4.1.6302.2.1",
         ["1.3.6.1.4.1.6302.2.1.1.3.0|4|3.1.2", "1.3.6.1.4.1.6302.2.1.1.6.0|4|01234567890"],
         ("vertiv", "dc_power", "Generic ARMv5", "3.1.2", "01234567890")),
        # AE-ALARM-TABLE-MIB aeOnt: model, FSAN serial, firmware (NUL-padded octets).
        ("Calix ONT 711GE", "1.3.6.1.4.1.6321.2.1.1",
         ["1.3.6.1.4.1.6321.1.2.5.4.2.0|4x|3731314745000000", "1.3.6.1.4.1.6321.1.2.5.4.3.0|4|CXNK00ABCDEF",
          "1.3.6.1.4.1.6321.1.2.5.4.4.0|4|12.1.2.3"],
         ("calix", "switch", "711GE", "12.1.2.3", "CXNK00ABCDEF")),
        # ISILON-MIB chassisTable, first chassis: chassisSerialNumber .3, chassisModel .4.
        ("node-1 Isilon OneFS v9.1.0.0", "1.3.6.1.4.1.12124.1",
         ["1.3.6.1.4.1.12124.2.51.1.3.1|4|SX410-123456", "1.3.6.1.4.1.12124.2.51.1.4.1|4|H400-4U-Single"],
         ("isilon", "storage", "H400-4U-Single", "9.1.0.0", "SX410-123456")),
        # ARECA-SNMP-MIB system information (and Proware's copy of it): siModel .2, siSerial .3, siFirmVer .4.
        ("Raid Subsystem V1.00", "1.3.6.1.4.1.18928.1",
         ["1.3.6.1.4.1.18928.1.1.1.2.0|4|ARC-1882", "1.3.6.1.4.1.18928.1.1.1.3.0|4|Y123456789",
          "1.3.6.1.4.1.18928.1.1.1.4.0|4|V1.51 2013-01-01"],
         (None, "storage", "ARC-1882", "V1.51 2013-01-01", "Y123456789")),
        ("Raid Subsystem V1.00", "1.3.6.1.4.1.14752.1.3",
         ["1.3.6.1.4.1.14752.1.3.1.2.0|4|ES-8700", "1.3.6.1.4.1.14752.1.3.1.3.0|4|B123456789",
          "1.3.6.1.4.1.14752.1.3.1.4.0|4|V1.49 2011-01-01"],
         (None, "storage", "ES-8700", "V1.49 2011-01-01", "B123456789")),
        # ELTEK-BC2000-DC-POWER-MIB vpwrIdentGroup: model and controller version (blank-padded).
        ("Sys Description", "1.3.6.1.4.1.13858",
         ["1.3.6.1.4.1.13858.2.1.2.0|4|BC3000     ", "1.3.6.1.4.1.13858.2.1.3.0|4| 5.00.01"],
         ("eltek", "dc_power", "BC3000", "5.00.01", None)),
        # TELTONIKA-MIB (RutOS 7) productCode: the model is the code without its six-character variant.
        ("Linux Teltonika-TSW101 5.4.259 #0 mips", "1.3.6.1.4.1.24686",
         ["1.3.6.1.4.1.48690.1.1.0|4|6000123456", "1.3.6.1.4.1.48690.1.3.0|4|TSW101000000",
          "1.3.6.1.4.1.48690.1.6.0|4|TSW1_R_00.07.08.3"],
         (None, "switch", "TSW101", "TSW1_R_00.07.08.3", "6000123456")),
        # W&T product MIBs: the order number under the product's own arc (manufacturer group .3.3, .6).
        (" ", "1.3.6.1.4.1.5040.1.2.4", ["1.3.6.1.4.1.5040.1.2.4.3.3.6.0|4|#57630"],
         ("wut", "other", "#57630", None, None)),
        # West Mountain Radio RMCU product version: '<model> FW Version <firmware>'.
        ('"West Mountain Radio RIGrunner 4007U', "1.3.6.1.4.1.15117.1",
         ["1.3.6.1.4.1.15117.1.1.2.0|4|RIGrunner 4007U FW Version 2.10"],
         ("westmountainradio", "pdu", "RIGrunner 4007U", "2.10", None)),
        # RS-XX8000-COMMON-MIB: versionNumberSW and serialNumber, not the OS release the sysDescr states.
        ("Tx9 OSEDelta 5.1", "1.3.6.1.4.1.2566.127.1.2.167",
         ["1.3.6.1.4.1.2566.127.1.2.167.1.1.1.2.0|4|101234", "1.3.6.1.4.1.2566.127.1.2.167.1.1.1.4.0|4|2.10.4"],
         (None, "other", "Tx9 OSEDelta 5.1", "2.10.4", "101234")),
        # TAIT-INFRA93SERIES-MIB rctInfoSerialNumber beside the sysDescr's model and version.
        ("Tait Communications, TB9400, DMR Base Station, QBC40BSM, Version: dmr-3.10.00.0002", "1.3.6.1.4.1.3570.2.2",
         ["1.3.6.1.4.1.3570.2.2.2.1.2.2.1.1.2.0|4|19001234"],
         ("tait", "other", "TB9400", "dmr-3.10.00.0002", "19001234")),
        # PK-SOFTWARE-APPLIANCE-V2 pk-SAV2-systemVersion behind net-snmp: the appliance's release, not the kernel's.
        ("Linux pk 4.18.0-477.el8.x86_64 #1 SMP x86_64", "1.3.6.1.4.1.8072.3.2.10",
         ["1.3.6.1.4.1.22408.1.4.1.4.1.0|4|3.1.0"], (None, "server", "Generic x86 64-bit", "3.1.0", None)),
        # SEH print/USB servers: 'SEH <model>; SN <serial>, HW <rev>, FW <rev>, SW <version>'.
        ("SEH UTN-2500; SN 12345678901234, HW 2.0, FW 10, SW 18.3.2", "1.3.6.1.4.1.1229.1.1", [],
         (None, "other", "UTN-2500", "18.3.2", "12345678901234")),
        # IES5206-MIB sys group: sysProductName, sysSerialNumber, sysBootupFwVersion.
        ("IES-5212M", "1.3.6.1.4.1.890.1.5.13.14",
         ["1.3.6.1.4.1.890.1.5.13.13.16.1.0|4|V5.10(AAXS.0)b2", "1.3.6.1.4.1.890.1.5.13.13.16.12.1.0|4|IES5212",
          "1.3.6.1.4.1.890.1.5.13.13.16.12.2.0|4|12-slot MSAN", "1.3.6.1.4.1.890.1.5.13.13.16.12.5.0|4|S12Z0001234"],
         ("zyxel", "switch", "IES5212", "V5.10(AAXS.0)b2", "S12Z0001234")),
        # ZYXEL-IES5000-MIB chassisSerialNumber.
        ("IES-5005", "1.3.6.1.4.1.890.1.5.13.9", ["1.3.6.1.4.1.890.1.5.13.5.6.2.1.3.0|4|S100Z0000042"],
         ("zyxel", "switch", "IES-5005", None, "S100Z0000042")),
        # SSU2000-MIB inventoryTable: the first module listed (lowest chassis and slot), not a later one.
        ("SSU-2000, Synchronization Supply Unit", "1.3.6.1.4.1.601.3.1.1",
         ["1.3.6.1.4.1.601.3.1.1.1.1.1.5.1.1|4|R01111", "1.3.6.1.4.1.601.3.1.1.1.1.1.5.1.5|4|R05555",
          "1.3.6.1.4.1.601.3.1.1.1.1.1.10.1.1|4|14313012-004-1", "1.3.6.1.4.1.601.3.1.1.1.1.1.10.1.5|4|12345678-000-9"],
         ("microsemi", "other", "SSU-2000", "14313012-004-1", "R01111")),
        # AC-SYSTEM-MIB acSysVersionSoftware, acSysIdName, acSysIdSerialNumber (a number).
        ("Product: MP-124 FXS;SW Version: 6.60A.100", "1.3.6.1.4.1.5003.8.1.1.8",
         ["1.3.6.1.4.1.5003.9.10.10.2.2.1.0|4|6.60A.100.002", "1.3.6.1.4.1.5003.9.10.10.2.3.1.0|4|MP-124 FXS",
          "1.3.6.1.4.1.5003.9.10.10.2.3.2.0|66|1234567"],
         ("audiocodes", "router", "MP-124 FXS", "6.60A.100.002", "1234567")),
        # IBOOTPDU-MIB behind net-snmp's sysObjectID: selected when Dataprobe's arc answers; firmware and model.
        ("Linux ibootpdu 4.4.9 #6 SMP armv7l", "1.3.6.1.4.1.8072.3.2.10",
         ["1.3.6.1.4.1.1418.6.1.1.0|4|1.05.01012020", "1.3.6.1.4.1.1418.6.1.4.0|4|iBoot-PDU4-C20"],
         (None, "pdu", "iBoot-PDU4-C20", "1.05.01012020", None)),
        # GBNPlatformOAM-MIB gbnPlatformOAMSystem: productName (not its factory default), prodSerialNo, softwareVersion.
        ("S3900-24T4S", "1.3.6.1.4.1.13464.1.3.30",
         ["1.3.6.1.4.1.13464.1.2.1.1.2.2.0|4|V100R001B02D06P03SP3", "1.3.6.1.4.1.13464.1.2.1.1.2.15.0|4|S3900-24T4S-R",
          "1.3.6.1.4.1.13464.1.2.1.1.2.19.0|4|G1234567890"],
         ("gcom", "switch", "S3900-24T4S-R", "V100R001B02D06P03SP3", "G1234567890")),
        ("GBN switch", "1.3.6.1.4.1.13464.1.3.30", ["1.3.6.1.4.1.13464.1.2.1.1.2.15.0|4|WindRiver gbn Agent"],
         ("gcom", "switch", None, None, None)),
        # OAP-NMU nmu: deviceType, softwareVersion, serialNumber.
        ("OAP", "1.3.6.1.4.1.40989.10.16",
         ["1.3.6.1.4.1.40989.10.16.20.1.0|4|OAP-C5", "1.3.6.1.4.1.40989.10.16.20.13.0|4|V2.1.3",
          "1.3.6.1.4.1.40989.10.16.20.15.0|4|N12345"],
         (None, "transport", "OAP-C5", "V2.1.3", "N12345")),
        # IFT-SNMP-MIB sysInformation: privateLogoModel, serialNum (an integer).
        ("Infortrend", "1.3.6.1.4.1.1714.1.1",
         ["1.3.6.1.4.1.1714.1.1.1.1.15.0|4|EonStor DS 3024", "1.3.6.1.4.1.1714.1.1.1.1.10.0|2|8123456"],
         ("infortrend", "storage", "EonStor DS 3024", None, "8123456")),
        # ELTEK-DISTRIBUTED-MIB, the revision rooted at 12148.9 (WebPower): systemSiteInfoSystemSeriaNum.
        ("WebPower 4.3", "1.3.6.1.4.1.12148.9",
         ["1.3.6.1.4.1.12148.9.2.1.3.7.0|4|123456789012"],
         ("eltek", "dc_power", None, "4.3", "123456789012")),
        # MDS-SYSTEM-MIB mSysStatus: mSysProductConfiguration (the model), mSysSerialNumberPlatform (a number).
        ("GE MDS Orbit MCR", "1.3.6.1.4.1.4130.10",
         ["1.3.6.1.4.1.4130.10.1.1.1.2.2.0|66|2433210", "1.3.6.1.4.1.4130.10.1.1.1.2.3.0|4|MCR-4G"],
         ("gemds", "router", "MCR-4G", None, "2433210")),
        # Lambdatrail2s-MIB lt2sAgent: lt2sDeviceType, lt2sSerialNumber, lt2sFirmwareVersion ('<version>, <build>').
        ("LT2-S", "1.3.6.1.4.1.35616.5",
         ["1.3.6.1.4.1.35616.5.1.2.0|4|LT2-S", "1.3.6.1.4.1.35616.5.1.5.0|4|LT2S001234",
          "1.3.6.1.4.1.35616.5.1.10.0|4|2.1.7, build 1234"],
         (None, "transport", "LT2-S", "2.1.7", "LT2S001234")),
        # SNIA-SML-MIB (any tape library): chassis-Model, chassis-SerialNumber, product-Version.
        ("Tape library", "1.3.6.1.4.1.99999.2",
         ["1.3.6.1.4.1.14851.3.1.3.4.0|4|E.20", "1.3.6.1.4.1.14851.3.1.4.2.0|4|3573-TL",
          "1.3.6.1.4.1.14851.3.1.4.3.0|4|78AB123"],
         (None, None, "3573-TL", "E.20", "78AB123")),
        # AlliedWare before AW+: model and version from the sysDescr, AT-INTERFACES-MIB arBoardSerialNumber of board 1.
        ("Allied Telesis AT-8624T/2M version 2.9.1-13 11-Dec-2007", "1.3.6.1.4.1.207.1.4.125",
         ["1.3.6.1.4.1.207.8.4.4.5.2.1.5.1|4|P1A2B3C4"],
         ("allied-telesis", "switch", "AT-8624T/2M", "2.9.1-13", "P1A2B3C4")),
        ("CentreCOM 9924Ts, version 3.2.1-04, built 08-Sep-2009", "1.3.6.1.4.1.207.1.4.999",
         ["1.3.6.1.4.1.207.8.4.4.5.2.1.3.1|4|AT-9924Ts", "1.3.6.1.4.1.207.8.4.4.5.2.1.5.1|4|Q1234567"],
         ("allied-telesis", "switch", "AT-9924Ts", "3.2.1-04", "Q1234567")),
        # NE843-MIB ne843Ps1: ne843Ps1Brc (model), ne843Ps1Sn, ne843Ps1Verw.
        ("Pulsar", "1.3.6.1.4.1.10520.2.1.3",
         ["1.3.6.1.4.1.10520.2.1.3.2.7.0|4|3.12", "1.3.6.1.4.1.10520.2.1.3.2.11.0|4|NE843AA",
          "1.3.6.1.4.1.10520.2.1.3.2.12.0|4|LBGE1234"],
         ("ge-critical-power", "dc_power", "NE843AA", "3.12", "LBGE1234")),
        # OpenWrt's release from the distro extend, before the kernel's the sysDescr names (a router firmware: a
        # router); another distro keeps it.
        ("Linux OpenWrt 5.4.137 #0 SMP Tue Jul 20 2021 armv7l", "1.3.6.1.4.1.8072.3.2.10",
         ["1.3.6.1.4.1.8072.1.3.2.3.1.1.6.100.105.115.116.114.111|4|OpenWrt 21.02.1"],
         (None, "router", "Generic ARMv7", "21.02.1", None)),
        ("Linux web1 5.15.0-91-generic #101-Ubuntu SMP x86_64", "1.3.6.1.4.1.8072.3.2.10",
         ["1.3.6.1.4.1.8072.1.3.2.3.1.1.6.100.105.115.116.114.111|4|Ubuntu 22.04.3 LTS"],
         (None, "server", "Generic x86 64-bit", "5.15.0-91-generic", None)),
        # IPOMANII-MIB ipmIdent: ipmIdentModel, and version and serial out of ipmIdentAgentSoftwareVersion.
        ("", "1.3.6.1.4.1.2468.1.4.2.1",
         ["1.3.6.1.4.1.2468.1.4.2.1.1.1.0|4|Ingrasys", "1.3.6.1.4.1.2468.1.4.2.1.1.2.0|4|IPOMAN 1202",
          "1.3.6.1.4.1.2468.1.4.2.1.1.3.0|4|PDU System v1.07 (SN 2233445566778)"],
         ("ingrasys", "pdu", "IPOMAN 1202", "1.07", "2233445566778")),
        # DeltaUPS-MIB dupsIdent: dupsIdentUPSSoftwareVersion is the version (the card's agent version is not).
        ("UPS SNMP Agent", "1.3.6.1.4.1.2254.2.4",
         ["1.3.6.1.4.1.2254.2.4.1.1.0|4|Delta", "1.3.6.1.4.1.2254.2.4.1.2.0|4|GES102R202035",
          "1.3.6.1.4.1.2254.2.4.1.3.0|4|05", "1.3.6.1.4.1.2254.2.4.1.4.0|4|2.0h"],
         ("delta", "ups", "GES102R202035", "05", None)),
        # E7-Calix-MIB e7CardTable: the first card that states a version and serial (an empty first slot skipped).
        ("E7-20", "1.3.6.1.4.1.6321.1.2.2.5.1",
         ["1.3.6.1.4.1.6321.1.2.2.2.1.6.1.1.7.1.1|4|", "1.3.6.1.4.1.6321.1.2.2.2.1.6.1.1.7.1.2|4|2.4.1.10",
          "1.3.6.1.4.1.6321.1.2.2.2.1.6.1.1.8.1.1|4|", "1.3.6.1.4.1.6321.1.2.2.2.1.6.1.1.8.1.2|4|123456789012"],
         ("calix", "switch", "E7-20", "2.4.1.10", "123456789012")),
        # ... a column blank for more rows than discovery steps over (3) gives no value rather than a long walk.
        ("E7-2", "1.3.6.1.4.1.6321.1.2.2.5.3",
         [f"1.3.6.1.4.1.6321.1.2.2.2.1.6.1.1.7.1.{slot}|4|" for slot in range(1, 5)]
         + ["1.3.6.1.4.1.6321.1.2.2.2.1.6.1.1.7.1.5|4|2.4.1.10"],
         ("calix", "switch", "E7-2", None, None)),
        # CISCO-DMN-DSG-DL-MIB dlAbout: dlAboutProductId (not the application the sysDescr names), dlAboutCurrentVer,
        # dlAboutTrackingId.
        ("D9800 IRD", "1.3.6.1.4.1.1429.2.2.6.1",
         ["1.3.6.1.4.1.1429.2.2.5.1.1.1.0|4|2.10(3.4)", "1.3.6.1.4.1.1429.2.2.5.1.1.4.0|4|D9824",
          "1.3.6.1.4.1.1429.2.2.5.1.1.5.0|4|TRK123456"],
         ("cisco", "other", "D9824", "2.10(3.4)", "TRK123456")),
        # ARRIS APEX ident group: identSoftwareVersion; the model from the sysDescr.
        ("ARRIS APEX3000, VxWorks SNMPv1/v2c Agent", "1.3.6.1.4.1.1166.1.40",
         ["1.3.6.1.4.1.1166.7.1.7.0|4|3.1.2"],
         ("arris", "other", "APEX3000", "3.1.2", None)),
        # IFOTEC-SMI ifoSysTable: serial and firmware of the first product row.
        ("INETSWITCH-8GP : Switch 8 ports 1000BASE-T PoE", "1.3.6.1.4.1.21362.100.1.4.9",
         ["1.3.6.1.4.1.21362.101.1.2.1.5.1|4|A0042", "1.3.6.1.4.1.21362.101.1.2.1.7.1|4|2.1.0a"],
         (None, "switch", "INETSWITCH-8GP", "2.1.0a", "A0042")),
        # XAVi's MIB deviceinfo serialnum behind Broadcom's SDK sysObjectID; the model before the firmware.
        ("XG6850_5.01ABC02.10", "1.3.6.1.4.1.4413",
         ["1.3.6.1.4.1.12919.12.1.0|4|685012H1234567"],
         (None, "router", "XG6850", "5.01ABC02.10", "685012H1234567")),
        # Opengear's agent answering OG-STATUSv2-MIB ogSystem at the objects' own OIDs (no .0 instance).
        ("Opengear CM7116-2 Console Server", "1.3.6.1.4.1.25049.1.61",
         ["1.3.6.1.4.1.25049.17.1.1|4|3.16.6 058e5600 ()", "1.3.6.1.4.1.25049.17.1.2|4|7006851296650"],
         ("opengear", "console_server", "CM7116-2", "3.16.6", "7006851296650")),
        # IPI-CMM-CHASSIS-MIB cmmStackUnitTable, first unit: the model name (.2) before the sysDescr's ONIE
        # platform code, and the serial (.3).
        ("Hardware Model:EC_AS9999-32X, Software version: OcNOS,6.4.1.33", "1.3.6.1.4.1.36673.100.1.2.1.1.2",
         ["1.3.6.1.4.1.36673.100.1.2.1.1.2.1|4|9999-32X-O-AC-F", "1.3.6.1.4.1.36673.100.1.2.1.1.3.1|4|AB12CD34EF56"],
         ("ipinfusion", "switch", "9999-32X-O-AC-F", "6.4.1.33", "AB12CD34EF56")),
        # ... and without the table, the sysDescr's model.
        ("Hardware Model:EC_AS9999-32X, Software version: OcNOS,6.4.1.33", "1.3.6.1.4.1.36673.100.1.2.1.1.2", [],
         ("ipinfusion", "switch", "EC_AS9999-32X", "6.4.1.33", None)),
        # VIPTELA-OPER-SYSTEM systemStatusVersion; VIPTELA-HARDWARE hardwareInventorySerialNumber of the
        # chassis(1) rows (a CPU row, type 2, sorts after it and is not read).
        ("Viptela SNMP agent", "1.3.6.1.4.1.41916.3.2.2",
         ["1.3.6.1.4.1.41916.11.1.2.0|4|20.3.4", "1.3.6.1.4.1.41916.3.1.1.1.5.1.0|4|11OD123456789",
          "1.3.6.1.4.1.41916.3.1.1.1.5.2.0|4|CPU-SERIAL"],
         ("cisco", "router", None, "20.3.4", "11OD123456789")),
        # PicOS: the platform the sysDescr says it runs on; PICA-PRIVATE-MIB hostStatusGroup serial (.16).
        ("Pica8, Inc. PicOS for as9999_32x", "1.3.6.1.4.1.35098.1.99.0",
         ["1.3.6.1.4.1.35098.1.16.0|4|999932X1234567"],
         (None, "switch", "as9999_32x", None, "999932X1234567")),
        # WISI-GTMODULES-MIB: the gtModulesTable row of the module the agent runs on (gtThisModuleSlot), not the
        # first row.
        ("", "1.3.6.1.4.1.7465",
         ["1.3.6.1.4.1.7465.20.2.9.1.2.1.1.0|66|7",
          "1.3.6.1.4.1.7465.20.2.9.1.2.1.3.1.2.3|4|GT11", "1.3.6.1.4.1.7465.20.2.9.1.2.1.3.1.4.3|4|1.0.1",
          "1.3.6.1.4.1.7465.20.2.9.1.2.1.3.1.2.7|4|GT01W", "1.3.6.1.4.1.7465.20.2.9.1.2.1.3.1.4.7|4|3.2.8",
          "1.3.6.1.4.1.7465.20.2.9.1.2.1.3.1.5.7|4|1234P1601010001"],
         (None, "other", "GT01W", "3.2.8", "1234P1601010001")),
        # SIXNET-MIB etmsScalars: firmwareRevision, serialNumber (an Integer32).
        ("SLX-5MS-1 - Industrial Ethernet Managed Switch", "1.3.6.1.4.1.20540.2.1",
         ["1.3.6.1.4.1.20540.2.1.1.4.0|2|123456", "1.3.6.1.4.1.20540.2.1.1.6.0|4|5.1.2"],
         ("redlion", "switch", "SLX-5MS-1", "5.1.2", "123456")),
        # NEXANS-BM-MIB bmSwitchInfo: infoDescr, infoSeriesNo, infoMgmtFirmwareVersion.
        ("GigaSwitch 641 Desk SFP-I ES3 (HW3/ENHANCED/SECURITY/V4.14W)", "1.3.6.1.4.1.266.1.3.70",
         ["1.3.6.1.4.1.266.20.1.1.0|4|GigaSwitch 641 Desk SFP-I ES3", "1.3.6.1.4.1.266.20.1.5.0|4|12345A",
          "1.3.6.1.4.1.266.20.1.9.0|4|HW3/ENHANCED/SECURITY/V4.14W"],
         (None, "switch", "GigaSwitch 641 Desk SFP-I ES3", "HW3/ENHANCED/SECURITY/V4.14W", "12345A")),
        # NETONIX-SWITCH-MIB firmwareVersion: the release it opens with (1.3.9 appends dots and letters).
        ("WS-12-250-AC", "1.3.6.1.4.1.46242", ["1.3.6.1.4.1.46242.1.0|4|1.3.9.n........."],
         (None, "switch", "WS-12-250-AC", "1.3.9", None)),
        ("WS-8-150-DC", "1.3.6.1.4.1.46242", ["1.3.6.1.4.1.46242.1.0|4|1.4.9rc7"],
         (None, "switch", "WS-8-150-DC", "1.4.9rc7", None)),
        # WEBMON-EDGE-MATRIX-MIB systemGeneralVersion, at whatever instance the agent gives it.
        ("WebMon", "1.3.6.1.4.1.994.3.4", ["1.3.6.1.4.1.994.3.4.7.1.82.0.0|4|1.19.0"],
         (None, "env_monitor", None, "1.19.0", None)),
        # PT3080-MIB pt3080System: serial (KU), product type, software revision.
        ("DVB-T2 Transmitter", "1.3.6.1.4.1.18086.8",
         ["1.3.6.1.4.1.18086.3080.1.1.0|4|KU123456", "1.3.6.1.4.1.18086.3080.1.2.0|4|PT3080",
          "1.3.6.1.4.1.18086.3080.1.3.0|4|3.1.02"],
         (None, "other", "PT3080", "3.1.02", "KU123456")),
        # PRIMEKEY-APPLIANCE-MIB (hardware appliance, a net-snmp host): pkAVersion's release, the HSM's serial.
        ("Linux pka 5.10.0 #1 SMP x86_64", "1.3.6.1.4.1.8072.3.2.10",
         ["1.3.6.1.4.1.22408.1.1.2.1.7.118.101.114.115.105.111.110.1|4|PrimeKeyAppliance.3.5.0",
          "1.3.6.1.4.1.22408.1.1.2.2.4.104.115.109.54.1|4|CS620109"],
         (None, "server", "Generic x86 64-bit", "3.5.0", "CS620109")),
        # TPDIN3-MIB product: model and firmwareVersion.
        ("TPDIN Monitor", "1.3.6.1.4.1.45621.2",
         ["1.3.6.1.4.1.45621.3.1.1.0|4|TPDIN-Monitor-WEB3", "1.3.6.1.4.1.45621.3.1.2.0|4|1.1.3"],
         (None, "meter", "TPDIN-Monitor-WEB3", "1.1.3", None)),
        # OPNsense's "version" extend (its net-snmp plugin): the firewall's release, not the FreeBSD kernel's, and a
        # firewall; a "version" extend that is not OPNsense's says nothing.
        ("FreeBSD fw1 13.1-RELEASE-p6 FreeBSD 13.1-RELEASE-p6 stable/23.1 amd64", "1.3.6.1.4.1.8072.3.2.8",
         ["1.3.6.1.4.1.8072.1.3.2.3.1.1.7.118.101.114.115.105.111.110|4|OPNsense 23.1.11 (amd64/OpenSSL)"],
         (None, "firewall", "amd64", "23.1.11", None)),
        ("FreeBSD fw1 13.1-RELEASE-p6 FreeBSD 13.1-RELEASE-p6 stable/23.1 amd64", "1.3.6.1.4.1.8072.3.2.8",
         ["1.3.6.1.4.1.8072.1.3.2.3.1.2.7.118.101.114.115.105.111.110|4|MyApp 2.0"],
         (None, "server", "amd64", "13.1-RELEASE-p6", None)),
        # Topvision CCMTS: model, software version and hardware revision from the sysDescr's fields; the serial from
        # the first row of the CCMTS system table's column 16.
        ("CC9999A-E;hardware version:V1.2.3;software version:V2.3.0.54-C.BT;Chip version:BCM3218 2.44",
         "1.3.6.1.4.1.32285.11.1.1.1.4.1",
         ["1.3.6.1.4.1.32285.11.1.1.2.1.1.1.16.142671872|4|2001CC9999A000001"],
         ("sumavision", "router", "CC9999A-E", "2.3.0.54-C.BT", "2001CC9999A000001")),
    ],
    ids=["and-sds", "and-sds-other-build", "ciena-module-release", "appl-version", "appl-version-not-a-version",
         "illustra", "ict-series-arc", "xtm-inventory", "bdcom-first-card", "mds-active-image", "mds-no-active-image",
         "edgemax-mib-airos-arc", "edgemax-mib-edgerouter", "edgerouter-product-name", "edgeos-banner", "vcsa",
         "esxi-banner",
         "socomec-netvision", "socomec-pdu", "netgear-managed", "netgear-smart", "netgear-banner", "moxa-eds",
         "moxa-other-product", "moxa-system-info", "terra", "opengear", "wti-power", "oneaccess",
         "pdsine", "fastpath", "edgeswitch-fastpath-serial", "company-ups", "lldp-med", "edgecore-relative",
         "barracuda-waf", "vertiv-ees", "calix-ae-ont", "isilon-chassis", "areca", "proware", "eltek-valere",
         "teltonika-product-code", "wut-order-number", "rigrunner", "rs-xx8000",
         "tait-reciter-serial",
         "primekey-appliance", "seh-utn", "ies5206-mib", "ies5000-mib", "ssu2000-first-module",
         "audiocodes", "iboot", "gcom-gbn", "gcom-gbn-default-name", "oap-nmu", "infortrend", "eltek-webpower",
         "gemds", "lambdatrail", "snia-sml", "alliedware", "alliedware-centrecom", "ge-pulsar",
         "openwrt-distro", "other-distro", "ipoman", "delta-ups-version", "calix-e7-first-card",
         "calix-e7-blank-column", "cisco-dmn", "arris-apex", "ifotec", "xavi", "opengear-no-instance",
         "ocnos-cmm-unit", "ocnos-banner", "viptela", "picos", "wisi-this-module", "sixnet", "nexans", "netonix-1.3.9",
         "netonix-rc", "webmon", "protelevision", "primekey-hardware-appliance", "tycon-tpdin3",
         "opnsense-version-extend", "other-version-extend", "topvision-ccmts"],
)
def test_vendor_rows(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


@pytest.mark.parametrize(
    ("if_name", "if_descr", "want"),
    [
        ("Gi0/1", "GigabitEthernet0/1", "Gi0/1"),  # ifName first
        (None, "GigabitEthernet0/1", "GigabitEthernet0/1"),  # else ifDescr
        # VMware's agent (ESXi, vCenter appliance) names the NIC after 'Device' and before its PCI address.
        (None, "Device eth0 at 03:00.0 VMware - VMXNET3 Ethernet Controller", "eth0"),
        (None, "Device vmnic0 at 0000:01:00.0 ixgben", "vmnic0"),
        ("vmk0", "Device vmnic0 at 0000:01:00.0 ixgben", "vmk0"),
        # Not that form: kept whole.
        (None, "Device eth0", "Device eth0"),
        (None, "Device eth0 at home", "Device eth0 at home"),
        (None, None, None),
    ],
)
def test_interface_name(if_name: str | None, if_descr: str | None, want: str | None) -> None:
    assert interface_name(if_name, if_descr) == want


def test_an_interface_without_ifname_is_named_as_its_vmware_descr_states() -> None:
    rows = ["1.3.6.1.2.1.2.2.1.1.2|2|2", "1.3.6.1.2.1.2.2.1.2.2|4|Device eth0 at 03:00.0 VMware - VMXNET3 Ethernet "
            "Controller", "1.3.6.1.2.1.2.2.1.3.2|2|6"]
    obs = run(system("VMware ESXi 7.0.3 build-20328353 VMware, Inc. x86_64", "1.3.6.1.4.1.6876.4.1") + rows)
    assert [(i.name, i.descr) for i in obs.interfaces or ()] == [
        ("eth0", "Device eth0 at 03:00.0 VMware - VMXNET3 Ethernet Controller")
    ]


@pytest.mark.parametrize(
    ("descr", "want"),
    [
        # CableLabs OSSI: '<<HW_REV: ...; VENDOR: ...; BOOTR: ...; SW_REV: ...; MODEL: ...>>', any maker.
        ("<<HW_REV: 1; VENDOR: Motorola Corporation; BOOTR: 2164; SW_REV: SB5101E-2.6.2.0-SCM00-NOSH; MODEL: "
         "SB5101E>>", ("SB5101E", "SB5101E-2.6.2.0-SCM00-NOSH", "1")),
        ("Technicolor DOCSIS 3.0 Cable Modem <<HW_REV: 2.1; VENDOR: Technicolor; BOOTR: 2.4.0; SW_REV: "
         "STDC.01.31; MODEL: TC7200.20>>", ("TC7200.20", "STDC.01.31", "2.1")),
    ],
)
def test_docsis_sysdescr_names_model_and_software(descr: str, want: tuple[str, str, str]) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.99999.1"))
    assert (obs.device["model"], obs.device["os_version"], obs.device["hardware_rev"]) == want, obs.device["evidence"]


@pytest.mark.parametrize("sys_object_id", ["", "   ", "not-an-oid", "1.3.6.-1", ".."])
def test_a_sysobjectid_that_is_no_oid_resolves_no_relative_rule(sys_object_id: str) -> None:
    assert resolve_relative_rules(default_platforms(), sys_object_id) == {}


def test_relative_rules_resolve_under_the_devices_own_sysobjectid() -> None:
    got = resolve_relative_rules([p for p in default_platforms() if p.id == "moxa_eds"], ".1.3.6.1.4.1.8691.7.70")
    assert got == {"sysObjectID.1.2.0": ("1.3.6.1.4.1.8691.7.70.1.2.0", False),
                   "sysObjectID.1.4.0": ("1.3.6.1.4.1.8691.7.70.1.4.0", False)}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{id: mine, source: s, sys_object_id: [1.3.6.1.4.1.9], extract: [{field: model, sys_descr: x, "
         "relative: true}]}", "relative needs oid"),
        ("{id: mine, source: s, sys_object_id: [1.3.6.1.4.1.9], extract: [{field: model, oid: '1.2', "
         "index: 1.3.6.1.4.1.9.2.0, relative: true}]}", "relative needs oid"),
        ("{id: mine, source: s, sys_descr: [x], extract: [{field: model, oid: '1.2.0', relative: true}]}",
         "relative needs oid"),
        # A flag column names the row of a column: read with GETNEXT, or with another row chooser, it means nothing.
        ("{id: mine, source: s, sys_descr: [x], extract: [{field: model, oid: 1.3.6.1.4.1.9.1.2, next: true, "
         "active: 1.3.6.1.4.1.9.1.3}]}", "active needs oid"),
        ("{id: mine, source: s, sys_descr: [x], extract: [{field: model, sys_descr: x, active: 1.3.6.1.4.1.9.1.3}]}",
         "active needs oid"),
        # A kind rule's relative value_of: a scalar suffix, on a row keyed to sysObjectID prefixes.
        ("{id: mine, source: s, sys_object_id: [1.3.6.1.4.1.9], kinds: [{sys_descr: x, relative: true, "
         "kind: router}]}", "mine kinds #1: relative needs value_of"),
        ("{id: mine, source: s, sys_descr: [x], kinds: [{value_of: 3.3.5.0, value: x, relative: true, "
         "kind: router}]}", "mine kinds #1: relative needs value_of .* a row keyed to sysObjectID prefixes"),
        ("{id: mine, source: s, sys_object_id: [1.3.6.1.4.1.9], kinds: [{value_of: '5.0', value: x, "
         "relative: true, kind: router}]}", "mine kinds #1: value_of '5.0' is no scalar OID"),
    ],
)
def test_a_bad_relative_rule_is_a_catalogue_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: str, message: str
) -> None:
    user = tmp_path / "rows.yaml"
    user.write_text(f"snmp_platforms:\n  - {row}\n")
    monkeypatch.setenv("GOVOPS_CATALOG", str(user))
    with pytest.raises(CatalogError, match=message):
        load_platforms()


# A made-up W&T product arc (5040.1.2.99) no row lists: its product MIB's manufacturer group .3.3 under it, device
# type .5 and order number .6 (as WebGraph-Thermometer-MIB's wtWebGraphThermoMfDeviceTyp and ...MfOrderNo).
WUT_NEW_ARC = "1.3.6.1.4.1.5040.1.2.99"


@pytest.mark.parametrize(
    ("device_type", "kind"),
    [("Web-Thermograph, 10/100BT, 12-24V", "env_monitor"), ("Web-Thermo-Hygrograph", "env_monitor"),
     ("Web-IO 12xDigital-IO", "other")],
    ids=["thermograph", "thermo-hygrograph", "web-io"],
)
def test_a_wut_thermograph_under_a_product_arc_no_row_lists_is_an_environment_monitor(device_type: str,
                                                                                        kind: str) -> None:
    obs = run([*system("", WUT_NEW_ARC), f"{WUT_NEW_ARC}.3.3.5.0|4|{device_type}", f"{WUT_NEW_ARC}.3.3.6.0|4|#57605"])
    assert (obs.device["platform"], obs.device["model"], obs.device["kind"]) == ("wut_webio", "#57605", kind)
    if kind == "env_monitor":
        assert "sysObjectID.3.3.5.0 /Web-Thermo" in obs.device["evidence"]["kind"]


def test_relative_kind_rules_resolve_with_the_extraction_rules_under_the_devices_own_sysobjectid() -> None:
    got = resolve_relative_rules([p for p in default_platforms() if p.id == "wut_webio"], WUT_NEW_ARC)
    assert got == {"sysObjectID.3.3.6.0": (f"{WUT_NEW_ARC}.3.3.6.0", False),
                   "sysObjectID.3.3.5.0": (f"{WUT_NEW_ARC}.3.3.5.0", False)}


def test_a_cisco_chassis_description_that_is_a_host_name_is_no_model() -> None:
    """Cisco's rows filter entPhysicalDescr as the generic layer does: a host name copied there is no model."""
    entity = ["1.3.6.1.2.1.47.1.1.1.1.2.1|4|core-sw1.example.gov", "1.3.6.1.2.1.47.1.1.1.1.4.1|2|0",
              "1.3.6.1.2.1.47.1.1.1.1.5.1|2|3", "1.3.6.1.2.1.47.1.1.1.1.11.1|4|FOC1234X0AB"]
    obs = run(system("Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version 15.0(2)SE11, RELEASE "
                     "SOFTWARE (fc3)", "1.3.6.1.4.1.9.1.1227") + entity)
    assert obs.device["platform"] == "cisco_ios"
    assert obs.device["model"] != "core-sw1.example.gov", obs.device["evidence"]
    assert obs.device["serial"] == "FOC1234X0AB"


@pytest.mark.parametrize(
    ("descr", "oid"),
    [("Cumulus Linux 4.4.0 (Linux kernel 4.19.0-cl-1-amd64)", "1.3.6.1.4.1.40310"),
     ("Linux spine1 4.19.0-cl-1-amd64 #1 SMP Cumulus 4.19.149-1+cl4.3u1 x86_64", "1.3.6.1.4.1.8072.3.2.10")],
    ids=["cumulus-arc", "net-snmp-arc"],
)
def test_cumulus_names_the_platform_entity_mib_describes(descr: str, oid: str) -> None:
    """Cumulus's chassis entPhysicalDescr names the platform where entPhysicalModelName holds a part number."""
    entity = ["1.3.6.1.2.1.47.1.1.1.1.2.1|4|Mellanox SN2100", "1.3.6.1.2.1.47.1.1.1.1.4.1|2|0",
              "1.3.6.1.2.1.47.1.1.1.1.5.1|2|3", "1.3.6.1.2.1.47.1.1.1.1.10.1|4|Cumulus Linux 4.4.0",
              "1.3.6.1.2.1.47.1.1.1.1.11.1|4|MT1234X01234", "1.3.6.1.2.1.47.1.1.1.1.13.1|4|MSN2100-CB2F"]
    obs = run(system(descr, oid) + entity)
    assert obs.device["platform"] == "cumulus_linux"
    assert (obs.device["model"], obs.device["os_version"], obs.device["serial"]) == (
        "Mellanox SN2100", "4.4.0", "MT1234X01234"), obs.device["evidence"]


@pytest.mark.parametrize(
    ("model", "maker", "want"),
    [
        # ENTITY-MIB entPhysicalModelName repeating entPhysicalMfgName first: the model without it.
        ("Linksys LGS999P", "Linksys", "LGS999P"),
        ("ACME Networks SW-48", "Acme Networks", "SW-48"),
        # Otherwise the model as stated: another maker's word, the maker's name alone, a longer word.
        ("Edgecore 7712-32X", "Accton", "Edgecore 7712-32X"),
        ("Linksys", "Linksys", "Linksys"),
        ("LinksysPro 8", "Linksys", "LinksysPro 8"),
        ("LGS999P", None, "LGS999P"),
    ],
)
def test_a_chassis_model_that_opens_with_its_makers_name_is_the_model_alone(
    model: str, maker: str | None, want: str
) -> None:
    rows = chassis(1, model=model, serial="S12345") + ([f"{ENT}.12.1|4|{maker}"] if maker else [])
    obs = run(system("Managed switch", "1.3.6.1.4.1.99999.1") + rows)
    assert obs.device["model"] == want, obs.device["evidence"]
