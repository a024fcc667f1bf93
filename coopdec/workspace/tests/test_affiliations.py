"""Memberships of international organisations and delegates abroad: pages, every role on every write, rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import client_for
from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.models import Affiliation, AffiliationContribution, Delegate
from coopdec.territories.factories import CountryFactory

MAY_EDIT_A = {
    "visitor": False,
    "editor_a": True,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}
ROLES = list(MAY_EDIT_A)


@pytest.fixture
def affiliation(authority_a, uclg):
    return Affiliation.objects.create(authority=authority_a, organization=uclg, representative="Mme Durand")


@pytest.fixture
def delegate(authority_a):
    return Delegate.objects.create(
        authority=authority_a, person="Jeanne Roux", country=CountryFactory(code="MA"), post="Delegate in Rabat"
    )


def _refused(response, role):
    # The visitor is sent to log in; a signed-in user without the right gets a 403.
    return response.status_code == (302 if role == "visitor" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_membership_for_each_role(client, cast, authority_a, uclg, role):
    data = {"organization": uclg.pk, "status": "associate", "representative": "M. Petit", "since": "2020-01-01"}
    response = client_for(client, cast[role]).post(f"/en/workspace/affiliations/new/?authority={authority_a.pk}", data)
    created = Affiliation.objects.filter(authority=authority_a, organization=uclg).first()
    if MAY_EDIT_A[role]:
        assert response.status_code == 302
        assert (created.status, created.representative, created.since) == ("associate", "M. Petit", date(2020, 1, 1))
    else:
        assert _refused(response, role) and created is None


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_membership_for_each_role(client, cast, affiliation, role):
    data = {"organization": affiliation.organization_id, "status": "observer", "focal_point": "Léa"}
    response = client_for(client, cast[role]).post(f"/en/workspace/affiliations/{affiliation.pk}/edit/", data)
    affiliation.refresh_from_db()
    if MAY_EDIT_A[role]:
        assert response.status_code == 302 and (affiliation.status, affiliation.focal_point) == ("observer", "Léa")
    else:
        assert _refused(response, role) and affiliation.status == "member"


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_membership_asks_then_deletes_for_each_role(client, cast, affiliation, role):
    client = client_for(client, cast[role])
    url = f"/en/workspace/affiliations/{affiliation.pk}/delete/"
    confirmation = client.get(url)
    if MAY_EDIT_A[role]:
        assert "Delete the membership of Île-de-France in United Cities" in confirmation.content.decode()
        assert Affiliation.objects.filter(pk=affiliation.pk).exists()  # GET only asks
    response = client.post(url)
    if MAY_EDIT_A[role]:
        assert response.status_code == 302 and not Affiliation.objects.filter(pk=affiliation.pk).exists()
    else:
        assert _refused(response, role) and Affiliation.objects.filter(pk=affiliation.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_yearly_contribution_for_each_role(client, cast, affiliation, role):
    data = {"year": 2025, "amount": "4200", "currency": "eur"}
    response = client_for(client, cast[role]).post(f"/en/workspace/affiliations/{affiliation.pk}/", data)
    contribution = AffiliationContribution.objects.filter(affiliation=affiliation, year=2025).first()
    if MAY_EDIT_A[role]:
        assert response.status_code == 302 and (contribution.amount, contribution.currency) == (Decimal("4200"), "EUR")
    else:
        assert _refused(response, role) and contribution is None


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_contribution_for_each_role(client, cast, affiliation, role):
    contribution = AffiliationContribution.objects.create(affiliation=affiliation, year=2024, amount=Decimal("1"))
    response = client_for(client, cast[role]).post(
        f"/en/workspace/affiliations/contributions/{contribution.pk}/delete/"
    )
    exists = AffiliationContribution.objects.filter(pk=contribution.pk).exists()
    assert (response.status_code == 302 and not exists) if MAY_EDIT_A[role] else (_refused(response, role) and exists)


def test_a_second_contribution_for_the_same_year_corrects_the_first(client, editor_a, affiliation):
    client = client_for(client, editor_a)
    for amount in ("100", "150"):
        client.post(
            f"/en/workspace/affiliations/{affiliation.pk}/", {"year": 2025, "amount": amount, "currency": "EUR"}
        )
    assert list(affiliation.contributions.values_list("amount", flat=True)) == [Decimal("150")]


def test_a_negative_contribution_is_refused_with_a_message(client, editor_a, affiliation):
    data = {"year": 2025, "amount": "-5", "currency": "EUR"}
    response = client_for(client, editor_a).post(f"/en/workspace/affiliations/{affiliation.pk}/", data)
    assert "An amount cannot be negative." in response.content.decode()
    assert not affiliation.contributions.exists()


def test_a_membership_ending_before_it_starts_is_refused_with_a_message(client, editor_a, authority_a, uclg):
    data = {"organization": uclg.pk, "status": "member", "since": "2022-01-01", "until": "2021-01-01"}
    response = client_for(client, editor_a).post("/en/workspace/affiliations/new/", data)
    assert "The end date comes before the start date." in response.content.decode()
    assert not Affiliation.objects.exists()


def test_the_same_organisation_twice_is_refused_with_a_message(client, editor_a, affiliation):
    data = {"organization": affiliation.organization_id, "status": "member"}
    response = client_for(client, editor_a).post("/en/workspace/affiliations/new/", data)
    assert "Île-de-France is already recorded as a member of United Cities and Local Governments." in (
        response.content.decode()
    )


def test_only_international_organisations_and_networks_are_offered(client, editor_a, uclg):
    company = OrganizationFactory(name="Acme SARL", kind=OrganizationKind.COMPANY)
    page = client_for(client, editor_a).get("/en/workspace/affiliations/new/").content.decode()
    assert uclg.name in page and company.name not in page


def test_the_list_searches_filters_sorts_and_exports_with_labels(client, editor_a, authority_a, affiliation):
    other = OrganizationFactory(name="AIMF", kind=OrganizationKind.NETWORK)
    Affiliation.objects.create(authority=authority_a, organization=other, status="observer")
    AffiliationContribution.objects.create(affiliation=affiliation, year=timezone.localdate().year, amount=Decimal("9"))
    client = client_for(client, editor_a)
    url = "/en/workspace/affiliations/"
    assert "AIMF" not in client.get(url, {"q": "united"}).content.decode()
    assert "United Cities" not in client.get(url, {"status": "observer"}).content.decode()
    page = client.get(url, {"sort": "-organization"}).content.decode()
    assert page.index("United Cities") < page.index("AIMF")
    export = client.get(url, {"status": "observer", "export": "csv"}).content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("International organisation,Status")
    assert "AIMF,Observer" in export and "United Cities" not in export


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_rows(
    client, editor_a, authority_a, django_assert_num_queries
):
    def rows(n):
        for _ in range(n):
            affiliation = Affiliation.objects.create(
                authority=authority_a, organization=OrganizationFactory(kind=OrganizationKind.INTERNATIONAL)
            )
            AffiliationContribution.objects.create(affiliation=affiliation, year=timezone.localdate().year, amount=1)

    client = client_for(client, editor_a)
    rows(3)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/workspace/affiliations/", {"size": 50})
    rows(27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/en/workspace/affiliations/", {"size": 50})
    assert len(response.context["page"].object_list) == 30


# Delegates abroad.


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_delegate_for_each_role(client, cast, authority_a, role):
    country = CountryFactory(code="VU")
    data = {"person": "Paul Martin", "country": "VU", "post": "Delegate in Port-Vila", "starts_on": "2024-09-01"}
    response = client_for(client, cast[role]).post(f"/en/workspace/delegates/new/?authority={authority_a.pk}", data)
    created = Delegate.objects.filter(authority=authority_a).first()
    if MAY_EDIT_A[role]:
        assert response.status_code == 302 and (created.person, created.country) == ("Paul Martin", country)
    else:
        assert _refused(response, role) and created is None


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_delegate_for_each_role(client, cast, delegate, role):
    data = {"person": "Jeanne Roux", "country": "MA", "post": "Delegate in Casablanca"}
    response = client_for(client, cast[role]).post(f"/en/workspace/delegates/{delegate.pk}/edit/", data)
    delegate.refresh_from_db()
    if MAY_EDIT_A[role]:
        assert response.status_code == 302 and delegate.post == "Delegate in Casablanca"
    else:
        assert _refused(response, role) and delegate.post == "Delegate in Rabat"


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_delegate_asks_then_deletes_for_each_role(client, cast, delegate, role):
    client = client_for(client, cast[role])
    url = f"/en/workspace/delegates/{delegate.pk}/delete/"
    if MAY_EDIT_A[role]:
        assert "Delete Jeanne Roux, Delegate in Rabat" in client.get(url).content.decode()
    response = client.post(url)
    exists = Delegate.objects.filter(pk=delegate.pk).exists()
    assert (response.status_code == 302 and not exists) if MAY_EDIT_A[role] else (_refused(response, role) and exists)


def test_a_posting_ending_before_it_starts_is_refused_with_a_message(client, editor_a):
    CountryFactory(code="MA")
    data = {"person": "X", "country": "MA", "post": "Y", "starts_on": "2024-01-01", "ends_on": "2023-01-01"}
    response = client_for(client, editor_a).post("/en/workspace/delegates/new/", data)
    assert "The end date comes before the start date." in response.content.decode()
    assert not Delegate.objects.exists()


def test_the_delegate_list_filters_and_exports(client, editor_a, authority_a, delegate):
    Delegate.objects.create(
        authority=authority_a,
        person="Ancien",
        country=CountryFactory(code="VU"),
        post="Former",
        ends_on=date(2020, 1, 1),
    )
    client = client_for(client, editor_a)
    url = "/en/workspace/delegates/"
    assert "Ancien" not in client.get(url, {"current": "1"}).content.decode()
    assert "Ancien" not in client.get(url, {"country": "ma"}).content.decode()
    export = client.get(url, {"q": "ancien", "export": "csv"}).content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("Person,Country,Post")
    assert "Ancien" in export and "Jeanne" not in export


def test_the_delegate_list_runs_the_same_number_of_queries_for_3_or_30_rows(
    client, editor_a, authority_a, django_assert_num_queries
):
    country = CountryFactory(code="MA")

    def rows(n):
        for index in range(n):
            Delegate.objects.create(
                authority=authority_a,
                person=f"P{index}",
                country=country,
                post="Post",
                host_organization=OrganizationFactory(kind=OrganizationKind.EMBASSY),
            )

    client = client_for(client, editor_a)
    rows(3)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/workspace/delegates/", {"size": 50})
    rows(27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/en/workspace/delegates/", {"size": 50})
    assert len(response.context["page"].object_list) == 30
