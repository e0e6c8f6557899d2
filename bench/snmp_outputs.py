"""What SNMP discovery returns over every corpus walk, to a file: a speed change must change none of it.

Two ways to ask the walks, each over its own code path:

- ``recorded`` (default): every walk of ``<corpus>/snmp``, ``<corpus>/snmp-more`` and the ``snmpsim-data`` walks the
  agreement test reads, answered in process by ``RecordedAgent`` (discovery's own logic; seconds).
- ``wire``: the walks of ``<corpus>/snmp`` and ``<corpus>/snmp-more`` served by snmpsim and asked through the SNMP
  client (the packed codec, GETBULK walks, tooBig splits): discovery as it runs on a network.

Each walk's observation (everything but when it was made and the address that answered) becomes one line of
canonical JSON: ``<walk>\\t<json>``. ``--compare A B`` prints how many walks differ and names those of development
families (a held-out family's walk is counted, never named: ``tests/snmp_agreement.py::held_out``).

Run: ``python bench/snmp_outputs.py [--wire] --out FILE`` then ``python bench/snmp_outputs.py --compare OLD NEW``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import enum
import json
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govops.catalog.vendors import default_vendors  # noqa: E402
from govops.discovery.observation import Observation  # noqa: E402
from govops.discovery.snmp import (  # noqa: E402
    ENTERPRISE_HEADS,
    DiscoveryOptions,
    discover_many,
    discover_target,
    subtrees_read,
)
from govops.discovery.snmp_targets import DiscoveryTarget  # noqa: E402
from govops.lab.recordings import snmpsim_data_dir  # noqa: E402
from govops.platforms.snmp import default_platforms  # noqa: E402
from govops.snmp import SnmpCredentials  # noqa: E402
from govops.snmp.client import close_client  # noqa: E402
from govops.snmp.recorded import RecordedAgent  # noqa: E402
from tests.conftest import corpus_root  # noqa: E402
from tests.snmp_agreement import held_out, split_family  # noqa: E402

MAX_COMPRESSED_WALK = 600_000  # as the agreement test: larger snmpsim-data walks are left out


def walks(*, with_snmpsim_data: bool) -> dict[str, tuple[Path, Path | None]]:
    """Walk name -> (recording, LibreNMS expected.json or None), as the agreement test lists them."""
    out: dict[str, tuple[Path, Path | None]] = {}
    corpus = corpus_root()
    for folder in ("snmp", "snmp-more"):
        for path in sorted((corpus / folder).glob("*.snmprec")):
            stem = path.name.removesuffix(".snmprec")
            expected = path.with_name(stem + ".expected.json")
            out[f"{folder}/{stem}"] = (path, expected if expected.is_file() else None)
    data = snmpsim_data_dir() if with_snmpsim_data else None
    if data is not None:
        for path in sorted(data.rglob("*.snmprec*")):
            if path.stat().st_size <= MAX_COMPRESSED_WALK:
                out["snmpsim-data/" + str(path.relative_to(data)).split(".snmprec")[0]] = (path, None)
    return out


def plain(value: Any) -> Any:
    """A value as canonical JSON can hold it (dataclasses as dicts, sets sorted, bytes as hex)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def line(obs: Observation) -> str:
    """The observation as one line of canonical JSON, without what differs between two runs of the same code."""
    d = plain(obs)
    for key in ("observed_at", "target", "mgmt_ip"):
        d.pop(key, None)
    # A failure's message names the address asked (snmpsim's port differs per run).
    return json.dumps(d, sort_keys=True, ensure_ascii=True).replace(obs.target, "<target>")


def recorded(names: dict[str, tuple[Path, Path | None]]) -> dict[str, str]:
    platforms, vendors = default_platforms(), default_vendors()
    prefixes = subtrees_read(platforms)
    options = DiscoveryOptions(v1_fallback=False)
    creds = SnmpCredentials.v2c("public")

    async def run() -> dict[str, str]:
        out = {}
        for name, (walk, _expected) in names.items():
            agent = RecordedAgent.from_file(walk, prefixes=prefixes, skipped=[], arc_heads=ENTERPRISE_HEADS)
            out[name] = line(await discover_target(agent, DiscoveryTarget(name, 161, creds), options, platforms,
                                                   vendors))
        return out

    return asyncio.run(run())


def wire(names: dict[str, tuple[Path, Path | None]]) -> dict[str, str]:
    from govops.lab.snmpsim import start_snmpsim

    communities = {f"w{i:04d}": walk for i, (walk, _expected) in enumerate(names.values())}
    work = Path(tempfile.mkdtemp(prefix="govops-snmp-outputs-"))
    server = start_snmpsim(communities, work, ready_timeout=900)
    try:
        targets = [DiscoveryTarget(server.host, server.port, SnmpCredentials.v2c(c)) for c in communities]
        options = DiscoveryOptions(timeout=10, retries=1, concurrency=8, v1_fallback=False)

        async def run() -> list[Observation]:
            try:
                return await discover_many(targets, options)
            finally:
                close_client()

        observations = asyncio.run(run())
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return {name: line(obs) for name, obs in zip(names, observations, strict=True)}


def compare(old: Path, new: Path) -> int:
    def read(path: Path) -> dict[str, str]:
        return dict(row.split("\t", 1) for row in path.read_text().splitlines())

    a, b = read(old), read(new)
    names = walks(with_snmpsim_data=True)
    differ = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
    hidden = [n for n in differ if n in names and held_out(split_family(n, names[n][1]))]
    shown = [n for n in differ if n not in hidden]
    print(f"{len(a)} and {len(b)} walks; {len(differ)} differ ({len(hidden)} of held-out families, not named)")
    for n in shown:
        print(f"  {n}")
    return 1 if differ else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wire", action="store_true", help="through snmpsim and the SNMP client")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    args = ap.parse_args()
    if args.compare:
        raise SystemExit(compare(*args.compare))
    if args.out is None:
        raise SystemExit("--out FILE or --compare OLD NEW")
    names = walks(with_snmpsim_data=not args.wire)
    got = wire(names) if args.wire else recorded(names)
    args.out.write_text("".join(f"{name}\t{text}\n" for name, text in got.items()))
    answered = sum(1 for text in got.values() if json.loads(text)["ok"])
    print(f"{len(got)} walks, {answered} answered: {args.out}")


if __name__ == "__main__":
    main()
