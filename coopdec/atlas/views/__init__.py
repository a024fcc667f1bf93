"""Public pages."""

from django.core.cache import cache
from django.shortcuts import render

from coopdec.partnerships.models import Partnership
from coopdec.projects.models import Project
from coopdec.territories.models import Authority, Country

# The figures at a glance may be a minute old: counting the 70,000 reference authorities twice was half of the
# home page's server time at national scale (docs/benchmarks.md, load).
HOME_COUNTS_SECONDS = 60


def home_counts() -> dict[str, int]:
    return {
        "authorities": Authority.objects.validated().count(),
        "french_authorities": Authority.objects.validated().french().count(),
        "partnerships": Partnership.objects.public().count(),
        "projects": Project.objects.public().count(),
        "countries": Country.objects.count(),
    }


def home(request):
    """What the platform holds, at a glance."""
    counts = cache.get_or_set("atlas:home-counts", home_counts, HOME_COUNTS_SECONDS)
    return render(request, "atlas/home.html", {"counts": counts})
