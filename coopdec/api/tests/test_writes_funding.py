"""Funding lines, disbursements, summaries and the 1 % budgets through the API, for every role of the cast."""

from decimal import Decimal

import pytest

from coopdec.funding.enums import Service
from coopdec.funding.factories import ServiceBudgetFactory
from coopdec.funding.models import ServiceBudget
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import Instrument
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Disbursement, Funding
from coopdec.territories.factories import ForeignCityFactory

from .calls import ROLES, Caller, expected, messages


@pytest.fixture
def as_role(client, cast, bearer):
    return lambda role: Caller(client, bearer(cast[role]))


@pytest.fixture
def project_of_a(authority_a):
    return ProjectFactory(title="Eau potable à Erevan", lead_authority=authority_a, budget=Decimal("100000"))


@pytest.fixture
def water_budget_2025(authority_a):
    """Île-de-France's water budget of 2025: a 1 % ceiling of 12,345.67 €."""
    return ServiceBudgetFactory(authority=authority_a, year=2025, service=Service.WATER)


def one_percent_line(project, amount: str) -> dict:
    return {
        "instrument": "one_percent_water",
        "amount": amount,
        "funder_authority": "FR-REG-11",
        "year": 2025,
        "value_date": "2025-03-01",
    }


@pytest.mark.parametrize("role", ROLES)
def test_a_funding_line_is_added_by_the_projects_editors_and_coordinators(as_role, project_of_a, role):
    agency = OrganizationFactory(name="Agence de l'eau Seine-Normandie")
    body = {
        "instrument": "water_agency",
        "amount": "40000",
        "funder_organization": agency.pk,
        "value_date": "2025-03-01",
    }

    response = as_role(role).post(f"/api/projects/{project_of_a.pk}/fundings", body)

    assert response.status_code == expected(role, 201), response.content
    assert project_of_a.fundings.exists() == (response.status_code == 201)
    if response.status_code == 201:
        line = project_of_a.fundings.get()
        assert (line.instrument, line.amount, line.funder_organization) == ("water_agency", Decimal("40000"), agency)
        body = response.json()
        assert (body["id"], body["amount"], body["funder"]["id"], body["warnings"]) == (
            line.pk,
            "40000.00",
            agency.pk,
            [],
        )


def test_a_one_percent_line_over_the_ceiling_is_refused_with_the_figures(as_role, project_of_a, water_budget_2025):
    assert (
        as_role("editor_a")
        .post(f"/api/projects/{project_of_a.pk}/fundings", one_percent_line(project_of_a, "10000"))
        .status_code
        == 201
    )

    response = as_role("editor_a").post(
        f"/api/projects/{project_of_a.pk}/fundings", one_percent_line(project_of_a, "3000")
    )

    assert messages(response) == [
        "1 % water 2025 ceiling 12,345.67\xa0€, already used 10,000.00\xa0€, "
        "this line 3,000.00\xa0€ would exceed it by 654.33\xa0€."
    ]
    assert response.json()["detail"][0]["type"] == "one_percent_ceiling"
    assert project_of_a.fundings.count() == 1


def test_a_refusal_asked_in_french_writes_its_amounts_the_french_way(
    client, editor_a, bearer, project_of_a, water_budget_2025
):
    FundingFactory(
        project=project_of_a, instrument=Instrument.ONE_PERCENT_WATER, amount=Decimal("10000"),
        funder_authority=project_of_a.lead_authority, year=2025,
    )  # fmt: skip
    in_french = Caller(client, bearer(editor_a))
    in_french.headers["Accept-Language"] = "fr"

    response = in_french.post(f"/api/projects/{project_of_a.pk}/fundings", one_percent_line(project_of_a, "3000"))

    assert messages(response) == [
        "Plafond 1\u202f% eau 2025\u202f: 12\xa0345,67\xa0€, déjà utilisé\u202f: 10\xa0000,00\xa0€\u202f; "
        "cette ligne de 3\xa0000,00\xa0€ le dépasserait de 654,33\xa0€."
    ]


def test_a_one_percent_line_that_fits_exactly_under_the_ceiling_is_accepted(as_role, project_of_a, water_budget_2025):
    response = as_role("editor_a").post(
        f"/api/projects/{project_of_a.pk}/fundings", one_percent_line(project_of_a, "12345.67")
    )

    assert response.status_code == 201, response.content
    assert response.json()["year"] == 2025


def test_raising_a_one_percent_line_over_the_ceiling_is_refused_with_the_figures(
    as_role, project_of_a, water_budget_2025
):
    line = FundingFactory(
        project=project_of_a, instrument=Instrument.ONE_PERCENT_WATER, amount=Decimal("10000"),
        funder_authority=project_of_a.lead_authority, year=2025,
    )  # fmt: skip

    response = as_role("editor_a").patch(f"/api/projects/{project_of_a.pk}/fundings/{line.pk}", {"amount": "13000"})

    assert messages(response) == [
        "1 % water 2025 ceiling 12,345.67\xa0€, already used 0.00\xa0€, "
        "this line 13,000.00\xa0€ would exceed it by 654.33\xa0€."
    ]
    line.refresh_from_db()
    assert line.amount == Decimal("10000")


