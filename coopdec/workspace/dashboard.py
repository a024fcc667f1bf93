"""What an authority's dashboard shows, read in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from coopdec.funding.selectors import funding_summary, value_date_of
from coopdec.lib.money import ZERO, NoEuroRate, display_amount, to_euros
from coopdec.partnerships.models import Affiliation, AffiliationContribution, Partnership
from coopdec.projects.enums import ProjectStatus
from coopdec.projects.models import Disbursement, Funding, Project

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A partnership ending within this many days is flagged: time to renew it or to close it.
ENDING_SOON_DAYS = 183
# Each checklist shows at most this many items (one query each); the rest are counted as "more".
CHECKLIST_LIMIT = 20
# Closed and cancelled projects no longer need fixing for the declaration.
OPEN_STATUSES = (
    ProjectStatus.PIPELINE,
    ProjectStatus.IMPLEMENTATION,
    ProjectStatus.FINALISATION,
    ProjectStatus.SUSPENDED,
)


def url_or_none(name: str, pk: int) -> str | None:
    """The page ``name`` of object ``pk``, when that page exists (the project and partnership pages come later)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


@dataclass
class EuroTotal:
    """A sum in euros; amounts in a currency the ECB does not quote are listed apart, unconverted."""

    cash: Decimal = ZERO
    in_kind: Decimal = ZERO
    unconverted: set[str] = field(default_factory=set)

    def add(self, amount: Decimal, currency: str, on: date, *, in_kind: bool = False) -> None:
        try:
            euros = to_euros(amount, currency, on)
        except NoEuroRate:
            self.unconverted.add(currency)
            return
        if in_kind:
            self.in_kind += euros
        else:
            self.cash += euros


@dataclass
class Check:
    """One line of the checklist for the yearly declaration: what is missing, and the items concerned."""

    key: str
    title: StrOrPromise
    items: list[dict]
    more: bool = False

    @property
    def done(self) -> bool:
        return not self.items


def _limited(queryset) -> tuple[list, bool]:
    rows = list(queryset[: CHECKLIST_LIMIT + 1])
    return rows[:CHECKLIST_LIMIT], len(rows) > CHECKLIST_LIMIT


def _project_items(projects, detail=None) -> list[dict]:
    return [
        {"label": project.title, "detail": detail(project) if detail else "", "url": project_url(project.pk)}
        for project in projects
    ]


def project_url(pk: int) -> str | None:
    return url_or_none("projects:detail", pk)


def partnership_url(pk: int) -> str | None:
    return url_or_none("partnerships:detail", pk)


@dataclass
class ActivePartnership:
    """A partnership in force, flagged when it ends within ``ENDING_SOON_DAYS``, linked when its page exists."""

    partnership: Partnership
    ends_soon: bool
    url: str | None


def active_partnerships(authority, today: date) -> list[ActivePartnership]:
    soon = today + timedelta(days=ENDING_SOON_DAYS)
    partnerships = (
        Partnership.objects.active(today).of_authority(authority).order_by(Coalesce("ends_on", date.max), "title")
    )
    return [
        ActivePartnership(
            partnership,
            ends_soon=partnership.ends_on is not None and partnership.ends_on <= soon,
            url=partnership_url(partnership.pk),
        )
        for partnership in partnerships
    ]


