from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Min, Q, Sum

from coopdec.partnerships.enums import FRENCH_CONVENTION_KINDS
from coopdec.partnerships.factories import partnership_between
from coopdec.partnerships.models import Partnership, Party
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Disbursement, Funding, Participant, Project
from coopdec.territories.enums import AuthorityKind, Level, OdaCategory
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.territories.models import Authority

pytestmark = pytest.mark.django_db

FOREIGN = {  # country → (ODA category, how many authorities)
    "MA": (OdaCategory.OTHER_ELIGIBLE, 40),
    "SN": (OdaCategory.LEAST_DEVELOPED, 30),
    "DE": (OdaCategory.NOT_ELIGIBLE, 30),
    "CA": (OdaCategory.NOT_ELIGIBLE, 20),
    "CN": (OdaCategory.OTHER_ELIGIBLE, 20),
    "NO": (OdaCategory.NOT_ELIGIBLE, 20),
}


@pytest.fixture
def reference(db):
    """About 300 authorities: French regions, départements, EPCI and communes; foreign regions and cities."""
    france = CountryFactory(code="FR")
    for i in range(13):
        AuthorityFactory(
            code=f"FR-REG-{i}",
            country=france,
            level=Level.REGIONAL,
            kind=AuthorityKind.REGION,
            population=3_000_000 + i,
        )
    for i in range(40):
        AuthorityFactory(
            code=f"FR-DEP-{i:02d}",
            country=france,
            level=Level.INTERMEDIATE,
            kind=AuthorityKind.DEPARTEMENT,
            population=500_000 + i,
        )
    for i in range(20):
        AuthorityFactory(
            code=f"FR-EPCI-{i}", country=france, level=Level.GROUPING, kind=AuthorityKind.EPCI, population=100_000 + i
        )
    for i in range(80):
        AuthorityFactory(code=f"FR-COM-{i:05d}", country=france, population=2_000 + 1_000 * i)
    for code, (oda, count) in FOREIGN.items():
        country = CountryFactory(code=code, oda_category=oda)
        for i in range(count):
            regional = i < 5
            AuthorityFactory(
                code=f"{code}-{i:02d}" if regional else f"GEONAMES-{code}{i}",
                country=country,
                level=Level.REGIONAL if regional else Level.LOCAL,
                kind=AuthorityKind.PROVINCE if regional else AuthorityKind.CITY,
                population=(1_000_000 if regional else 50_000) + i,
            )


def generate(*args) -> str:
    out = StringIO()
    call_command("generate_synthetic", *args, stdout=out, verbosity=0)
    return out.getvalue()


def snapshot() -> list[tuple]:
    projects = Project.objects.order_by("iati_identifier").values_list(
        "iati_identifier", "title", "lead_authority__code", "partnership__title", "budget", "status", "planned_start"
    )
    parties = Party.objects.order_by("partnership__title", "authority__code").values_list(
        "partnership__title", "authority__code"
    )
    fundings = Funding.objects.order_by("project__iati_identifier", "instrument", "amount").values_list(
        "project__iati_identifier", "instrument", "amount"
    )
    return [*projects, *parties, *fundings]


def test_generates_the_requested_numbers_between_the_requested_numbers_of_authorities(reference):
    output = generate(
        "--projects", "200", "--partnerships", "150", "--french-authorities", "50", "--foreign-authorities", "100"
    )

    assert Project.objects.count() == 200
    assert Partnership.objects.count() == 150
    parties = Party.objects.filter(partnership__is_synthetic=True)
    assert parties.filter(authority__is_french=True).values("authority").distinct().count() == 50
    assert parties.filter(authority__is_french=False).values("authority").distinct().count() == 100
    assert "200 projects" in output


def test_the_default_scale_follows_the_number_of_projects(reference):
    generate("--projects", "100")

    assert Partnership.objects.count() == 75
    parties = Party.objects.filter(partnership__is_synthetic=True)
    assert parties.filter(authority__is_french=True).values("authority").distinct().count() == 25
    assert parties.filter(authority__is_french=False).values("authority").distinct().count() == 50


def test_everything_generated_is_labelled_synthetic(reference):
    generate("--projects", "120")

    assert not Project.objects.filter(is_synthetic=False).exists()
    assert not Partnership.objects.filter(is_synthetic=False).exists()
    assert not Project.objects.exclude(title__startswith="[Synthétique] ").exists()
    assert not Partnership.objects.exclude(title__startswith="[Synthétique] ").exists()
    english = [p.translations["en"]["title"] for p in Project.objects.exclude(translations={})]
    assert english and all(title.startswith("[Synthetic] ") for title in english)


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(reference):
    generate("--projects", "150", "--seed", "7")
    first = snapshot()

    generate("--projects", "150", "--seed", "7", "--reset")
    assert snapshot() == first

    generate("--projects", "150", "--seed", "8", "--reset")
    assert snapshot() != first


def test_funding_lines_add_up_to_the_budget_of_every_project(reference):
    generate("--projects", "300")

    totals = Project.objects.annotate(funded=Sum("fundings__amount"))
    assert not totals.filter(~Q(funded=F("budget"))).exists()
    assert not totals.filter(funded__isnull=True).exists()


def test_one_percent_water_funds_only_water_projects_of_communes_and_groupings(reference):
    generate("--projects", "600")

    water = Funding.objects.filter(instrument="one_percent_water")
    assert water.exists()
    assert not water.exclude(project__themes__code="water-sanitation").exists()
    assert not water.exclude(project__lead_authority__kind__in=["commune", "epci"]).exists()
    assert Funding.objects.filter(instrument="partner_contribution", funder_authority__is_french=False).exists()


