"""The journey's cast: Île-de-France (authority A) and its project in Yerevan, Armenia (other ODA-eligible in
2024 and 2025), and the ministry's calls of 2024 (ceilings 90 / 70 %) and 2025 (70 / 50 / 30 %, a flat 60 % for a
project in several countries)."""

import datetime as dt
from decimal import Decimal

import pytest

from coopdec.accounts.factories import UserFactory
from coopdec.calls import services
from coopdec.calls.eligibility import Expense, Resource
from coopdec.calls.enums import ExpenseKind, Source
from coopdec.projects.enums import Instrument, ParticipantRole
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Place
from coopdec.territories.enums import OdaCategory
from coopdec.territories.factories import CountryFactory, ForeignCityFactory
from coopdec.territories.models import OdaStatus

LDC, OTHER, NOT_ELIGIBLE = OdaCategory.LEAST_DEVELOPED, OdaCategory.OTHER_ELIGIBLE, OdaCategory.NOT_ELIGIBLE
OPEN_DAY = dt.date(2025, 4, 15)


@pytest.fixture
def armenia(db):
    country = CountryFactory(code="AM")
    for year in (2024, 2025):
        OdaStatus.objects.create(country=country, year=year, category=OTHER)
    return country


@pytest.fixture
def yerevan(armenia):
    return ForeignCityFactory(code="AM-ER", name="Erevan", country=armenia)


@pytest.fixture
def call_2024(coordinator, armenia):
    return services.create_call(
        author=coordinator, year=2024, name_fr="Appel à projets 2024", name_en="Call for projects 2024",
        opens_on=dt.date(2024, 3, 1), closes_on=dt.date(2024, 6, 30), envelope=Decimal("2000000"),
        ceilings={LDC: Decimal("90"), OTHER: Decimal("70")},
        tranches=[services.TrancheSpec(1, Decimal("80"), "on_date", dt.date(2024, 9, 1)),
                  services.TrancheSpec(2, Decimal("20"), "final_report")],
        criteria=[services.CriterionSpec("Pertinence", "Relevance", Decimal("2"), 5),
                  services.CriterionSpec("Partenariat", "Partnership", Decimal("1"), 5)],
        min_own_share=Decimal("10"),
    )  # fmt: skip


@pytest.fixture
def call_2025(coordinator, call_2024):
    """The 2024 call copied into 2025, its ceilings changed — as the journey's coordinator does."""
    call = services.copy_call(author=coordinator, call=call_2024, year=2025)
    return services.change_rules(
        author=coordinator, call=call, ceilings={LDC: Decimal("70"), OTHER: Decimal("50"), NOT_ELIGIBLE: Decimal("30")},
        multi_country_ceiling=Decimal("60"),
    )  # fmt: skip


@pytest.fixture
def project(authority_a, yerevan):
    """Île-de-France's project in Yerevan: 100,000 € in all, 60,000 € asked from the ministry's call."""
    project = ProjectFactory(title="Eau potable à Erevan", lead_authority=authority_a)
    Place.objects.create(project=project, authority=yerevan)
    project.participants.create(authority=yerevan, role=ParticipantRole.PARTNER)
    FundingFactory(project=project, instrument=Instrument.MINISTRY_CALL, amount=Decimal("60000"), year=2025)
    FundingFactory(project=project, funder_authority=authority_a, amount=Decimal("30000"), year=2025)
    FundingFactory(project=project, funder_authority=authority_a, amount=Decimal("10000"), year=2025, in_kind=True)
    return project


def budget(asked, own, *, own_in_kind="0", partner="0", year=2025):
    """Resource lines: ``asked`` from the call, ``own`` (of which ``own_in_kind``) from the French authority."""
    lines = [Resource(year, Source.CALL, Decimal(asked)), Resource(year, Source.FRENCH_AUTHORITY, Decimal(own))]
    if Decimal(own_in_kind):
        lines.append(Resource(year, Source.FRENCH_AUTHORITY, Decimal(own_in_kind), in_kind=True))
    if Decimal(partner):
        lines.append(Resource(year, Source.PARTNER, Decimal(partner)))
    return lines


@pytest.fixture
def reviewer(coordinator, call_2025):
    user = UserFactory(email="reviewer@example.org")
    services.invite_reviewer(author=coordinator, call=call_2025, user=user)
    return user


# The journey's end (decisions, tranches, reports) ------------------------------------------------------------------

AWARD_DAY = dt.date(2025, 7, 10)
FIRST_TRANCHE_DAY = dt.date(2025, 9, 1)


@pytest.fixture
def ministry(db):
    from coopdec.organizations.enums import OrganizationKind
    from coopdec.organizations.factories import OrganizationFactory

    return OrganizationFactory(name="Ministère de l’Europe et des Affaires étrangères", kind=OrganizationKind.FUNDER)


@pytest.fixture
def awarding_call(coordinator, call_2025, ministry):
    """The 2025 call paid by the ministry in three tranches: 50 % on 1 September, 30 % on the intermediate report,
    20 % on the final report."""
    return services.change_rules(
        author=coordinator, call=call_2025, funder_organization=ministry,
        tranches=[services.TrancheSpec(1, Decimal("50"), "on_date", FIRST_TRANCHE_DAY),
                  services.TrancheSpec(2, Decimal("30"), "intermediate_report"),
                  services.TrancheSpec(3, Decimal("20"), "final_report")],
    )  # fmt: skip


@pytest.fixture
def submitted(editor_a, authority_a, awarding_call, project):
    """Île-de-France's application from its Yerevan project, lowered to 50,000 € asked of 100,000 €, submitted."""
    application = services.start_application(
        author=editor_a, call=awarding_call, authority=authority_a, project=project
    ).application
    services.save_draft(
        author=editor_a, application=application, resources=budget("50000", "40000", own_in_kind="10000"),
        expenses=[Expense(2025, ExpenseKind.ACTIVITIES, Decimal("80000")),
                  Expense(2025, ExpenseKind.MONITORING, Decimal("20000"))],
    )  # fmt: skip
    services.submit_application(author=editor_a, application=application, today=OPEN_DAY)
    application.refresh_from_db()
    return application


@pytest.fixture
def roles(cast, reviewer):
    """The cast with the call's reviewer, who reads and scores but never decides."""
    return {**cast, "reviewer": reviewer}