def projects_by_status(authority) -> list[dict]:
    involved = Project.objects.involving(authority).values("pk")
    counts = dict(
        Project.objects.filter(pk__in=involved)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [{"status": status, "count": counts.get(status.value, 0)} for status in ProjectStatus]


def committed(authority, year: int) -> EuroTotal:
    """The funding lines ``authority`` pays for ``year`` (their budget year, else their value date's year)."""
    total = EuroTotal()
    lines = (
        Funding.objects.filter(funder_authority=authority)
        .filter(Q(year=year) | Q(year__isnull=True, value_date__year=year))
        .select_related("project")
        .only("amount", "currency", "in_kind", "value_date", "project__planned_start")
    )
    for line in lines:
        total.add(line.amount, line.currency, value_date_of(line, line.project), in_kind=line.in_kind)
    return total


def disbursed(authority, year: int, today: date) -> EuroTotal:
    """Money paid out in ``year`` on the projects ``authority`` leads, at the rate of the payment date."""
    total = EuroTotal()
    rate_day = min(date(year, 12, 31), today)
    for disbursement in Disbursement.objects.filter(project__lead_authority=authority, year=year).only(
        "amount", "currency", "paid_on"
    ):
        total.add(disbursement.amount, disbursement.currency, disbursement.paid_on or rate_day)
    return total


@dataclass
class Membership:
    """A membership of an international organisation, with its fee of the year if it is recorded."""

    affiliation: Affiliation
    contribution: AffiliationContribution | None


def affiliations(authority, year: int, today: date) -> tuple[list[Membership], EuroTotal]:
    fees = EuroTotal()
    current = (
        Affiliation.objects.filter(authority=authority)
        .current(today)
        .select_related("organization")
        .prefetch_related(Prefetch("contributions", queryset=AffiliationContribution.objects.filter(year=year)))
        .order_by("organization__name")
    )
    # One contribution a year at most (contribution_one_per_year); .all() reads the prefetched ones of ``year``.
    rows = [Membership(affiliation, next(iter(affiliation.contributions.all()), None)) for affiliation in current]
    for row in rows:
        if row.contribution:
            fees.add(row.contribution.amount, row.contribution.currency, min(date(year, 12, 31), today))
    return rows, fees


def funding_gaps(projects) -> dict[int, Decimal]:
    """``{project pk: budget − funding lines in euros}`` for the ``projects`` whose lines do not add up to the budget.

    The same figures as ``funding_summary(project).gap_eur``. Projects counted only in euros (the usual case) are
    summed in SQL, as rows of numbers; only those with another currency load their lines to convert them at the
    ECB rate of each line's date — a national-scale authority has hundreds of projects (bench/bench_workspace.py).
    """
    budgeted = projects.filter(budget__isnull=False).order_by()
    foreign_lines = Funding.objects.exclude(currency="EUR").values("project_id")
    in_euros = (
        budgeted.filter(currency="EUR")
        .exclude(pk__in=foreign_lines)
        .values_list("pk", "budget")
        .annotate(funded=Sum("fundings__amount"))
        .filter(funded__isnull=False)
    )
    gaps: dict[int, Decimal] = {}
    for pk, budget, funded in in_euros:
        gap = to_euros(budget, "EUR", date.min) - to_euros(funded, "EUR", date.min)
        if gap:
            gaps[pk] = gap
    converted = (
        budgeted.filter(~Q(currency="EUR") | Q(pk__in=foreign_lines))
        .filter(pk__in=Funding.objects.values("project_id"))
        .prefetch_related("fundings")
    )
    for project in converted:
        gap_eur = funding_summary(project).gap_eur
        if gap_eur:
            gaps[project.pk] = gap_eur
    return gaps


def checklist(authority, year: int) -> list[Check]:
    """What the yearly declaration of ``year`` still lacks, computed from the data, each item linked."""
    led = Project.objects.filter(lead_authority=authority, status__in=OPEN_STATUSES).order_by("title", "pk")
    checks = []

    rows, more = _limited(led.filter(themes__isnull=True))
    checks.append(Check("no_theme", _("Projects without a theme"), _project_items(rows), more))

    rows, more = _limited(led.filter(budget__isnull=True))
    checks.append(Check("no_budget", _("Projects without a budget"), _project_items(rows), more))

    rows, more = _limited(led.filter(fundings__isnull=True))
    checks.append(Check("no_funding", _("Projects without funding lines"), _project_items(rows), more))

    gaps = funding_gaps(led)
    rows, more = _limited(led.filter(pk__in=list(gaps)))
    items = [
        {
            "label": project.title,
            "detail": _("gap of %(gap)s") % {"gap": display_amount(gaps[project.pk])}
            if gaps[project.pk] > 0
            else _("over-funded by %(amount)s") % {"amount": display_amount(-gaps[project.pk])},
            "url": project_url(project.pk),
        }
        for project in rows
    ]
    checks.append(Check("funding_gap", _("Projects whose funding lines do not add up to the budget"), items, more))

    rows, more = _limited(Partnership.objects.of_authority(authority).awaiting_prefect().order_by("signed_on", "pk"))
    items = [
        {"label": partnership.title, "detail": partnership.signed_on or "", "url": partnership_url(partnership.pk)}
        for partnership in rows
    ]
    checks.append(Check("not_sent_to_prefect", _("Conventions signed but not sent to the préfet"), items, more))

    started_before = date(year + 1, 1, 1)
    rows, more = _limited(
        led.filter(status=ProjectStatus.IMPLEMENTATION)
        .annotate(started=Coalesce("actual_start", "planned_start"))
        .filter(started__lt=started_before)
        .exclude(disbursements__year=year)
    )
    checks.append(
        Check(
            "no_disbursement",
            _("Ongoing projects with no disbursement recorded for %(year)s") % {"year": year},
            _project_items(rows),
            more,
        )
    )
    return checks


def dashboard(authority, *, today: date) -> dict:
    year = today.year
    memberships, fees = affiliations(authority, year, today)
    return {
        "year": year,
        "declaration_year": year - 1,
        "partnerships": active_partnerships(authority, today),
        "projects_by_status": projects_by_status(authority),
        "committed": committed(authority, year),
        "disbursed": disbursed(authority, year, today),
        "affiliations": memberships,
        "fees": fees,
        "checklist": checklist(authority, year - 1),
    }
