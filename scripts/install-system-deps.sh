#!/usr/bin/env bash
# Install the real parts the tests and the demo talk to (Debian bookworm packages).
# Idempotent: does nothing when every package is already present.
set -euo pipefail
PKGS=(
  python3-venv          # the virtual environment is made from /usr/bin/python3 (snmpsim drops privileges)
  openssh-server        # real sshd on loopback for Ansible discovery
  prometheus            # real Prometheus server and promtool
  prometheus-node-exporter    # anchor of the host-agent bench
  prometheus-snmp-exporter    # anchor of the bandwidth-agent bench
  snmp                  # net-snmp tools: snmpbulkwalk anchor of the discovery bench
  ipmitool              # IPMI DCMI power readings where a BMC exists
  chromium              # headless rendering of the HTML report
  fonts-noto-cjk        # Chinese glyphs in rendered reports
  openssl               # test certificates for agent TLS
  postgresql            # real PostgreSQL for the store tests (started on loopback by the fixtures)
  libwireshark-data     # IANA enterprise-number and IEEE OUI registries (/usr/share/wireshark/enterprises.tsv, manuf)
  strace                # the README-flow test records every address the commands reach
  systemd               # systemd-analyze verify checks the agent units the deploy test installs
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts these services on install; the tests and benches start their own.
for svc in prometheus prometheus-node-exporter prometheus-snmp-exporter ssh postgresql; do
  $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || $SUDO service "$svc" stop >/dev/null 2>&1 || true
done
