"""The parts of a project's page: participants, places, funding lines, disbursements, results — every role."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from coopdec.funding.factories import ServiceBudgetFactory
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import Instrument, ParticipantRole
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Disbursement, Funding, Participant, Place, Result
from coopdec.territories.factories import CountryFactory, ForeignCityFactory

ROLES = ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin"]
# On a public project of authority A: 302 for a write done (or the visitor sent to log in), 403 refused.
STATUS = {"visitor": 302, "editor_a": 302, "admin_a": 302, "editor_b": 403, "coordinator": 302, "platform_admin": 302}
WRITES = {"visitor": False, "editor_a": True, "admin_a": True, "editor_b": False, "coordinator": True}
WRITES["platform_admin"] = True


def url(name, *args):
    with translation.override("en"):
        return reverse(f"projects:{name}", args=args)


@pytest.fixture
def project_a(authority_a):
    return ProjectFactory(lead_authority=authority_a, title="Eau potable à Erevan", budget=Decimal("100000"))


def page(client, project) -> str:
    return client.get(url("detail", project.pk)).content.decode()


# --- participants --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_participant_by_role(client, cast, project_a, role):
    yerevan = ForeignCityFactory(name="Erevan")
    data = {"entity": f"authority:{yerevan.pk}", "role": ParticipantRole.PARTNER}
    response = client_for(client, cast[role]).post(url("participant_add", project_a.pk), data)
    assert response.status_code == STATUS[role]
    added = project_a.participants.filter(authority=yerevan, role=ParticipantRole.PARTNER).exists()
    assert added is WRITES[role]


def test_an_organisation_joins_as_operator(client, editor_a, project_a):
    operator = OrganizationFactory(name="Eau Vive")
    data = {"entity": f"organization:{operator.pk}", "role": ParticipantRole.OPERATOR}
    client = client_for(client, editor_a)
    client.post(url("participant_add", project_a.pk), data)
    assert project_a.participants.filter(organization=operator, role=ParticipantRole.OPERATOR).exists()
    assert "Eau Vive" in page(client, project_a)


def test_the_participant_search_works_without_javascript(client, editor_a, project_a):
    OrganizationFactory(name="Eau Vive")
    data = {"entity_q": "eau viv", "_search": "entity", "role": ParticipantRole.PARTNER}
    response = client_for(client, editor_a).post(url("participant_add", project_a.pk), data)
    assert "Eau Vive" in response.content.decode()
    assert project_a.participants.count() == 1


def test_the_same_participant_twice_is_refused_with_a_message(client, editor_a, project_a):
    yerevan = ForeignCityFactory(name="Erevan")
    Participant.objects.create(project=project_a, authority=yerevan, role=ParticipantRole.PARTNER)
    data = {"entity": f"authority:{yerevan.pk}", "role": ParticipantRole.PARTNER}
    response = client_for(client, editor_a).post(url("participant_add", project_a.pk), data)
    assert response.status_code == 200
    assert "This authority already takes part in the project with this role." in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_participant_by_role(client, cast, project_a, role):
    partner = Participant.objects.create(project=project_a, authority=ForeignCityFactory(), role="partner")
    response = client_for(client, cast[role]).post(url("participant_remove", project_a.pk, partner.pk))
    assert response.status_code == STATUS[role]
    assert Participant.objects.filter(pk=partner.pk).exists() is not WRITES[role]


def test_removing_a_participant_asks_for_confirmation_first(client, editor_a, project_a):
    partner = Participant.objects.create(project=project_a, authority=ForeignCityFactory(name="Erevan"), role="partner")
    response = client_for(client, editor_a).get(url("participant_remove", project_a.pk, partner.pk))
    assert "Remove Erevan (Partner) from this project?" in response.content.decode()
    assert Participant.objects.filter(pk=partner.pk).exists()


def test_the_lead_cannot_be_removed_and_the_user_is_told_why(client, editor_a, project_a):
    lead = project_a.participants.get(role=ParticipantRole.LEAD)
    response = client_for(client, editor_a).post(url("participant_remove", project_a.pk, lead.pk), follow=True)
    assert "Île-de-France leads this project, so it stays one of its participants" in response.content.decode()
    assert Participant.objects.filter(pk=lead.pk).exists()


# --- places ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_place_by_role(client, cast, project_a, role):
    CountryFactory(code="AM")
    response = client_for(client, cast[role]).post(url("place_add", project_a.pk), {"country": "AM"})
    assert response.status_code == STATUS[role]
    assert project_a.places.filter(country_id="AM").exists() is WRITES[role]


def test_a_place_is_an_authority_or_a_point(client, editor_a, project_a):
    yerevan = ForeignCityFactory(name="Erevan")
    client = client_for(client, editor_a)
    client.post(url("place_add", project_a.pk), {"authority": f"authority:{yerevan.pk}"})
    client.post(url("place_add", project_a.pk), {"name": "Forage", "latitude": "40.18", "longitude": "44.51"})
    assert project_a.places.filter(authority=yerevan).exists()
    assert project_a.places.filter(name="Forage", latitude=40.18, longitude=44.51).exists()


def test_a_place_with_nothing_to_locate_it_is_refused_with_a_message(client, editor_a, project_a):
    response = client_for(client, editor_a).post(url("place_add", project_a.pk), {"latitude": "40.18"})
    assert "A point needs both a latitude and a longitude." in response.content.decode()
    response = client.post(url("place_add", project_a.pk), {"name": "Somewhere"})
    assert "Give an authority, a country, or a point (latitude and longitude)." in response.content.decode()
    assert not project_a.places.exists()


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_place_by_role(client, cast, project_a, role):
    place = Place.objects.create(project=project_a, country=CountryFactory(code="AM"))
    response = client_for(client, cast[role]).post(url("place_remove", project_a.pk, place.pk))
    assert response.status_code == STATUS[role]
    assert Place.objects.filter(pk=place.pk).exists() is not WRITES[role]


# --- funding lines -----------------------------------------------------------------------------------------------


def line(funder=None, **overrides):
    data = {"instrument": Instrument.OWN_BUDGET, "amount": "30000", "currency": "EUR", "year": "2025"}
    if funder is not None:
        data["funder"] = f"authority:{funder.pk}"
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_funding_line_by_role(client, cast, project_a, authority_a, role):
    response = client_for(client, cast[role]).post(url("funding_add", project_a.pk), line(authority_a))
    assert response.status_code == STATUS[role]
    written = Funding.objects.filter(project=project_a, funder_authority=authority_a, amount=30000).exists()
    assert written is WRITES[role]


def test_the_funding_summary_shows_the_gap_and_in_kind_apart(client, editor_a, project_a, authority_a):
    client = client_for(client, editor_a)
    client.post(url("funding_add", project_a.pk), line(authority_a, amount="80000"))
    client.post(url("funding_add", project_a.pk), line(amount="8000", in_kind="on"))
    content = page(client, project_a)
    assert "88,000.00\u00a0€" in content
    assert "in kind 8,000.00\u00a0€" in content
    assert "12,000.00\u00a0€ not yet funded" in content


def test_an_over_funded_project_says_by_how_much(client, editor_a, project_a):
    FundingFactory(project=project_a, amount=Decimal("105000"))
    assert "over-funded by 5,000.00\u00a0€" in page(client_for(client, editor_a), project_a)


def test_a_line_in_a_currency_without_an_ecb_rate_is_flagged(client, editor_a, project_a):
    FundingFactory(project=project_a, amount=Decimal("1000"), currency="MAD")
    content = page(client_for(client, editor_a), project_a)
    assert "The ECB publishes no rate for MAD: these lines are left out of the euro totals." in content
    assert "no ECB rate" in content


def test_a_one_percent_line_over_the_ceiling_is_refused_with_the_figures(client, editor_a, project_a, authority_a):
    ServiceBudgetFactory(authority=authority_a, year=2025, own_resources=Decimal("1000000"))
    data = line(authority_a, instrument=Instrument.ONE_PERCENT_WATER, amount="12000")
    response = client_for(client, editor_a).post(url("funding_add", project_a.pk), data)
    assert response.status_code == 200
    assert (
        "1 % water 2025 ceiling 10,000.00\xa0€, already used 0.00\xa0€, "
        "this line 12,000.00\xa0€ would exceed it by 2,000.00\xa0€." in response.content.decode()
    )
    assert not Funding.objects.exists()


def test_a_refusal_on_a_french_page_writes_its_amounts_the_french_way(client, editor_a, project_a, authority_a):
    ServiceBudgetFactory(authority=authority_a, year=2025, own_resources=Decimal("1234567"))
    data = line(authority_a, instrument=Instrument.ONE_PERCENT_WATER, amount="12345.68")
    with translation.override("fr"):
        address = reverse("projects:funding_add", args=[project_a.pk])
    response = client_for(client, editor_a).post(address, data)
    assert response.status_code == 200
    assert (
        "Plafond 1\u202f% eau 2025\u202f: 12\xa0345,67\xa0€, déjà utilisé\u202f: 0,00\xa0€\u202f; "
        "cette ligne de 12\xa0345,68\xa0€ le dépasserait de 0,01\xa0€." in response.content.decode()
    )


def test_a_one_percent_line_under_the_ceiling_is_recorded(client, editor_a, project_a, authority_a):
    ServiceBudgetFactory(authority=authority_a, year=2025, own_resources=Decimal("1000000"))
    data = line(authority_a, instrument=Instrument.ONE_PERCENT_WATER, amount="9000")
    client_for(client, editor_a).post(url("funding_add", project_a.pk), data)
    assert Funding.objects.get().instrument == Instrument.ONE_PERCENT_WATER


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_funding_line_by_role(client, cast, project_a, role):
    funding = FundingFactory(project=project_a, amount=Decimal("50000"))
    response = client_for(client, cast[role]).post(url("funding_edit", project_a.pk, funding.pk), line(amount="40000"))
    assert response.status_code == STATUS[role]
    funding.refresh_from_db()
    assert (funding.amount == 40000) is WRITES[role]


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_funding_line_by_role(client, cast, project_a, role):
    funding = FundingFactory(project=project_a)
    response = client_for(client, cast[role]).post(url("funding_remove", project_a.pk, funding.pk))
    assert response.status_code == STATUS[role]
    assert Funding.objects.filter(pk=funding.pk).exists() is not WRITES[role]


# --- disbursements ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_disbursement_by_role(client, cast, project_a, role):
    funding = FundingFactory(project=project_a)
    data = {"funding": funding.pk, "year": "2025", "amount": "10000", "currency": "EUR"}
    response = client_for(client, cast[role]).post(url("disbursement_add", project_a.pk), data)
    assert response.status_code == STATUS[role]
    written = Disbursement.objects.filter(project=project_a, funding=funding, year=2025, amount=10000).exists()
    assert written is WRITES[role]


def test_a_disbursement_over_its_line_is_recorded_with_a_visible_warning(client, editor_a, project_a):
    funding = FundingFactory(project=project_a, amount=Decimal("5000"))
    data = {"funding": funding.pk, "year": "2025", "amount": "6000", "currency": "EUR"}
    response = client_for(client, editor_a).post(url("disbursement_add", project_a.pk), data, follow=True)
    assert "Disbursements on this line (6,000.00\xa0€) exceed its amount (5,000.00\xa0€)." in response.content.decode()
    assert Disbursement.objects.filter(amount=6000).exists()


# --- results ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_result_by_role(client, cast, project_a, role):
    data = {"indicator": "People with drinking water", "unit": "people", "baseline": "0", "target": "5000"}
    response = client_for(client, cast[role]).post(url("result_add", project_a.pk), data)
    assert response.status_code == STATUS[role]
    assert Result.objects.filter(project=project_a, target=5000).exists() is WRITES[role]


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_result_by_role(client, cast, project_a, role):
    result = Result.objects.create(project=project_a, indicator="Wells", target=10)
    data = {"indicator": "Wells", "target": "10", "achieved": "7", "year": "2025"}
    response = client_for(client, cast[role]).post(url("result_edit", project_a.pk, result.pk), data)
    assert response.status_code == STATUS[role]
    result.refresh_from_db()
    assert (result.achieved == 7) is WRITES[role]


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_result_by_role(client, cast, project_a, role):
    result = Result.objects.create(project=project_a, indicator="Wells")
    response = client_for(client, cast[role]).post(url("result_delete", project_a.pk, result.pk))
    assert response.status_code == STATUS[role]
    assert Result.objects.filter(pk=result.pk).exists() is not WRITES[role]


def test_results_show_on_the_project_page(client, editor_b, project_a):
    Result.objects.create(project=project_a, indicator="Wells drilled", target=10, achieved=7)
    assert "Wells drilled" in page(client_for(client, editor_b), project_a)


# --- private projects ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, extra",
    [("participant_add", {}), ("place_add", {}), ("funding_add", {}), ("disbursement_add", {}), ("result_add", {})],
)
def test_the_parts_of_a_private_project_are_404_for_another_authority(client, editor_b, authority_a, name, extra):
    private = ProjectFactory(lead_authority=authority_a, visibility=Visibility.PRIVATE)
    client = client_for(client, editor_b)
    assert client.get(url(name, private.pk)).status_code == 404
    assert client.post(url(name, private.pk), extra).status_code == 404


def test_the_funding_summary_writes_amounts_as_the_page_language_does(client, editor_a, project_a):
    """The summary wrote "88,000.00 €" on French pages too."""
    FundingFactory(project=project_a, amount=Decimal("80000"))
    FundingFactory(project=project_a, amount=Decimal("8000"), in_kind=True)

    french = client_for(client, editor_a).get(f"/workspace/projects/{project_a.pk}/").content.decode()
    assert re.search(r"Total financé\u202f: <strong>88[\u202f\xa0 ]000,00\xa0€</strong>", french)
    assert re.search(r"en nature 8[\u202f\xa0 ]000,00\xa0€", french)
    assert "88,000.00" not in french
