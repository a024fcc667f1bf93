"""The atlas's filtered set: the public partnerships and projects the search selects for a query string.

Map, statistics and open data read their rows through ``filtered(request)``, which runs the search's own
conditions (``search.query.SearchQuery`` and its SQL on the search index), so that they show exactly the
set the search page lists for the same query string: ``q`` and the facets ``type, kind, country, zone,
region, departement, authority, foreign_authority, theme, status, year, instrument``. The search index
holds one row per public item, so nothing private can come through.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, QueryDict

from coopdec.partnerships.models import Partnership
from coopdec.projects.models import Project

from .models import DocumentKind
from .search.query import DOCS, FACET_LIST, SearchQuery, _conditions, _estimates


@dataclass(frozen=True)
class Filtered:
    """The search's selection for one query string, as SQL on the index and as querysets of the public items."""

    query: SearchQuery
    where: str  # conditions on the index's documents, aliased ``d`` ("" when nothing is filtered)
    where_params: tuple

    @property
    def params(self) -> dict[str, list[str]]:
        """The filters in force (``q`` included), as lists of values in facet order."""
        params = {"q": [self.query.text]} if self.query.text else {}
        return params | {
            facet.key: self.query.filters[facet.key] for facet in FACET_LIST if facet.key in self.query.filters
        }

    @property
    def query_string(self) -> str:
        """``country=MA&theme=water-sanitation`` — what links to another atlas page with the same filters carry."""
        return urlencode(self.params, doseq=True)

    def documents(self, kind: str | None = None) -> tuple[str, list]:
        """``(sql, params)`` selecting ``d.id, d.kind, d.object_id, d.year, d.amount`` of the selected documents."""
        conditions = [self.where] if self.where else []
        params = list(self.where_params)
        if kind:
            conditions.append("d.kind = %s")
            params.append(kind)
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        return f"SELECT d.id, d.kind, d.object_id, d.year, d.amount FROM {DOCS} d {where}", params

    def object_ids(self, kind: str) -> RawSQL:
        sql, params = self.documents(kind)
        return RawSQL(f"SELECT object_id FROM ({sql}) selected", params)

    @property
    def projects(self) -> QuerySet:
        return Project.objects.public().filter(pk__in=self.object_ids(DocumentKind.PROJECT))

    @property
    def partnerships(self) -> QuerySet:
        return Partnership.objects.public().filter(pk__in=self.object_ids(DocumentKind.PARTNERSHIP))


def selection(params: QueryDict | dict) -> Filtered:
    """The selection for a query string (a ``QueryDict``, or a plain dict of single values)."""
    if not isinstance(params, QueryDict):
        query_dict = QueryDict(mutable=True)
        for key, value in params.items():
            query_dict.setlist(key, value if isinstance(value, list) else [value])
        params = query_dict
    query = SearchQuery.from_params(params)
    with connection.cursor() as cursor:
        estimates = _estimates(cursor, query)
    conditions, values = _conditions(query, estimates)
    return Filtered(query=query, where=" AND ".join(conditions), where_params=tuple(values))


def filtered(request: HttpRequest) -> Filtered:
    return selection(request.GET)
