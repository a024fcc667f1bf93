"""The national figures of validated declarations (coordinators): totals, breakdowns, the LDC share, the series.

Only the validated version of each declaration counts (``Declaration.validated_version``); its removed lines do
not. Every figure is a GROUP BY in SQL — one query per table, whatever the number of lines — and private lines
are included (``perms.can_view_national_figures`` keeps the page to coordinators).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.utils.translation import get_language

from coopdec.lib.codelists import label
from coopdec.territories.enums import AuthorityKind, OdaCategory
from coopdec.territories.models import OdaStatus

from .codes import AID_TYPE, CHANNEL, SECTOR
from .enums import Recipient
from .models import Declaration, DeclarationLine

ZERO = Decimal("0")


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: what it is (``key``, ``label``), its total and its ODA in euros, its lines."""

    key: str
    label: str
    total: Decimal
    oda: Decimal
    lines: int


@dataclass(frozen=True)
class LdcShare:
    """The ODA to least-developed countries over all ODA; ``list_year`` is the DAC list it was read against."""

    ldc_oda: Decimal
    oda: Decimal
    list_year: int | None

    @property
    def share(self) -> float | None:
        return float(self.ldc_oda / self.oda) if self.oda else None


@dataclass(frozen=True)
class Figures:
    """Everything the national view shows for one year and its filters."""

    year: int
    declarations: int
    total: Decimal
    oda: Decimal
    lines: int
    by_region: list[Row] = field(default_factory=list)
    by_kind: list[Row] = field(default_factory=list)
    by_recipient: list[Row] = field(default_factory=list)
    by_purpose: list[Row] = field(default_factory=list)
    by_aid_type: list[Row] = field(default_factory=list)
    by_channel: list[Row] = field(default_factory=list)
    ldc: LdcShare | None = None


def validated_lines(year: int | None = None, *, region: Any = None, kind: str | None = None):
    """The counted lines of the validated versions (of ``year``; of every year when None), filtered by the
    declaration's région (an authority or its primary key) and the authority's type (``AuthorityKind``)."""
    lines = DeclarationLine.objects.filter(
        version__isnull=False, version_id=F("declaration__validated_version_id"), removed=False
    )
    if year is not None:
        lines = lines.filter(declaration__year=year)
    if region is not None:
        lines = lines.filter(declaration__region_id=getattr(region, "pk", region))
    if kind:
        lines = lines.filter(declaration__authority__kind=kind)
    return lines


def validated_years() -> list[int]:
    """The years that have at least one validated declaration, latest first."""
    years = Declaration.objects.validated().order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def _sums(**extra: Any) -> dict[str, Any]:
    return {
        "total": Sum("amount_eur"),
        "oda": Sum("amount_eur", filter=Q(is_oda=True)),
        "n": Count("pk"),
        **extra,
    }


def totals(lines: QuerySet[DeclarationLine]) -> dict[str, Any]:
    """Total, ODA, number of lines and of declarations, in one query."""
    found = lines.aggregate(**_sums(declarations=Count("declaration_id", distinct=True)))
    return {
        "total": found["total"] or ZERO,
        "oda": found["oda"] or ZERO,
        "lines": found["n"],
        "declarations": found["declarations"],
    }


def _breakdown(
    lines: QuerySet[DeclarationLine], keys: list[str], key: Callable[[dict], str], name: Callable[[dict], str]
) -> list[Row]:
    """``lines`` grouped by ``keys`` (values), largest total first."""
    groups = lines.order_by().values(*keys).annotate(**_sums()).order_by("-total", *keys)
    return [
        Row(key=key(group), label=name(group), total=group["total"] or ZERO, oda=group["oda"] or ZERO, lines=group["n"])
        for group in groups
    ]


def _country_name(group: dict) -> str:
    language = (get_language() or "fr")[:2]
    return group["country__name_en"] if language == "en" else group["country__name_fr"]


def _recipient_name(group: dict) -> str:
    if group["recipient"] == Recipient.COUNTRY and group["country_id"]:
        return _country_name(group)
    return str(Recipient(group["recipient"]).label) if group["recipient"] else "—"


