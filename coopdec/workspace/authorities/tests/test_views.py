"""Authority search for the party pickers, proposals of missing authorities and their validation, for the cast."""

import pytest

from conftest import client_for
from coopdec.organizations.models import Organization
from coopdec.partnerships.factories import PartyFactory, partnership_between
from coopdec.partnerships.models import Party
from coopdec.territories.enums import AuthorityStatus
from coopdec.territories.factories import CountryFactory, ForeignCityFactory
from coopdec.territories.models import Authority

pytestmark = pytest.mark.django_db

SEARCH = "/en/workspace/authorities/search"
PROPOSE = "/en/workspace/authorities/propose/"
PROPOSED = "/en/workspace/authorities/proposed/"


@pytest.fixture
def proposed_by_a(authority_a, editor_a):
    return ForeignCityFactory(
        name="Gyumri new district", status=AuthorityStatus.PROPOSED, proposed_for=authority_a, proposed_by=editor_a
    )


def names(response) -> list[str]:
    return [result["name"] for result in response.json()["results"]]


# Search


def test_the_search_needs_an_account(visitor):
    assert visitor.get(SEARCH, {"q": "erevan"}).status_code == 302


def test_the_search_folds_accents_and_gives_code_country_and_kind(client, editor_a):
    ForeignCityFactory(name="Érevan", code="GEONAMES-616052")
    result = client_for(client, editor_a).get(SEARCH, {"q": "EREVAN"}).json()["results"][0]
    assert result["name"] == "Érevan"
    assert result["code"] == "GEONAMES-616052"
    assert result["country"] == "AM"
    assert result["kind"] == "City"
    assert result["value"].startswith("authority:")


def test_the_search_gives_twenty_results_at_most(client, editor_a):
    for i in range(25):
        ForeignCityFactory(name=f"Ville {i}")
    assert len(names(client_for(client, editor_a).get(SEARCH, {"q": "ville"}))) == 20


def test_a_proposed_authority_is_found_by_its_proposers_authority_only(client, editor_a, editor_b, proposed_by_a):
    result = client_for(client, editor_a).get(SEARCH, {"q": "gyumri"}).json()["results"]
    assert result[0]["proposed"] is True and "proposed" in result[0]["detail"]
    client.logout()
    assert names(client_for(client, editor_b).get(SEARCH, {"q": "gyumri"})) == []


def test_organisations_are_found_when_asked(client, editor_a):
    Organization.objects.create(name="Cités Unies France", kind="network")
    client = client_for(client, editor_a)
    assert names(client.get(SEARCH, {"q": "cites unies"})) == []
    assert names(client.get(SEARCH, {"q": "cites unies", "with": "organizations"})) == ["Cités Unies France"]


def test_a_one_letter_search_gives_nothing(client, editor_a):
    ForeignCityFactory(name="A")
    assert names(client_for(client, editor_a).get(SEARCH, {"q": "a"})) == []


# Propose


def proposal(country="AM", **fields):
    data = {"name": "Vanadzor", "country": country, "level": "local", "kind": "city"}
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("role", "status", "created"),
    [
        ("visitor", 302, False),
        ("editor_a", 302, True),
        ("admin_a", 302, True),
        ("editor_b", 200, False),  # may propose, but not on behalf of authority A
        ("coordinator", 302, True),  # coordinators belong to no authority: they propose for everyone
        ("platform_admin", 302, True),
    ],
)
def test_proposing_an_authority_on_behalf_of_authority_a(client, cast, authority_a, role, status, created):
    CountryFactory(code="AM")
    response = client_for(client, cast[role]).post(PROPOSE, proposal(on_behalf_of=authority_a.pk))
    assert response.status_code == status
    authority = Authority.objects.filter(name="Vanadzor").first()
    assert (authority is not None) == created
    if created:
        assert authority.status == AuthorityStatus.PROPOSED
        assert authority.proposed_for == (authority_a if role in ("editor_a", "admin_a") else None)
        assert authority.proposed_by == cast[role]
        assert authority.is_french is False


def test_a_member_of_no_authority_cannot_propose(client, db):
    from coopdec.accounts.factories import UserFactory

    assert client_for(client, UserFactory()).get(PROPOSE).status_code == 403


def test_proposing_an_authority_that_exists_points_to_it(client, editor_a, authority_a):
    ForeignCityFactory(name="Vanadzor", code="GEONAMES-616530")
    response = client_for(client, editor_a).post(PROPOSE, proposal(name="vanadzor", on_behalf_of=authority_a.pk))
    assert "already exists in Armenia (GEONAMES-616530)" in response.text
    assert Authority.objects.filter(name__iexact="vanadzor").count() == 1


