"""Writes on calls for projects and applications: every function checks ``perms`` (``PermissionDenied``), then the
rules of docs/calls.md (``ValidationError`` with a code), and writes in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopdec.lib.money import NoEuroRate, to_euros
from coopdec.projects import perms as project_perms
from coopdec.projects.enums import ONE_PERCENT_INSTRUMENTS, Instrument, ParticipantRole
from coopdec.territories.enums import OdaCategory
from coopdec.territories.models import Country

from . import perms, workflow
from .eligibility import Eligibility, Expense, Resource, check
from .enums import CallKind, DocumentKind, Source, Step, TrancheCondition
from .models import (
    Application,
    ApplicationDocument,
    ApplicationVersion,
    Call,
    CeilingRule,
    Criterion,
    ExpenseLine,
    ResourceLine,
    Reviewer,
    Score,
    TrancheRule,
)
from .selectors import budget_of, rules_of

if TYPE_CHECKING:
    from coopdec.accounts.models import User
    from coopdec.partnerships.models import Partnership
    from coopdec.projects.models import Project
    from coopdec.territories.models import Authority
    from coopdec.themes.models import Theme

# What changes an application's eligibility: frozen once an application has been submitted to the call.
RULE_FIELDS = frozenset(
    {
        "multi_country_ceiling", "min_own_share", "max_in_kind_share", "cash_only", "min_grant", "max_grant",
        "min_monitoring_share", "group_rule", "eligible_categories", "requires_convention",
        "requires_council_decision", "requires_earlier_reports", "requires_last_declaration",
    }
)  # fmt: skip
CALL_FIELDS = RULE_FIELDS | {
    "name_fr", "name_en", "kind", "partner_country", "two_steps", "opens_on", "closes_on", "full_opens_on",
    "full_closes_on", "envelope", "introduction_fr", "introduction_en", "documents",
    "funder_organization", "funder_authority",
}  # fmt: skip
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class TrancheSpec:
    number: int
    share: Decimal
    condition: str = TrancheCondition.INTERMEDIATE_REPORT
    due_on: dt.date | None = None


@dataclass(frozen=True)
class CriterionSpec:
    label_fr: str
    label_en: str
    weight: Decimal = Decimal("1")
    scale: int = 5


@dataclass
class ApplicationOutcome:
    """The application written, and what the applicant should know but may go on with."""

    application: Application
    warnings: list[str] = field(default_factory=list)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# Calls -------------------------------------------------------------------------------------------------------------


def _check_rules(ceilings: Mapping[str, Decimal] | None, tranches: Sequence[TrancheSpec] | None) -> None:
    if ceilings is not None:
        unknown = set(ceilings) - set(OdaCategory.values)
        if unknown:
            raise ValidationError(
                {
                    "ceilings": ValidationError(
                        _("Not an ODA category: %(codes)s."),
                        params={"codes": ", ".join(sorted(unknown))},
                        code="unknown_category",
                    )
                }  # fmt: skip
            )
        if any(not 0 <= value <= HUNDRED for value in ceilings.values()):
            raise ValidationError(
                {"ceilings": ValidationError(_("A ceiling is a percentage from 0 to 100."), code="not_a_percentage")}
            )
    if tranches:
        if sum((tranche.share for tranche in tranches), Decimal("0")) != HUNDRED:
            raise ValidationError(
                {
                    "tranches": ValidationError(
                        _("The tranches' shares add up to the whole grant."), code="tranches_not_100"
                    )
                }
            )
        if len({tranche.number for tranche in tranches}) != len(tranches):
            raise ValidationError(
                {"tranches": ValidationError(_("Each tranche has its own number."), code="tranche_numbers")}
            )


def _write_rules(
    call: Call,
    ceilings: Mapping[str, Decimal] | None,
    tranches: Sequence[TrancheSpec] | None,
    criteria: Sequence[CriterionSpec] | None,
) -> None:
    if ceilings is not None:
        call.ceilings.all().delete()
        CeilingRule.objects.bulk_create(
            [CeilingRule(call=call, oda_category=category, percent=value) for category, value in ceilings.items()]
        )
    if tranches is not None:
        call.tranches.all().delete()
        TrancheRule.objects.bulk_create(
            [
                TrancheRule(call=call, number=t.number, share=t.share, condition=t.condition, due_on=t.due_on)
                for t in tranches
            ]  # fmt: skip
        )
    if criteria is not None:
        call.criteria.all().delete()
        Criterion.objects.bulk_create(
            [
                Criterion(
                    call=call,
                    position=position,
                    label_fr=c.label_fr,
                    label_en=c.label_en,
                    weight=c.weight,
                    scale=c.scale,
                )
                for position, c in enumerate(criteria, start=1)
            ]  # fmt: skip
        )


def _set_fields(call: Call, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - CALL_FIELDS
    if unknown:
        raise TypeError(f"not a call field: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(call, name, value)
    if call.kind != CallKind.JOINT_FUND:
        call.partner_country = None
    elif call.partner_country is None:
        raise ValidationError(
            {
                "partner_country": ValidationError(
                    _("A joint fund names its partner country."), code="no_partner_country"
                )
            }
        )
    if not call.two_steps:
        call.full_opens_on = call.full_closes_on = None
    unknown_documents = set(call.documents) - set(DocumentKind.values)
    if unknown_documents:
        raise ValidationError({"documents": ValidationError(_("Not a kind of document."), code="unknown_document")})
    call.full_clean()


@transaction.atomic
def create_call(
    *,
    author: User,
    year: int,
    name_fr: str,
    name_en: str,
    opens_on: dt.date,
    closes_on: dt.date,
    envelope: Decimal,
    ceilings: Mapping[str, Decimal] | None = None,
    tranches: Sequence[TrancheSpec] | None = None,
    criteria: Sequence[CriterionSpec] | None = None,
    countries: Iterable[Country] = (),
    themes: Iterable[Theme] = (),
    is_synthetic: bool = False,
    **fields: Any,
) -> Call:
    """Create a call with its rules (ceilings by ODA category, tranches, scoring grid and the scalar rules)."""
    _require(perms.can_manage_calls(author))
    _check_rules(ceilings, tranches)
    call = Call(year=year, created_by=author, is_synthetic=is_synthetic)
    _set_fields(call, {"name_fr": name_fr, "name_en": name_en, "opens_on": opens_on, "closes_on": closes_on,
                       "envelope": envelope, **fields})  # fmt: skip
    call.save()
    call.eligible_countries.set(countries)
    call.themes.set(themes)
    _write_rules(call, ceilings or {}, tranches or (), criteria or ())
    return call


def _shifted(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_call(*, author: User, call: Call, year: int, name_fr: str = "", name_en: str = "") -> Call:
    """Copy a call into another year, its rules, tranches and scoring grid included, its dates moved by as many
    years; the coordinator then changes its figures (``change_rules``). A call is copied once into a year."""
    _require(perms.can_manage_calls(author))
    if year == call.year:
        raise ValidationError({"year": ValidationError(_("Copy a call into another year."), code="same_year")})
    if Call.objects.filter(copied_from=call, year=year).exists():
        raise ValidationError(
            {
                "year": ValidationError(
                    _("This call was already copied into %(year)s."), params={"year": year}, code="copied_already"
                )
            }  # fmt: skip
        )
    years = year - call.year
    source = Call.objects.get(pk=call.pk)
    copy = Call.objects.get(pk=call.pk)
    copy.pk = None
    copy.year, copy.copied_from, copy.created_by = year, source, author
    copy.name_fr = name_fr or source.name_fr.replace(str(source.year), str(year))
    copy.name_en = name_en or source.name_en.replace(str(source.year), str(year))
    for name in ("opens_on", "closes_on", "full_opens_on", "full_closes_on"):
        setattr(copy, name, _shifted(getattr(source, name), years))
    copy.full_clean()
    copy.save(force_insert=True)
    copy.eligible_countries.set(source.eligible_countries.all())
    copy.themes.set(source.themes.all())
    _write_rules(
        copy,
        {row.oda_category: row.percent for row in source.ceilings.all()},
        [TrancheSpec(t.number, t.share, t.condition, _shifted(t.due_on, years)) for t in source.tranches.all()],
        [CriterionSpec(c.label_fr, c.label_en, c.weight, c.scale) for c in source.criteria.all()],
    )
    return copy


@transaction.atomic
def change_rules(
    *,
    author: User,
    call: Call,
    ceilings: Mapping[str, Decimal] | None = None,
    tranches: Sequence[TrancheSpec] | None = None,
    criteria: Sequence[CriterionSpec] | None = None,
    countries: Iterable[Country] | None = None,
    themes: Iterable[Theme] | None = None,
    **fields: Any,
) -> Call:
    """Change a call's figures; ``None`` leaves a table as it is. The eligibility rules are frozen once an
    application has been submitted (it was judged under them)."""
    _require(perms.can_manage_calls(author))
    call = Call.objects.select_for_update().get(pk=call.pk)
    touches_eligibility = bool(RULE_FIELDS & set(fields)) or ceilings is not None or countries is not None
    if (touches_eligibility or themes is not None) and call.applications.exclude(status=workflow.DRAFT).exists():
        raise ValidationError(
            _("Applications have been submitted under these rules: they no longer change."),
            code="applications_submitted",
        )
    _check_rules(ceilings, tranches)
    _set_fields(call, fields)
    call.save()
    if countries is not None:
        call.eligible_countries.set(countries)
    if themes is not None:
        call.themes.set(themes)
    _write_rules(call, ceilings, tranches, criteria)
    return call


@transaction.atomic
def invite_reviewer(*, author: User, call: Call, user: User) -> Reviewer:
    """Let ``user`` read and score the submitted applications of ``call`` (and of no other call)."""
    _require(perms.can_manage_calls(author))
    reviewer, _created = Reviewer.objects.get_or_create(call=call, user=user, defaults={"invited_by": author})
    return reviewer


# Applications ------------------------------------------------------------------------------------------------------


def _source_of(funding_instrument: str, funder: Authority | None, french: set[int]) -> str:
    if funding_instrument == Instrument.MINISTRY_CALL:
        return Source.CALL
    if funder is not None:
        if funder.pk in french:
            return Source.FRENCH_AUTHORITY
        return Source.OTHER if funder.is_french else Source.PARTNER
    if funding_instrument == Instrument.PARTNER_CONTRIBUTION:
        return Source.PARTNER
    if funding_instrument == Instrument.OWN_BUDGET or funding_instrument in ONE_PERCENT_INSTRUMENTS:
        return Source.FRENCH_AUTHORITY
    return Source.OTHER


def _take_over(application: Application, project: Project) -> list[str]:
    """The project's places, themes, participants and funding lines, into the application; what could not be."""
    warnings = []
    countries: set[str] = set()
    partners: set[int] = set()
    co_applicants: set[int] = set()
    for place in project.places.select_related("authority"):
        code = place.country_id or (place.authority.country_id if place.authority else None)
        if code and code != "FR":
            countries.add(code)
        if place.authority and not place.authority.is_french:
            partners.add(place.authority.pk)
    for participant in project.participants.select_related("authority").filter(authority__isnull=False):
        assert participant.authority is not None
        if participant.authority.is_french:
            if participant.authority.pk != application.authority_id and participant.role in (
                ParticipantRole.LEAD, ParticipantRole.PARTNER,
            ):  # fmt: skip
                co_applicants.add(participant.authority.pk)
        else:
            partners.add(participant.authority.pk)
            countries.add(participant.authority.country_id)
    application.countries.set(Country.objects.filter(code__in=countries))
    application.partners.set(partners)
    application.co_applicants.set(co_applicants)
    application.themes.set(project.themes.all())
    application.sdgs = sorted({goal for theme in project.themes.all() for goal in theme.sdgs})
    french = co_applicants | {application.authority_id}
    lines = []
    for position, funding in enumerate(project.fundings.select_related("funder_authority", "funder_organization")):
        year = funding.year or application.call.year
        try:
            amount = to_euros(funding.amount, funding.currency, funding.value_date or dt.date(year, 12, 31))
        except NoEuroRate:
            warnings.append(
                _("A funding line in %(currency)s was left out: the ECB publishes no rate for it; add it in euros.")
                % {"currency": funding.currency}
            )
            continue
        lines.append(ResourceLine(
            application=application, year=year, amount=amount, in_kind=funding.in_kind, position=position,
            source=_source_of(funding.instrument, funding.funder_authority, french),
            funder=str(funding.funder or funding.get_instrument_display())[:200],
        ))  # fmt: skip
    ResourceLine.objects.bulk_create(lines)
    return warnings