def test_partnership_dates_are_coherent_with_their_status(reference):
    generate("--projects", "400", "--as-of", "2026-01-01")
    today = date(2026, 1, 1)
    partnerships = Partnership.objects.all()

    assert not partnerships.filter(ends_on__lt=F("starts_on")).exists()
    assert not partnerships.filter(sent_to_prefect_on__lt=F("signed_on")).exists()
    assert not partnerships.filter(sent_to_prefect_on__gt=today).exists()
    assert not partnerships.filter(status="ended").exclude(ends_on__lt=today).exists()
    assert not partnerships.filter(status="in_force", ends_on__lt=today).exists()
    assert not partnerships.filter(status="draft", signed_on__isnull=False).exists()
    assert not partnerships.filter(kind="informal", signed_on__isnull=False).exists()
    assert partnerships.filter(sent_to_prefect_on__isnull=False).exists()
    assert not partnerships.filter(starts_on__lt=F("sent_to_prefect_on")).exists()
    # "Signed" means a French convention waiting for the préfet; once sent, it is in force.
    assert not partnerships.filter(status="signed").exclude(kind__in=FRENCH_CONVENTION_KINDS).exists()
    assert not partnerships.filter(status="signed", sent_to_prefect_on__isnull=False).exists()
    in_force_conventions = partnerships.filter(status="in_force", kind__in=FRENCH_CONVENTION_KINDS)
    assert in_force_conventions.exists()
    assert not in_force_conventions.filter(sent_to_prefect_on__isnull=True).exists()
    # Conventions are between authorities, never with a foreign State.
    assert not Party.objects.filter(Q(country__isnull=False) | Q(organization__isnull=False)).exists()


def test_project_dates_statuses_and_disbursements_are_coherent(reference):
    generate("--projects", "400", "--as-of", "2026-01-01")
    today = date(2026, 1, 1)
    projects = Project.objects.all()

    assert not projects.filter(planned_end__lt=F("planned_start")).exists()
    assert not projects.filter(actual_end__lt=F("actual_start")).exists()
    assert not projects.filter(actual_start__gt=today).exists()
    assert not projects.filter(partnership__starts_on__gt=F("planned_start")).exists()
    assert not projects.filter(partnership__ends_on__lt=F("planned_end")).exists()
    assert not projects.filter(status="1").exclude(planned_start__gt=today).exists()
    assert not projects.filter(status="4", actual_end__isnull=True).exists()
    assert not projects.filter(kind="emergency_humanitarian", partnership__isnull=False).exists()
    assert projects.filter(kind="emergency_humanitarian", fundings__instrument="emergency_fund").exists()
    paid = projects.annotate(
        paid=Sum("disbursements__amount"), first=Min("disbursements__year"), last=Max("disbursements__year")
    )
    assert not paid.filter(paid__gt=F("budget")).exists()
    assert not paid.filter(first__lt=F("actual_start__year")).exists()
    assert not paid.filter(last__gt=today.year).exists()
    assert not Disbursement.objects.filter(project__actual_start__isnull=True).exists()
    assert Disbursement.objects.values("project").annotate(n=Count("year", distinct=True)).filter(n__gt=1).exists()


def test_every_project_is_led_by_its_french_party_with_its_foreign_partners(reference):
    generate("--projects", "200")

    for project in Project.objects.exclude(partnership=None).prefetch_related("participants", "partnership__parties"):
        party_ids = {p.authority_id for p in project.partnership.parties.all()}
        assert project.lead_authority_id in party_ids
        assert {p.authority_id for p in project.participants.all()} <= party_ids
    assert not Participant.objects.filter(role="lead").exclude(authority=F("project__lead_authority")).exists()


def test_reset_deletes_only_the_synthetic_data(reference):
    french, foreign = Authority.objects.get(code="FR-REG-0"), Authority.objects.get(code="MA-00")
    real = partnership_between(french, foreign, title="Convention réelle")
    real_project = ProjectFactory(lead_authority=french, partnership=real)
    demo = ProjectFactory(lead_authority=french, is_demo=True)
    generate("--projects", "100")

    generate("--reset")

    assert list(Partnership.objects.all()) == [real]
    assert set(Project.objects.all()) == {real_project, demo}
    assert Authority.objects.count() == 153 + 160


def test_a_second_run_without_reset_is_refused(reference):
    generate("--projects", "20")

    with pytest.raises(CommandError, match="--reset"):
        generate("--projects", "20")
    assert Project.objects.count() == 20


def test_without_reference_authorities_it_says_to_load_them(db):
    with pytest.raises(CommandError, match="load_reference"):
        generate("--projects", "10")


def test_declarations_are_generated_for_every_authority_leading_synthetic_projects(reference):
    from coopdec.declarations.models import Declaration, DeclarationLine
    from coopdec.projects.models import Disbursement

    output = generate("--projects", "120", "--declarations", "2024")

    leaders = set(Project.objects.filter(is_synthetic=True).values_list("lead_authority_id", flat=True))
    declarations = Declaration.objects.filter(year=2024)
    assert set(declarations.values_list("authority_id", flat=True)) == leaders
    assert not declarations.filter(is_synthetic=False).exists()
    assert declarations.first().campaign.is_synthetic
    assert f"Generated {len(leaders)} synthetic declarations of 2024" in output
    # Each working line is one 2024 disbursement of a synthetic project, nothing else.
    working = DeclarationLine.objects.filter(version__isnull=True, declaration__year=2024)
    assert (
        working.count()
        == Disbursement.objects.filter(year=2024, project__is_synthetic=True, funding__isnull=True).count()
        + Disbursement.objects.filter(
            year=2024, project__is_synthetic=True, funding__funder_authority_id__in=leaders
        ).count()
    )
    assert declarations.filter(validated_version__isnull=False).exists()

    generate("--reset")
    assert not Declaration.objects.exists()
