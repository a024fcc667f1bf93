"""Memberships of international organisations, their yearly contributions and delegates through the API."""

from datetime import date
from decimal import Decimal

import pytest

from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.models import Affiliation, AffiliationContribution, Delegate
from coopdec.territories.factories import CountryFactory

from .calls import ROLES, Caller, expected, messages


@pytest.fixture
def as_role(client, cast, bearer):
    return lambda role: Caller(client, bearer(cast[role]))


@pytest.fixture
def uclg(db):
    return OrganizationFactory(name="Cités et gouvernements locaux unis", kind=OrganizationKind.NETWORK)


@pytest.fixture
def aimf(db):
    return OrganizationFactory(name="Association internationale des maires francophones", kind=OrganizationKind.NETWORK)


@pytest.fixture
def membership_of_a(authority_a, uclg):
    return Affiliation.objects.create(authority=authority_a, organization=uclg, since=date(2015, 1, 1))


@pytest.fixture
def armenia(db):
    return CountryFactory(code="AM")


@pytest.fixture
def delegate_of_a(authority_a, armenia):
    return Delegate.objects.create(
        authority=authority_a, person="Anne Martin", country=armenia, post="Delegate at the French embassy in Yerevan"
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_membership_is_recorded_by_the_authoritys_members_and_coordinators(as_role, cast, authority_a, uclg, role):
    body = {"authority": "FR-REG-11", "organization": uclg.pk, "status": "member", "since": "2015-01-01"}

    response = as_role(role).post("/api/affiliations", body)

    assert response.status_code == expected(role, 201), response.content
    affiliation = Affiliation.objects.filter(authority=authority_a, organization=uclg).first()
    assert (affiliation is not None) == (response.status_code == 201)
    if affiliation is not None:
        assert (affiliation.since, affiliation.history.get().history_user) == (date(2015, 1, 1), cast[role])
        assert response.json() == {
            "id": affiliation.pk, "authority": {"code": "FR-REG-11", "name": "Île-de-France"},
            "organization": {"id": uclg.pk, "name": "Cités et gouvernements locaux unis"}, "status": "member",
            "since": "2015-01-01", "until": None, "representative": "", "focal_point": "", "notes": "",
            "contributions": [],
        }  # fmt: skip


def test_joining_an_organisation_that_is_not_international_is_refused(as_role, authority_a):
    club = OrganizationFactory(name="Club de rugby", kind=OrganizationKind.ASSOCIATION)

    response = as_role("editor_a").post("/api/affiliations", {"authority": "FR-REG-11", "organization": club.pk})

    assert messages(response) == ["Club de rugby is not an international organisation or a network of authorities."]
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "organization"]
    assert response.json()["detail"][0]["type"] == "not_international"
    assert not Affiliation.objects.exists()


def test_joining_an_organisation_twice_is_refused_with_its_code(as_role, membership_of_a, uclg):
    response = as_role("editor_a").post("/api/affiliations", {"authority": "FR-REG-11", "organization": uclg.pk})

    assert response.json()["detail"] == [
        {
            "type": "duplicate",
            "loc": ["body", "payload", "organization"],
            "msg": "Île-de-France is already recorded as a member of Cités et gouvernements locaux unis.",
        }
    ]
    assert Affiliation.objects.count() == 1


def test_an_unknown_organisation_is_a_422_at_its_place(as_role, authority_a):
    response = as_role("editor_a").post("/api/affiliations", {"authority": "FR-REG-11", "organization": 999999})

    assert messages(response) == ["No organisation with the id 999999."]
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "organization"]


@pytest.mark.parametrize("role", ROLES)
def test_a_membership_is_changed_by_the_authoritys_members_and_coordinators(as_role, membership_of_a, aimf, role):
    response = as_role(role).patch(
        f"/api/affiliations/{membership_of_a.pk}", {"status": "observer", "organization": aimf.pk}
    )

    assert response.status_code == expected(role, 200), response.content
    membership_of_a.refresh_from_db()
    changed = response.status_code == 200
    assert (membership_of_a.status, membership_of_a.organization == aimf) == (
        ("observer", True) if changed else ("member", False)
    )
    if changed:
        assert (response.json()["status"], response.json()["organization"]["id"]) == ("observer", aimf.pk)
        assert response.json()["since"] == "2015-01-01"


