"""The atlas's filtered set: the public partnerships and projects the search selects for a query string.

Map, statistics and open data read their rows through ``filtered(request)``, which runs the search's own
selection (``search.query.SearchQuery``), so that they show exactly the set the search page lists for the
same query string: ``q`` and the facets ``type, kind, country, zone, region, departement, authority,
foreign_authority, theme, status, year, instrument, running``. Two forms of the same set, each computed when first
asked for: ``chosen`` (a mask over the in-memory copy of the index, what the statistics and map aggregate)
and ``documents()`` (its SQL on the index, for the querysets of the items). The search index holds one row
per public item, so nothing private can come through.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, QueryDict

from coopdec.partnerships.models import Partnership
from coopdec.projects.models import Project

from .models import DocumentKind
from .search import presentation
from .search import query as search_query
from .search.query import DOCS, FACET_LIST, SearchQuery
from .search.snapshot import Snapshot


@dataclass(frozen=True, eq=False)
class Filtered:
    """The search's selection for one query string: a mask over the index's copy, SQL on the index, querysets."""

    query: SearchQuery

    @cached_property
    def chosen(self) -> tuple[Snapshot, np.ndarray | None]:
        """The in-memory copy of the index and the mask of the selected documents (``None``: every one)."""
        return search_query.selected(self.query)

    @cached_property
    def _sql(self) -> tuple[str, tuple]:
        conditions, values = search_query.sql_conditions(self.query)
        return " AND ".join(conditions), tuple(values)

    @property
    def where(self) -> str:
        """Conditions on the index's documents, aliased ``d`` ("" when nothing is filtered)."""
        return self._sql[0]

    @property
    def where_params(self) -> tuple:
        return self._sql[1]

    @property
    def params(self) -> dict[str, list[str]]:
        """The filters in force (``q`` included), as lists of values in facet order."""
        params = {"q": [self.query.text]} if self.query.text else {}
        return params | {
            facet.key: self.query.filters[facet.key] for facet in FACET_LIST if facet.key in self.query.filters
        }

    @cached_property
    def summary(self) -> list:
        """The words and filters as the visitor reads them (labels, not codes), for the pages' "Selection" line."""
        return presentation.selection_summary(self.query)

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


def selection(params: QueryDict | dict[str, Any]) -> Filtered:
    """The selection for a query string (a ``QueryDict``, or a plain dict of single values)."""
    if not isinstance(params, QueryDict):
        query_dict = QueryDict(mutable=True)
        for key, value in params.items():
            values: list[Any] = value if isinstance(value, list) else [value]
            query_dict.setlist(key, values)
        params = query_dict
    return Filtered(query=SearchQuery.from_params(params))


def filtered(request: HttpRequest) -> Filtered:
    return selection(request.GET)
