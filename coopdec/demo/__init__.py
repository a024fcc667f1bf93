"""Demonstration data from public sources and the synthetic-data generator."""
