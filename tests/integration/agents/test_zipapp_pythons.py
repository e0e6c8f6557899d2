"""The host-agent zipapp runs and is scraped under every real Python from 3.6 to 3.13.

The interpreters are tests.pythons' (pyenv's, or ``GOVOPS_PYTHONS``). Outside CI a
missing one is skipped with the reason; in CI it fails.
Each run serves TLS with the shipped web config format, every collector, a textfile,
and answers a scrape with the node_exporter-named series and gzip when asked.
"""

from __future__ import annotations

import gzip
import json
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.agenttools import AgentProcess, Tls, parse_samples, write_web_config
from tests.conftest import missing_part
from tests.integration.agents.conftest import GOOD_PROM
from tests.pythons import MINORS, interpreter
from tests.unit.collectors.test_hostclass import corpus_texts, expected_labels


def get(url: str, ca: Path, gz: bool = False) -> tuple[str, str]:
    req = urllib.request.Request(url)
    if gz:
        req.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(req, timeout=10, context=ssl.create_default_context(cafile=str(ca))) as resp:
        body = resp.read()
        encoding = resp.headers.get("Content-Encoding", "")
    return (gzip.decompress(body) if encoding == "gzip" else body).decode(), encoding


@pytest.mark.parametrize("minor", MINORS, ids=lambda m: f"py3{m}")
def test_zipapp_serves_on_real_python(minor: int, host_zipapp: Path, agent_tls: Tls, tmp_path: Path) -> None:
    python = interpreter(minor)
    if python is None:
        missing_part(f"no Python 3.{minor} here (install it with pyenv, or list it in GOVOPS_PYTHONS)")
    textfiles = tmp_path / "textfile"
    textfiles.mkdir()
    (textfiles / "backup.prom").write_text(GOOD_PROM)
    web = write_web_config(tmp_path / "web.yml", agent_tls, users=False)
    cfg = tmp_path / "host.yml"
    cfg.write_text(
        "listen: '127.0.0.1:0'\n"
        f"web_config_file: {web}\n"
        "defaults: {interval_seconds: 1, timeout_seconds: 1}\n"
        "collectors:\n"
        "  cpu: {}\n  memory: {}\n  filesystem: {}\n  disk: {}\n  network: {}\n  load: {}\n  uptime: {}\n"
        "  hostinfo: {}\n"
        f"  textfile: {{directory: '{textfiles}'}}\n"
    )
    proc = AgentProcess(["-I", str(host_zipapp), "--config", str(cfg)], python=str(python))
    try:
        url = f"https://127.0.0.1:{proc.port}/metrics"
        text, _ = get(url, agent_tls.ca)
        for _ in range(50):
            if "node_load1 " in text and "govops_host_info{" in text:
                break
            time.sleep(0.1)
            text, _ = get(url, agent_tls.ca)
        samples = parse_samples(text)
        assert f'python="3.{minor}.' in text, text[:400]
        assert samples["node_load1"] >= 0 and samples["node_memory_MemTotal_bytes"] > 0
        assert any(k.startswith('node_cpu_seconds_total{cpu="0",mode="idle"}') for k in samples)
        assert any(k.startswith("govops_host_info{") for k in samples)
        assert samples['backup_runs_total{job="oa-db"}'] == 12
        assert samples["process_resident_memory_bytes"] > 0
        zipped, encoding = get(url, agent_tls.ca, gz=True)
        assert encoding == "gzip" and "node_load1 " in zipped
    finally:
        assert proc.stop() == 0, proc.log()
    assert "Traceback" not in proc.log(), proc.log()


CLASSIFY = """
import json, sys
sys.path.insert(0, sys.argv[1])
if sys.version_info < (3, 7):
    sys.path.append(sys.argv[1] + "/py36")
from govops.collectors.hostclass import classify_host
pairs = json.load(sys.stdin)
out = [list((h.cpu_vendor, h.domestic_cpu, h.os_id, h.domestic_os)) for h in (classify_host(c, o) for c, o in pairs)]
print(json.dumps(out))
"""


@pytest.mark.parametrize("minor", MINORS, ids=lambda m: f"py3{m}")
def test_zipapp_classifies_like_the_inventory(minor: int, host_zipapp: Path, corpus: Path) -> None:
    """The classifier module the zipapp ships, under the real 3.<minor>, gives the inventory's verdicts."""
    python = interpreter(minor)
    if python is None:
        missing_part(f"no Python 3.{minor} here (install it with pyenv, or list it in GOVOPS_PYTHONS)")
    pairs = corpus_texts(corpus)
    res = subprocess.run([str(python), "-I", "-c", CLASSIFY, str(host_zipapp)], input=json.dumps(pairs),
                         capture_output=True, text=True, check=False, timeout=120)
    assert res.returncode == 0, res.stderr
    got = [tuple(x) for x in json.loads(res.stdout)]
    assert got == [expected_labels(c, o) for c, o in pairs]


YAML_INTS = """
import json, sys
sys.path.insert(0, sys.argv[1])
if sys.version_info < (3, 7):
    sys.path.append(sys.argv[1] + "/py36")
from govops.errors import InputError
from govops.util.miniyaml import load
out = []
for text in json.load(sys.stdin):
    try:
        out.append(repr(load(text, "t.yml")))
    except InputError as exc:
        out.append(str(exc))
print(json.dumps(out))
"""


@pytest.mark.parametrize("minor", MINORS, ids=lambda m: f"py3{m}")
def test_zipapp_yaml_refuses_an_integer_beyond_64_bits(minor: int, host_zipapp: Path) -> None:
    """Python 3.11+ limits decimal conversion, older ones do not: every real 3.<minor> refuses at the place."""
    python = interpreter(minor)
    if python is None:
        missing_part(f"no Python 3.{minor} here (install it with pyenv, or list it in GOVOPS_PYTHONS)")
    texts = ["n: " + "1" * 5000 + "\n", "n: [0x" + "f" * 5000 + "]\n", "n: 9223372036854775807\n"]
    res = subprocess.run([str(python), "-I", "-c", YAML_INTS, str(host_zipapp)], input=json.dumps(texts),
                         capture_output=True, text=True, check=False, timeout=60)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == ["t.yml:1:4: invalid YAML: an integer beyond 64 bits",
                                      "t.yml:1:5: invalid YAML: an integer beyond 64 bits",
                                      "{'n': 9223372036854775807}"]
