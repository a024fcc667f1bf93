"""Partnership writes through the API: every endpoint for every role of the cast, and the rules' messages."""

from datetime import date

import pytest

from coopdec.partnerships.enums import PartnershipStatus, Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.partnerships.models import Partnership
from coopdec.territories.factories import ForeignCityFactory

from .calls import ROLES, Caller, expected, messages


@pytest.fixture
def yerevan(db):
    return ForeignCityFactory(code="GEONAMES-616052", name="Erevan")


@pytest.fixture
def as_role(client, cast, bearer):
    return lambda role: Caller(client, bearer(cast[role]))


def partnership_of_a(authority_a, yerevan, status=PartnershipStatus.IN_FORCE, **fields) -> Partnership:
    fields.setdefault("signed_on", None if status == PartnershipStatus.DRAFT else date(2024, 1, 10))
    return partnership_between(authority_a, yerevan, title="Île-de-France – Erevan", status=status, **fields)


def new_partnership(**fields) -> dict:
    return {
        "title": "Île-de-France – Erevan",
        "kind": "convention",
        "parties": [{"authority": "FR-REG-11"}, {"authority": "GEONAMES-616052"}],
        "themes": ["water-sanitation"],
        **fields,
    }


@pytest.mark.parametrize("role", ROLES)
def test_a_partnership_is_created_by_members_of_a_party_authority_and_coordinators(
    as_role, cast, authority_a, yerevan, role
):
    response = as_role(role).post("/api/partnerships", new_partnership(signed_on="2025-03-01"))

    assert response.status_code == expected(role, 201), response.content
    if response.status_code != 201:
        assert not Partnership.objects.exists()
        return
    partnership = Partnership.objects.get()
    assert partnership.created_by == cast[role]
    assert partnership.status == PartnershipStatus.SIGNED  # a French convention: in force once sent to the préfet
    assert {p.authority.code for p in partnership.parties.all()} == {"FR-REG-11", "GEONAMES-616052"}
    body = response.json()
    assert body["id"] == partnership.pk
    assert body["status"] == "signed"
    assert body["themes"] == ["water-sanitation"]
    assert body["warnings"] == []


def test_a_foreign_state_as_a_party_of_a_french_convention_is_refused_with_the_rules_message(
    as_role, authority_a, yerevan
):
    body = new_partnership(parties=[{"authority": "FR-REG-11"}, {"country": "AM"}])

    response = as_role("editor_a").post("/api/partnerships", body)

    assert messages(response) == [
        "A French authority's convention is signed with a foreign local authority, never with a foreign State: "
        "Armenia cannot be a party (only overseas regional cooperation may bind a State)."
    ]
    assert response.json()["detail"][0]["type"] == "state_party"
    assert not Partnership.objects.exists()


def test_a_partnership_ending_before_it_starts_is_refused(as_role, authority_a, yerevan):
    response = as_role("editor_a").post(
        "/api/partnerships", new_partnership(starts_on="2025-01-01", ends_on="2024-12-31")
    )

    assert messages(response) == ["The end date (2024-12-31) is before the start date (2025-01-01)."]
    assert not Partnership.objects.exists()


def test_an_error_on_one_field_is_located_at_that_field(as_role, authority_a, yerevan):
    response = as_role("editor_a").post("/api/partnerships", new_partnership(currency="XYZ"))

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"type": "invalid", "loc": ["body", "payload", "currency"], "msg": "XYZ is not an ISO 4217 currency code."}
    ]


def test_an_unknown_party_code_is_a_422_at_its_place_in_the_body(as_role, authority_a):
    response = as_role("editor_a").post("/api/partnerships", new_partnership())

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "parties", 1, "authority"],
            "msg": "Unknown authority code: GEONAMES-616052.",
        }
    ]


@pytest.mark.parametrize("role", ROLES)
def test_a_partnership_is_edited_by_members_of_a_party_authority_and_coordinators(as_role, authority_a, yerevan, role):
    partnership = partnership_of_a(authority_a, yerevan)

    response = as_role(role).patch(
        f"/api/partnerships/{partnership.pk}",
        {"version": partnership.version, "title": "Eau et assainissement", "themes": ["water-sanitation"]},
    )

    assert response.status_code == expected(role, 200), response.content
    partnership.refresh_from_db()
    changed = response.status_code == 200
    assert partnership.title == ("Eau et assainissement" if changed else "Île-de-France – Erevan")
    assert list(partnership.themes.values_list("code", flat=True)) == (["water-sanitation"] if changed else [])
    if changed:
        assert response.json()["title"] == "Eau et assainissement"