def test_a_proposal_goes_back_to_the_partnership_form(client, editor_a, authority_a):
    CountryFactory(code="AM")
    data = proposal(on_behalf_of=authority_a.pk, next="/en/workspace/partnerships/new/")
    response = client_for(client, editor_a).post(PROPOSE, data)
    assert response["Location"] == "/en/workspace/partnerships/new/"


def test_a_proposal_never_goes_back_to_another_site(client, editor_a, authority_a):
    CountryFactory(code="AM")
    response = client_for(client, editor_a).post(
        PROPOSE, proposal(on_behalf_of=authority_a.pk, next="https://evil.example/")
    )
    assert response["Location"] == PROPOSE


def test_a_proposed_authority_can_be_a_party_at_once(client, editor_a, authority_a, proposed_by_a):
    data = {"title": "With a proposed city", "kind": "convention", "currency": "EUR", "visibility": "public"}
    data["party"] = [f"authority:{authority_a.pk}", f"authority:{proposed_by_a.pk}"]
    response = client_for(client, editor_a).post("/en/workspace/partnerships/new/", data)
    assert response.status_code == 302
    assert Party.objects.filter(authority=proposed_by_a).exists()


# Validate, reject, merge

DECISION_OUTCOMES = [
    ("visitor", 302, False),
    ("editor_a", 403, False),
    ("admin_a", 403, False),
    ("editor_b", 403, False),
    ("coordinator", 302, True),
    ("platform_admin", 302, True),
]


@pytest.mark.parametrize(("role", "status", "shown"), [(r, 200 if d else s, d) for r, s, d in DECISION_OUTCOMES])
def test_the_list_of_proposals_is_for_coordinators(client, cast, proposed_by_a, role, status, shown):
    response = client_for(client, cast[role]).get(PROPOSED)
    assert response.status_code == status
    if shown:
        assert "Gyumri new district" in response.text


@pytest.mark.parametrize(("role", "status", "done"), DECISION_OUTCOMES)
def test_validating_a_proposal(client, cast, proposed_by_a, role, status, done):
    response = client_for(client, cast[role]).post(f"{PROPOSED}{proposed_by_a.pk}/validate/")
    assert response.status_code == status
    proposed_by_a.refresh_from_db()
    assert (proposed_by_a.status == AuthorityStatus.VALIDATED) == done


@pytest.mark.parametrize(("role", "status", "done"), DECISION_OUTCOMES)
def test_rejecting_an_unused_proposal_deletes_it(client, cast, proposed_by_a, role, status, done):
    response = client_for(client, cast[role]).post(f"{PROPOSED}{proposed_by_a.pk}/reject/")
    assert response.status_code == status
    assert Authority.objects.filter(pk=proposed_by_a.pk).exists() != done


def test_rejecting_a_used_proposal_asks_for_the_authority_to_merge_into(
    client, coordinator, proposed_by_a, authority_a
):
    partnership_between(authority_a, proposed_by_a)
    client = client_for(client, coordinator)
    page = client.get(f"{PROPOSED}{proposed_by_a.pk}/reject/")
    assert "It is already used by 1 record" in page.text
    response = client.post(f"{PROPOSED}{proposed_by_a.pk}/reject/")
    assert "choose the existing authority to merge it into" in response.text
    assert Authority.objects.filter(pk=proposed_by_a.pk).exists()


def test_merging_a_proposal_repoints_its_parties(client, coordinator, proposed_by_a, authority_a):
    gyumri = ForeignCityFactory(name="Gyumri")
    partnership = partnership_between(authority_a, proposed_by_a)
    client = client_for(client, coordinator)
    page = client.get(f"{PROPOSED}{proposed_by_a.pk}/reject/", {"q": "gyumri"})
    assert f'value="{gyumri.pk}"' in page.text
    response = client.post(f"{PROPOSED}{proposed_by_a.pk}/reject/", {"merge_into": gyumri.pk})
    assert response.status_code == 302
    assert not Authority.objects.filter(pk=proposed_by_a.pk).exists()
    assert set(partnership.parties.values_list("authority", flat=True)) == {authority_a.pk, gyumri.pk}
    assert partnership.parties.get(authority=gyumri).history.first().history_user == coordinator


def test_merging_into_an_authority_already_on_the_same_partnership_says_so(
    client, coordinator, proposed_by_a, authority_a
):
    gyumri = ForeignCityFactory(name="Gyumri")
    partnership = partnership_between(authority_a, proposed_by_a)
    PartyFactory(partnership=partnership, authority=gyumri)
    response = client_for(client, coordinator).post(f"{PROPOSED}{proposed_by_a.pk}/reject/", {"merge_into": gyumri.pk})
    assert "are both on the same record" in response.text
    assert Authority.objects.filter(pk=proposed_by_a.pk).exists()
