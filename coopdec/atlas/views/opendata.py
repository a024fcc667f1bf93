"""Open data: the filtered public projects and partnerships as CSV, XLSX, GeoJSON and IATI, and the dataset page.

The files carry labels for people and, in their own columns, the codes for programs (authority codes,
ISO country codes, theme codes, IATI status codes). Licence: Licence Ouverte 2.0 (Etalab).
"""

import json
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopdec.interop.iati.downloads import activities_download
from coopdec.lib.listing import Column, attribute
from coopdec.lib.money import NoEuroRate, to_euros
from coopdec.lib.tabular import csv_stream_response, export_response
from coopdec.partnerships.models import Party
from coopdec.projects.models import Participant, Place
from coopdec.themes.models import Theme

from ..filters import filtered
from ..slugs import slug_of

LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# The API's /api/projects understands these of the atlas filters (the others are ignored there).
API_FILTERS = ("country", "theme", "authority", "status", "kind")


def _sheet_url(name: str):
    def read(item) -> str:
        return reverse(f"atlas:{name}-slug", kwargs={"pk": item.pk, "slug": slug_of(item)})

    return read


# The exports prefetch into plain lists (``to_attr``): a column reading ``project.themes.all()`` would build a
# manager and a queryset per cell, which cost more than the rows themselves (about a third of a 20,000-row file).


def _places(project) -> list:
    return project.listed_places


def _place_countries(project) -> list:
    codes = []
    for place in _places(project):
        country = place.country or (place.authority.country if place.authority else None)
        if country and country not in codes:
            codes.append(country)
    return codes


def _partners(project) -> list:
    return [
        p.authority for p in project.listed_participants if p.authority and p.authority_id != project.lead_authority_id
    ]


def budget_in_euros(project):
    if project.budget is None:
        return None
    try:
        return to_euros(project.budget, project.currency, project.planned_start or timezone.localdate())
    except NoEuroRate:
        return None


PROJECT_COLUMNS = [
    Column("id", _("Id"), attribute("pk")),
    Column("url", _("Sheet (path on this site)"), _sheet_url("project")),
    Column("title", _("Title"), attribute("title")),
    Column("language", _("Language of the title (code)"), lambda p: p.language),
    Column("kind", _("Kind"), attribute("kind")),
    Column("kind_code", _("Kind (code)"), lambda p: p.kind),
    Column("status", _("Status"), attribute("status")),
    Column("status_code", _("Status (IATI code)"), lambda p: p.status),
    Column("lead_authority", _("Lead authority"), attribute("lead_authority.name")),
    Column("lead_authority_code", _("Lead authority (code)"), attribute("lead_authority.code")),
    Column("partners", _("Partner authorities"), lambda p: [a.name for a in _partners(p)]),
    Column("partner_codes", _("Partner authorities (codes)"), lambda p: [a.code for a in _partners(p)]),
    Column("countries", _("Countries"), lambda p: [c.name for c in _place_countries(p)]),
    Column("country_codes", _("Countries (ISO 3166-1 codes)"), lambda p: [c.code for c in _place_countries(p)]),
    Column("themes", _("Themes"), lambda p: [t.label for t in p.listed_themes]),
    Column("theme_codes", _("Themes (codes)"), lambda p: [t.code for t in p.listed_themes]),
    Column("planned_start", _("Planned start"), attribute("planned_start")),
    Column("planned_end", _("Planned end"), attribute("planned_end")),
    Column("budget", _("Budget"), attribute("budget")),
    Column("currency", _("Currency (ISO 4217)"), attribute("currency")),
    Column("budget_eur", _("Budget in euros"), budget_in_euros),
    Column("partnership_id", _("Partnership id"), attribute("partnership_id")),
    Column("iati_identifier", _("IATI identifier"), attribute("iati_identifier")),
]


def _party_authorities(partnership, french: bool) -> list:
    return [p.authority for p in partnership.listed_parties if p.authority and p.authority.is_french == french]


def _party_countries(partnership) -> list:
    codes = []
    for party in partnership.listed_parties:
        country = party.country or (party.authority.country if party.authority else None)
        if country and country.code != "FR" and country not in codes:
            codes.append(country)
    return codes


PARTNERSHIP_COLUMNS = [
    Column("id", _("Id"), attribute("pk")),
    Column("url", _("Sheet (path on this site)"), _sheet_url("partnership")),
    Column("title", _("Title"), attribute("title")),
    Column("language", _("Language of the title (code)"), lambda p: p.language),
    Column("kind", _("Kind"), attribute("kind")),
    Column("kind_code", _("Kind (code)"), lambda p: p.kind),
    Column("status", _("Status"), attribute("status")),
    Column("status_code", _("Status (code)"), lambda p: p.status),
    Column("french_authorities", _("French authorities"), lambda p: [a.name for a in _party_authorities(p, True)]),
    Column(
        "french_authority_codes",
        _("French authorities (codes)"),
        lambda p: [a.code for a in _party_authorities(p, True)],
    ),  # fmt: skip
    Column("foreign_authorities", _("Foreign authorities"), lambda p: [a.name for a in _party_authorities(p, False)]),
    Column(
        "foreign_authority_codes",
        _("Foreign authorities (codes)"),
        lambda p: [a.code for a in _party_authorities(p, False)],
    ),  # fmt: skip
    Column("countries", _("Partner countries"), lambda p: [c.name for c in _party_countries(p)]),
    Column(
        "country_codes", _("Partner countries (ISO 3166-1 codes)"), lambda p: [c.code for c in _party_countries(p)]
    ),  # fmt: skip
    Column("themes", _("Themes"), lambda p: [t.label for t in p.listed_themes]),
    Column("theme_codes", _("Themes (codes)"), lambda p: [t.code for t in p.listed_themes]),
    Column("signed_on", _("Signed on"), attribute("signed_on")),
    Column("starts_on", _("Starts on"), attribute("starts_on")),
    Column("ends_on", _("Ends on"), attribute("ends_on")),
]


