"""asyncssh for the lab's SSH parts, imported without cryptography's DSA deprecation warnings.

asyncssh 2.24 names cryptography's DSA key types when it is imported, and cryptography 51 warns on each
name: ten lines of ``CryptographyDeprecationWarning`` on stderr before ``govops lab up`` or ``govops demo``
printed anything. The lab serves no DSA key; the filter holds for this import only.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="DSA is deprecated")
    import asyncssh

__all__ = ["asyncssh"]
