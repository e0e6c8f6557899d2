"""Live figures from Prometheus's HTTP API (instant queries), with plain urllib.

Reports never fail because Prometheus is down: ``query`` raises ``LiveUnavailable``
and the report says which live figures are missing, then renders declared values.
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from govops.errors import GovopsError

DEFAULT_TIMEOUT_S = 3.0


class LiveUnavailable(GovopsError):
    """Prometheus could not answer a query (down, refused, timed out, or an error answer)."""


@dataclass(frozen=True)
class Sample:
    """One element of an instant vector."""

    labels: dict[str, str]
    value: float


def query(base_url: str, promql: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> list[Sample]:
    """Run an instant query and return its samples.

    Raises:
        LiveUnavailable: With the reason, when Prometheus cannot be reached or refuses the query.
    """
    url = base_url.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    if not url.startswith(("http://", "https://")):
        raise LiveUnavailable(f"prometheus_url {base_url!r} is not an http(s) URL")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (scheme checked above)
            body = json.load(resp)
    except urllib.error.HTTPError as exc:
        raise LiveUnavailable(f"HTTP {exc.code} for query {promql!r}") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise LiveUnavailable(f"{reason}") from exc
    except ValueError as exc:
        raise LiveUnavailable(f"answer to {promql!r} is not JSON") from exc
    if not isinstance(body, dict) or body.get("status") != "success":
        raise LiveUnavailable(f"query {promql!r} failed: {body.get('error') if isinstance(body, dict) else body}")
    data = body.get("data", {})
    if data.get("resultType") != "vector":
        raise LiveUnavailable(f"query {promql!r} returned {data.get('resultType')}, expected an instant vector")
    out = []
    for item in data.get("result", []):
        try:
            value = float(item["value"][1])
        except (KeyError, IndexError, TypeError, ValueError):
            continue
        if math.isnan(value):  # no usable figure
            continue
        out.append(Sample(dict(item.get("metric", {})), value))
    return out
