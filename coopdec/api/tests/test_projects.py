from datetime import date
from decimal import Decimal

import pytest

from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.projects.enums import Instrument, ParticipantRole, ProjectKind, ProjectStatus
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Disbursement, Participant, Place, Result
from coopdec.territories.factories import CountryFactory, ForeignCityFactory
from coopdec.themes.models import Theme


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def public_and_private(authority_a, authority_b):
    ProjectFactory(title="Public project", lead_authority=authority_b, planned_start=date(2020, 1, 1))
    return ProjectFactory(
        title="Private project",
        lead_authority=authority_a,
        visibility=Visibility.PRIVATE,
        planned_start=date(2023, 1, 1),
    )


@pytest.mark.parametrize(
    "role, sees_private",
    [("visitor", False), ("editor_a", True), ("admin_a", True), ("editor_b", False), ("coordinator", True)],
)
def test_a_private_project_is_listed_only_for_those_who_may_edit_it_and_coordinators(
    client, cast, bearer, public_and_private, role, sees_private
):
    headers = bearer(cast[role])

    listed = titles(client.get("/api/projects", headers=headers))
    detail = client.get(f"/api/projects/{public_and_private.pk}", headers=headers)

    assert listed == (["Private project", "Public project"] if sees_private else ["Public project"])
    assert detail.status_code == (200 if sees_private else 404)


def test_a_partner_authority_sees_a_private_project_but_a_mere_beneficiary_does_not(
    client, bearer, public_and_private, authority_b, editor_b
):
    private = public_and_private
    beneficiary = Participant.objects.create(project=private, authority=authority_b, role=ParticipantRole.BENEFICIARY)
    assert client.get(f"/api/projects/{private.pk}", headers=bearer(editor_b)).status_code == 404

    beneficiary.role = ParticipantRole.PARTNER
    beneficiary.save()
    assert client.get(f"/api/projects/{private.pk}", headers=bearer(editor_b)).status_code == 200


def test_a_project_shows_participants_themes_funding_lines_disbursements_places_and_results(client, authority_a):
    yerevan = ForeignCityFactory(code="GEONAMES-616052", name="Erevan")
    partnership = partnership_between(authority_a, yerevan)
    project = ProjectFactory(
        title="Eau potable à Erevan", lead_authority=authority_a, partnership=partnership,
        kind=ProjectKind.DEVELOPMENT, status=ProjectStatus.IMPLEMENTATION, budget=Decimal("250000"),
        planned_start=date(2024, 1, 1), planned_end=date(2026, 12, 31), iati_identifier="FR-REG-11-2024-001",
    )  # fmt: skip
    operator = OrganizationFactory(name="Eau Vive")
    Participant.objects.create(project=project, organization=operator, role=ParticipantRole.OPERATOR)
    project.themes.add(Theme.objects.get(code="water-sanitation"))
    water_agency = OrganizationFactory(name="Agence de l'eau Seine-Normandie")
    funding = FundingFactory(
        project=project, funder_organization=water_agency, instrument=Instrument.WATER_AGENCY,
        amount=Decimal("100000"), value_date=date(2024, 3, 1),
    )  # fmt: skip
    disbursement = Disbursement.objects.create(project=project, funding=funding, year=2024, amount=Decimal("40000"))
    Place.objects.create(project=project, authority=yerevan)
    Result.objects.create(project=project, indicator="People with drinking water", target=Decimal("12000"))

    body = client.get(f"/api/projects/{project.pk}").json()

    assert body["title"] == "Eau potable à Erevan"
    assert (body["kind"], body["status"], body["partnership"]) == ("development", "2", partnership.pk)
    assert body["lead_authority"] == {"code": "FR-REG-11", "name": "Île-de-France"}
    assert (body["budget"], body["currency"]) == ("250000.00", "EUR")
    assert body["themes"] == ["water-sanitation"]
    assert [(p["role"], p["entity"]["name"]) for p in body["participants"]] == [
        ("lead", "Île-de-France"), ("operator", "Eau Vive"),
    ]  # fmt: skip
    assert body["fundings"] == [
        {
            "id": funding.pk, "instrument": "water_agency", "amount": "100000.00", "currency": "EUR",
            "in_kind": False, "year": None, "value_date": "2024-03-01",
            "funder": {"type": "organization", "code": None, "id": water_agency.pk, "name": water_agency.name},
        }
    ]  # fmt: skip
    assert body["disbursements"] == [
        {
            "id": disbursement.pk,
            "year": 2024,
            "amount": "40000.00",
            "currency": "EUR",
            "paid_on": None,
            "funding": funding.pk,
        }
    ]
    assert body["places"] == [
        {"name": "", "authority": "GEONAMES-616052", "country": None, "latitude": None, "longitude": None}
    ]
    assert body["results"][0]["indicator"] == "People with drinking water"


