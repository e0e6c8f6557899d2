"""The shape of an OS release figure, for a platform whose release both surfaces find in text by one regex: its CLI
facts' ``stated`` patterns and its SNMP rows' ``platform_release`` rules read by the same one.

Plain constants, no imports: the SNMP catalogue's load reads them without importing the CLI platforms' records.
"""

from __future__ import annotations

# A Junos release has a letter after its major.minor ('15.1R7.9', '14.1X53-D46.7', '21.1X3.3', '19.4R3-S1.3',
# '21.4R3-S5.4-EVO'); a build stamp ('20220825.064945_builder_junos_211_x3') has none.
JUNOS = r"\d+\.\d+[A-Z][\w.-]*"

# Platform (as the SNMP rows name it) -> the regex of its release figure.
BY_PLATFORM = {"juniper_junos": JUNOS}
