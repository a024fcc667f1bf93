"""Public sheets (fiches): one page per authority, partnership, project and country.

Only public items: a private partnership or project, or an authority awaiting validation, is a 404 here
whoever asks (members see theirs in the workspace). Titles and descriptions come in the visitor's
language when translated, with the language they are in (for ``lang="…"``).
"""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import Truncator
from django.utils.translation import ngettext

from coopdec.funding.selectors import funding_summary
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.models import Affiliation, Partnership, Party
from coopdec.projects.models import Funding, Participant, Place, Project
from coopdec.territories.models import Authority, Country

from ..filters import selection
from ..slugs import slug_of

SHEET_LIST_LIMIT = 200


def with_texts(items):
    """Give each narrative its title and description in the visitor's language, with their language codes."""
    items = list(items)
    for item in items:
        item.title_text, item.title_lang = item.text_in("title")
        item.description_text, item.description_lang = item.text_in("description")
    return items


def open_graph(item) -> dict:
    """Open Graph title and description of a narrative, as the visitor's language shows it (after ``with_texts``)."""
    return {"title": item.title_text, "description": Truncator(item.description_text).chars(200)}


def public_projects():
    return Project.objects.public().select_related("lead_authority").order_by("-planned_start", "title", "pk")


def public_partnerships():
    return Partnership.objects.public().order_by("-signed_on", "title", "pk")


def parties_prefetch() -> Prefetch:
    return Prefetch(
        "parties",
        queryset=Party.objects.select_related("authority__country", "organization", "country").order_by("pk"),
    )


def authority_sheet(request, code: str):
    authority = get_object_or_404(Authority.objects.validated().select_related("country", "parent"), code=code)
    partnerships = with_texts(
        public_partnerships().filter(pk__in=Party.objects.filter(authority=authority).values("partnership_id"))
        .prefetch_related(parties_prefetch())[:SHEET_LIST_LIMIT]
    )  # fmt: skip
    projects = with_texts(
        public_projects().filter(
            Q(lead_authority=authority) | Q(pk__in=Participant.objects.filter(authority=authority).values("project_id"))
        )[:SHEET_LIST_LIMIT]
    )
    affiliations = Affiliation.objects.current().filter(authority=authority).select_related("organization")
    return render(
        request,
        "atlas/sheets/authority.html",
        {
            "authority": authority,
            "partnerships": partnerships,
            "projects": projects,
            "affiliations": affiliations,
            "tile_server": settings.TILE_SERVER,
            "og": {
                "title": authority.name,
                "description": ngettext(
                    "%(country)s: %(count)d public partnership on coopdec.",
                    "%(country)s: %(count)d public partnerships on coopdec.",
                    len(partnerships),
                )
                % {"country": authority.country.name, "count": len(partnerships)},
            },
        },
    )


def partnership_sheet(request, pk: int, slug: str = ""):
    partnership = get_object_or_404(Partnership.objects.public().prefetch_related(parties_prefetch(), "themes"), pk=pk)
    if slug != slug_of(partnership):
        return redirect("atlas:partnership-slug", pk=pk, slug=slug_of(partnership))
    with_texts([partnership])
    projects = with_texts(public_projects().filter(partnership=partnership)[:SHEET_LIST_LIMIT])
    return render(
        request,
        "atlas/sheets/partnership.html",
        {"partnership": partnership, "projects": projects, "og": open_graph(partnership)},
    )


def project_sheet(request, pk: int, slug: str = ""):
    project = get_object_or_404(
        Project.objects.public()
        .select_related("lead_authority__country")
        .prefetch_related(
            Prefetch("participants", Participant.objects.select_related("authority", "organization").order_by("pk")),
            Prefetch("places", Place.objects.select_related("authority", "country").order_by("pk")),
            Prefetch("fundings", Funding.objects.select_related("funder_authority", "funder_organization")),
            "themes",
            "disbursements",
            "results",
        ),
        pk=pk,
    )
    if slug != slug_of(project):
        return redirect("atlas:project-slug", pk=pk, slug=slug_of(project))
    with_texts([project])
    partnership = (
        project.partnership if project.partnership and project.partnership.visibility == Visibility.PUBLIC else None
    )
    return render(
        request,
        "atlas/sheets/project.html",
        {
            "project": project,
            "partnership": partnership,
            "funding": funding_summary(project),
            "og": open_graph(project),
        },
    )


def country_sheet(request, code: str):
    country = get_object_or_404(Country, code=code.upper())
    if code != country.code:
        return redirect("atlas:country", code=country.code)
    # The same selection as the atlas's ?country= filter, so that the open-data files list the same rows.
    selected = selection({"country": country.code})
    partnerships = with_texts(
        selected.partnerships.order_by("-signed_on", "title", "pk").prefetch_related(parties_prefetch())[
            :SHEET_LIST_LIMIT
        ]
    )
    projects = with_texts(
        selected.projects.select_related("lead_authority").order_by("-planned_start", "title", "pk")[:SHEET_LIST_LIMIT]
    )
    description = ngettext(
        "Decentralised cooperation with %(country)s: %(count)d public partnership.",
        "Decentralised cooperation with %(country)s: %(count)d public partnerships.",
        len(partnerships),
    ) % {"country": country.name, "count": len(partnerships)}
    return render(
        request,
        "atlas/sheets/country.html",
        {
            "country": country,
            "partnerships": partnerships,
            "projects": projects,
            "og": {"title": country.name, "description": description},
        },
    )


urlpatterns = [
    path("authorities/<str:code>/", authority_sheet, name="authority"),
    path("partnerships/<int:pk>/", partnership_sheet, name="partnership"),
    path("partnerships/<int:pk>/<slug:slug>/", partnership_sheet, name="partnership-slug"),
    path("projects/<int:pk>/", project_sheet, name="project"),
    path("projects/<int:pk>/<slug:slug>/", project_sheet, name="project-slug"),
    path("countries/<str:code>/", country_sheet, name="country"),
]