def test_a_patch_leaves_the_fields_it_does_not_name(as_role, authority_a, yerevan):
    partnership = partnership_of_a(authority_a, yerevan, description="Depuis 2010", starts_on=date(2024, 2, 1))

    response = as_role("editor_a").patch(
        f"/api/partnerships/{partnership.pk}", {"version": partnership.version, "ends_on": "2027-12-31"}
    )

    assert response.status_code == 200
    partnership.refresh_from_db()
    assert (partnership.description, partnership.starts_on) == ("Depuis 2010", date(2024, 2, 1))
    assert partnership.ends_on == date(2027, 12, 31)


def test_a_patch_ending_before_the_start_is_refused(as_role, authority_a, yerevan):
    partnership = partnership_of_a(authority_a, yerevan, starts_on=date(2024, 2, 1))

    response = as_role("editor_a").patch(
        f"/api/partnerships/{partnership.pk}", {"version": partnership.version, "ends_on": "2023-12-31"}
    )

    assert messages(response) == ["The end date (2023-12-31) is before the start date (2024-02-01)."]
    partnership.refresh_from_db()
    assert partnership.ends_on is None


def test_an_editor_who_drops_their_own_authority_from_the_parties_is_told_why(as_role, authority_a, yerevan):
    partnership = partnership_of_a(authority_a, yerevan)
    other = ForeignCityFactory()

    response = as_role("editor_a").patch(
        f"/api/partnerships/{partnership.pk}",
        {"version": partnership.version, "parties": [{"authority": yerevan.code}, {"authority": other.code}]},
    )

    assert messages(response) == [
        "Keep your own authority among the parties: otherwise you could no longer edit this partnership."
    ]
    assert partnership.parties.filter(authority=authority_a).exists()


def test_a_private_partnership_of_another_authority_is_a_404_not_a_403(as_role, authority_a, yerevan):
    partnership = partnership_of_a(authority_a, yerevan, visibility=Visibility.PRIVATE)

    response = as_role("editor_b").patch(
        f"/api/partnerships/{partnership.pk}", {"version": partnership.version, "title": "Taken over"}
    )

    assert response.status_code == 404
    assert response.json() == {"detail": f"No partnership with the id {partnership.pk}."}


@pytest.mark.parametrize("role", ROLES)
def test_a_partnership_is_signed_by_members_of_a_party_authority_and_coordinators(as_role, authority_a, yerevan, role):
    partnership = partnership_of_a(authority_a, yerevan, status=PartnershipStatus.DRAFT)

    response = as_role(role).post(f"/api/partnerships/{partnership.pk}/sign", {"signed_on": "2025-03-01"})

    assert response.status_code == expected(role, 200), response.content
    partnership.refresh_from_db()
    if response.status_code == 200:
        assert (partnership.status, partnership.signed_on) == (PartnershipStatus.SIGNED, date(2025, 3, 1))
        assert response.json()["status"] == "signed"
    else:
        assert (partnership.status, partnership.signed_on) == (PartnershipStatus.DRAFT, None)


@pytest.mark.parametrize("role", ROLES)
def test_sending_a_convention_to_the_prefect_puts_it_in_force(as_role, authority_a, yerevan, role):
    partnership = partnership_of_a(authority_a, yerevan, status=PartnershipStatus.SIGNED)

    response = as_role(role).post(f"/api/partnerships/{partnership.pk}/sent-to-prefect", {"on": "2024-02-01"})

    assert response.status_code == expected(role, 200), response.content
    partnership.refresh_from_db()
    if response.status_code == 200:
        assert (partnership.status, partnership.sent_to_prefect_on) == (PartnershipStatus.IN_FORCE, date(2024, 2, 1))
        assert response.json()["sent_to_prefect_on"] == "2024-02-01"
    else:
        assert (partnership.status, partnership.sent_to_prefect_on) == (PartnershipStatus.SIGNED, None)


def test_a_convention_cannot_be_sent_to_the_prefect_before_its_signature(as_role, authority_a, yerevan):
    partnership = partnership_of_a(authority_a, yerevan, status=PartnershipStatus.SIGNED)

    response = as_role("editor_a").post(f"/api/partnerships/{partnership.pk}/sent-to-prefect", {"on": "2024-01-02"})

    assert messages(response) == [
        "The convention cannot be sent to the préfet (2024-01-02) before it is signed (2024-01-10)."
    ]


