"""The public state of decentralised cooperation for a year: what is public, counted in SQL.

Records: the public projects running in the year (``Project.objects.running_in``), the French authorities they
involve (lead, participants, places — as the atlas search's "French authority" facet), plus those whose
declaration of the year is validated; their foreign authorities and organisations; their countries (France
aside, as the search's "country" facet). Money: the lines of the validated version of each declaration of the
year, leaving out the lines of a project that is not public (counted, never detailed). A fixed number of queries
whatever the number of rows (docs/declaration.md, "The public state of decentralised cooperation").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from coopdec.lib.codelists import label
from coopdec.lib.money import ZERO, display_amount
from coopdec.organizations.models import Organization
from coopdec.partnerships.enums import Visibility
from coopdec.projects.models import NEVER_RAN, Participant, Place, Project
from coopdec.territories.enums import AuthorityKind
from coopdec.territories.models import Authority, Country

from .codes import AID_TYPE, CHANNEL, SECTOR
from .enums import Recipient
from .models import Declaration, DeclarationLine

FRANCE = "FR"
# A year the report may be asked for: from the first decentralised cooperation law's era to this year.
FIRST_YEAR = 1980

# A line of a project that is not public stays out of the public figures.
_PRIVATE = Q(project__isnull=False) & ~Q(project__visibility=Visibility.PUBLIC)
_PUBLIC = Q(project__isnull=True) | Q(project__visibility=Visibility.PUBLIC)


def is_reportable(year: int) -> bool:
    """A year the report can be about: not before ``FIRST_YEAR``, not after this one."""
    return FIRST_YEAR <= year <= dt.date.today().year


def running_projects(year: int) -> QuerySet[Project]:
    """The public projects running in ``year``: what the report's records start from."""
    return Project.objects.public().running_in(year)


def validated_lines(year: int) -> QuerySet[DeclarationLine]:
    """Every counted line (not removed) of the validated version of each declaration of ``year``, public or not."""
    return DeclarationLine.objects.filter(
        declaration__year=year, version_id=F("declaration__validated_version_id"), removed=False
    )


def public_lines(year: int) -> QuerySet[DeclarationLine]:
    """The lines the public figures count: those of ``validated_lines`` not tied to a project that is not public."""
    return validated_lines(year).filter(_PUBLIC)


def _involved_authorities(projects: QuerySet[Project]) -> Q:
    """Authorities leading, taking part in or hosting one of ``projects`` (a condition on ``Authority``)."""
    return (
        Q(pk__in=projects.values("lead_authority_id"))
        | Q(pk__in=Participant.objects.filter(project__in=projects, authority__isnull=False).values("authority_id"))
        | Q(pk__in=Place.objects.filter(project__in=projects, authority__isnull=False).values("authority_id"))
    )


def _partner_organizations(projects: QuerySet[Project]) -> QuerySet[Organization]:
    """Organisations taking part in ``projects`` that are not French (an international one without a seat too)."""
    taking_part = Participant.objects.filter(project__in=projects, organization__isnull=False)
    return Organization.objects.filter(pk__in=taking_part.values("organization_id")).exclude(country_id=FRANCE)


def _countries(projects: QuerySet[Project]) -> QuerySet[Country]:
    """The countries of the projects' authorities, organisations and places, France aside."""
    authorities = Authority.objects.filter(_involved_authorities(projects)).values("country_id")
    organizations = Organization.objects.filter(participations__project__in=projects, country__isnull=False).values(
        "country_id"
    )
    places = Place.objects.filter(project__in=projects, country__isnull=False).values("country_id")
    return Country.objects.exclude(code=FRANCE).filter(
        Q(code__in=authorities) | Q(code__in=organizations) | Q(code__in=places)
    )


def _declared_authorities(year: int) -> Q:
    return Q(pk__in=Declaration.objects.of_year(year).validated().values("authority_id"))


@dataclass(frozen=True)
class Records:
    """The public records of a year: how many of each."""

    projects: int
    french_authorities: int  # engaged: through a public project running, or a validated declaration
    through_projects: int
    declared: int  # French authorities with a validated declaration of the year
    foreign_authorities: int
    foreign_organizations: int
    countries: int

    @property
    def foreign_partners(self) -> int:
        return self.foreign_authorities + self.foreign_organizations

    @property
    def any(self) -> bool:
        return bool(self.projects or self.french_authorities)


