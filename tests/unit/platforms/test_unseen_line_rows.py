"""The next device of a family under a product line no row's key holds (every arc after the maker's number new): the
row is selected by what the family states wherever its line is, a banner its maker documents under the maker's own
number, or the groups of a MIB the maker roots at each product's sysObjectID. Walks made up in each family's documented
shape; another maker's device, or another line of the same maker, is not taken."""

from __future__ import annotations

import pytest

from govops.platforms.snmp import ExtractRule, SnmpPlatform, default_platforms, mib_arc_rows, select_platform
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from tests.snmp_cases import discover, run, system

# A maker (64998, nobody's) rooting each product's MIB at the product's sysObjectID, one line of products at .1.
LINE = "1.3.6.1.4.1.64998.1"
ROW = SnmpPlatform("acme_io", "made up", platform="acme_io", kind="other", sys_object_id=(LINE,),
                   extract=(ExtractRule("model", oid="3.3.6.0", relative=True),
                            ExtractRule("serial", oid="3.3.7.0", relative=True),
                            ExtractRule("os_version", oid="4.0", relative=True)))


def test_a_rows_relative_groups_are_the_groups_it_reads_under_the_sysobjectid() -> None:
    assert ROW.relative_groups == ("3.3",)  # a scalar right under the sysObjectID (4.0) names no group
    assert ROW.mib_arcs == ()  # nothing read at a fixed place of the maker's MIB
    keyed_to_the_maker = SnmpPlatform("acme_all", "made up", sys_object_id=("1.3.6.1.4.1.64998",),
                                      extract=ROW.extract)
    assert keyed_to_the_maker.relative_groups == ()  # its key places every product already


@pytest.mark.parametrize("table", [[ROW], (ROW,)], ids=["list", "indexed"])
def test_an_unseen_line_answering_a_relative_group_under_its_own_sysobjectid_selects_the_row(
    table: list[SnmpPlatform] | tuple[SnmpPlatform, ...],
) -> None:
    new = "1.3.6.1.4.1.64998.7.12"
    assert mib_arc_rows(table, new) == [(ROW, (f"{new}.3.3",))]
    assert select_platform(table, new, "", (f"{new}.3.3",)) is ROW
    # Answering under the known line's arc (another product's MIB), or nothing: no row.
    assert select_platform(table, new, "", (f"{LINE}.4.3.3",)) is None
    assert select_platform(table, new, "", ()) is None
    assert mib_arc_rows(table, f"{LINE}.9") == []  # the row's key places a new product of its line
    assert mib_arc_rows(table, "1.3.6.1.4.1.64997.7.12") == []  # another maker's number


def test_the_row_reads_the_values_of_an_unseen_line_under_its_sysobjectid() -> None:
    new = "1.3.6.1.4.1.64998.7.12"
    obs = discover(RecordedAgent(parse_snmprec([*system(" ", new), f"{new}.3.3.6.0|4|#58310",
                                                f"{new}.3.3.7.0|4|AC0417", f"{new}.4.0|4|2.16"])), (ROW,))
    assert obs.device is not None, obs.error
    assert (obs.device["platform"], obs.device["model"], obs.device["serial"], obs.device["os_version"]) == (
        "acme_io", "#58310", "AC0417", "2.16")
    obs = discover(RecordedAgent(parse_snmprec([*system(" ", new), f"{LINE}.4.3.3.6.0|4|#58310"])), (ROW,))
    assert obs.device is not None and obs.device["platform"] is None, obs.error


@pytest.mark.parametrize(
    ("oid", "lines", "platform", "field", "value"),
    [
        # W&T Web-IO products: the manufacturer group .3.3 under the product's arc (order number .6).
        ("1.3.6.1.4.1.5040.1.7.31", ["3.3.6.0|4|#57730"], "wut_webio", "model", "#57730"),
        # TERRA streamers: the info group .4 (firmware .1, serial .2).
        ("1.3.6.1.4.1.30631.2.14", ["4.1.0|4|2.03", "4.2.0|4|tq700C0113"], "terra_streamer", "os_version", "2.03"),
        # Eaton's DC power controllers: serial-Number 10.20.90 under the controller's arc.
        ("1.3.6.1.4.1.1918.3.2", ["10.20.90.0|4|261100457"], "eaton_dc", "serial", "261100457"),
    ],
)
def test_a_maker_rooting_each_products_mib_at_its_arc_keeps_its_row_on_a_new_line(
    oid: str, lines: list[str], platform: str, field: str, value: str
) -> None:
    obs = run([*system(" ", oid), *(f"{oid}.{line}" for line in lines)])
    assert obs.device is not None, obs.error
    assert (obs.device["platform"], obs.device[field]) == (platform, value)
    bare = run(system(" ", oid))  # the same line answering none of the groups: no row
    assert bare.device is not None and bare.device["platform"] is None, bare.error


