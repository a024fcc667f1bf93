import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import client_for
from coopdec.accounts import services
from coopdec.accounts.enums import MembershipStatus, Role
from coopdec.accounts.factories import MembershipFactory, UserFactory
from coopdec.accounts.models import Membership
from coopdec.organizations.factories import OrganizationFactory
from coopdec.territories.enums import AuthorityStatus
from coopdec.territories.factories import AuthorityFactory

from .conftest import url

# What happens when each role asks to join authority A: a new pending request, or a refusal.
JOIN_A = {
    "visitor": "login",
    "editor_a": "already a member",
    "admin_a": "already a member",
    "editor_b": "pending",
    "coordinator": "pending",
    "platform_admin": "pending",
}


@pytest.mark.parametrize(("role", "outcome"), JOIN_A.items())
def test_asking_to_join_authority_a_by_role(client, cast, authority_a, role, outcome):
    user = cast[role]
    before = set(Membership.objects.values_list("pk", "status"))

    response = client_for(client, user).post(
        url("accounts:request_membership"), {"entity": f"authority:{authority_a.pk}", "job_title": "Chargé de mission"}
    )

    if outcome == "login":
        assert response.status_code == 302
        assert response.url.startswith(url("accounts:login"))
        assert set(Membership.objects.values_list("pk", "status")) == before
    elif outcome == "pending":
        assert response.url == url("accounts:profile")
        membership = Membership.objects.get(user=user, authority=authority_a)
        assert (membership.status, membership.role, membership.job_title) == (
            MembershipStatus.PENDING,
            Role.EDITOR,
            "Chargé de mission",
        )
        assert membership.decided_by is None
    else:
        assert response.status_code == 200
        assert "You are already a member of Île-de-France." in response.content.decode()
        assert set(Membership.objects.values_list("pk", "status")) == before


def test_a_second_request_while_the_first_is_pending_is_refused(client, requester, request_to_a, authority_a):
    response = client_for(client, requester).post(
        url("accounts:request_membership"), {"entity": f"authority:{authority_a.pk}", "job_title": "Autre poste"}
    )

    assert response.status_code == 200
    assert "your request is awaiting a decision" in response.content.decode()
    assert list(Membership.objects.filter(user=requester).values_list("job_title", flat=True)) == ["Chargée de mission"]


def test_asking_again_after_a_refusal_is_refused_with_a_message(client, requester, request_to_a, authority_a):
    request_to_a.status = MembershipStatus.REJECTED
    request_to_a.save()

    response = client_for(client, requester).post(
        url("accounts:request_membership"), {"entity": f"authority:{authority_a.pk}", "job_title": "Autre poste"}
    )

    assert "was declined" in response.content.decode()
    assert Membership.objects.get(user=requester).status == MembershipStatus.REJECTED


def test_a_user_asks_to_join_an_organisation(client, requester):
    organization = OrganizationFactory(name="Cités Unies France")

    response = client_for(client, requester).post(
        url("accounts:request_membership"), {"entity": f"organization:{organization.pk}", "job_title": "Chargée"}
    )

    assert response.url == url("accounts:profile")
    membership = Membership.objects.get(user=requester)
    assert (membership.organization, membership.authority, membership.status) == (
        organization,
        None,
        MembershipStatus.PENDING,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"job_title": "Chargée"}, "entity"),
        ({"entity": "authority:999999", "job_title": "Chargée"}, "entity"),
        ({"entity": "country:FR", "job_title": "Chargée"}, "entity"),
        ({"entity": "authority:abc", "job_title": "Chargée"}, "entity"),
        ({"entity": "AUTHORITY_A", "job_title": ""}, "job_title"),
    ],
)
def test_an_incomplete_request_writes_nothing_and_says_why(client, requester, authority_a, data, field):
    data = {key: value.replace("AUTHORITY_A", f"authority:{authority_a.pk}") for key, value in data.items()}

    response = client_for(client, requester).post(url("accounts:request_membership"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Membership.objects.filter(user=requester).exists()


def test_an_authority_still_proposed_cannot_be_joined(client, requester):
    proposed = AuthorityFactory(name="Ville proposée", status=AuthorityStatus.PROPOSED)

    response = client_for(client, requester).post(
        url("accounts:request_membership"), {"entity": f"authority:{proposed.pk}", "job_title": "Chargée"}
    )

    assert "entity" in response.context["form"].errors
    assert not Membership.objects.filter(user=requester).exists()


def test_the_join_page_without_javascript_lists_the_matches_of_a_search(client, requester, authority_a):
    OrganizationFactory(name="Agence Île-de-France International")

    response = client_for(client, requester).get(url("accounts:request_membership"), {"q": "ile de fr"})

    html = response.content.decode()
    assert f'value="authority:{authority_a.pk}"' in html
    assert "Agence Île-de-France International" in html
    assert html.count("<h1") == 1
    assert "<script>" not in html and 'style="' not in html


def test_the_entity_search_returns_matching_authorities_and_organisations_as_json(client, requester, authority_a):
    organization = OrganizationFactory(name="Région Île-de-France Coopération", acronym="RIFC")
    AuthorityFactory(name="Hauts-de-France")

    response = client_for(client, requester).get(url("accounts:entity_search"), {"q": "Ile-de-FRANCE"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["value"] for r in results] == [f"authority:{authority_a.pk}", f"organization:{organization.pk}"]
    assert results[0]["label"] == "Île-de-France"


def test_the_entity_search_returns_at_most_twenty_and_keeps_room_for_organisations(client, requester):
    for n in range(25):
        AuthorityFactory(name=f"Saint-Martin {n}")
    for n in range(5):
        OrganizationFactory(name=f"Association Saint-Martin {n}")

    results = client_for(client, requester).get(url("accounts:entity_search"), {"q": "saint martin"}).json()["results"]

    assert len(results) == 20
    assert sum(r["value"].startswith("organization:") for r in results) == 5


@pytest.mark.parametrize("query", ["", "a", "   "])
def test_the_entity_search_needs_two_letters(client, requester, authority_a, query):
    response = client_for(client, requester).get(url("accounts:entity_search"), {"q": query})

    assert response.json() == {"results": []}


def test_a_visitor_cannot_use_the_entity_search(client, authority_a):
    response = client.get(url("accounts:entity_search"), {"q": "ile"})

    assert response.status_code == 302


def test_request_membership_refuses_an_inactive_user(authority_a):
    user = UserFactory(is_active=False)

    with pytest.raises(PermissionDenied):
        services.request_membership(user=user, authority=authority_a, job_title="Chargée")
    assert not Membership.objects.exists()


def test_request_membership_needs_exactly_one_entity(requester, authority_a):
    organization = OrganizationFactory()

    for kwargs in ({}, {"authority": authority_a, "organization": organization}):
        with pytest.raises(ValidationError):
            services.request_membership(user=requester, job_title="Chargée", **kwargs)
    assert not Membership.objects.exists()


def test_the_profile_shows_each_membership_with_its_status(client, requester, request_to_a, authority_b):
    MembershipFactory(user=requester, authority=authority_b, role=Role.ADMINISTRATOR)

    response = client_for(client, requester).get(url("accounts:profile"))

    html = response.content.decode()
    assert "Pending approval" in html and "Approved" in html
    assert url("accounts:authority_members", authority_b.pk) in html
    assert url("accounts:authority_members", request_to_a.authority_id) not in html


def test_a_visitor_is_sent_to_log_in_for_the_profile(client, db):
    response = client.get(url("accounts:profile"))

    assert response.url == f"{url('accounts:login')}?next={url('accounts:profile')}"