def test_lines_beyond_the_budget_are_recorded_with_a_warning(as_role, project_of_a):
    response = as_role("editor_a").post(
        f"/api/projects/{project_of_a.pk}/fundings", {"instrument": "own_budget", "amount": "120000"}
    )

    assert response.status_code == 201
    assert response.json()["warnings"] == [
        "The funding lines (120,000.00\xa0€) now exceed the budget (100,000.00\xa0€) by 20,000.00\xa0€."
    ]


@pytest.mark.parametrize("role", ROLES)
def test_a_funding_line_is_changed_by_the_projects_editors_and_coordinators(as_role, project_of_a, role):
    line = FundingFactory(project=project_of_a, amount=Decimal("50000"))

    response = as_role(role).patch(
        f"/api/projects/{project_of_a.pk}/fundings/{line.pk}", {"amount": "60000", "in_kind": True}
    )

    assert response.status_code == expected(role, 200), response.content
    line.refresh_from_db()
    changed = response.status_code == 200
    assert (line.amount, line.in_kind) == ((Decimal("60000"), True) if changed else (Decimal("50000"), False))


@pytest.mark.parametrize("role", ROLES)
def test_a_funding_line_is_removed_by_the_projects_editors_and_coordinators(as_role, project_of_a, role):
    line = FundingFactory(project=project_of_a)

    response = as_role(role).delete(f"/api/projects/{project_of_a.pk}/fundings/{line.pk}")

    assert response.status_code == expected(role, 204), response.content
    assert Funding.objects.filter(pk=line.pk).exists() == (response.status_code != 204)


def test_a_funding_line_of_another_project_is_a_404(as_role, project_of_a, authority_a):
    elsewhere = FundingFactory(project=ProjectFactory(lead_authority=authority_a))

    response = as_role("editor_a").delete(f"/api/projects/{project_of_a.pk}/fundings/{elsewhere.pk}")

    assert response.status_code == 404
    assert Funding.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_disbursement_is_recorded_by_the_projects_editors_and_coordinators(as_role, project_of_a, role):
    line = FundingFactory(project=project_of_a, amount=Decimal("50000"))

    response = as_role(role).post(
        f"/api/projects/{project_of_a.pk}/disbursements",
        {"year": 2025, "amount": "20000", "funding": line.pk, "paid_on": "2025-04-02"},
    )

    assert response.status_code == expected(role, 201), response.content
    assert project_of_a.disbursements.exists() == (response.status_code == 201)
    if response.status_code == 201:
        disbursement = project_of_a.disbursements.get()
        assert (disbursement.funding, disbursement.amount) == (line, Decimal("20000"))
        assert response.json() == {
            "id": disbursement.pk, "year": 2025, "amount": "20000.00", "currency": "EUR", "paid_on": "2025-04-02",
            "funding": line.pk, "warnings": [],
        }  # fmt: skip


def test_a_disbursement_paid_in_another_year_is_recorded_with_a_warning(as_role, project_of_a):
    response = as_role("editor_a").post(
        f"/api/projects/{project_of_a.pk}/disbursements", {"year": 2025, "amount": "100", "paid_on": "2026-01-05"}
    )

    assert response.status_code == 201
    assert response.json()["warnings"] == ["Paid on 2026-01-05 but recorded for 2025."]


def test_a_disbursement_on_another_projects_line_is_refused(as_role, project_of_a, authority_a):
    elsewhere = FundingFactory(project=ProjectFactory(lead_authority=authority_a))

    response = as_role("editor_a").post(
        f"/api/projects/{project_of_a.pk}/disbursements", {"year": 2025, "amount": "100", "funding": elsewhere.pk}
    )

    assert messages(response) == ["This funding line belongs to another project."]
    assert not Disbursement.objects.exists()


def test_the_funding_summary_counts_in_kind_apart_and_shows_the_gap(client, project_of_a):
    FundingFactory(project=project_of_a, amount=Decimal("60000"))
    FundingFactory(
        project=project_of_a, amount=Decimal("15000"), in_kind=True, instrument=Instrument.PARTNER_CONTRIBUTION
    )

    response = client.get(f"/api/projects/{project_of_a.pk}/funding-summary")

    assert response.status_code == 200
    assert response.json() == {
        "budget": "100000.00", "currency": "EUR", "budget_eur": "100000.00", "cash_eur": "60000.00",
        "in_kind_eur": "15000.00", "total_eur": "75000.00", "gap_eur": "25000.00",
        "by_currency": [{"currency": "EUR", "cash": "60000.00", "in_kind": "15000.00"}], "unconverted": [],
    }  # fmt: skip