@pytest.mark.parametrize(
    ("oid", "descr", "answered", "row_id", "kind"),
    [
        # HP's switch lines' banners, each under an HP arc no row is keyed to.
        ("1.3.6.1.4.1.11.2.3.7.15.4", "HPE OfficeConnect Switch 1960 24G 2XGT 2SFP+ JL807A, PT.03.05, Linux 4.4.120, "
         "U-Boot 2016.11", (), "hpe_procurve_banner", "switch"),
        ("1.3.6.1.4.1.11.2.3.7.15.4", "Aruba Instant On 1960 12XGT 4SFP+ Switch JL805A, InstantOn_1960_2.6.0 (29), "
         "Linux 4.4.120", (), "hpe_procurve_banner", "switch"),
        ("1.3.6.1.4.1.11.2.3.7.15.4", "HP J9850A Switch 5406Rzl2, revision KB.16.04.0008, ROM KB.16.01.0008 "
         "(/ws/swbuildm/rel_ukiah_qaoff/code/build/bom(swbuildm_rel_ukiah_qaoff_rel_ukiah))", (),
         "hpe_procurve_banner", "switch"),
        ("1.3.6.1.4.1.11.5.9.3", "HP Onboard Administrator", (), "hpe_onboard_administrator_banner", "bmc"),
        # AIX's snmpd under another IBM arc.
        ("1.3.6.1.4.1.2.6.250", "IBM PowerPC CHRP Computer\nMachine Type: 0x0800004c Processor id: 00F84C3A4C00\n"
         "Base Operating System Runtime AIX version: 07.03.0001.0000\nTCP/IP Client Support  version: 07.03.0001.0000",
         (), "ibm_aix_banner", "server"),
        ("1.3.6.1.4.1.1588.3.9.2", "Brocade VDX Switch, BR-VDX8770-4, Network Operating System Software Version "
         "7.4.1.", (), "brocade_nos_banner", "switch"),
        ("1.3.6.1.4.1.19046.1.31.4", "Lenovo ThinkSystem NE2580O RackSwitch", (), "lenovo_cnos_banner", "switch"),
        ("1.3.6.1.4.1.19046.1.31.4", "Lenovo RackSwitch G8296", (), "lenovo_cnos_banner", "switch"),
        ("1.3.6.1.4.1.193.240.2.5", "Ericsson IPOS-21.1.2.3-Release", (), "ericsson_ipos", "router"),
        ("1.3.6.1.4.1.562.71.4", "6500 14-SLOT OPTICAL SW:1310 BN:AC (c) Ciena (R) Corporation", (), "ciena_6500",
         "transport"),
        # OceanStor's storage MIB answering under a Huawei arc outside HUAWEI-MIB's products.
        ("1.3.6.1.4.1.2011.20.3", "ISM SNMP Agent", ("1.3.6.1.4.1.34774.4.1.1",), "huawei_oceanstor_mib", "storage"),
    ],
)
def test_a_banner_its_maker_documents_keeps_the_row_on_a_new_line(
    oid: str, descr: str, answered: tuple[str, ...], row_id: str, kind: str
) -> None:
    row = select_platform(default_platforms(), oid, descr, answered)
    assert row is not None and (row.id, row.kind) == (row_id, kind)


@pytest.mark.parametrize(
    ("oid", "descr", "answered", "not_row"),
    [
        # 3Com sold OfficeConnect switches under its own number before HP bought it.
        ("1.3.6.1.4.1.43.1.16.4.3.51", "3Com OfficeConnect Switch 1920 8-port, Version 5.20 Release 1111", (),
         "hpe_procurve_banner"),
        ("1.3.6.1.4.1.11.2.3.9.1", "HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153", (), "hpe_procurve_banner"),
        # HP's Comware OfficeConnect switches state a Comware release, not ProVision's.
        ("1.3.6.1.4.1.11.2.3.7.15.4", "HPE OfficeConnect Switch 1950 24G 2SFP+ 2XGT JG960A Software Version 7.1.045, "
         "Release 3208P05", (), "hpe_procurve_banner"),
        # Another maker's agent quoting AIX's banner words is not IBM's.
        ("1.3.6.1.4.1.64997.3", "Base Operating System Runtime AIX version: 07.02.0005.0000", (), "ibm_aix_banner"),
        ("1.3.6.1.4.1.1588.2.1.1.1", "Fibre Channel Switch.", (), "brocade_nos_banner"),
        ("1.3.6.1.4.1.19046.11.1", "Lenovo XClarity Controller", (), "lenovo_cnos_banner"),
        ("1.3.6.1.4.1.193.81.1.1.1", "MINI-LINK 6691 R2B", (), "ericsson_ipos"),
        ("1.3.6.1.4.1.562.3.21.1", "Passport-8610 (4.1.0.0)", (), "ciena_6500"),
        ("1.3.6.1.4.1.2011.20.3", "ISM SNMP Agent", (), "huawei_oceanstor_mib"),  # no storage MIB answering
    ],
)
def test_a_banner_row_takes_no_other_makers_device_nor_another_line(
    oid: str, descr: str, answered: tuple[str, ...], not_row: str
) -> None:
    row = select_platform(default_platforms(), oid, descr, answered)
    assert row is None or row.id != not_row
