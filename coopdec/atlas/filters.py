"""The atlas's filtered set: the public projects and partnerships that match the query string.

Map, statistics and open data read their rows through ``filtered(request)``, so that they show the same
set as the search page for the same query string (``q, country, zone, region, departement, authority,
foreign_authority, theme, kind, status, year, instrument``). Every multi-valued condition is a
``pk__in`` subquery, never a join, so that counts and sums over the result are not multiplied.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from coopdec.lib.text import fold
from coopdec.partnerships.enums import PartnershipKind, PartnershipStatus
from coopdec.partnerships.models import Partnership, Party
from coopdec.projects.enums import ProjectKind, ProjectStatus
from coopdec.projects.models import Funding, Participant, Place, Project
from coopdec.territories.enums import AuthorityKind
from coopdec.territories.models import Authority

FILTER_NAMES = (
    "q",
    "country",
    "zone",
    "region",
    "departement",
    "authority",
    "foreign_authority",
    "theme",
    "kind",
    "status",
    "year",
    "instrument",
)


@dataclass(frozen=True)
class Filtered:
    """The public projects and partnerships a query string selects, and that query string."""

    projects: QuerySet
    partnerships: QuerySet
    params: dict[str, str] = field(default_factory=dict)

    @property
    def query_string(self) -> str:
        """``country=MA&theme=water`` — what links to another atlas page with the same filters carry."""
        return urlencode(self.params)


def params_of(request: HttpRequest) -> dict[str, str]:
    """The filters present in the query string, stripped, in a fixed order."""
    params = {}
    for name in FILTER_NAMES:
        value = request.GET.get(name, "").strip()
        if value:
            params[name] = value
    return params


def filtered(request: HttpRequest) -> Filtered:
    params = params_of(request)
    return Filtered(
        projects=filter_projects(Project.objects.public(), params),
        partnerships=filter_partnerships(Partnership.objects.public(), params),
        params=params,
    )


def _french_area_authorities(code: str, kind: str) -> Q | None:
    """Authorities within a French région or département given by platform code (FR-REG-11) or INSEE code (11).

    Départements point to their région; communes carry no parent, so they are found by the INSEE prefix of
    their département. EPCI (identified by SIREN) are not placed in an area.
    """
    prefix = "FR-REG-" if kind == AuthorityKind.REGION else "FR-DEP-"
    full_code = code.upper() if code.upper().startswith(prefix) else prefix + code.upper()
    area = Authority.objects.filter(code=full_code).first()
    if area is None:
        return None
    if kind == AuthorityKind.REGION:
        departements = list(
            Authority.objects.filter(parent=area, kind=AuthorityKind.DEPARTEMENT).values_list("pk", "insee_code")
        )
    else:
        departements = [(area.pk, area.insee_code)]
    condition = Q(pk=area.pk) | Q(pk__in=[pk for pk, _ in departements])
    for _, insee in departements:
        if insee:
            condition |= Q(kind=AuthorityKind.COMMUNE, insee_code__startswith=insee)
    return condition


def _authorities(params: dict[str, str]) -> list[QuerySet]:
    """One queryset of authority ids per authority-shaped filter; an item must involve one of each."""
    selections = []
    for name, kind in (("region", AuthorityKind.REGION), ("departement", AuthorityKind.DEPARTEMENT)):
        if name in params:
            condition = _french_area_authorities(params[name], kind)
            selections.append(Authority.objects.none() if condition is None else Authority.objects.filter(condition))
    if "authority" in params:
        selections.append(Authority.objects.filter(code=params["authority"], is_french=True))
    if "foreign_authority" in params:
        selections.append(Authority.objects.filter(code=params["foreign_authority"], is_french=False))
    return [selection.values("pk") for selection in selections]


def _year(params: dict[str, str]) -> int | None:
    try:
        return int(params["year"])
    except (KeyError, ValueError):
        return None


def filter_projects(projects: QuerySet, params: dict[str, str]) -> QuerySet:
    """``projects`` narrowed by the atlas filters (the words of ``q`` must all appear, accents folded)."""
    for word in fold(params.get("q", "")).split():
        projects = projects.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(lead_authority__search_text__contains=word)
            | Q(pk__in=Participant.objects.filter(authority__search_text__contains=word).values("project_id"))
        )
    if "country" in params:
        code = params["country"].upper()
        projects = projects.filter(
            Q(pk__in=Place.objects.filter(Q(country_id=code) | Q(authority__country_id=code)).values("project_id"))
            | Q(pk__in=Participant.objects.filter(authority__country_id=code).values("project_id"))
        )
    if "zone" in params:
        zone = params["zone"]
        projects = projects.filter(
            pk__in=Place.objects.filter(Q(country__zone=zone) | Q(authority__country__zone=zone)).values("project_id")
        )
    for authorities in _authorities(params):
        projects = projects.filter(
            Q(lead_authority__in=authorities)
            | Q(pk__in=Participant.objects.filter(authority__in=authorities).values("project_id"))
        )
    if "theme" in params:
        projects = projects.filter(pk__in=Project.themes.through.objects.filter(theme__code=params["theme"]).values(
            "project_id"
        ))  # fmt: skip
    if "kind" in params:
        projects = projects.filter(kind=params["kind"]) if params["kind"] in ProjectKind.values else projects.none()
    if "status" in params:
        status = params["status"]
        projects = projects.filter(status=status) if status in ProjectStatus.values else projects.none()
    if "year" in params:
        year = _year(params)
        projects = projects.filter(planned_start__year=year) if year else projects.none()
    if "instrument" in params:
        projects = projects.filter(pk__in=Funding.objects.filter(instrument=params["instrument"]).values("project_id"))
    return projects


def filter_partnerships(partnerships: QuerySet, params: dict[str, str]) -> QuerySet:
    """``partnerships`` narrowed by the same filters, read on the partnership (signature year, parties…)."""
    for word in fold(params.get("q", "")).split():
        partnerships = partnerships.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(pk__in=Party.objects.filter(authority__search_text__contains=word).values("partnership_id"))
        )
    if "country" in params:
        code = params["country"].upper()
        partnerships = partnerships.filter(
            pk__in=Party.objects.filter(
                Q(authority__country_id=code) | Q(organization__country_id=code) | Q(country_id=code)
            ).values("partnership_id")
        )
    if "zone" in params:
        zone = params["zone"]
        partnerships = partnerships.filter(
            pk__in=Party.objects.filter(Q(authority__country__zone=zone) | Q(country__zone=zone)).values(
                "partnership_id"
            )
        )
    for authorities in _authorities(params):
        partnerships = partnerships.filter(
            pk__in=Party.objects.filter(authority__in=authorities).values("partnership_id")
        )
    if "theme" in params:
        partnerships = partnerships.filter(
            pk__in=Partnership.themes.through.objects.filter(theme__code=params["theme"]).values("partnership_id")
        )
    if "kind" in params:
        kind = params["kind"]
        partnerships = partnerships.filter(kind=kind) if kind in PartnershipKind.values else partnerships.none()
    if "status" in params:
        status = params["status"]
        partnerships = partnerships.filter(status=status) if status in PartnershipStatus.values else partnerships.none()
    if "year" in params:
        year = _year(params)
        partnerships = partnerships.filter(signed_on__year=year) if year else partnerships.none()
    if "instrument" in params:
        partnerships = partnerships.filter(
            pk__in=Funding.objects.filter(instrument=params["instrument"], project__partnership__isnull=False).values(
                "project__partnership_id"
            )
        )
    return partnerships