def by_region(lines: QuerySet[DeclarationLine]) -> list[Row]:
    return _breakdown(
        lines,
        ["declaration__region_id", "declaration__region__name"],
        lambda g: str(g["declaration__region_id"] or ""),
        lambda g: g["declaration__region__name"] or "—",
    )


def by_kind(lines: QuerySet[DeclarationLine]) -> list[Row]:
    def name(group: dict) -> str:
        kind = group["declaration__authority__kind"]
        return str(AuthorityKind(kind).label) if kind in AuthorityKind.values else kind

    return _breakdown(lines, ["declaration__authority__kind"], lambda g: g["declaration__authority__kind"], name)


def by_recipient(lines: QuerySet[DeclarationLine]) -> list[Row]:
    """By recipient country, "developing countries, unspecified", France (spent in France) and multilateral."""
    return _breakdown(
        lines,
        ["recipient", "country_id", "country__name_fr", "country__name_en"],
        lambda g: g["country_id"] or g["recipient"],
        _recipient_name,
    )


def _by_code(lines: QuerySet[DeclarationLine], column: str, codelist: str) -> list[Row]:
    return _breakdown(lines, [column], lambda g: g[column], lambda g: label(codelist, g[column]) if g[column] else "—")


def by_purpose(lines: QuerySet[DeclarationLine]) -> list[Row]:
    return _by_code(lines, "purpose_code", SECTOR)


def by_aid_type(lines: QuerySet[DeclarationLine]) -> list[Row]:
    return _by_code(lines, "aid_type", AID_TYPE)


def by_channel(lines: QuerySet[DeclarationLine]) -> list[Row]:
    return _by_code(lines, "channel_code", CHANNEL)


def oda_list_year(year: int) -> int | None:
    """The DAC list a year is read against: its own, else the latest before it, else the first (as ``OdaList``)."""
    found = OdaStatus.objects.aggregate(earlier=Max("year", filter=Q(year__lte=year)), first=Min("year"))
    return found["earlier"] if found["earlier"] is not None else found["first"]


def ldc_share(lines: QuerySet[DeclarationLine], year: int, *, oda: Decimal | None = None) -> LdcShare:
    """The ODA of lines to a country that is least developed on the year's DAC list, over all the ODA (the ODA
    spent in France and to developing countries, unspecified included in the whole)."""
    list_year = oda_list_year(year)
    statuses = OdaStatus.objects.filter(year=list_year) if list_year is not None else OdaStatus.objects.none()
    ldc_countries = statuses.filter(category=OdaCategory.LEAST_DEVELOPED).values("country_id")
    found = lines.aggregate(
        ldc=Sum("amount_eur", filter=Q(is_oda=True, recipient=Recipient.COUNTRY, country_id__in=ldc_countries)),
        **({} if oda is not None else {"oda": Sum("amount_eur", filter=Q(is_oda=True))}),
    )
    return LdcShare(
        ldc_oda=found["ldc"] or ZERO, oda=oda if oda is not None else (found["oda"] or ZERO), list_year=list_year
    )


def series(*, region: Any = None, kind: str | None = None) -> list[Row]:
    """Total and ODA per year of the validated declarations, earliest first (one query)."""
    groups = (
        validated_lines(region=region, kind=kind)
        .order_by()
        .values("declaration__year")
        .annotate(**_sums())
        .order_by("declaration__year")
    )
    return [
        Row(
            key=str(g["declaration__year"]),
            label=str(g["declaration__year"]),
            total=g["total"] or ZERO,
            oda=g["oda"] or ZERO,
            lines=g["n"],
        )
        for g in groups
    ]


def national_figures(year: int, *, region: Any = None, kind: str | None = None) -> Figures:
    """The year's totals, its six breakdowns and its LDC share, under the filters (nine queries)."""
    lines = validated_lines(year, region=region, kind=kind)
    whole = totals(lines)
    return Figures(
        year=year,
        declarations=whole["declarations"],
        total=whole["total"],
        oda=whole["oda"],
        lines=whole["lines"],
        by_region=by_region(lines),
        by_kind=by_kind(lines),
        by_recipient=by_recipient(lines),
        by_purpose=by_purpose(lines),
        by_aid_type=by_aid_type(lines),
        by_channel=by_channel(lines),
        ldc=ldc_share(lines, year, oda=whole["oda"]),
    )