def test_a_membership_that_ends_before_it_starts_is_refused(as_role, membership_of_a):
    response = as_role("editor_a").patch(f"/api/affiliations/{membership_of_a.pk}", {"until": "2010-12-31"})

    assert messages(response) == ["The end date comes before the start date."]
    assert response.json()["detail"][0]["type"] == "ends_before_start"
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "until"]
    membership_of_a.refresh_from_db()
    assert membership_of_a.until is None


@pytest.mark.parametrize("role", ROLES)
def test_a_membership_is_deleted_by_the_authoritys_members_and_coordinators(as_role, membership_of_a, role):
    response = as_role(role).delete(f"/api/affiliations/{membership_of_a.pk}")

    assert response.status_code == expected(role, 204), response.content
    assert Affiliation.objects.filter(pk=membership_of_a.pk).exists() == (response.status_code != 204)


def test_an_unknown_membership_is_a_404(as_role):
    assert as_role("coordinator").delete("/api/affiliations/999999").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_a_years_contribution_is_recorded_by_the_authoritys_members_and_coordinators(
    as_role, cast, membership_of_a, role
):
    response = as_role(role).put(f"/api/affiliations/{membership_of_a.pk}/contributions/2025", {"amount": "12500"})

    assert response.status_code == expected(role, 200), response.content
    contribution = AffiliationContribution.objects.filter(affiliation=membership_of_a, year=2025).first()
    assert (contribution is not None) == (response.status_code == 200)
    if contribution is not None:
        assert (contribution.amount, contribution.history.get().history_user) == (Decimal("12500"), cast[role])
        assert response.json() == {"year": 2025, "amount": "12500.00", "currency": "EUR"}


def test_putting_a_years_contribution_again_corrects_it(as_role, membership_of_a):
    caller = as_role("editor_a")
    caller.put(f"/api/affiliations/{membership_of_a.pk}/contributions/2025", {"amount": "12500"})

    response = caller.put(f"/api/affiliations/{membership_of_a.pk}/contributions/2025", {"amount": "13000"})

    assert response.status_code == 200
    assert list(AffiliationContribution.objects.values_list("year", "amount")) == [(2025, Decimal("13000"))]
    listed = caller.get("/api/affiliations").json()["items"]
    assert listed[0]["contributions"] == [{"year": 2025, "amount": "13000.00", "currency": "EUR"}]


def test_a_negative_contribution_is_refused(as_role, membership_of_a):
    response = as_role("editor_a").put(f"/api/affiliations/{membership_of_a.pk}/contributions/2025", {"amount": "-1"})

    assert messages(response) == ["An amount cannot be negative."]
    assert response.json()["detail"][0]["type"] == "negative"
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "amount"]
    assert not AffiliationContribution.objects.exists()


@pytest.mark.parametrize(
    "role, status, listed",
    [
        ("visitor", 401, None),
        ("editor_a", 200, ["FR-REG-11"]),
        ("admin_a", 200, ["FR-REG-11"]),
        ("editor_b", 200, ["FR-REG-32"]),
        ("coordinator", 200, ["FR-REG-32", "FR-REG-11"]),
    ],
)
def test_memberships_are_listed_to_the_authoritys_members_and_coordinators(
    as_role, membership_of_a, authority_b, aimf, role, status, listed
):
    Affiliation.objects.create(authority=authority_b, organization=aimf)

    response = as_role(role).get("/api/affiliations")

    assert response.status_code == status
    if status == 200:
        assert [item["authority"]["code"] for item in response.json()["items"]] == listed


