"""Build (idempotently) and remove the demonstration dataset described in ``facts.py``."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from coopdec.organizations.models import Organization
from coopdec.partnerships.models import Affiliation, Delegate, Partnership, Party
from coopdec.projects.models import Disbursement, Funding, Participant, Place, Project
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from . import facts
from .profiles import load_demo_profiles

IATI_PREFIX = "FR-DEMO-"


class MissingReferenceData(Exception):
    """The reference authorities or countries the demo points at are not in the database."""

    def __init__(self, authorities: dict[str, str], countries: dict[str, str], themes: list[str]):
        self.authorities, self.countries, self.themes = authorities, countries, themes
        parts = []
        if authorities:
            parts.append("authorities " + ", ".join(f"{code} ({name})" for code, name in authorities.items()))
        if countries:
            parts.append("countries " + ", ".join(f"{code} ({name})" for code, name in countries.items()))
        if themes:
            parts.append("themes " + ", ".join(themes))
        super().__init__(
            "The demonstration data needs reference data that is not loaded: "
            + "; ".join(parts)
            + ". Run `manage.py migrate` and `manage.py load_reference` first."
        )


@dataclass
class Outcome:
    """What a run created (or deleted), by kind of object."""

    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, created: bool = True) -> None:
        if created:
            self.counts[kind] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        return ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts.items())) or "nothing"


class _Reference:
    """The reference objects the facts name, fetched once and checked before anything is written."""

    def __init__(self):
        self.authorities = {a.code: a for a in Authority.objects.filter(code__in=facts.AUTHORITIES)}
        self.countries = {c.code: c for c in Country.objects.filter(code__in=facts.COUNTRIES)}
        needed_themes = {t for p in facts.PARTNERSHIPS for t in p.themes} | {
            t for p in facts.PROJECTS for t in p.themes
        }
        self.themes = {t.code: t for t in Theme.objects.filter(code__in=needed_themes)}
        missing_themes = sorted(needed_themes - set(self.themes))
        missing_authorities = {c: n for c, n in facts.AUTHORITIES.items() if c not in self.authorities}
        missing_countries = {c: n for c, n in facts.COUNTRIES.items() if c not in self.countries}
        if missing_authorities or missing_countries or missing_themes:
            raise MissingReferenceData(missing_authorities, missing_countries, missing_themes)


def load_demo() -> Outcome:
    """Create whatever demonstration object is missing; a second run creates nothing."""
    ref = _Reference()
    outcome = Outcome()
    with transaction.atomic():
        organizations = {fact.key: _organization(fact, ref, outcome) for fact in facts.ORGANIZATIONS}
        partnerships: dict[str, Partnership] = {}
        for fact in facts.PARTNERSHIPS:
            partnerships[fact.title] = _partnership(fact, ref, organizations, partnerships, outcome)
        for fact in facts.PROJECTS:
            _project(fact, ref, organizations, partnerships, outcome)
        for fact in facts.AFFILIATIONS:
            _affiliation(fact, ref, organizations, outcome)
        for fact in facts.DELEGATES:
            _delegate(fact, ref, organizations, outcome)
        outcome.counts.update({kind: n for kind, n in load_demo_profiles(ref.authorities).items() if n})
    return outcome


def reset_demo() -> Outcome:
    """Delete the demonstration objects, and nothing else; an organisation someone else uses is kept."""
    outcome = Outcome()
    with transaction.atomic():
        demo_models: list[tuple[Any, str]] = [
            (Project, "projects"),
            (Partnership, "partnerships"),
            (Affiliation, "affiliations"),
            (Delegate, "delegates"),
        ]
        for model, kind in demo_models:
            outcome.counts[kind] = model.objects.filter(is_demo=True).count()
            model.objects.filter(is_demo=True).delete()
        for organization in Organization.objects.filter(is_demo=True):
            try:
                organization.delete()
                outcome.add("organizations")
            except ProtectedError:
                outcome.add("organizations kept (still referenced)")
    return outcome


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def _organization(fact: facts.OrganizationFact, ref: _Reference, outcome: Outcome) -> Organization:
    existing = Organization.objects.filter(name=fact.name, is_demo=True).first()
    if existing:
        return existing
    outcome.add("organizations")
    return _saved(
        Organization(
            name=fact.name,
            acronym=fact.acronym,
            kind=fact.kind,
            country=ref.countries.get(fact.country) if fact.country else None,
            authority=ref.authorities.get(fact.authority) if fact.authority else None,
            description=fact.description,
            is_demo=True,
        )
    )


def _partnership(fact, ref, organizations, partnerships, outcome) -> Partnership:
    existing = Partnership.objects.filter(title=fact.title, is_demo=True).first()
    if existing:
        return existing
    outcome.add("partnerships")
    partnership = _saved(
        Partnership(
            title=fact.title,
            description=fact.description,
            language="fr",
            translations={"en": {"title": fact.title_en}},
            kind=fact.kind,
            status=fact.status,
            mode=fact.mode,
            legal_form=fact.legal_form,
            signed_on=fact.signed_on,
            starts_on=fact.starts_on,
            renewal_of=partnerships.get(fact.renewal_of) if fact.renewal_of else None,
            planned_commitment=fact.planned_commitment,
            is_demo=True,
        )
    )
    partnership.themes.set([ref.themes[code] for code in fact.themes])
    for party in fact.parties:
        _saved(
            Party(
                partnership=partnership,
                role=party.role,
                authority=ref.authorities[party.authority] if party.authority else None,
                organization=organizations[party.organization] if party.organization else None,
                country=ref.countries[party.country] if party.country else None,
            )
        )
        outcome.add("parties")
    return partnership


def _project(fact, ref, organizations, partnerships, outcome) -> Project:
    identifier = IATI_PREFIX + fact.slug
    existing = Project.objects.filter(iati_identifier=identifier).first()
    if existing:
        _disbursements(fact, existing, outcome)
        return existing
    outcome.add("projects")
    lead = ref.authorities[fact.lead]
    project = _saved(
        Project(
            title=fact.title,
            description=fact.description,
            language="fr",
            translations={"en": {"title": fact.title_en}},
            partnership=partnerships[fact.partnership] if fact.partnership else None,
            lead_authority=lead,
            kind=fact.kind,
            status=fact.status,
            actual_start=fact.actual_start,
            planned_start=fact.actual_start,
            budget=fact.budget,
            iati_identifier=identifier,
            is_demo=True,
        )
    )
    project.themes.set([ref.themes[code] for code in fact.themes])
    participants = [facts.ParticipantFact("lead", authority=fact.lead), *fact.participants]
    for participant in participants:
        _saved(
            Participant(
                project=project,
                role=participant.role,
                authority=ref.authorities[participant.authority] if participant.authority else None,
                organization=organizations[participant.organization] if participant.organization else None,
            )
        )
    for code in fact.place_authorities:
        _saved(Place(project=project, authority=ref.authorities[code]))
    for funding in fact.fundings:
        _saved(
            Funding(
                project=project,
                instrument=funding.instrument,
                amount=funding.amount,
                funder_authority=ref.authorities[funding.funder_authority] if funding.funder_authority else None,
                value_date=funding.value_date,
            )
        )
        outcome.add("funding lines")
    _disbursements(fact, project, outcome)
    return project


def _disbursements(fact, project: Project, outcome) -> None:
    """Added to a project made by an earlier load too, once each (a second load adds nothing)."""
    for disbursement in fact.disbursements:
        if not Disbursement.objects.filter(project=project, year=disbursement.year).exists():
            _saved(
                Disbursement(
                    project=project, year=disbursement.year, amount=disbursement.amount, paid_on=disbursement.paid_on
                )
            )
            outcome.add("disbursements")


def _affiliation(fact, ref, organizations, outcome) -> None:
    authority, organization = ref.authorities[fact.authority], organizations[fact.organization]
    if Affiliation.objects.filter(authority=authority, organization=organization).exists():
        return  # a real membership recorded by the authority wins over the demo's
    outcome.add("affiliations")
    _saved(
        Affiliation(
            authority=authority,
            organization=organization,
            status=fact.status,
            since=fact.since,
            notes=fact.notes,
            is_demo=True,
        )
    )


def _delegate(fact, ref, organizations, outcome) -> None:
    authority, country = ref.authorities[fact.authority], ref.countries[fact.country]
    if Delegate.objects.filter(authority=authority, country=country, post=fact.post, is_demo=True).exists():
        return
    outcome.add("delegates")
    _saved(
        Delegate(
            authority=authority,
            country=country,
            person=fact.person,
            post=fact.post,
            host_organization=organizations[fact.host_organization],
            starts_on=fact.starts_on,
            is_demo=True,
        )
    )
