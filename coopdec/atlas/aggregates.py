"""What the atlas's statistics and map show: counts and euro sums over the filtered set, computed in SQL.

Amounts are in euros. Euro rows are summed by the database; rows in another currency are read one by one
and converted at the ECB rate of their date (``lib.money.to_euros``: a project's budget at its planned
start, a funding line at its value date, else the project's planned start), which keeps the common case
— everything in euros — to one grouped query per chart. A currency the ECB does not quote is left out of
the euro sums and named in ``Chart.unconverted``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopdec.lib.money import CENT, ZERO, NoEuroRate, to_euros
from coopdec.partnerships.models import Party
from coopdec.projects.enums import Instrument
from coopdec.projects.models import Funding, Participant, Place, Project
from coopdec.territories.enums import AuthorityKind, OdaCategory
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from .filters import Filtered

TOP_COUNTRIES = 15


@dataclass
class Bucket:
    count: int = 0
    euros: Decimal = ZERO


@dataclass
class Sums:
    """Per group key: how many items and how many euros; which currencies could not be converted."""

    buckets: dict[Any, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    unconverted: set[str] = field(default_factory=set)


def euro_sums(
    rows: QuerySet, key: str, *, amount: str, currency: str, on: str | None, count: str = "pk", distinct: bool = False
) -> Sums:
    """Count ``count`` and sum ``amount`` in euros per value of ``key`` (an annotation or a field path)."""
    sums = Sums()
    grouped = (
        rows.order_by()
        .values(key)
        .annotate(n=Count(count, distinct=distinct), eur=Sum(amount, filter=Q(**{currency: "EUR"})))
    )
    for row in grouped:
        bucket = sums.buckets[row[key]]
        bucket.count += row["n"]
        bucket.euros += row["eur"] or ZERO
    others = (
        rows.order_by()
        .exclude(**{currency: "EUR"})
        .exclude(**{f"{amount}__isnull": True})
        .values_list(key, amount, currency, on or currency)
    )
    today = timezone.localdate()
    for group, value, code, day in others:
        try:
            sums.buckets[group].euros += to_euros(value, code, day if on and day else today)
        except NoEuroRate:
            sums.unconverted.add(code)
    for bucket in sums.buckets.values():
        bucket.euros = Decimal(bucket.euros).quantize(CENT)
    return sums


def project_budget_sums(projects: QuerySet, key: str, **annotations) -> Sums:
    return euro_sums(
        projects.annotate(**annotations) if annotations else projects,
        key,
        amount="budget",
        currency="currency",
        on="planned_start",
    )


# --- statistics ---------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    code: str
    values: list  # one per value column
    lang: str = ""


@dataclass
class Chart:
    """One chart of the statistics page: its data table (the accessible source) and which column the bars show."""

    slug: str
    title: Any
    key_label: Any
    columns: Sequence[Any]
    rows: list[Row]
    bar: int = 0  # index in ``columns`` of the value drawn as bars
    note: Any = ""
    unconverted: list[str] = field(default_factory=list)

    @property
    def bars(self) -> list[dict]:
        """Each row with its bar's length as a percentage of the largest one (for the server-rendered SVG)."""
        top = max((float(row.values[self.bar] or 0) for row in self.rows), default=0) or 1
        return [
            {"row": row, "percent": round(100 * float(row.values[self.bar] or 0) / top, 1), "y": index * 22}
            for index, row in enumerate(self.rows)
        ]

    @property
    def height(self) -> int:
        return max(22 * len(self.rows), 22)


@dataclass
class Totals:
    partnerships: int
    projects: int
    budget_eur: Decimal
    funding_eur: Decimal
    countries: int
    french_authorities: int
    unconverted: list[str]


def place_country() -> Coalesce:
    """The country of a project's place: its own, else its authority's."""
    return Coalesce("country_id", "authority__country_id", output_field=CharField())