def export_projects(selection):
    return (
        selection.projects.select_related("lead_authority")
        .prefetch_related(
            Prefetch(
                "participants",
                Participant.objects.select_related("authority").order_by("pk"),
                to_attr="listed_participants",
            ),
            Prefetch(
                "places",
                Place.objects.select_related("authority__country", "country").order_by("pk"),
                to_attr="listed_places",
            ),
            Prefetch("themes", Theme.objects.all(), to_attr="listed_themes"),
        )
        .order_by("pk")
    )


def export_partnerships(selection):
    return selection.partnerships.prefetch_related(
        Prefetch(
            "parties",
            Party.objects.select_related("authority__country", "country").order_by("pk"),
            to_attr="listed_parties",
        ),
        Prefetch("themes", Theme.objects.all(), to_attr="listed_themes"),
    ).order_by("pk")


def dataset_page(request):
    selection = filtered(request)
    api_query = urlencode(
        {name: selection.params[name][0] for name in API_FILTERS if name in selection.params}, doseq=False
    )
    return render(
        request,
        "atlas/opendata.html",
        {
            "selection": selection,
            "project_columns": PROJECT_COLUMNS,
            "partnership_columns": PARTNERSHIP_COLUMNS,
            "licence_url": LICENCE_URL,
            "api_url": reverse("api:list_projects") + (f"?{api_query}" if api_query else ""),
            "project_count": selection.projects.count(),
            "partnership_count": selection.partnerships.count(),
        },
    )


def _file(objects, columns, filename: str, fmt: str):
    """CSV is streamed (it starts at once, however large); an XLSX file can only be sent once it is complete."""
    if fmt == "csv":
        return csv_stream_response(objects=objects, columns=columns, filename=filename)
    if fmt == "xlsx":
        return export_response(objects=objects, columns=columns, filename=filename, fmt=fmt)
    raise Http404("No such format.")


def projects_file(request, fmt: str):
    return _file(export_projects(filtered(request)), PROJECT_COLUMNS, "coopdec-projects", fmt)


def partnerships_file(request, fmt: str):
    return _file(export_partnerships(filtered(request)), PARTNERSHIP_COLUMNS, "coopdec-partnerships", fmt)


def _point(project) -> tuple[float, float] | None:
    """Where to put a project: its first located place (a point, else the place's authority), else its lead."""
    for place in _places(project):
        if place.latitude is not None and place.longitude is not None:
            return place.longitude, place.latitude
        if place.authority and place.authority.latitude is not None and place.authority.longitude is not None:
            return place.authority.longitude, place.authority.latitude
    lead = project.lead_authority
    if lead.latitude is not None and lead.longitude is not None:
        return lead.longitude, lead.latitude
    return None


def _feature(request, project) -> dict | None:
    point = _point(project)
    if point is None:
        return None
    return {
        "type": "Feature",
        "id": project.pk,
        "geometry": {"type": "Point", "coordinates": list(point)},
        "properties": {
            "title": project.title,
            "language": project.language,
            "kind": project.kind,
            "status": project.status,
            "lead_authority": project.lead_authority.name,
            "lead_authority_code": project.lead_authority.code,
            "country_codes": [c.code for c in _place_countries(project)],
            "theme_codes": [t.code for t in project.listed_themes],
            "budget_eur": None if (euros := budget_in_euros(project)) is None else float(euros),
            "url": request.build_absolute_uri(_sheet_url("project")(project)),
        },
    }


def projects_geojson(request, chunk_rows: int = 500):
    """One point per located project (its first place, else its lead authority), RFC 7946 — streamed like the CSV:
    the projects read by chunks, a piece of the collection sent every ``chunk_rows`` features."""
    projects = export_projects(filtered(request)).iterator(chunk_size=chunk_rows)

    def pieces():
        written, parts = 0, ['{"type": "FeatureCollection", "features": [']
        for project in projects:
            feature = _feature(request, project)
            if feature is None:
                continue
            parts.append(("," if written else "") + json.dumps(feature, cls=DjangoJSONEncoder, ensure_ascii=False))
            written += 1
            if len(parts) >= chunk_rows:
                yield "".join(parts)
                parts = []
        parts.append("]}")
        yield "".join(parts)

    response = StreamingHttpResponse(pieces(), content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="coopdec-projects.geojson"'
    return response


def projects_iati(request):
    """The selection's public projects as an IATI 2.03 activity file (schema-valid; ``write_activities``).

    Each activity is reported by the organisation that published it (imported ones) or by its lead authority.
    """
    return activities_download(filtered(request).projects.order_by("pk"), "coopdec-projects-iati.xml")


urlpatterns = [
    path("data/", dataset_page, name="opendata"),
    path("data/projects-iati.xml", projects_iati, name="opendata-projects-iati"),
    path("data/projects.geojson", projects_geojson, name="opendata-projects-geojson"),
    path("data/projects.<str:fmt>", projects_file, name="opendata-projects"),
    path("data/partnerships.<str:fmt>", partnerships_file, name="opendata-partnerships"),
]