@pytest.mark.parametrize(
    "role, status",
    [
        ("visitor", 404),
        ("editor_a", 200),
        ("admin_a", 200),
        ("editor_b", 404),
        ("coordinator", 200),
        ("platform_admin", 200),
    ],
)
def test_the_funding_summary_of_a_private_project_is_seen_by_who_may_see_the_project(
    as_role, authority_a, role, status
):
    project = ProjectFactory(lead_authority=authority_a, visibility=Visibility.PRIVATE)

    assert as_role(role).get(f"/api/projects/{project.pk}/funding-summary").status_code == status


@pytest.mark.parametrize(
    "role, status",
    [
        ("visitor", 401),
        ("editor_a", 200),
        ("admin_a", 200),
        ("editor_b", 403),
        ("coordinator", 200),
        ("platform_admin", 200),
    ],
)
def test_the_one_percent_position_is_seen_by_the_authoritys_members_and_coordinators(
    as_role, project_of_a, water_budget_2025, role, status
):
    FundingFactory(
        project=project_of_a, instrument=Instrument.ONE_PERCENT_WATER, amount=Decimal("10000"),
        funder_authority=project_of_a.lead_authority, year=2025,
    )  # fmt: skip

    response = as_role(role).get("/api/authorities/FR-REG-11/one-percent?year=2025")

    assert response.status_code == status, response.content
    if status == 200:
        body = response.json()
        assert (body["authority"]["code"], body["year"]) == ("FR-REG-11", 2025)
        assert [s["service"] for s in body["services"]] == ["water", "sanitation", "energy", "waste", "transport"]
        assert body["services"][0] == {
            "service": "water", "currency": "EUR", "own_resources": "1234567.00", "ceiling": "12345.67",
            "used": "10000.00", "left": "2345.67",
        }  # fmt: skip
        assert body["services"][1] == {
            "service": "sanitation", "currency": "EUR", "own_resources": None,
            "ceiling": "0.00", "used": "0.00", "left": "0.00",
        }  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_a_service_budget_is_recorded_by_the_authoritys_members_and_coordinators(as_role, cast, authority_a, role):
    response = as_role(role).put(
        "/api/authorities/FR-REG-11/service-budgets/2025/sanitation", {"own_resources": "2000000"}
    )

    assert response.status_code == expected(role, 200), response.content
    budget = ServiceBudget.objects.filter(authority=authority_a, year=2025, service=Service.SANITATION).first()
    assert (budget is not None) == (response.status_code == 200)
    if budget is not None:
        assert (budget.own_resources, budget.recorded_by) == (Decimal("2000000"), cast[role])
        assert response.json()["ceiling"] == "20000.00"


def test_putting_a_service_budget_again_corrects_it(as_role, water_budget_2025):
    response = as_role("editor_a").put(
        "/api/authorities/FR-REG-11/service-budgets/2025/water", {"own_resources": "3000000"}
    )

    assert response.status_code == 200
    assert ServiceBudget.objects.get().own_resources == Decimal("3000000")
    assert (response.json()["ceiling"], response.json()["left"]) == ("30000.00", "30000.00")


def test_a_service_budget_cannot_fall_below_what_lines_already_use(as_role, project_of_a, water_budget_2025):
    FundingFactory(
        project=project_of_a, instrument=Instrument.ONE_PERCENT_WATER, amount=Decimal("10000"),
        funder_authority=project_of_a.lead_authority, year=2025,
    )  # fmt: skip

    response = as_role("editor_a").put(
        "/api/authorities/FR-REG-11/service-budgets/2025/water", {"own_resources": "900000"}
    )

    assert messages(response) == [
        "With these own resources the 1 % water 2025 ceiling would be 9,000.00\xa0€, "
        "but funding lines already use 10,000.00\xa0€."
    ]
    water_budget_2025.refresh_from_db()
    assert water_budget_2025.own_resources == Decimal("1234567.00")


def test_a_foreign_authority_has_no_service_budget(as_role):
    yerevan = ForeignCityFactory(code="GEONAMES-616052", name="Erevan")

    response = as_role("coordinator").put(
        f"/api/authorities/{yerevan.code}/service-budgets/2025/water", {"own_resources": "1000"}
    )

    assert messages(response) == ["The 1 % mechanisms are French law: Erevan is not a French authority."]
    assert not ServiceBudget.objects.exists()


def test_an_unknown_service_is_a_422_and_an_unknown_authority_a_404(as_role, authority_a):
    assert (
        as_role("coordinator")
        .put("/api/authorities/FR-REG-11/service-budgets/2025/gas", {"own_resources": "1"})
        .status_code
        == 422
    )
    assert (
        as_role("coordinator")
        .put("/api/authorities/FR-XX/service-budgets/2025/water", {"own_resources": "1"})
        .status_code
        == 404
    )
