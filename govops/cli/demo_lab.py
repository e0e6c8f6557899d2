"""The demo's lab step: start the simulated equipment, discover it over SNMP, show the verdicts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govops.cli.output import print_table
from govops.discovery.reconcile import reconcile
from govops.discovery.snmp import DiscoveryOptions, run_discovery
from govops.discovery.store_targets import store_targets
from govops.lab.registry import build_registry
from govops.lab.runner import Lab

if TYPE_CHECKING:
    from govops.cli.demo import DemoContext

VERDICT_ZH = {"domestic": "国产 domestic", "foreign": "非国产 foreign", "unknown": "未知 unknown"}


def lab_and_discover(ctx: DemoContext) -> None:
    """Start the lab (no-op if running), discover its devices into the demo store, show them."""
    if ctx.engine is None:
        raise RuntimeError("the demo store must be created before the lab step")
    lab = Lab(ctx.home.parent, build_registry())
    up = lab.up(ctx.engine)
    started, running = ", ".join(up.started) or "nothing", ", ".join(up.already_running) or "-"
    ctx.say(f"  lab: started {started}; already running {running}")
    lab_devices = {d.name for _status, devices in lab.status() for d in devices}
    targets, _problems = store_targets(ctx.engine, names=lab_devices)
    observations = run_discovery(targets, DiscoveryOptions(timeout=5.0, retries=1, concurrency=16))
    saved = reconcile(ctx.engine, observations)
    rows: list[dict[str, Any]] = []
    for obs in observations:
        d = obs.device
        verdict = obs.classification.verdict if obs.classification else "unknown"
        evidence = obs.classification.evidence[0].rule if obs.classification and obs.classification.evidence else ""
        rows.append(
            {
                "device": obs.store_name,
                "kind": d.get("kind"),
                "vendor": d.get("vendor") or (obs.error or "").split("\n")[0][:40],
                "model": d.get("model"),
                "os": " ".join(x for x in (d.get("os"), d.get("os_version")) if x) or None,
                "domestic": VERDICT_ZH[verdict] if obs.ok else "-",
                "evidence": evidence,
            }
        )
    ctx.results["lab"] = {"devices": rows, "saved": saved.to_json()}
    if not ctx.quiet:
        print_table(
            rows,
            ["device", "kind", "vendor", "model", "os", "domestic", "evidence"],
            title="实验环境设备发现 / lab devices discovered over SNMP",
            headers={"device": "设备 device", "vendor": "厂商 vendor", "model": "型号 model", "domestic": "国产化"},
        )
        ctx.say("  the lab keeps running: `govops lab status`, stop it with `govops lab down`")
