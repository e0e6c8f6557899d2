"""The demo's lab step: the city's simulated equipment on loopback, discovered over SNMP into the demo store."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from govops.cli.output import print_table
from govops.discovery.reconcile import reconcile
from govops.discovery.snmp import DiscoveryOptions, run_discovery
from govops.discovery.store_targets import store_targets
from govops.lab.registry import build_registry
from govops.lab.runner import Lab
from govops.vocab import labelled

if TYPE_CHECKING:
    from govops.cli.demo import DemoContext


def lab_and_discover(ctx: DemoContext) -> None:
    """Start the lab (no-op if running) on the city's addresses, discover every SNMP device, save, show them."""
    if ctx.engine is None:
        raise RuntimeError("the demo store must be created before the lab step")
    lab = Lab(ctx.home.parent, build_registry())
    up = lab.up(ctx.engine)
    started, running = ", ".join(up.started) or "nothing", ", ".join(up.already_running) or "-"
    ctx.say(f"  lab: started {started}; already running {running}; "
            f"{up.devices_updated + up.devices_unchanged} city devices given their lab access, "
            f"{up.links_probed} links' probes pointed at its far ends")  # fmt: skip
    targets, _problems = store_targets(ctx.engine)
    observations = run_discovery(targets, DiscoveryOptions(timeout=5.0, retries=1, concurrency=32))
    saved = reconcile(ctx.engine, observations)
    by: Counter[tuple[str, str, str]] = Counter()
    for obs in observations:
        d = obs.device
        verdict = obs.classification.verdict if obs.classification else "unknown"
        shown_verdict = labelled("verdict", verdict) if obs.ok else "-"
        by[(str(d.get("kind") or "?"), str(d.get("vendor") or "?"), shown_verdict)] += 1
    rows: list[dict[str, Any]] = [
        {"kind": k, "vendor": v, "domestic": verdict, "n": n} for (k, v, verdict), n in sorted(by.items())
    ]
    ok = sum(1 for o in observations if o.ok)
    ctx.results["snmp"] = {"targets": len(observations), "found": ok, "saved": saved.to_json(), "by": rows}
    ctx.say(f"  discover snmp: {ok} of {len(observations)} found; {len(saved.updated)} changed, "
            f"{len(saved.unchanged)} unchanged, {len(saved.unreachable)} unreachable")  # fmt: skip
    if not ctx.quiet:
        # `n` stays the --json key; the table's column is a count, as every table calls one.
        shown = [{**r, "kind": labelled("device_kind", r["kind"]), "count": r["n"]} for r in rows]
        print_table(shown, ["kind", "vendor", "domestic", "count"], title="SNMP 发现 found over SNMP")
