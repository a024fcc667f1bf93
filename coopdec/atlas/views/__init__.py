"""Public pages."""

from django.shortcuts import render

from coopdec.partnerships.models import Partnership
from coopdec.projects.models import Project
from coopdec.territories.models import Authority, Country


def home(request):
    """What the platform holds, at a glance."""
    counts = {
        "authorities": Authority.objects.validated().count(),
        "french_authorities": Authority.objects.validated().french().count(),
        "partnerships": Partnership.objects.public().count(),
        "projects": Project.objects.public().count(),
        "countries": Country.objects.count(),
    }
    return render(request, "atlas/home.html", {"counts": counts})