def records(year: int) -> Records:
    """The year's public records, in five queries."""
    projects = running_projects(year)
    involved = _involved_authorities(projects)
    declared = _declared_authorities(year)
    french = (
        Authority.objects.french()
        .filter(involved | declared)
        .aggregate(
            engaged=Count("pk"), through_projects=Count("pk", filter=involved), declared=Count("pk", filter=declared)
        )
    )
    return Records(
        projects=projects.count(),
        french_authorities=french["engaged"],
        through_projects=french["through_projects"],
        declared=french["declared"],
        foreign_authorities=Authority.objects.foreign().filter(involved).count(),
        foreign_organizations=_partner_organizations(projects).count(),
        countries=_countries(projects).count(),
    )


@dataclass(frozen=True)
class Row:
    """One row of a breakdown: what it is (its code and its label), its lines, its total and its ODA in euros."""

    code: str
    label: str
    lines: int
    total: Decimal
    oda: Decimal

    @property
    def total_display(self) -> str:
        return display_amount(self.total)

    @property
    def oda_display(self) -> str:
        return display_amount(self.oda)


@dataclass(frozen=True)
class Money:
    """The public lines of a year's validated declarations: totals, breakdowns, and what was left out."""

    declarations: int
    lines: int
    total: Decimal
    oda: Decimal
    excluded_lines: int
    excluded_total: Decimal
    by_recipient: list[Row] = field(default_factory=list)
    by_purpose: list[Row] = field(default_factory=list)
    by_aid_type: list[Row] = field(default_factory=list)
    by_authority_kind: list[Row] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.declarations)

    @property
    def total_display(self) -> str:
        return display_amount(self.total)

    @property
    def oda_display(self) -> str:
        return display_amount(self.oda)

    @property
    def excluded_display(self) -> str:
        return display_amount(self.excluded_total)

    @property
    def breakdowns(self) -> list[tuple[str, str, list[Row]]]:
        """``(slug, title, rows)`` of each breakdown, in the order the report shows them."""
        return [
            ("recipient", _("By recipient"), self.by_recipient),
            ("purpose", _("By purpose (DAC code)"), self.by_purpose),
            ("aid-type", _("By type of aid"), self.by_aid_type),
            ("authority-kind", _("By type of authority"), self.by_authority_kind),
        ]


_SUMS = {
    "lines": Count("pk"),
    "total": Coalesce(Sum("amount_eur"), ZERO),
    "oda": Coalesce(Sum("amount_eur", filter=Q(is_oda=True)), ZERO),
}


def _breakdown(lines: QuerySet[DeclarationLine], *keys: str) -> list[dict[str, Any]]:
    """Per value of ``keys``: lines, total and ODA, largest total first."""
    return list(lines.order_by().values(*keys).annotate(**_SUMS).order_by("-total", *keys))


def _rows(found: list[dict[str, Any]], key: str, name) -> list[Row]:
    return [
        Row(code=row[key] or "", label=name(row[key] or ""), lines=row["lines"], total=row["total"], oda=row["oda"])
        for row in found
    ]


def recipient_label(recipient: str, country: Country | None) -> str:
    """A line's recipient as a reader names it: the country, or "developing countries, unspecified"…"""
    if recipient == Recipient.COUNTRY and country is not None:
        return country.name
    return str(Recipient(recipient).label) if recipient in Recipient.values else _("Not stated")


def _by_recipient(lines: QuerySet[DeclarationLine]) -> list[Row]:
    found = _breakdown(lines, "recipient", "country_id")
    countries = Country.objects.in_bulk([row["country_id"] for row in found if row["country_id"]])
    return [
        Row(
            code=row["country_id"] or row["recipient"],
            label=recipient_label(row["recipient"], countries.get(row["country_id"])),
            lines=row["lines"],
            total=row["total"],
            oda=row["oda"],
        )
        for row in found
    ]


def _kind_label(kind: str) -> str:
    return str(AuthorityKind(kind).label) if kind in AuthorityKind.values else kind


def _not_stated(name: str):
    return lambda code: label(name, code) if code else _("Not stated")


