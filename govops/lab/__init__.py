"""Simulated equipment on loopback for the demo, tests and training."""
