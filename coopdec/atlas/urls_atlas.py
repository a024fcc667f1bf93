"""Atlas pages under /atlas/ (namespace "atlas"): search, map, statistics, sheets, open data."""

from django.urls import path  # noqa: F401 — routes are added by each atlas view module

app_name = "atlas"

urlpatterns: list = []

# Map, statistics, sheets and open data (each view module lists its own routes).
from .views import map as atlas_map  # noqa: E402
from .views import opendata, sheets, stats  # noqa: E402

urlpatterns += atlas_map.urlpatterns + stats.urlpatterns + sheets.urlpatterns + opendata.urlpatterns

# The public state of decentralised cooperation for a year (page, PDF, lines as CSV).
from .views import state  # noqa: E402

urlpatterns += state.urlpatterns

# Search (the atlas's front page: /atlas/?q=…).
from .views import search  # noqa: E402

urlpatterns += search.urlpatterns
