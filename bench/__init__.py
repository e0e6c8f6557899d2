"""Benchmarks, run as scripts (`make bench-*`); a package so that each module has one name."""
