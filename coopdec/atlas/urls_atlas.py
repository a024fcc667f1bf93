"""Atlas pages under /atlas/ (namespace "atlas"): search, map, statistics, sheets, open data."""

from django.urls import path  # noqa: F401 — routes are added by each atlas view module

app_name = "atlas"

urlpatterns: list = []
