"""Why a poll of one device failed: one vocabulary for every agent's exposition and discovery's report."""

from __future__ import annotations

from typing import Literal

from govops.errors import AuthenticationFailed, DeviceError, DeviceUnreachable, GovopsError

# Why a poll of one device failed, as the agents export it (``error`` label) and discovery reports it.
FailureKind = Literal["unreachable", "auth", "device", "timeout", "config", "internal"]


def failure_kind(exc: BaseException) -> FailureKind:
    """The kind of a poll's failure: no answer (or a socket error) is ``unreachable``; a deadline passed while the
    device answered is ``timeout``; an answer that made no reading is ``device``; anything unexpected ``internal``."""
    if isinstance(exc, AuthenticationFailed):
        return "auth"
    if isinstance(exc, DeviceUnreachable):
        return "unreachable"
    if isinstance(exc, TimeoutError):  # before OSError, its base
        return "timeout"
    if isinstance(exc, OSError):
        return "unreachable"
    if isinstance(exc, DeviceError):
        return "device"
    if isinstance(exc, GovopsError):
        return "config"
    return "internal"
