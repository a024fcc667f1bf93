"""The matchmaking pages, for every role: profiles, suggestions, interests, contacts, pairings, fabric, dashboard."""

import pytest
from django.utils import timezone

from conftest import client_for
from coopdec.matchmaking import services, workflow_services
from coopdec.matchmaking.enums import ProfileKind, ProfileStatus
from coopdec.matchmaking.factories import ProfileFactory
from coopdec.matchmaking.models import Interest, Pairing, PairingStage, Profile
from coopdec.matchmaking.tests.workflow_fixtures import *  # noqa: F403  (the fixtures)

ROLES = ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin", "fr_member", "ma_member"]


def login_for(client, roles, role):
    return client_for(client, roles[role])


def profile_data(organization=None, **changes):
    data = {
        "kind": ProfileKind.BUSINESS_REQUEST,
        "title": "Recherche de dattes",
        "description": "Nous cherchons des dattes Medjool pour nos pâtisseries.",
        "language": "fr",
        "sectors": "10.39, 46.31",
        "partnership_types": ["commercial"],
        "target_authorities": "MA-07",
        "expires_on": "",
    }
    if organization is not None:
        data["organization"] = organization.pk
    return data | changes


@pytest.mark.parametrize("role", ROLES)
def test_a_profile_is_created_by_the_organisations_members_and_coordinators(client, roles, role, fr_company, marrakech):
    response = login_for(client, roles, role).post("/en/matchmaking/profiles/new/", profile_data(fr_company))
    created = Profile.objects.filter(title="Recherche de dattes").first()
    if role in {"fr_member", "coordinator", "platform_admin"}:
        assert response.status_code == 302 and created is not None
        assert created.status == ProfileStatus.DRAFT and created.created_by == roles[role]
        assert sorted(created.sectors.values_list("code", flat=True)) == ["10.39", "46.31"]
        assert list(created.target_authorities.values_list("code", flat=True)) == ["MA-07"]
    else:
        assert response.status_code in {302, 403, 200} and created is None
        if role == "visitor":
            assert "/accounts/login/" in response["Location"]
        elif role == "ma_member":  # may write profiles, but not the French company's: not among the choices
            assert "Select a valid choice" in response.content.decode()


def test_an_unknown_nace_code_is_shown_on_the_form(client, fr_member, fr_company, marrakech):
    response = client_for(client, fr_member).post(
        "/en/matchmaking/profiles/new/", profile_data(fr_company, sectors="99.99")
    )
    assert response.status_code == 200
    assert "Not NACE classes (written like 10.11): 99.99." in response.content.decode()
    assert not Profile.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_profile_is_edited_by_its_organisations_members_and_coordinators(client, roles, role, fr_request):
    response = login_for(client, roles, role).post(
        f"/en/matchmaking/profiles/{fr_request.pk}/edit/", profile_data(title="Titre changé", target_authorities="")
    )
    fr_request.refresh_from_db()
    if role in {"fr_member", "coordinator", "platform_admin"}:
        assert response.status_code == 302 and fr_request.title == "Titre changé"
    else:
        assert fr_request.title != "Titre changé"
        assert response.status_code in {302, 404}  # a draft is not disclosed to others


@pytest.mark.parametrize("role", ROLES)
def test_a_profile_is_published_and_withdrawn_by_its_organisations_members_and_coordinators(
    client, roles, role, fr_request
):
    client = login_for(client, roles, role)
    client.post(f"/en/matchmaking/profiles/{fr_request.pk}/publish/")
    fr_request.refresh_from_db()
    allowed = role in {"fr_member", "coordinator", "platform_admin"}
    assert (fr_request.status == ProfileStatus.PUBLISHED) is allowed
    if allowed:
        client.post(f"/en/matchmaking/profiles/{fr_request.pk}/withdraw/")
        fr_request.refresh_from_db()
        assert fr_request.status == ProfileStatus.EXPIRED


def test_withdrawing_asks_for_confirmation_first(client, fr_member, fr_request):
    services.publish_profile(author=None, profile=fr_request)
    response = client_for(client, fr_member).get(f"/en/matchmaking/profiles/{fr_request.pk}/withdraw/")
    assert "Withdraw this profile?" in response.content.decode()
    fr_request.refresh_from_db()
    assert fr_request.status == ProfileStatus.PUBLISHED


