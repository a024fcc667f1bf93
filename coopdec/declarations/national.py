"""The national figures of validated declarations (coordinators): totals, breakdowns, the LDC share, the series.

Only the validated version of each declaration counts (``Declaration.validated_version``); its removed lines do
not. Every figure is summed in SQL — two GROUP BYs over the year's lines serve the six breakdowns, a handful of
queries whatever the number of lines — and private lines are included (``perms.can_view_national_figures`` keeps
the page to coordinators).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum
from django.utils.translation import get_language

from coopdec.lib.codelists import label
from coopdec.territories.enums import AuthorityKind, OdaCategory
from coopdec.territories.models import Authority, Country, OdaStatus

from .codes import AID_TYPE, CHANNEL, SECTOR
from .enums import Recipient
from .models import Declaration, DeclarationLine

ZERO = Decimal("0")
CENT = Decimal("0.01")


def _euros(value: Decimal | None) -> Decimal:
    """A sum to the cent: SQLite adds decimals as floats, whose last digits are noise."""
    return (value or ZERO).quantize(CENT)


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


def validated_declarations(year: int | None = None, *, region: Any = None, kind: str | None = None):
    """The validated declarations (of ``year``; of every year when None), filtered by their région (an authority
    or its primary key) and their authority's type (``AuthorityKind``)."""
    declarations = Declaration.objects.validated()
    if year is not None:
        declarations = declarations.filter(year=year)
    if region is not None:
        declarations = declarations.filter(region_id=getattr(region, "pk", region))
    if kind:
        declarations = declarations.filter(authority__kind=kind)
    return declarations


def validated_lines(year: int | None = None, *, region: Any = None, kind: str | None = None):
    """The counted lines of those declarations' validated versions (without the lines removed in them).

    Read through the lines' index on their version (``version_id IN (validated versions)``): at national scale
    SQLite then reads only the validated lines, not every working copy beside them.
    """
    versions = validated_declarations(year, region=region, kind=kind).values("validated_version_id")
    return DeclarationLine.objects.filter(version_id__in=versions, removed=False)


def validated_years() -> list[int]:
    """The years that have at least one validated declaration, latest first."""
    years = Declaration.objects.validated().order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def _sums() -> dict[str, Any]:
    return {"total": Sum("amount_eur"), "oda": Sum("amount_eur", filter=Q(is_oda=True)), "n": Count("pk")}


class _Folder:
    """Adds up groups of a GROUP BY into the rows of a coarser breakdown (a région's total is the sum of its
    groups by recipient): two passes over the lines serve six breakdowns."""

    def __init__(self) -> None:
        self.sums: dict[str, list[Any]] = {}

    def add(self, key: Any, group: dict) -> None:
        found = self.sums.setdefault("" if key is None else str(key), [ZERO, ZERO, 0])
        found[0] += _euros(group["total"])
        found[1] += _euros(group["oda"])
        found[2] += group["n"]

    def rows(self, name: Callable[[str], str]) -> list[Row]:
        ordered = sorted(self.sums.items(), key=lambda item: (-item[1][0], item[0]))
        return [Row(key=key, label=name(key), total=t, oda=o, lines=n) for key, (t, o, n) in ordered]


def _kind_name(kind: str) -> str:
    return str(AuthorityKind(kind).label) if kind in AuthorityKind.values else kind


def _code_name(codelist: str) -> Callable[[str], str]:
    return lambda code: label(codelist, code) if code else "—"


def _country_names(codes: Iterable[str]) -> dict[str, str]:
    english = (get_language() or "fr").startswith("en")
    names = Country.objects.filter(code__in=[code for code in codes if code]).values_list("code", "name_fr", "name_en")
    return {code: name_en if english else name_fr for code, name_fr, name_en in names}


def _recipient_key(group: dict) -> str:
    if group["recipient"] == Recipient.COUNTRY and group["country_id"]:
        return str(group["country_id"])
    return str(group["recipient"] or "")


