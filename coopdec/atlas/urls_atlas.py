"""Atlas pages under /atlas/ (namespace "atlas"): search, map, statistics, sheets, open data."""

from django.urls import path  # noqa: F401 — routes are added by each atlas view module

app_name = "atlas"

urlpatterns: list = []

# Search (the atlas's front page: /atlas/?q=…).
from .views import search  # noqa: E402

urlpatterns += search.urlpatterns