def test_a_french_request_shows_the_arabic_offer_among_its_suggestions_with_its_reasons(
    client, fr_member, fr_request, ma_offer
):
    page = client_for(client, fr_member).get(f"/en/matchmaking/profiles/{fr_request.pk}/").content.decode()
    suggestions = page.split("Suggested partners")[1]
    assert ma_offer.title in suggestions
    assert "Same sector:" in suggestions and "10.41" in suggestions
    assert "Similar passages:" in suggestions and "<mark" in suggestions


def test_the_sector_suggestion_answers_in_json_with_names(client, db):
    ranked = client.get("/en/matchmaking/sectors/suggest/", {"text": "Boulangerie et pâtisserie artisanale"}).json()[
        "ranked"
    ]
    assert len(ranked) == 8 and all(item["name"] for item in ranked)
    assert any(item["code"].startswith("10.7") for item in ranked[:3])


@pytest.mark.parametrize("role", ROLES)
def test_an_interest_is_sent_only_by_a_member_of_another_organisation(client, roles, role, ma_offer, fr_company):
    data = {"organization": fr_company.pk, "message": "Intéressés par votre huile."}
    login_for(client, roles, role).post(f"/en/matchmaking/profiles/{ma_offer.pk}/interest/", data)
    assert Interest.objects.exists() is (role == "fr_member")


def test_a_member_of_another_organisation_sees_the_interest_form_once_per_organisation(
    client, fr_member, ma_offer, fr_company
):
    client = client_for(client, fr_member)
    assert "Send my interest" in client.get(f"/en/matchmaking/profiles/{ma_offer.pk}/").content.decode()
    client.post(f"/en/matchmaking/profiles/{ma_offer.pk}/interest/", {"organization": fr_company.pk, "message": "Hi"})
    page = client.get(f"/en/matchmaking/profiles/{ma_offer.pk}/").content.decode()
    assert "Send my interest" not in page and "Waiting for an answer" in page


@pytest.fixture
def interest(ma_offer, fr_company, fr_member):
    return workflow_services.send_interest(
        author=fr_member, profile=ma_offer, organization=fr_company, message="Bonjour", is_anonymous=True
    )


def test_contacts_are_not_in_the_page_before_acceptance_and_are_after(client, interest, ma_member, fr_member):
    url = f"/en/matchmaking/interests/{interest.pk}/"
    owner_page = client_for(client, ma_member).get(url).content.decode()
    for secret in ("jeanne.leroy@flandres.example", "buyer@flandres.example", "youssef.amrani@atlas.example"):
        assert secret not in owner_page
    assert "Biscuiterie des Flandres" not in owner_page  # anonymous until accepted
    client.post(f"/en/matchmaking/interests/{interest.pk}/accept/", {"answer": ""})
    owner_page = client.get(url).content.decode()
    assert "jeanne.leroy@flandres.example" in owner_page and "buyer@flandres.example" in owner_page
    assert "Biscuiterie des Flandres" in owner_page
    sender_page = client_for(client, fr_member).get(url).content.decode()
    assert "youssef.amrani@atlas.example" in sender_page and "sales@atlas.example" in sender_page


@pytest.mark.parametrize("role", ROLES)
def test_an_interest_is_decided_by_the_owners_members_only(client, roles, role, interest):
    response = login_for(client, roles, role).post(f"/en/matchmaking/interests/{interest.pk}/accept/")
    interest.refresh_from_db()
    assert (interest.status == "accepted") is (role == "ma_member")
    if role in {"editor_a", "admin_a", "editor_b"}:
        assert response.status_code == 404
    elif role in {"fr_member", "coordinator", "platform_admin"}:
        assert response.status_code == 403


def test_declining_asks_for_confirmation_then_declines(client, interest, ma_member):
    client = client_for(client, ma_member)
    url = f"/en/matchmaking/interests/{interest.pk}/decline/"
    assert "Decline this interest?" in client.get(url).content.decode()
    interest.refresh_from_db()
    assert interest.status == "pending"
    client.post(url, {"answer": "Not now"})
    interest.refresh_from_db()
    assert interest.status == "declined" and not Pairing.objects.exists()


@pytest.fixture
def pairing(interest, ma_member):
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=True)
    return interest.pairing


