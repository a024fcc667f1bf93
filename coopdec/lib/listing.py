"""Lists that people search, sort, page through and export: one column definition serves them all.

A view declares its ``Column``s once; the same list drives the sortable table headers, the
``?sort=`` whitelist (``-`` prefix for descending), and the CSV/XLSX export (``lib.tabular``),
whose headers are the columns' translated labels and whose cells are labels, not codes.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZES = (25, 50, 100)
Q = TypeVar("Q", bound=QuerySet[Any])


@dataclass(frozen=True)
class Column:
    """One column of a list: its query-string key, translated label, how to read a row, how to sort."""

    key: str
    label: Any  # a lazy translation
    value: Callable[[Any], Any]
    order_by: str | None = None

    @property
    def sortable(self) -> bool:
        return self.order_by is not None


def attribute(path: str) -> Callable[[Any], Any]:
    """Read a dotted path (``"lead_authority.name"``), None-safe; a choice field gives its label, not its code."""
    *parents, last = path.split(".")

    def read(obj: Any) -> Any:
        for name in parents:
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        display = getattr(obj, f"get_{last}_display", None)
        return display() if display is not None else getattr(obj, last)

    return read


def sort(queryset: Q, request: HttpRequest, columns: Sequence[Column], default: str) -> tuple[Q, str]:
    """Order by ``?sort=<key>`` or ``?sort=-<key>`` when it names a sortable column, else by ``default``.

    The primary key is always the last ordering term, so that pages never overlap or skip rows.
    """
    requested = request.GET.get("sort", default)
    key = requested.removeprefix("-")
    by_key = {column.key: column for column in columns if column.sortable}
    if key not in by_key:
        requested, key = default, default.removeprefix("-")
    descending = requested.startswith("-")
    field = by_key[key].order_by
    assert field is not None  # by_key holds sortable columns only
    return queryset.order_by(f"-{field}" if descending else field, "-pk" if descending else "pk"), requested


def paginate(request: HttpRequest, queryset: QuerySet[Any], default_size: int = PAGE_SIZES[0]) -> Page[Any]:
    """The requested page (``?page=``, ``?size=`` among PAGE_SIZES); out-of-range pages give the last one."""
    try:
        size = int(request.GET.get("size", default_size))
    except ValueError:
        size = default_size
    if size not in PAGE_SIZES:
        size = default_size
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def headers(request: HttpRequest, columns: Sequence[Column], current: str) -> list[dict[str, Any]]:
    """What a table header needs: label, the link that sorts by it, and ``aria-sort`` for the current one."""
    query = request.GET.copy()
    query.pop("page", None)
    result = []
    for column in columns:
        header: dict[str, Any] = {"label": column.label, "key": column.key, "url": None, "aria_sort": None}
        if column.sortable:
            ascending = current == column.key
            descending = current == f"-{column.key}"
            query["sort"] = f"-{column.key}" if ascending else column.key
            header["url"] = f"?{query.urlencode()}"
            header["aria_sort"] = "ascending" if ascending else "descending" if descending else None
        result.append(header)
    return result
