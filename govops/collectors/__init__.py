"""Metric collectors used by the agents: poll in the background, expose snapshots."""
