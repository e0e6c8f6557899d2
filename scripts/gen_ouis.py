#!/usr/bin/env python3
"""Generate govops/catalog/data/ouis.tsv from the IEEE MA-L (OUI) registry.

Source: Debian's libwireshark-data ships the IEEE registries as /usr/share/wireshark/manuf
(installed by scripts/install-system-deps.sh). The generated copy keeps the MA-L (24-bit OUI)
assignments as ``OUI<TAB>organisation`` lines (six upper-case hex digits, sorted), with a header
naming the source, so govops works on a machine without Wireshark. Left out: the longer MA-M and
MA-S prefixes (/28, /36) and the 24-bit blocks the IEEE itself holds to subdivide them ('IEEE
Registration Authority'): at 24 bits those name nobody. Kept uncompressed, like the enterprise
registry: a lookup searches its bytes for one line. ``tests/unit/catalog/test_ouis.py`` fails when
the copy is stale against the installed registry. Run: ``python3 scripts/gen_ouis.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SOURCE = Path("/usr/share/wireshark/manuf")
TARGET = Path(__file__).resolve().parents[1] / "govops" / "catalog" / "data" / "ouis.tsv"
_OUI = re.compile(r"\A([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2})\Z")
SUBDIVIDED = "IEEE Registration Authority"


def generate(source: Path) -> str:
    """Return the compact table's text from the registry file."""
    rows: dict[str, str] = {}
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        m = _OUI.match(fields[0].strip())
        if m is None or len(fields) < 2:
            continue
        name = " ".join((fields[2] if len(fields) > 2 and fields[2].strip() else fields[1]).split())
        if name and name != SUBDIVIDED:
            rows["".join(m.groups()).upper()] = name
    head = f"# IEEE MA-L (OUI) assignments, from {source} (libwireshark-data)\n"
    return head + "".join(f"{oui}\t{name}\n" for oui, name in sorted(rows.items()))


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: run scripts/install-system-deps.sh", file=sys.stderr)
        return 2
    TARGET.write_bytes(generate(SOURCE).encode("utf-8"))
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
