"""`govops power`: read UPS, PDU, meter and BMC power on demand."""

from __future__ import annotations

import asyncio
import os
from typing import Annotated, Any

import typer

from govops.cli.helptext import group_app
from govops.cli.options import JsonOpt
from govops.cli.output import failure_lines, print_json, print_table
from govops.errors import EXIT_FINDINGS, ConfigError

HELP = "Power and energy of UPSes, PDUs, meters and BMCs (功率与电能)."
EXAMPLES = (
    'govops power read 10.20.5.11 --community-env SNMP_RO',
    'govops power read https://10.20.6.21 --user ops --json',
)
app = group_app(HELP, EXAMPLES)


@app.command("read")
def read(  # noqa: PLR0917 - one option per protocol setting
    targets: Annotated[list[str], typer.Argument(help="host[:port] (SNMP, Modbus, IPMI) or https://bmc (Redfish).")],
    kind: str | None = typer.Option(None, "--kind", help="snmp | modbus | redfish | ipmi (default: URL = redfish, "
                                    "else snmp)."),
    community: str = typer.Option("public", "--community", "-c", help="SNMP v2c community."),
    community_env: str | None = typer.Option(None, "--community-env", help="Read the community from this "
                                             "environment variable instead (keeps it out of shell history)."),
    community_file: str | None = typer.Option(None, "--community-file", help="Read the community from the first "
                                              "line of this file instead (mode 0600)."),
    v3_user: str | None = typer.Option(None, "--v3-user", help="SNMPv3 user (instead of a community)."),
    v3_auth: str | None = typer.Option(None, "--v3-auth", help="SNMPv3 auth protocol: sha, sha256, md5."),
    v3_auth_env: str | None = typer.Option(None, "--v3-auth-env", help="Variable holding the v3 auth key."),
    v3_priv: str | None = typer.Option(None, "--v3-priv", help="SNMPv3 privacy protocol: aes, aes256, des."),
    v3_priv_env: str | None = typer.Option(None, "--v3-priv-env", help="Variable holding the v3 privacy key."),
    v3_context: str | None = typer.Option(None, "--v3-context", help="SNMPv3 context name."),
    meter: str = typer.Option("eastron_sdm630", "--meter", help="Modbus register map (catalogue id)."),
    unit: int = typer.Option(1, "--unit", help="Modbus unit id."),
    username: str | None = typer.Option(None, "--user", help="Redfish/IPMI user."),
    password_env: str = typer.Option("GOVOPS_BMC_PASSWORD", "--password-env", help="Environment variable "
                                     "holding the Redfish/IPMI password."),
    timeout: float = typer.Option(2.0, "--timeout", help="Seconds per request."),
    json_out: bool = JsonOpt,
) -> None:
    """Read power (W) and energy counters (kWh) with what each number measures.

    A value the device does not report is empty (null in JSON), never 0. The table
    lists the readings; each target not read is one line on stderr, target T: KIND:
    MESSAGE (KIND: unreachable, auth, device, timeout, config, internal). Exit 1
    when any target could not be read.
    """
    # Protocol stacks (pysnmp, pymodbus) load only when a read runs, not at CLI start-up.
    from govops.collectors.power_read import ReadOptions, TargetKind, read_all
    from govops.snmp.credentials import SecretRef, SnmpCredentials

    if kind is not None and kind not in ("snmp", "modbus", "redfish", "ipmi"):
        raise ConfigError(f"--kind {kind!r}: expected snmp, modbus, redfish or ipmi")
    secret = SecretRef.from_options(env=community_env, file=community_file,
                                    flags="--community-env or --community-file")
    if secret is not None:
        community = secret.resolve()
    creds = None
    if v3_user:
        if v3_auth not in (None, "sha", "sha256", "md5") or v3_priv not in (None, "aes", "aes256", "des"):
            raise ConfigError("--v3-auth is sha, sha256 or md5; --v3-priv is aes, aes256 or des")
        creds = SnmpCredentials(
            version="3", user=v3_user, auth=v3_auth,  # type: ignore[arg-type]
            auth_key=SecretRef(env=v3_auth_env) if v3_auth_env else None,
            priv=v3_priv,  # type: ignore[arg-type]
            priv_key=SecretRef(env=v3_priv_env) if v3_priv_env else None,
            context=v3_context,
        )
    opts = ReadOptions(community=community, snmp_creds=creds, meter=meter, unit=unit, username=username,
                       password=os.environ.get(password_env), password_env=password_env, timeout=timeout)
    kind_value: TargetKind | None = kind  # type: ignore[assignment]
    results = asyncio.run(read_all(targets, kind_value, opts))
    if json_out:
        print_json({"results": [r.to_json() for r in results]})
    else:
        # As discover snmp: the table holds the readings, each failure is one line on stderr with its kind
        # (``target T: KIND: MESSAGE``, many alike grouped); no table when nothing was read.
        rows: list[dict[str, Any]] = [
            {"target": r.target, "vendor": r.vendor, "model": r.model, "point": p.point, "phase": p.phase,
             "watts": p.watts, "energy_kwh": p.energy_kwh, "source": p.source}
            for r in results for p in r.points
        ]
        if rows:
            print_table(rows, ["target", "vendor", "model", "point", "phase", "watts", "energy_kwh", "source"])
        failed = [(r.target, r.failure or "device", (r.error or "").splitlines()[0].removeprefix(f"{r.target}: "))
                  for r in results if not r.ok]
        for line in failure_lines(failed):
            typer.echo(line, err=True)
    if any(not r.ok for r in results):
        raise typer.Exit(EXIT_FINDINGS)
