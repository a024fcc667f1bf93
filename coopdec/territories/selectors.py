"""Reads of the reference data that several pages share: the one search of authorities by name or code."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length

from coopdec.lib.text import fold

from .models import Authority, AuthorityQuerySet

MAX_QUERY = 100


def search_authorities(
    query: str,
    *,
    authorities: AuthorityQuerySet | None = None,
    country: str | None = None,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> QuerySet[Authority]:
    """Authorities whose names hold every word of ``query`` (accents, case and punctuation folded) or whose code
    is ``query`` (platform code, INSEE, SIREN, ISO 3166-2), the most relevant first.

    Relevance: an exact code, then an exact name ("Lille" before "Lille Métropole"), then the most populated,
    then by name. ``authorities`` narrows the search (``perms.usable_authorities(user)``, ``.validated()``…);
    an empty query finds nothing.
    """
    queryset = Authority.objects.all() if authorities is None else authorities
    query = unicodedata.normalize("NFC", query.strip()[:MAX_QUERY])
    if country:
        queryset = queryset.in_country(country)
    if kinds:
        queryset = queryset.filter(kind__in=list(kinds))
    words = fold(query).split()
    if not words:
        return queryset.none()
    exact_code = Q(code__iexact=query) | Q(insee_code=query) | Q(siren=query) | Q(iso_code__iexact=query)
    if query.isdigit() and len(query) in (5, 9):
        matching = exact_code  # an INSEE code or a SIREN: what was meant, found at once by the index
    else:
        matching = Q(*[Q(search_text__contains=word) for word in words]) | exact_code
    ranked = _by_relevance(queryset.filter(matching), query)
    return ranked[:limit] if limit is not None else ranked


def _by_relevance(authorities: QuerySet[Authority], query: str) -> QuerySet[Authority]:
    # An exact name, accents and case ignored, is a name as long as the query whose folded form starts the
    # search text (which begins with the folded name): ``fold`` keeps the length of Latin names.
    exact_name = Q(name__iexact=query) | (Q(search_text__startswith=fold(query)) & Q(name_length=len(query)))
    return authorities.annotate(
        name_length=Length("name"),
        relevance=Case(
            When(
                Q(code__iexact=query) | Q(insee_code=query) | Q(siren=query) | Q(iso_code__iexact=query), then=Value(0)
            ),
            When(exact_name, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    ).order_by("relevance", F("population").desc(nulls_last=True), "name", "code")