def oda_list_year(year: int) -> int | None:
    """The DAC list a year is read against: its own, else the latest before it, else the first (as ``OdaList``)."""
    found = OdaStatus.objects.aggregate(earlier=Max("year", filter=Q(year__lte=year)), first=Min("year"))
    return found["earlier"] if found["earlier"] is not None else found["first"]


def least_developed(list_year: int | None) -> set[str]:
    """The countries least developed on that year's DAC list."""
    if list_year is None:
        return set()
    statuses = OdaStatus.objects.filter(year=list_year, category=OdaCategory.LEAST_DEVELOPED)
    return set(statuses.values_list("country_id", flat=True))


def national_figures(year: int, *, region: Any = None, kind: str | None = None) -> Figures:
    """The year's totals, its six breakdowns and its LDC share, under the filters.

    Two GROUP BYs over the validated lines — by (région, type of authority, recipient, country), then by (purpose,
    type of aid, channel) — whose groups add up to each breakdown, and four small queries (declarations, the DAC
    list, region and country names): seven in all, whatever the number of lines.
    """
    lines = validated_lines(year, region=region, kind=kind).order_by()
    declarations = validated_declarations(year, region=region, kind=kind).count()
    regions, kinds, recipients, purposes, aid_types, channels = (_Folder() for _ in range(6))
    recipient_groups = list(
        lines.values("declaration__region_id", "declaration__authority__kind", "recipient", "country_id").annotate(
            **_sums()
        )
    )
    for group in recipient_groups:
        regions.add(group["declaration__region_id"], group)
        kinds.add(group["declaration__authority__kind"], group)
        recipients.add(_recipient_key(group), group)
    for group in lines.values("purpose_code", "aid_type", "channel_code").annotate(**_sums()):
        purposes.add(group["purpose_code"], group)
        aid_types.add(group["aid_type"], group)
        channels.add(group["channel_code"], group)
    list_year = oda_list_year(year)
    ldc = least_developed(list_year)
    ldc_oda = sum(
        (_euros(g["oda"]) for g in recipient_groups if g["recipient"] == Recipient.COUNTRY and g["country_id"] in ldc),
        ZERO,
    )
    region_names = dict(Authority.objects.filter(pk__in=[int(k) for k in regions.sums if k]).values_list("pk", "name"))
    country_names = _country_names(recipients.sums)
    by_region = regions.rows(lambda key: region_names.get(int(key), "—") if key else "—")
    total = sum((row.total for row in by_region), ZERO)
    oda = sum((row.oda for row in by_region), ZERO)
    return Figures(
        year=year,
        declarations=declarations,
        total=total,
        oda=oda,
        lines=sum(row.lines for row in by_region),
        by_region=by_region,
        by_kind=kinds.rows(_kind_name),
        by_recipient=recipients.rows(
            lambda key: country_names.get(key) or (str(Recipient(key).label) if key in Recipient.values else "—")
        ),
        by_purpose=purposes.rows(_code_name(SECTOR)),
        by_aid_type=aid_types.rows(_code_name(AID_TYPE)),
        by_channel=channels.rows(_code_name(CHANNEL)),
        ldc=LdcShare(ldc_oda=ldc_oda, oda=oda, list_year=list_year),
    )


def series(*, region: Any = None, kind: str | None = None) -> list[Row]:
    """Total and ODA per year of the validated declarations, earliest first, in one query over the declarations.

    Read from the validated versions' totals — which ``services.freeze`` computes from the same lines when the
    version is made, and nothing changes after — rather than from every line of every year; ``lines`` here
    counts declarations.
    """
    groups = (
        validated_declarations(region=region, kind=kind)
        .order_by()
        .values("year")
        .annotate(total=Sum("validated_version__total"), oda=Sum("validated_version__oda_total"), n=Count("pk"))
        .order_by("year")
    )
    return [
        Row(key=str(g["year"]), label=str(g["year"]), total=_euros(g["total"]), oda=_euros(g["oda"]), lines=g["n"])
        for g in groups
    ]
