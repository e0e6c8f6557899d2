"""Per-platform knowledge: Netmiko device type, parser platform, commands, templates."""
