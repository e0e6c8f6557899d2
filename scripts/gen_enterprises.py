#!/usr/bin/env python3
"""Generate govops/catalog/data/enterprises.tsv from the IANA Private Enterprise Numbers registry.

Source: Debian's libwireshark-data ships IANA's registry as /usr/share/wireshark/enterprises.tsv
(installed by scripts/install-system-deps.sh). The generated copy keeps ``number<TAB>name``,
names with their contact URLs dropped, and a header naming the source and its date, so govops
works on a machine without Wireshark. It is kept uncompressed: a lookup searches its bytes for
one line, so nothing is unpacked or built before a command can name a vendor.
``tests/unit/catalog/test_enterprises.py`` fails when the copy is stale against the installed
registry. Run: ``python3 scripts/gen_enterprises.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SOURCE = Path("/usr/share/wireshark/enterprises.tsv")
TARGET = Path(__file__).resolve().parents[1] / "govops" / "catalog" / "data" / "enterprises.tsv"
_URL = re.compile(r"\s*\((?:https?://|www\.)[^)]*\)\s*$")


def generate(source: Path) -> str:
    """Return the compact table's text from the registry file."""
    updated = "unknown"
    rows = []
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("#"):
            m = re.search(r"last updated (\d{4}-\d{2}-\d{2})", line)
            updated = m.group(1) if m else updated
            continue
        number, _, rest = line.partition("\t")
        name = _URL.sub("", rest.partition("\t")[0].strip())  # a third column is a "# formerly ..." remark
        if number.strip().isdigit() and name:
            rows.append(f"{int(number)}\t{name}")
    head = f"# IANA Private Enterprise Numbers, registry of {updated}, from {source} (libwireshark-data)\n"
    return head + "\n".join(rows) + "\n"


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: run scripts/install-system-deps.sh", file=sys.stderr)
        return 2
    TARGET.write_bytes(generate(SOURCE).encode("utf-8"))
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
