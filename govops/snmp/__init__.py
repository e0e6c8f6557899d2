"""The SNMP client shared by discovery and agents: one pysnmp engine per process."""
