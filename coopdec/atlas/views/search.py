"""The atlas search page: full text and facets; htmx swaps the results and facets, a plain GET works without it."""

from django.shortcuts import render
from django.urls import path

from coopdec.atlas.filters import Filtered
from coopdec.atlas.search import query as engine
from coopdec.atlas.search.presentation import facet_groups, hits
from coopdec.atlas.search.query import PAGE_SIZE, SORTS, SearchQuery
from coopdec.atlas.search.query import search as run_search


def search(request):
    """Search public partnerships and projects; the query string holds the words, filters, sort and page."""
    query = SearchQuery.from_params(request.GET)
    result = run_search(query)
    context = {
        "query": query,
        "selection": Filtered(query),
        "result": result,
        "hits": hits(result),
        "facets": facet_groups(query, result),
        "sorts": SORTS.items(),
        "ranked_at_most": engine.RANKED_AT_MOST,
        "first": (result.page - 1) * PAGE_SIZE + 1,
        "last": (result.page - 1) * PAGE_SIZE + len(result.hits),
    }
    partial = request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "search-body"
    context["partial"] = partial
    return render(request, "atlas/search_results.html" if partial else "atlas/search.html", context)


urlpatterns = [path("", search, name="search")]