def test_projects_filter_by_country_theme_authority_status_and_kind(client, authority_a, authority_b):
    morocco = CountryFactory(code="MA")
    fes = ForeignCityFactory(name="Fès", country=morocco)
    water = ProjectFactory(title="Water", lead_authority=authority_a)
    water.themes.add(Theme.objects.get(code="water-sanitation"))
    Place.objects.create(project=water, country=morocco)
    culture = ProjectFactory(
        title="Culture", lead_authority=authority_b, kind=ProjectKind.CULTURAL, status=ProjectStatus.CLOSED
    )
    Participant.objects.create(project=culture, authority=fes, role=ParticipantRole.PARTNER)

    assert titles(client.get("/api/projects?country=MA")) == ["Culture", "Water"]
    assert titles(client.get("/api/projects?theme=water-sanitation")) == ["Water"]
    assert titles(client.get("/api/projects?authority=FR-REG-32")) == ["Culture"]
    assert titles(client.get(f"/api/projects?authority={fes.code}")) == ["Culture"]
    assert titles(client.get("/api/projects?status=4")) == ["Culture"]
    assert titles(client.get("/api/projects?kind=cultural")) == ["Culture"]


def test_bad_project_filters_are_422(client, db):
    assert client.get("/api/projects?status=9").status_code == 422
    assert client.get("/api/projects?kind=heist").status_code == 422
    assert client.get("/api/projects?theme=astrology").status_code == 422
    assert client.get("/api/projects?country=Z9").status_code == 422


def test_an_unknown_project_is_a_404_with_a_message(client, db):
    response = client.get("/api/projects/424242")

    assert response.status_code == 404
    assert response.json() == {"detail": "No project with the id 424242."}


def test_projects_are_paginated_latest_start_first(client, authority_a):
    for year in range(2015, 2025):
        ProjectFactory(title=f"Project {year}", lead_authority=authority_a, planned_start=date(year, 1, 1))

    page_2 = client.get("/api/projects?page=2&page_size=4").json()

    assert page_2["count"] == 10
    assert [p["title"] for p in page_2["items"]] == ["Project 2020", "Project 2019", "Project 2018", "Project 2017"]


@pytest.mark.parametrize("role, queries", [("visitor", 7), ("coordinator", 9)])
def test_listing_projects_takes_a_fixed_number_of_queries(
    client, cast, bearer, authority_a, django_assert_num_queries, role, queries
):
    themes = list(Theme.objects.all()[:3])
    operator = OrganizationFactory()
    for n in range(8):
        project = ProjectFactory(title=f"Project {n}", lead_authority=authority_a)
        project.themes.add(*themes)
        Participant.objects.create(project=project, organization=operator, role=ParticipantRole.OPERATOR)
        funding = FundingFactory(project=project, funder_organization=operator)
        Disbursement.objects.create(project=project, funding=funding, year=2024, amount=Decimal("10"))
        Place.objects.create(project=project, authority=ForeignCityFactory())
    headers = bearer(cast[role])

    # count, page, participants, places, fundings, themes, disbursements; a token adds itself and its last use
    with django_assert_num_queries(queries):
        response = client.get("/api/projects", headers=headers)

    assert response.json()["count"] == 8