def totals(selection: Filtered) -> Totals:
    projects, partnerships = selection.projects, selection.partnerships
    budget = project_budget_sums(projects, "one", one=_constant())
    funding = funding_sums(projects, "one", one=_constant())
    places = Place.objects.filter(project__in=projects.values("pk")).annotate(place_country=place_country())
    countries = places.exclude(place_country="FR").values("place_country").distinct().count()
    french = (
        Participant.objects.filter(project__in=projects.values("pk"), authority__is_french=True)
        .values("authority_id")
        .distinct()
        .count()
    )
    return Totals(
        partnerships=partnerships.count(),
        projects=budget.buckets[1].count if budget.buckets else 0,
        budget_eur=budget.buckets[1].euros if budget.buckets else ZERO,
        funding_eur=funding.buckets[1].euros if funding.buckets else ZERO,
        countries=countries,
        french_authorities=french,
        unconverted=sorted(budget.unconverted | funding.unconverted),
    )


def _constant() -> Value:
    return Value(1, output_field=IntegerField())


def funding_sums(projects: QuerySet, key: str, **annotations) -> Sums:
    lines = Funding.objects.filter(project__in=projects.values("pk")).annotate(
        value_on=Coalesce("value_date", "project__planned_start"), **annotations
    )
    return euro_sums(lines, key, amount="amount", currency="currency", on="value_on", count="project_id", distinct=True)


