"""The atlas map: a page, and the JSON it draws from (countries, authorities, one authority's links)."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import path

from coopdec.territories.models import Authority

from .. import aggregates
from ..filters import filtered


def map_page(request):
    """Countries coloured by partnerships or amount, authorities as clustered markers; follows the filters."""
    selection = filtered(request)
    return render(request, "atlas/map.html", {"selection": selection, "tile_server": settings.TILE_SERVER})


def countries_json(request):
    selection = filtered(request)
    countries = aggregates.cached("map-countries", selection, lambda: aggregates.map_countries(selection))
    return JsonResponse({"countries": countries})


def authorities_json(request):
    try:
        limit = min(max(int(request.GET.get("limit", aggregates.MARKER_LIMIT)), 1), aggregates.MARKER_LIMIT)
    except ValueError:
        limit = aggregates.MARKER_LIMIT
    selection = filtered(request)
    markers, total = aggregates.cached(
        "map-authorities", selection, lambda: aggregates.map_authorities(selection, limit=limit), limit
    )
    return JsonResponse(
        {
            "fields": ["code", "name", "lat", "lon", "french", "partnerships", "projects"],
            "authorities": markers,
            "total": total,
            "truncated": total > len(markers),
        }
    )


def links_json(request):
    """The partners of ``?authority=CODE`` in the filtered public partnerships, to draw lines to them."""
    authority = Authority.objects.validated().filter(code=request.GET.get("authority", "")).first()
    if authority is None:
        raise Http404("No such authority.")
    return JsonResponse(
        {
            "authority": {
                "code": authority.code,
                "name": authority.name,
                "lat": authority.latitude,
                "lon": authority.longitude,
            },
            "partners": aggregates.map_links(filtered(request), authority),
        }
    )


urlpatterns = [
    path("map/", map_page, name="map"),
    path("map/countries.json", countries_json, name="map-countries"),
    path("map/authorities.json", authorities_json, name="map-authorities"),
    path("map/links.json", links_json, name="map-links"),
]
