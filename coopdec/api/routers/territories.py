"""Countries and authorities."""

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from coopdec.lib.text import fold
from coopdec.territories.models import Authority, Country
from coopdec.territories.selectors import search_authorities

from ..auth import OPTIONAL_TOKEN, ApiRequest
from ..errors import not_found
from ..filters import known_country
from ..schemas.territories import AuthorityFilters, AuthorityOut, CountryFilters, CountryOut

router = Router(tags=["territories"])


@router.get("/countries", response=list[CountryOut], openapi_extra=OPTIONAL_TOKEN)
@paginate(PageNumberPagination)
def list_countries(request: ApiRequest, filters: Query[CountryFilters]):
    """Countries by French name."""
    countries = Country.objects.all()
    if filters.zone:
        countries = countries.in_zone(filters.zone)
    if filters.oda_category:
        countries = countries.filter(oda_category=filters.oda_category)
    if filters.search and filters.search.strip():
        query = filters.search.strip()
        by_name = Q()
        for word in fold(query).split():
            by_name &= Q(search_text__contains=word)
        countries = countries.filter(by_name | Q(code__iexact=query) | Q(iso3__iexact=query))
    return countries.order_by("name_fr", "code")


@router.get("/countries/{code}", response=CountryOut, openapi_extra=OPTIONAL_TOKEN)
def get_country(request: ApiRequest, code: str):
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise not_found(_("No country with the code %(code)s.") % {"code": code})
    return country


@router.get("/authorities", response=list[AuthorityOut], openapi_extra=OPTIONAL_TOKEN)
@paginate(PageNumberPagination)
def list_authorities(request: ApiRequest, filters: Query[AuthorityFilters]):
    """Authorities by name; with ``search``, the most relevant first (exact code, exact name, population)."""
    authorities = Authority.objects.select_related("parent")
    if filters.country:
        authorities = authorities.in_country(known_country(filters.country))
    if filters.kind:
        authorities = authorities.of_kind(filters.kind)
    if filters.french is not None:
        authorities = authorities.filter(is_french=filters.french)
    query = (filters.search or "").strip()
    if not query:
        return authorities.order_by("name", "code")
    return search_authorities(query, authorities=authorities)


@router.get("/authorities/{code}", response=AuthorityOut, openapi_extra=OPTIONAL_TOKEN)
def get_authority(request: ApiRequest, code: str):
    authority = Authority.objects.select_related("parent").filter(code__in={code, code.upper()}).first()
    if authority is None:
        raise not_found(_("No authority with the code %(code)s.") % {"code": code})
    return authority