def by_year(selection: Filtered) -> Chart:
    """Projects by the year of their planned start, with their budgets; partnerships by year of signature."""
    budgets = project_budget_sums(selection.projects.filter(planned_start__isnull=False), "y", y=ExtractYear(
        "planned_start"
    ))  # fmt: skip
    signed = dict(
        selection.partnerships.filter(signed_on__isnull=False)
        .order_by()
        .annotate(y=ExtractYear("signed_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
    )
    years = sorted(set(budgets.buckets) | set(signed))
    rows = [
        Row(str(year), str(year), [signed.get(year, 0), budgets.buckets[year].count, budgets.buckets[year].euros])
        for year in years
    ]
    return Chart(
        slug="years",
        title=_("Evolution by year"),
        key_label=_("Year"),
        columns=[_("Partnerships signed"), _("Projects started"), _("Budget of the projects started (€)")],
        rows=rows,
        bar=1,
        unconverted=sorted(budgets.unconverted),
    )


def top_countries(selection: Filtered, limit: int = TOP_COUNTRIES) -> Chart:
    """Partner countries (France left out) by number of projects located there."""
    places = Place.objects.filter(project__in=selection.projects.values("pk")).annotate(c=place_country())
    projects = euro_sums(
        places.exclude(c="FR"),
        "c",
        amount="project__budget",
        currency="project__currency",
        on="project__planned_start",
        count="project_id",
        distinct=True,
    )
    partnerships = partnerships_by_country(selection.partnerships)
    codes = sorted(projects.buckets, key=lambda c: (-projects.buckets[c].count, c))[:limit]
    names = {country.code: country for country in Country.objects.filter(code__in=codes)}
    rows = [
        Row(
            names[c].name if c in names else c,
            c,
            [projects.buckets[c].count, partnerships.get(c, 0), projects.buckets[c].euros],
        )
        for c in codes
    ]
    return Chart(
        slug="countries",
        title=_("Top partner countries"),
        key_label=_("Country"),
        columns=[_("Projects"), _("Partnerships"), _("Project budgets (€)")],
        rows=rows,
        note=_("A project located in several countries counts in each."),
        unconverted=sorted(projects.unconverted),
    )


def partnerships_by_country(partnerships: QuerySet) -> dict[str, int]:
    """Partnerships per country of their foreign parties (a partnership with two countries counts in both)."""
    parties = (
        Party.objects.filter(partnership__in=partnerships.values("pk"))
        .annotate(c=Coalesce("authority__country_id", "organization__country_id", "country_id"))
        .exclude(authority__is_french=True)
        .exclude(c="FR")
        .exclude(c__isnull=True)
        .order_by()
        .values("c")
        .annotate(n=Count("partnership_id", distinct=True))
    )
    return {row["c"]: row["n"] for row in parties}


def themes(selection: Filtered) -> Chart:
    links = Project.themes.through.objects.filter(project__in=selection.projects.values("pk"))
    sums = euro_sums(
        links, "theme_id", amount="project__budget", currency="project__currency", on="project__planned_start"
    )
    themes = Theme.objects.filter(pk__in=list(sums.buckets))
    rows = sorted(
        (
            Row(theme.label, theme.code, [sums.buckets[theme.pk].count, sums.buckets[theme.pk].euros])
            for theme in themes
        ),
        key=lambda row: (-row.values[0], row.label),
    )
    return Chart(
        slug="themes",
        title=_("Themes"),
        key_label=_("Theme"),
        columns=[_("Projects"), _("Project budgets (€)")],
        rows=rows,
        note=_("A project with several themes counts in each."),
        unconverted=sorted(sums.unconverted),
    )


def regions(selection: Filtered) -> Chart:
    """Projects by the French région of their lead authority (a région, one of its départements or communes).

    Départements point to their région; communes are placed by the INSEE prefix of their département.
    EPCI and overseas collectivities outside a région are counted under "Other French authorities".
    """
    lead = "lead_authority__"
    departement_of_commune = Case(
        When(**{f"{lead}insee_code__startswith": "97"}, then=Substr(f"{lead}insee_code", 1, 3)),
        default=Substr(f"{lead}insee_code", 1, 2),
        output_field=CharField(),
    )
    key = Case(
        When(**{f"{lead}kind": AuthorityKind.REGION}, then=F("lead_authority__code")),
        When(**{f"{lead}kind": AuthorityKind.DEPARTEMENT}, then=F("lead_authority__parent__code")),
        When(**{f"{lead}kind": AuthorityKind.COMMUNE}, then=departement_of_commune),
        default=None,
        output_field=CharField(),
    )
    sums = project_budget_sums(selection.projects.filter(lead_authority__is_french=True), "area", area=key)
    region_of_departement = dict(
        Authority.objects.filter(kind=AuthorityKind.DEPARTEMENT, parent__isnull=False).values_list(
            "insee_code", "parent__code"
        )
    )
    merged: dict[str, Bucket] = defaultdict(Bucket)
    for area, bucket in sums.buckets.items():
        region = area if area and area.startswith("FR-REG-") else region_of_departement.get(area or "")
        merged[region or ""].count += bucket.count
        merged[region or ""].euros += bucket.euros
    names = dict(Authority.objects.filter(code__in=[code for code in merged if code]).values_list("code", "name"))
    rows = [
        Row(names.get(code, code) if code else str(_("Other French authorities")), code, [b.count, b.euros])
        for code, b in merged.items()
    ]
    rows.sort(key=lambda row: (row.code == "", -row.values[0], row.label))
    return Chart(
        slug="regions",
        title=_("French regions"),
        key_label=_("Region"),
        columns=[_("Projects led"), _("Project budgets (€)")],
        rows=rows,
        note=_("By the région of the lead authority; inter-municipal bodies are not placed in a région."),
        unconverted=sorted(sums.unconverted),
    )


def instruments(selection: Filtered) -> Chart:
    sums = funding_sums(selection.projects, "instrument")
    labels = dict(Instrument.choices)
    rows = sorted(
        (Row(str(labels.get(code, code)), code, [b.count, b.euros]) for code, b in sums.buckets.items()),
        key=lambda row: (-row.values[1], row.label),
    )
    return Chart(
        slug="instruments",
        title=_("Funding instruments"),
        key_label=_("Instrument"),
        columns=[_("Projects"), _("Funding (€)")],
        rows=rows,
        bar=1,
        unconverted=sorted(sums.unconverted),
    )


def least_developed(selection: Filtered) -> Chart:
    """Project budgets by the ODA category of the countries where projects take place (France left out)."""
    places = (
        Place.objects.filter(project__in=selection.projects.values("pk"))
        .annotate(c=place_country())
        .exclude(c="FR")
        .annotate(
            category=Coalesce("country__oda_category", "authority__country__oda_category", output_field=CharField())
        )
    )
    sums = euro_sums(
        places,
        "category",
        amount="project__budget",
        currency="project__currency",
        on="project__planned_start",
        count="project_id",
        distinct=True,
    )
    total = sum((bucket.euros for bucket in sums.buckets.values()), ZERO)
    rows = []
    for category in OdaCategory:
        bucket = sums.buckets.get(category.value, Bucket())
        share = (100 * bucket.euros / total).quantize(Decimal("0.1")) if total else Decimal("0.0")
        rows.append(Row(str(category.label), category.value, [share, bucket.count, bucket.euros]))
    return Chart(
        slug="ldc",
        title=_("Share of aid to least-developed countries"),
        key_label=_("ODA category"),
        columns=[_("Share of budgets (%)"), _("Projects"), _("Project budgets (€)")],
        rows=rows,
        note=_("By the countries' current category on the OECD DAC list; projects in France are left out."),
        unconverted=sorted(sums.unconverted),
    )


CHARTS = {
    "years": by_year,
    "countries": top_countries,
    "themes": themes,
    "regions": regions,
    "instruments": instruments,
    "ldc": least_developed,
}


def statistics(selection: Filtered) -> tuple[Totals, list[Chart]]:
    return totals(selection), [build(selection) for build in CHARTS.values()]


# --- map ------------------------------------------------------------------------------------------------


def map_countries(selection: Filtered) -> list[dict]:
    """Per country with partners or projects: ISO numeric code (the boundaries' id), counts and euros."""
    partnerships = partnerships_by_country(selection.partnerships)
    places = Place.objects.filter(project__in=selection.projects.values("pk")).annotate(c=place_country())
    projects = euro_sums(
        places.exclude(c="FR"),
        "c",
        amount="project__budget",
        currency="project__currency",
        on="project__planned_start",
        count="project_id",
        distinct=True,
    )
    codes = set(partnerships) | set(projects.buckets)
    countries = Country.objects.filter(code__in=codes).only("code", "numeric", "name_fr", "name_en", "names")
    return [
        {
            "code": country.code,
            "numeric": country.numeric,
            "name": country.name,
            "partnerships": partnerships.get(country.code, 0),
            "projects": projects.buckets[country.code].count if country.code in projects.buckets else 0,
            "amount": float(projects.buckets[country.code].euros) if country.code in projects.buckets else 0.0,
        }
        for country in countries
    ]


MARKER_LIMIT = 3000


def map_authorities(selection: Filtered, limit: int = MARKER_LIMIT) -> tuple[list[list], int]:
    """Located authorities taking part in the filtered partnerships or projects, most involved first.

    Each marker is ``[code, name, latitude, longitude, is_french, partnerships, projects]`` (compact, since
    there are thousands); at most ``limit`` are returned, with the number there were in all.
    """
    located = {"authority__latitude__isnull": False, "authority__longitude__isnull": False}
    fields = ("authority_id", "authority__code", "authority__name", "authority__latitude", "authority__longitude",
              "authority__is_french")  # fmt: skip
    markers: dict[int, list] = {}
    parties = (
        Party.objects.filter(partnership__in=selection.partnerships.values("pk"), **located)
        .order_by()
        .values_list(*fields)
        .annotate(n=Count("partnership_id", distinct=True))
    )
    for pk, code, name, lat, lon, french, n in parties:
        markers[pk] = [code, name, round(lat, 4), round(lon, 4), french, n, 0]
    participants = (
        Participant.objects.filter(project__in=selection.projects.values("pk"), **located)
        .order_by()
        .values_list(*fields)
        .annotate(n=Count("project_id", distinct=True))
    )
    for pk, code, name, lat, lon, french, n in participants:
        marker = markers.setdefault(pk, [code, name, round(lat, 4), round(lon, 4), french, 0, 0])
        marker[6] = n
    ranked = sorted(markers.values(), key=lambda m: (-(m[5] + m[6]), m[0]))
    return ranked[:limit], len(ranked)


def map_links(selection: Filtered, authority: Authority) -> list[dict]:
    """The partners of ``authority`` in the filtered partnerships, each with the partnerships they share."""
    shared = selection.partnerships.filter(parties__authority=authority).values("pk")
    parties = (
        Party.objects.filter(partnership__in=shared, authority__isnull=False)
        .exclude(authority=authority)
        .select_related("authority", "partnership")
        .order_by("authority__name", "partnership_id")
    )
    partners: dict[int, dict] = {}
    for party in parties:
        partner = party.authority
        entry = partners.setdefault(
            partner.pk,
            {
                "code": partner.code,
                "name": partner.name,
                "country": partner.country_id,
                "lat": partner.latitude,
                "lon": partner.longitude,
                "partnerships": [],
            },
        )
        entry["partnerships"].append({"id": party.partnership_id, "title": party.partnership.display_title})
    return list(partners.values())