def money(year: int) -> Money:
    """The year's validated declarations in euros, public lines only, in seven queries."""
    every = validated_lines(year).aggregate(
        lines=Count("pk", filter=_PUBLIC),
        total=Coalesce(Sum("amount_eur", filter=_PUBLIC), ZERO),
        oda=Coalesce(Sum("amount_eur", filter=_PUBLIC & Q(is_oda=True)), ZERO),
        excluded_lines=Count("pk", filter=_PRIVATE),
        excluded_total=Coalesce(Sum("amount_eur", filter=_PRIVATE), ZERO),
    )
    declarations = Declaration.objects.of_year(year).validated().count()
    lines = public_lines(year)
    return Money(
        declarations=declarations,
        **every,
        by_recipient=_by_recipient(lines),
        by_purpose=_rows(_breakdown(lines, "purpose_code"), "purpose_code", _not_stated(SECTOR)),
        by_aid_type=_rows(_breakdown(lines, "aid_type"), "aid_type", _not_stated(AID_TYPE)),
        by_authority_kind=_rows(
            _breakdown(lines, "declaration__authority__kind"), "declaration__authority__kind", _kind_label
        ),
    )


def years() -> list[int]:
    """The years with something to report, latest first: a validated declaration, or a public project running."""
    found = set(Declaration.objects.validated().order_by().values_list("year", flat=True).distinct())
    span = (
        Project.objects.public()
        .exclude(status__in=NEVER_RAN)
        .aggregate(
            first=Min(Coalesce("actual_start", "planned_start")),
            last=Max(Coalesce("actual_end", "planned_end")),
            open_ended=Count("pk", filter=Q(actual_end__isnull=True, planned_end__isnull=True)),
        )
    )
    if span["first"] is not None:
        this_year = dt.date.today().year
        last = this_year if span["open_ended"] else min(span["last"].year, this_year)
        found.update(range(max(span["first"].year, FIRST_YEAR), last + 1))
    return sorted((year for year in found if is_reportable(year)), reverse=True)


def latest_declared_year() -> int | None:
    """The latest year with a validated declaration, else the latest with a public project running."""
    declared = Declaration.objects.validated().aggregate(latest=Max("year"))["latest"]
    if declared is not None and is_reportable(declared):
        return declared
    found = years()
    return found[0] if found else None


@dataclass(frozen=True)
class LineRow:
    """One public line as the open CSV writes it."""

    authority: str
    authority_code: str
    authority_kind: str
    recipient: str
    country_code: str
    purpose: str
    aid_type: str
    channel: str
    amount: Decimal
    is_oda: bool
    project_id: int | None


def line_rows(year: int) -> Iterator[LineRow]:
    """Each public line of the year's validated declarations, by authority, read in chunks (one query)."""
    rows = (
        public_lines(year)
        .order_by("declaration__authority__name", "declaration__authority__code", "position", "pk")
        .values_list(
            "declaration__authority__name",
            "declaration__authority__code",
            "declaration__authority__kind",
            "recipient",
            "country_id",
            "country__name_fr",
            "country__name_en",
            "country__names",
            "purpose_code",
            "aid_type",
            "channel_code",
            "amount_eur",
            "is_oda",
            "project_id",
        )
    )
    labels: dict[tuple[str, str], str] = {}  # each code's label looked up once, not once per line

    def named(codelist: str, code: str) -> str:
        if (codelist, code) not in labels:
            labels[codelist, code] = label(codelist, code) if code else ""
        return labels[codelist, code]

    for row in rows.iterator(chunk_size=2000):
        name, code, kind, recipient, country, name_fr, name_en, names, purpose, aid, channel, amount, oda, project = row
        # The country's name in the reader's language, without a query per line.
        place = Country(code=country, name_fr=name_fr, name_en=name_en, names=names or {}) if country else None
        yield LineRow(
            authority=name,
            authority_code=code,
            authority_kind=_kind_label(kind),
            recipient=recipient_label(recipient, place),
            country_code=country or "",
            purpose=named(SECTOR, purpose),
            aid_type=named(AID_TYPE, aid),
            channel=named(CHANNEL, channel),
            amount=amount if amount is not None else ZERO,
            is_oda=oda,
            project_id=project,
        )
