"""Live figures from a real Prometheus server, and reports that still render when it is unreachable."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from govops.lab.process import free_tcp_port
from tests.prometheus import PrometheusFactory, static_job
from tests.unit.reports.city import AS_OF
from tests.unit.reports.conftest import make_city_cli

pytestmark = pytest.mark.integration
# The labels the bandwidth agent puts on govops_link_* (govops/collectors/if_counters.py _LINK_LABELS).
LABELS = 'target="core-rt-01",interface="GE0/0/1",link="L3",carrier="",role="primary",level="county",site=""'
RX_BYTES_PER_S = 125_000_000  # 1 Gbit/s on L3, a 10 Gbit/s link: 10% utilisation


class Metrics(BaseHTTPRequestHandler):
    """Serves what the power and bandwidth agents export, with counters moving at a known rate."""

    def do_GET(self) -> None:
        now = time.time()
        body = (
            "# TYPE govops_room_pue gauge\n"
            'govops_room_pue{room="R1",category="1"} 1.62\n'
            'govops_room_pue{room="R1",category="2"} 1.55\n'
            'govops_room_pue{room="R4",category="3"} 1.21\n'
            "# TYPE govops_link_receive_bytes_total counter\n"
            f"govops_link_receive_bytes_total{{{LABELS}}} {now * RX_BYTES_PER_S:.0f}\n"
            "# TYPE govops_link_transmit_bytes_total counter\n"
            f"govops_link_transmit_bytes_total{{{LABELS}}} {now * 1000:.0f}\n"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def live(prometheus: PrometheusFactory) -> Iterator[str]:
    """Prometheus scraping the fake agents every second, once it has 3 scrapes (so rate() has data)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Metrics)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        prom = prometheus([static_job("agents", [f"127.0.0.1:{server.server_address[1]}"])])
        prom.wait_for("count_over_time(govops_link_receive_bytes_total[30s])", timeout=60,
                      until=lambda r: bool(r) and float(r[0]["value"][1]) >= 3)
        yield prom.url
    finally:
        server.shutdown()


def city_with_config(root: Path, config: str):
    cli = make_city_cli(root / "home")
    (cli.home / "config.toml").write_text(config, encoding="utf-8")
    return cli


def test_live_pue_and_utilisation(live: str, tmp_path: Path) -> None:
    cli = city_with_config(tmp_path, f'prometheus_url = "{live}"\n[reports]\nlink_utilisation_window = "4s"\n')
    res = cli("report", "rooms", "--format", "json", "--as-of", AS_OF, "--lang", "en")
    assert res.exit_code == 0, res.stderr
    body = res.json()
    rooms = {r["code"]: r for r in next(s for s in body["sections"] if s["key"] == "list")["tables"][0]["rows"]}
    # R1: measured category 2 (PDU output) wins over category 1; R2 keeps its declared value.
    assert (rooms["R1"]["pue"], rooms["R1"]["category"], rooms["R1"]["pue_source"]) == (
        1.55,
        "2",
        "measured (Prometheus)",
    )
    assert (rooms["R4"]["pue"], rooms["R4"]["category"]) == (1.21, "3")
    assert (rooms["R2"]["pue"], rooms["R2"]["pue_source"]) == (1.8, "declared")
    assert body["figures"]["pue_live"] is True
    assert body["figures"]["pue_average"] == pytest.approx((1.55 + 1.8 + 1.21) / 3, abs=1e-3)
    # rate() over a short window wobbles when a loaded machine delays a scrape: allow a few tries before failing.
    deadline = time.monotonic() + 15
    while True:
        links = cli("report", "links", "--format", "json", "--as-of", AS_OF, "--lang", "en").json()
        rows = {r["name"]: r for r in next(s for s in links["sections"] if s["key"] == "list")["tables"][0]["rows"]}
        if rows["L3"]["utilisation"] == pytest.approx(0.10, rel=0.05) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert rows["L3"]["utilisation"] == pytest.approx(0.10, rel=0.05)
    assert rows["L4"]["utilisation"] is None
    assert "Live figures come from Prometheus" in " ".join(links["notes"])


@pytest.mark.parametrize("kind", ["rooms", "links"])
def test_unreachable_prometheus_still_renders(tmp_path: Path, kind: str) -> None:
    port = free_tcp_port()  # nothing listens there any more: connection refused
    cli = city_with_config(tmp_path, f'prometheus_url = "http://127.0.0.1:{port}"\n')
    res = cli("report", kind, "--format", "json", "--as-of", AS_OF, "--lang", "en")
    assert res.exit_code == 0, res.stderr
    notes = " ".join(res.json()["notes"])
    assert f"Prometheus (http://127.0.0.1:{port}) is unreachable, live figures are missing" in notes
    html = cli("report", kind, "--format", "html", "--as-of", AS_OF, "--lang", "zh")
    assert html.exit_code == 0 and "实时数据缺失" in html.stdout
    if kind == "rooms":
        assert res.json()["figures"]["pue_average"] == pytest.approx((2.4 + 1.8 + 1.25) / 3, abs=1e-3)


def test_silent_prometheus_times_out_and_still_renders(tmp_path: Path) -> None:
    """A Prometheus that accepts the connection and never answers must not hang the report."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        cli = city_with_config(tmp_path, f'prometheus_url = "http://127.0.0.1:{port}"\n')
        start = time.monotonic()
        res = cli("report", "rooms", "--format", "json", "--as-of", AS_OF, "--lang", "en")
        assert time.monotonic() - start < 15
    assert res.exit_code == 0, res.stderr
    assert "live figures are missing" in " ".join(res.json()["notes"])
    assert "timed out" in " ".join(res.json()["notes"])