@pytest.mark.parametrize("role", ROLES)
def test_a_partnership_is_suspended_by_members_of_a_party_authority_and_coordinators(
    as_role, authority_a, yerevan, role
):
    partnership = partnership_of_a(authority_a, yerevan)

    response = as_role(role).post(f"/api/partnerships/{partnership.pk}/suspend", {"reason": "Elections"})

    assert response.status_code == expected(role, 200), response.content
    partnership.refresh_from_db()
    suspended = response.status_code == 200
    assert partnership.status == (PartnershipStatus.SUSPENDED if suspended else PartnershipStatus.IN_FORCE)
    if suspended:
        assert partnership.history.latest().history_change_reason == "Elections"


@pytest.mark.parametrize("role", ROLES)
def test_a_suspended_partnership_is_resumed_by_members_of_a_party_authority_and_coordinators(
    as_role, authority_a, yerevan, role
):
    partnership = partnership_of_a(
        authority_a, yerevan, status=PartnershipStatus.SUSPENDED, sent_to_prefect_on=date(2024, 2, 1)
    )

    response = as_role(role).post(f"/api/partnerships/{partnership.pk}/resume")

    assert response.status_code == expected(role, 200), response.content
    partnership.refresh_from_db()
    resumed = response.status_code == 200
    assert partnership.status == (PartnershipStatus.IN_FORCE if resumed else PartnershipStatus.SUSPENDED)


def test_resuming_a_partnership_that_is_not_suspended_is_refused(as_role, authority_a, yerevan):
    partnership = partnership_of_a(authority_a, yerevan)

    response = as_role("editor_a").post(f"/api/partnerships/{partnership.pk}/resume")

    assert messages(response) == ["A partnership that is “In force” cannot be resumed."]


@pytest.mark.parametrize("role", ROLES)
def test_a_partnership_is_ended_by_members_of_a_party_authority_and_coordinators(as_role, authority_a, yerevan, role):
    partnership = partnership_of_a(authority_a, yerevan)

    response = as_role(role).post(f"/api/partnerships/{partnership.pk}/end", {"on": "2025-06-30"})

    assert response.status_code == expected(role, 200), response.content
    partnership.refresh_from_db()
    if response.status_code == 200:
        assert (partnership.status, partnership.ends_on) == (PartnershipStatus.ENDED, date(2025, 6, 30))
    else:
        assert (partnership.status, partnership.ends_on) == (PartnershipStatus.IN_FORCE, None)


def test_a_partnership_cannot_end_before_it_began(as_role, authority_a, yerevan):
    partnership = partnership_of_a(authority_a, yerevan, starts_on=date(2024, 2, 1))

    response = as_role("editor_a").post(f"/api/partnerships/{partnership.pk}/end", {"on": "2023-06-30"})

    assert messages(response) == ["Île-de-France – Erevan cannot end on 2023-06-30, before it began (2024-02-01)."]
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.IN_FORCE


@pytest.mark.parametrize("role", ROLES)
def test_a_partnership_is_renewed_by_members_of_a_party_authority_and_coordinators(
    as_role, cast, authority_a, yerevan, role
):
    previous = partnership_of_a(authority_a, yerevan, sent_to_prefect_on=date(2024, 2, 1))

    response = as_role(role).post(
        f"/api/partnerships/{previous.pk}/renew",
        {"signed_on": "2027-01-05", "starts_on": "2027-02-01", "sent_to_prefect_on": "2027-01-20"},
    )

    assert response.status_code == expected(role, 201), response.content
    previous.refresh_from_db()
    if response.status_code != 201:
        assert Partnership.objects.count() == 1
        assert previous.status == PartnershipStatus.IN_FORCE
        return
    renewal = Partnership.objects.get(renewal_of=previous)
    assert renewal.created_by == cast[role]
    assert (renewal.status, renewal.title) == (PartnershipStatus.IN_FORCE, "Île-de-France – Erevan")
    assert (previous.status, previous.ends_on) == (PartnershipStatus.ENDED, date(2027, 1, 31))
    body = response.json()
    assert (body["id"], body["renewal_of"]) == (renewal.pk, previous.pk)
    assert {party["entity"]["code"] for party in body["parties"]} == {"FR-REG-11", "GEONAMES-616052"}
