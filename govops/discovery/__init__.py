"""Discovery (SNMP, SSH, Ansible) and reconciliation of observations into the store."""
