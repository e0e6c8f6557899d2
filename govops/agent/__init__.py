"""Agent runtime: config, scheduling, HTTP exposition (TLS, basic auth)."""