@transaction.atomic
def start_application(
    *, author: User, call: Call, authority: Authority, project: Project | None = None, title: str = ""
) -> ApplicationOutcome:
    """Open a draft application of ``authority`` to ``call``: new, or from one of its projects (its places, themes,
    participants and funding lines taken over into the budget)."""
    _require(perms.can_apply_for(author, authority))
    warnings: list[str] = []
    if project is not None:
        _require(project_perms.can_edit_project(author, project))
        involved = project.lead_authority_id == authority.pk or project.participants.filter(authority=authority)
        if not involved:
            raise ValidationError(
                {
                    "project": ValidationError(
                        _("%(authority)s does not take part in this project."),
                        params={"authority": authority},
                        code="not_involved",
                    )
                }  # fmt: skip
            )
    title = (title or (project.title if project else "")).strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("Give the application a title."), code="required")})
    application = Application(
        call=call, authority=authority, project=project, title=title, created_by=author,
        step=Step.EXPRESSION_OF_INTEREST if call.two_steps else Step.FULL_APPLICATION,
        partnership=project.partnership if project else None,
    )  # fmt: skip
    application.full_clean()
    application.save()
    if project is not None:
        warnings = _take_over(application, project)
        application.save(update_fields=["sdgs"])
    return ApplicationOutcome(application, warnings)


