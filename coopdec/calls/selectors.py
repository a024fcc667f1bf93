"""Reads the pages and services share: a call's rules and an application's budget as the plain data that
``eligibility.check`` reads (a handful of queries each, then none per keystroke)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coopdec.declarations.enums import DeclarationStatus
from coopdec.declarations.lines import OdaList
from coopdec.declarations.models import DeclarationVersion
from coopdec.partnerships.enums import PartnershipStatus
from coopdec.territories.models import Country, OdaStatus

from .eligibility import Budget, Eligibility, Expense, Resource, Rules, check
from .enums import ApplicationStatus, DocumentKind, Source
from .models import Application, Award, Call, Report, Tranche

SIGNED = (PartnershipStatus.SIGNED, PartnershipStatus.IN_FORCE)


def rules_of(call: Call, *, countries: Iterable[str] | None = None) -> Rules:
    """The call's rules, with the ODA categories of its year (the DAC list of that year, or the latest before).

    The messages name countries: ``countries`` limits the names loaded to those (and the call's own list) — what
    an application names; without it, every country's, for a page whose country picker may choose any."""
    eligible = frozenset(call.eligible_countries.values_list("code", flat=True))
    rows = Country.objects.all()
    if countries is None:
        categories = OdaList(call.year).categories
    else:
        rows = rows.filter(code__in=eligible | set(countries))
        categories = categories_of(call.year, set(countries))
    names = {
        code: {"fr": name_fr, "en": name_en, **others}
        for code, name_fr, name_en, others in rows.values_list("code", "name_fr", "name_en", "names")
    }
    return Rules(
        year=call.year,
        ceilings={row.oda_category: row.percent for row in call.ceilings.all()},
        multi_country_ceiling=call.multi_country_ceiling,
        min_own_share=call.min_own_share,
        max_in_kind_share=call.max_in_kind_share,
        cash_only=call.cash_only,
        min_grant=call.min_grant,
        max_grant=call.max_grant,
        min_monitoring_share=call.min_monitoring_share,
        group_rule=call.group_rule,
        eligible_countries=eligible,
        eligible_categories=frozenset(call.eligible_categories),
        themes={pk: {"fr": fr, "en": en} for pk, fr, en in call.themes.values_list("pk", "label_fr", "label_en")},
        requires_convention=call.requires_convention,
        requires_council_decision=call.requires_council_decision,
        requires_earlier_reports=call.requires_earlier_reports,
        requires_last_declaration=call.requires_last_declaration,
        documents=tuple(call.documents),
        oda_categories=categories,
        country_names=names,
    )


def categories_of(year: int, countries: set[str]) -> dict[str, str]:
    """``OdaList(year).categories`` for a few countries, in one query: the DAC list of ``year`` or of the latest
    year before it (the earliest list when none is older), a country absent from that list being not eligible."""
    listed = OdaStatus.objects.order_by("-year").values("year")
    the_year = Coalesce(Subquery(listed.filter(year__lte=year)[:1]), Subquery(listed.order_by("year")[:1]))
    rows = OdaStatus.objects.filter(country_id__in=countries, year=the_year).values_list("country_id", "category")
    return dict(rows)


def late_reports(application: Application, on: dt.date) -> int:
    """Reports on the authority's awarded projects of earlier calls, due before ``on`` and not filed."""
    return Report.objects.filter(
        application__authority_id=application.authority_id,
        application__call__year__lt=application.call.year,
        application__status=ApplicationStatus.AWARDED,
        due_on__lt=on,
        filed_at__isnull=True,
    ).count()


def budget_of(application: Application, *, on: dt.date | None = None) -> Budget:
    """What the application says, with what it has on file on ``on`` (today by default).

    Read ``application`` with ``fresh(pk)`` (its call and convention joined) to spare two queries."""
    on = on or timezone.localdate()
    kinds = set(application.documents.values_list("kind", flat=True))
    partnership = application.partnership
    convention = DocumentKind.CONVENTION in kinds or (
        partnership is not None and partnership.status in SIGNED and partnership.signed_on is not None
    )
    return Budget(
        resources=tuple(
            Resource(line.year, line.source, line.amount, line.in_kind, line.funder)
            for line in application.resources.all()
        ),
        expenses=tuple(Expense(line.year, line.kind, line.amount) for line in application.expenses.all()),
        countries=tuple(sorted(application.countries.values_list("code", flat=True))),
        themes=frozenset(application.themes.values_list("pk", flat=True)),
        french_authorities=1 + application.co_applicants.exclude(pk=application.authority_id).count(),
        convention_signed=convention,
        council_decision=bool({DocumentKind.COUNCIL_DECISION, DocumentKind.LETTER_OF_INTENT} & kinds),
        documents=frozenset(kinds),
        late_reports=late_reports(application, on),
        declaration_submitted=DeclarationVersion.objects.filter(
            declaration__authority_id=application.authority_id,
            declaration__year=application.call.year - 1,
            outcome__in=(DeclarationStatus.SUBMITTED, DeclarationStatus.VALIDATED),
        ).exists(),
    )


def fresh(pk: int) -> Application:
    return Application.objects.select_related("call", "partnership").get(pk=pk)


def eligibility_of(application: Application, *, on: dt.date | None = None) -> Eligibility:
    """The eligibility of the application as it is stored now (read again: ``application`` may be an old copy)."""
    application = fresh(application.pk)
    budget = budget_of(application, on=on)
    return check(rules_of(application.call, countries=budget.countries), budget)


def open_calls(on: dt.date | None = None) -> list[Call]:
    """The calls taking applications on ``on`` (today by default): inside their first window, or their second."""
    on = on or timezone.localdate()
    first = Q(opens_on__lte=on, closes_on__gte=on)
    second = Q(two_steps=True, full_opens_on__lte=on, full_closes_on__gte=on)
    return list(Call.objects.filter(first | second).order_by("closes_on", "name_fr"))


def applications_of(authority_ids: Iterable[int]) -> QuerySet[Application]:
    """The authorities' applications, latest change first, each with its ``asked`` amount (lines of this call)."""
    asked = Coalesce(
        Sum("resources__amount", filter=Q(resources__source=Source.CALL)),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    return (
        Application.objects.filter(authority_id__in=list(authority_ids))
        .select_related("call", "authority", "project")
        .annotate(asked=asked)
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class EnvelopeUse:
    """A call's envelope: what its awards took, what its released tranches paid, what is left to award."""

    envelope: Decimal
    awarded: Decimal
    paid: Decimal

    @property
    def left(self) -> Decimal:
        return self.envelope - self.awarded


def envelope_use(call: Call, *, exclude: Application | None = None) -> EnvelopeUse:
    """The envelope's use in two queries (``exclude``: leave one application's award out, to decide it again)."""
    awards = Award.objects.filter(application__call=call)
    if exclude is not None:
        awards = awards.exclude(application=exclude)
    awarded = awards.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    paid = Tranche.objects.filter(award__application__call=call, released_on__isnull=False).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")
    return EnvelopeUse(envelope=call.envelope, awarded=awarded, paid=paid)