def test_memberships_are_filtered_by_authority_and_an_unknown_code_is_a_422(as_role, membership_of_a, authority_b):
    caller = as_role("coordinator")

    assert caller.get("/api/affiliations?authority=FR-REG-32").json()["items"] == []
    assert [item["id"] for item in caller.get("/api/affiliations?authority=FR-REG-11").json()["items"]] == [
        membership_of_a.pk
    ]
    assert caller.get("/api/affiliations?authority=FR-XX").status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_a_delegate_is_recorded_by_the_authoritys_members_and_coordinators(
    as_role, cast, authority_a, armenia, uclg, role
):
    body = {
        "authority": "FR-REG-11", "person": "Anne Martin", "country": "am", "post": "Delegate to UCLG Eurasia",
        "host_organization": uclg.pk, "starts_on": "2024-09-01",
    }  # fmt: skip

    response = as_role(role).post("/api/delegates", body)

    assert response.status_code == expected(role, 201), response.content
    delegate = Delegate.objects.filter(authority=authority_a).first()
    assert (delegate is not None) == (response.status_code == 201)
    if delegate is not None:
        assert (delegate.country_id, delegate.host_organization, delegate.history.get().history_user) == (
            "AM",
            uclg,
            cast[role],
        )
        assert response.json() == {
            "id": delegate.pk, "authority": {"code": "FR-REG-11", "name": "Île-de-France"}, "person": "Anne Martin",
            "country": "AM", "post": "Delegate to UCLG Eurasia",
            "host_organization": {"id": uclg.pk, "name": "Cités et gouvernements locaux unis"},
            "starts_on": "2024-09-01", "ends_on": None,
        }  # fmt: skip


def test_an_unknown_country_of_a_delegate_is_a_422_at_its_place(as_role, authority_a):
    body = {"authority": "FR-REG-11", "person": "Anne Martin", "country": "ZZ", "post": "Delegate"}

    response = as_role("editor_a").post("/api/delegates", body)

    assert messages(response) == ["Unknown country code: ZZ."]
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "country"]
    assert not Delegate.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_delegate_is_changed_by_the_authoritys_members_and_coordinators(as_role, delegate_of_a, role):
    response = as_role(role).patch(f"/api/delegates/{delegate_of_a.pk}", {"ends_on": "2026-08-31"})

    assert response.status_code == expected(role, 200), response.content
    delegate_of_a.refresh_from_db()
    changed = response.status_code == 200
    assert delegate_of_a.ends_on == (date(2026, 8, 31) if changed else None)
    if changed:
        assert (response.json()["ends_on"], response.json()["person"]) == ("2026-08-31", "Anne Martin")


def test_a_delegate_who_leaves_before_arriving_is_refused(as_role, delegate_of_a):
    response = as_role("editor_a").patch(
        f"/api/delegates/{delegate_of_a.pk}", {"starts_on": "2025-09-01", "ends_on": "2025-06-30"}
    )

    assert messages(response) == ["The end date comes before the start date."]
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "ends_on"]
    assert response.json()["detail"][0]["type"] == "ends_before_start"


@pytest.mark.parametrize("role", ROLES)
def test_a_delegate_is_deleted_by_the_authoritys_members_and_coordinators(as_role, delegate_of_a, role):
    response = as_role(role).delete(f"/api/delegates/{delegate_of_a.pk}")

    assert response.status_code == expected(role, 204), response.content
    assert Delegate.objects.filter(pk=delegate_of_a.pk).exists() == (response.status_code != 204)


@pytest.mark.parametrize(
    "role, list_status, listed, detail_status",
    [
        ("visitor", 401, None, 401),
        ("editor_a", 200, ["Anne Martin"], 200),
        ("admin_a", 200, ["Anne Martin"], 200),
        ("editor_b", 200, [], 404),
        ("coordinator", 200, ["Anne Martin"], 200),
    ],
)
def test_delegates_are_seen_by_the_authoritys_members_and_coordinators(
    as_role, delegate_of_a, role, list_status, listed, detail_status
):
    caller = as_role(role)

    response = caller.get("/api/delegates?country=AM")

    assert response.status_code == list_status
    if list_status == 200:
        assert [item["person"] for item in response.json()["items"]] == listed
    assert caller.get(f"/api/delegates/{delegate_of_a.pk}").status_code == detail_status