@pytest.mark.parametrize("role", ROLES)
def test_a_pairing_is_moved_by_both_sides_members_only(client, roles, role, pairing):
    data = {"stage": "meeting", "on": timezone.localdate().isoformat(), "note": "Rendez-vous à Lille"}
    login_for(client, roles, role).post(f"/en/matchmaking/pairings/{pairing.pk}/", data)
    pairing.refresh_from_db()
    assert (pairing.stage == PairingStage.MEETING) is (role in {"fr_member", "ma_member"})


def test_signing_without_the_kind_of_agreement_shows_the_message(client, pairing, fr_member):
    data = {"stage": "agreement", "on": timezone.localdate().isoformat()}
    response = client_for(client, fr_member).post(f"/en/matchmaking/pairings/{pairing.pk}/", data)
    assert "Say which kind of agreement was signed." in response.content.decode()
    pairing.refresh_from_db()
    assert pairing.stage == PairingStage.CONTACT


def test_the_territory_page_groups_its_organisations_profiles_by_kind_and_section(client, ma_offer, marrakech):
    page = client.get("/en/matchmaking/territories/MA-07/").content.decode()
    assert "Economic fabric of Marrakech-Safi" in page
    assert ma_offer.title in page and "Business offer" in page
    assert "C Manufacturing" in page


def test_the_organisation_page_lists_its_published_profiles_only(client, ma_offer, ma_company):
    ProfileFactory(organization=ma_company, title="Brouillon secret", status=ProfileStatus.DRAFT)
    page = client.get(f"/en/matchmaking/organizations/{ma_company.pk}/").content.decode()
    assert ma_offer.title in page and "Brouillon secret" not in page


def make_pairings(authority, partner_authority, n, stage="contact"):
    for _ in range(n):
        ours = ProfileFactory(organization__authority=authority)
        theirs = ProfileFactory(
            organization__authority=partner_authority,
            organization__country=partner_authority.country,
            kind=ProfileKind.BUSINESS_REQUEST,
        )
        interest = Interest.objects.create(profile=ours, organization=theirs.organization, message="x")
        today = timezone.localdate()
        kind = "commercial" if stage == PairingStage.AGREEMENT else ""
        Pairing.objects.create(interest=interest, stage=stage, agreement_type=kind, stage_on=today, started_on=today)


@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_is_shown_to_the_regions_members_and_coordinators(client, roles, role, authority_b):
    response = login_for(client, roles, role).get("/en/matchmaking/dashboard/", {"authority": "FR-REG-32"})
    if role in {"editor_b", "coordinator", "platform_admin"}:
        assert response.status_code == 200
    elif role == "visitor":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def test_the_dashboard_counts_pairings_by_stage_and_partner_in_bounded_queries(
    client, coordinator, authority_b, marrakech, django_assert_max_num_queries
):
    make_pairings(authority_b, marrakech, 2)
    make_pairings(authority_b, marrakech, 1, stage="agreement")
    client = client_for(client, coordinator)
    with django_assert_max_num_queries(12) as small:
        page = client.get("/en/matchmaking/dashboard/", {"authority": "FR-REG-32"}).content.decode()
    assert "3 pairs of organisations" in page and "1 agreement signed" in page
    assert "Marrakech-Safi (Morocco)" in page
    make_pairings(authority_b, marrakech, 27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get("/en/matchmaking/dashboard/", {"authority": "FR-REG-32"}).content.decode()
    assert "30 pairs of organisations" in page


def test_the_profile_list_takes_the_same_number_of_queries_for_3_or_30_profiles(client, django_assert_num_queries, db):
    ProfileFactory.create_batch(3)
    with django_assert_num_queries(3) as first:  # count, page, sectors
        client.get("/en/matchmaking/")
    ProfileFactory.create_batch(27)
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get("/en/matchmaking/").content.decode()
    assert page.count('href="/en/matchmaking/profiles/') == 25


def test_the_profile_list_exports_the_filtered_list(client, db):
    ProfileFactory(title="Olive oil", kind=ProfileKind.BUSINESS_OFFER)
    ProfileFactory(title="Dates wanted", kind=ProfileKind.BUSINESS_REQUEST)
    response = client.get("/en/matchmaking/", {"kind": "business_request", "export": "csv"})
    body = response.content.decode()
    assert "Dates wanted" in body and "Olive oil" not in body
