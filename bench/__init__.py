"""Benchmark scripts; each runs as `.venv/bin/python -m bench.<name>` and prints its figures."""