_KEEP: Any = object()


@transaction.atomic
def save_draft(
    *,
    author: User,
    application: Application,
    title: str | None = None,
    resources: Sequence[Resource] | None = None,
    expenses: Sequence[Expense] | None = None,
    countries: Iterable[Country] | None = None,
    themes: Iterable[Theme] | None = None,
    co_applicants: Iterable[Authority] | None = None,
    partners: Iterable[Authority] | None = None,
    partnership: Partnership | None = _KEEP,
    sdgs: Sequence[int] | None = None,
) -> Application:
    """Save what the applicant typed, eligible or not (``None`` leaves a part as it is); the budget's lines are
    replaced by those given."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require(perms.can_edit_application(author, application))
    if title is not None:
        application.title = title.strip()
    if partnership is not _KEEP:
        application.partnership = partnership
    if sdgs is not None:
        if any(not 1 <= goal <= 17 for goal in sdgs):
            raise ValidationError({"sdgs": ValidationError(_("The SDGs are numbered 1 to 17."), code="not_an_sdg")})
        application.sdgs = sorted(set(sdgs))
    amounts = [line.amount for line in resources or ()] + [line.amount for line in expenses or ()]
    for amount in amounts:
        if amount < 0:
            raise ValidationError(_("An amount cannot be negative."), code="negative")
    application.full_clean()
    application.save()
    if resources is not None:
        application.resources.all().delete()
        ResourceLine.objects.bulk_create(
            [
                ResourceLine(
                    application=application,
                    year=r.year,
                    source=r.source,
                    funder=r.funder,
                    amount=r.amount,
                    in_kind=r.in_kind,
                    position=position,
                )
                for position, r in enumerate(resources)
            ]  # fmt: skip
        )
    if expenses is not None:
        application.expenses.all().delete()
        ExpenseLine.objects.bulk_create(
            [
                ExpenseLine(application=application, year=e.year, kind=e.kind, amount=e.amount, position=position)
                for position, e in enumerate(expenses)
            ]  # fmt: skip
        )
    for relation, values in (("countries", countries), ("themes", themes), ("co_applicants", co_applicants),
                             ("partners", partners)):  # fmt: skip
        if values is not None:
            getattr(application, relation).set(values)
    return application


@transaction.atomic
def attach_document(
    *, author: User, application: Application, kind: str, file: Any, original_name: str
) -> ApplicationDocument:
    """Attach a checked upload (``lib/uploads``) of one of the kinds a call asks for."""
    _require(perms.can_edit_application(author, application))
    return ApplicationDocument.objects.create(
        application=application, kind=DocumentKind(kind), file=file, original_name=original_name, uploaded_by=author
    )


def _window(call: Call, step: str) -> tuple[dt.date, dt.date]:
    if call.two_steps and step == Step.FULL_APPLICATION:
        assert call.full_opens_on is not None and call.full_closes_on is not None, "a second step has its dates"
        return call.full_opens_on, call.full_closes_on
    return call.opens_on, call.closes_on


def _frozen(application: Application, eligibility: Eligibility) -> dict[str, Any]:
    return {
        "title": application.title,
        "resources": [
            {"year": r.year, "source": r.source, "funder": r.funder, "amount": str(r.amount), "in_kind": r.in_kind}
            for r in application.resources.all()
        ],
        "expenses": [{"year": e.year, "kind": e.kind, "amount": str(e.amount)} for e in application.expenses.all()],
        "countries": sorted(application.countries.values_list("code", flat=True)),
        "themes": sorted(application.themes.values_list("code", flat=True)),
        "co_applicants": sorted(application.co_applicants.values_list("code", flat=True)),
        "partners": sorted(application.partners.values_list("code", flat=True)),
        "sdgs": application.sdgs,
        "eligibility": [{"code": c.code, "holds": c.holds, "message": c.message} for c in eligibility.checks],
    }


@transaction.atomic
def submit_application(*, author: User, application: Application, today: dt.date | None = None) -> ApplicationVersion:
    """Freeze the application as a new version with its receipt number — refused, with the eligibility's own
    messages (one error per rule that fails, coded by the rule), while a rule of the call fails."""
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("call", "partnership").get(pk=application.pk)
    )
    _require(perms.can_submit_application(author, application))
    today = today or timezone.localdate()
    opens, closes = _window(application.call, application.step)
    if today < opens:
        raise ValidationError(_("The call opens on %(date)s."), params={"date": date_format(opens)}, code="not_open")
    if today > closes:
        raise ValidationError(_("The call closed on %(date)s."), params={"date": date_format(closes)}, code="closed")
    budget = budget_of(application, on=today)
    eligibility = check(rules_of(application.call, countries=budget.countries), budget)
    if not eligibility.eligible:
        raise ValidationError([ValidationError(c.message, code=c.code) for c in eligibility.failures])
    total = sum((line.amount for line in application.resources.all()), Decimal("0"))
    asked = sum((line.amount for line in application.resources.all() if line.source == Source.CALL), Decimal("0"))
    number = (application.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = ApplicationVersion.objects.create(
        application=application, number=number, submitted_at=timezone.now(), submitted_by=author,
        receipt_number=f"AAP-{application.call.year}-{application.call_id}-{application.pk}-V{number}",
        step=application.step, asked=asked, total=total, content=_frozen(application, eligibility),
    )  # fmt: skip
    application.status = workflow.TRANSITIONS["submit"].target
    application.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def request_changes(*, author: User, application: Application, comment: str) -> ApplicationVersion:
    """Send a submitted application back to its authority with what to change; the version stays as it was."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require(perms.can_request_changes(author, application))
    if not comment.strip():
        raise ValidationError(
            {"comment": ValidationError(_("Say what the applicant should change."), code="comment_required")}
        )
    version = application.versions.select_for_update().order_by("-number").first()
    assert version is not None, "a submitted application has a version"
    version.outcome = workflow.CHANGES_REQUESTED
    version.decided_at, version.decided_by, version.comment = timezone.now(), author, comment.strip()
    version.save(update_fields=["outcome", "decided_at", "decided_by", "comment"])
    application.status = workflow.TRANSITIONS["request_changes"].target
    application.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def score_application(
    *, author: User, application: Application, marks: Mapping[Criterion, int], comments: Mapping[Criterion, str] = {}
) -> list[Score]:
    """Record a reviewer's marks against the call's grid, each within its criterion's scale."""
    application = Application.objects.select_related("call", "authority").get(pk=application.pk)
    _require(perms.can_score_application(author, application))
    scores = []
    for criterion, mark in marks.items():
        if criterion.call_id != application.call_id:
            raise ValidationError(_("This criterion belongs to another call."), code="other_call")
        if not 0 <= mark <= criterion.scale:
            raise ValidationError(
                _("A mark for “%(criterion)s” is from 0 to %(scale)s."),
                params={"criterion": criterion.label, "scale": criterion.scale},
                code="out_of_scale",
            )
        score, _created = Score.objects.update_or_create(
            application=application, reviewer=author, criterion=criterion,
            defaults={"mark": mark, "comment": comments.get(criterion, "").strip()},
        )  # fmt: skip
        scores.append(score)
    return scores
