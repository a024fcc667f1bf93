"""What the search page shows: hits with their titles in the visitor's language, facet values with labels."""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from coopdec.partnerships.enums import PartnershipKind, PartnershipStatus
from coopdec.partnerships.models import Partnership
from coopdec.projects.enums import Instrument, ProjectKind, ProjectStatus
from coopdec.projects.models import Project
from coopdec.territories.enums import Zone
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from ..models import DocumentKind
from .query import FACET_LIST, SearchQuery, SearchResult

AUTHORITY_FACETS = ("region", "departement", "authority", "foreign_authority")
_STATUS_LABELS = {**dict(PartnershipStatus.choices), **dict(ProjectStatus.choices)}
_KIND_LABELS = {**dict(PartnershipKind.choices), **dict(ProjectKind.choices)}


@dataclass
class Hit:
    kind: str
    kind_label: str | Promise
    obj: object
    title: str
    title_language: str
    description: str
    description_language: str
    status_label: str
    date: object
    amount: object
    currency: str
    authorities: list
    url: str | None


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    key: str
    label: str
    options: list[Option]
    hidden: int  # values with a count that are not listed


def _sheet_url(kind: str, pk: int) -> str | None:
    """The sheet of the object, once the sheets exist (they are another module's routes)."""
    try:
        return reverse(f"atlas:{kind}", args=[pk])
    except NoReverseMatch:
        return None


def hits(result: SearchResult) -> list[Hit]:
    ids = {kind: [pk for k, pk in result.hits if k == kind] for kind in DocumentKind.values}
    objects: dict[str, dict[int, Any]] = {
        DocumentKind.PARTNERSHIP: Partnership.objects.prefetch_related("parties__authority").in_bulk(
            ids[DocumentKind.PARTNERSHIP]
        )
        if ids[DocumentKind.PARTNERSHIP]
        else {},
        DocumentKind.PROJECT: Project.objects.select_related("lead_authority").in_bulk(ids[DocumentKind.PROJECT])
        if ids[DocumentKind.PROJECT]
        else {},
    }
    found = []
    for kind, pk in result.hits:
        obj = objects[kind].get(pk)
        if obj is None:  # deleted since the count: the index catches up on commit
            continue
        title, title_language = obj.text_in("title")
        description, description_language = obj.text_in("description")
        if kind == DocumentKind.PARTNERSHIP:
            authorities = [p.authority for p in obj.parties.all() if p.authority]
            on, amount = obj.signed_on or obj.starts_on, obj.planned_commitment
        else:
            authorities = [obj.lead_authority]
            on, amount = obj.actual_start or obj.planned_start, obj.budget
        found.append(
            Hit(
                kind=kind,
                kind_label=DocumentKind(kind).label,
                obj=obj,
                title=title,
                title_language=title_language,
                description=description,
                description_language=description_language,
                status_label=_STATUS_LABELS.get(obj.status, obj.status),
                date=on,
                amount=amount,
                currency=obj.currency,
                authorities=authorities,
                url=_sheet_url(kind, pk),
            )
        )
    return found


def facet_groups(query: SearchQuery, result: SearchResult) -> list[FacetGroup]:
    """Every facet with its values to list: the most frequent ones and the selected ones, labelled."""
    listed: dict[str, list[tuple[str, int]]] = {}
    for facet in FACET_LIST:
        counts = dict(result.counts.get(facet.key, []))
        selected = query.filters.get(facet.key, [])
        if facet.by_value:
            ordered = sorted(counts.items(), key=lambda item: item[0], reverse=True)
        else:
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        top = ordered[: facet.shown]
        top += [(value, counts.get(value, 0)) for value in selected if value not in dict(top)]
        listed[facet.key] = top
    labels = value_labels(listed)
    groups = []
    for facet in FACET_LIST:
        chosen = set(query.filters.get(facet.key, []))
        options = [
            Option(value=value, label=labels.get((facet.key, value), value), count=count, selected=value in chosen)
            for value, count in listed[facet.key]
        ]
        hidden = max(0, len(result.counts.get(facet.key, [])) - len([o for o in options if o.count]))
        if options:
            groups.append(FacetGroup(key=facet.key, label=str(facet.label), options=options, hidden=hidden))
    return groups


def value_labels(listed: dict[str, list[tuple[str, int]]]) -> dict[tuple[str, str], str]:
    """Labels of the listed ``(value, count)`` pairs per facet, in three queries at most (authorities, countries,
    themes)."""
    labels: dict[tuple[str, str], str] = {}
    values = {key: [value for value, _ in items] for key, items in listed.items()}
    authority_codes = {v for key in AUTHORITY_FACETS for v in values.get(key, [])}
    if authority_codes:
        names = dict(Authority.objects.filter(code__in=authority_codes).values_list("code", "name"))
        labels.update({(key, v): names[v] for key in AUTHORITY_FACETS for v in values.get(key, []) if v in names})
    if values.get("country"):
        labels.update({("country", c.code): c.name for c in Country.objects.filter(code__in=values["country"])})
    if values.get("theme"):
        labels.update({("theme", t.code): t.label for t in Theme.objects.filter(code__in=values["theme"])})
    for key, choices in (
        ("zone", Zone),
        ("instrument", Instrument),
        ("type", DocumentKind),
    ):
        labels.update({(key, value): str(label) for value, label in choices.choices})
    labels.update({("status", value): str(label) for value, label in _STATUS_LABELS.items()})
    labels.update({("kind", value): str(label) for value, label in _KIND_LABELS.items()})
    return labels


@dataclass
class Criterion:
    label: str
    values: list[str]


def selection_summary(query: SearchQuery) -> list[Criterion]:
    """The words and filters of a selection as a visitor reads them: "Country: Morocco", not "country=MA"."""
    criteria = [Criterion(label=str(_("Words")), values=[query.text])] if query.text else []
    chosen = {
        facet.key: [(value, 0) for value in query.filters[facet.key]]
        for facet in FACET_LIST
        if facet.key in query.filters
    }
    labels = value_labels(chosen)
    for facet in FACET_LIST:
        if facet.key in chosen:
            values = [labels.get((facet.key, value), value) for value, _count in chosen[facet.key]]
            criteria.append(Criterion(label=capfirst(str(facet.label)), values=values))
    return criteria
