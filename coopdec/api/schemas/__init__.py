"""Pydantic schemas of the API, one module per domain."""
