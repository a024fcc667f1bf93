from datetime import date

import pytest

from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import PartnershipKind, PartnershipStatus, PartyRole, Visibility
from coopdec.partnerships.factories import PartnershipFactory, PartyFactory, partnership_between
from coopdec.projects.factories import ProjectFactory
from coopdec.territories.factories import CountryFactory, ForeignCityFactory
from coopdec.themes.models import Theme


@pytest.fixture
def yerevan(db):
    return ForeignCityFactory(code="GEONAMES-616052", name="Erevan")


@pytest.fixture
def public_and_private(authority_a, authority_b, yerevan):
    public = partnership_between(authority_b, yerevan, title="Public convention", signed_on=date(2020, 5, 1))
    private = partnership_between(
        authority_a, yerevan, title="Private convention", visibility=Visibility.PRIVATE, signed_on=date(2022, 1, 10)
    )
    return public, private


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "role, sees_private",
    [("visitor", False), ("editor_a", True), ("admin_a", True), ("editor_b", False), ("coordinator", True)],
)
def test_a_private_partnership_is_listed_only_for_its_members_and_coordinators(
    client, cast, bearer, public_and_private, role, sees_private
):
    _public, private = public_and_private
    headers = bearer(cast[role])

    listed = titles(client.get("/api/partnerships", headers=headers))
    detail = client.get(f"/api/partnerships/{private.pk}", headers=headers)

    assert listed == (["Private convention", "Public convention"] if sees_private else ["Public convention"])
    assert detail.status_code == (200 if sees_private else 404)


def test_a_partnership_shows_its_parties_themes_dates_and_status(client, authority_a, yerevan):
    partnership = partnership_between(
        authority_a, yerevan, title="Convention Île-de-France – Erevan", kind=PartnershipKind.CONVENTION,
        status=PartnershipStatus.IN_FORCE, signed_on=date(2021, 3, 4), starts_on=date(2021, 4, 1),
    )  # fmt: skip
    partnership.themes.add(Theme.objects.get(code="water-sanitation"))
    unesco = OrganizationFactory(name="UNESCO", country=None)
    PartyFactory(partnership=partnership, authority=None, organization=unesco, role=PartyRole.OBSERVER)

    body = client.get(f"/api/partnerships/{partnership.pk}").json()

    assert body["title"] == "Convention Île-de-France – Erevan"
    assert (body["kind"], body["status"], body["visibility"]) == ("convention", "in_force", "public")
    assert (body["signed_on"], body["starts_on"], body["ends_on"]) == ("2021-03-04", "2021-04-01", None)
    assert body["themes"] == ["water-sanitation"]
    authority = {"type": "authority", "id": None}
    assert body["parties"] == [
        {"role": "signatory", "entity": {**authority, "code": "FR-REG-11", "name": "Île-de-France"}},
        {"role": "signatory", "entity": {**authority, "code": "GEONAMES-616052", "name": "Erevan"}},
        {"role": "observer", "entity": {"type": "organization", "code": None, "id": unesco.pk, "name": "UNESCO"}},
    ]


def test_a_partnership_lists_only_the_projects_the_user_may_see(client, bearer, authority_a, editor_a, yerevan):
    partnership = partnership_between(authority_a, yerevan)
    ProjectFactory(title="Water network", partnership=partnership, lead_authority=authority_a)
    ProjectFactory(
        title="Draft budget", partnership=partnership, lead_authority=authority_a, visibility=Visibility.PRIVATE
    )

    anonymous = client.get(f"/api/partnerships/{partnership.pk}").json()
    member = client.get(f"/api/partnerships/{partnership.pk}", headers=bearer(editor_a)).json()

    assert [p["title"] for p in anonymous["projects"]] == ["Water network"]
    assert [p["title"] for p in member["projects"]] == ["Draft budget", "Water network"]


def test_partnerships_filter_by_country_theme_authority_status_and_kind(client, authority_a, authority_b, yerevan):
    morocco_city = ForeignCityFactory(name="Fès", country=CountryFactory(code="MA"))
    armenian = partnership_between(authority_a, yerevan, title="Armenian", signed_on=date(2019, 1, 1))
    partnership_between(
        authority_b, morocco_city, title="Moroccan", kind=PartnershipKind.TWINNING, status=PartnershipStatus.ENDED
    )
    armenian.themes.add(Theme.objects.get(code="culture-francophonie"))

    assert titles(client.get("/api/partnerships?country=AM")) == ["Armenian"]
    assert titles(client.get("/api/partnerships?country=ma")) == ["Moroccan"]
    assert titles(client.get("/api/partnerships?theme=culture-francophonie")) == ["Armenian"]
    assert titles(client.get("/api/partnerships?authority=FR-REG-32")) == ["Moroccan"]
    assert titles(client.get("/api/partnerships?status=ended")) == ["Moroccan"]
    assert titles(client.get("/api/partnerships?kind=twinning")) == ["Moroccan"]
    assert titles(client.get("/api/partnerships?kind=convention&country=FR")) == ["Armenian"]


def test_partnerships_are_ordered_latest_signed_first_unsigned_last(client, authority_a):
    PartnershipFactory(title="B unsigned")
    PartnershipFactory(title="A unsigned")
    PartnershipFactory(title="Old", signed_on=date(2001, 1, 1))
    PartnershipFactory(title="Recent", signed_on=date(2024, 1, 1))

    assert titles(client.get("/api/partnerships")) == ["Recent", "Old", "A unsigned", "B unsigned"]


def test_bad_partnership_filters_are_422_with_clear_messages(client, db):
    unknown_theme = client.get("/api/partnerships?theme=astrology")
    unknown_authority = client.get("/api/partnerships?authority=FR-COM-00000")
    bad_status = client.get("/api/partnerships?status=eternal")

    assert unknown_theme.status_code == unknown_authority.status_code == bad_status.status_code == 422
    assert unknown_theme.json()["detail"][0]["msg"] == "Unknown theme code: astrology (see /api/themes)."
    assert unknown_authority.json()["detail"][0]["msg"] == "Unknown authority code: FR-COM-00000."


def test_an_unknown_partnership_is_a_404_with_a_message(client, db):
    response = client.get("/api/partnerships/424242")

    assert response.status_code == 404
    assert response.json() == {"detail": "No partnership with the id 424242."}


@pytest.mark.parametrize("role, queries", [("visitor", 4), ("editor_a", 7)])
def test_listing_partnerships_takes_a_fixed_number_of_queries(
    client, cast, bearer, authority_a, yerevan, django_assert_num_queries, role, queries
):
    themes = list(Theme.objects.all()[:3])
    for n in range(8):
        partnership = partnership_between(authority_a, yerevan if n % 2 else None, title=f"Convention {n}")
        PartyFactory(partnership=partnership, authority=None, organization=OrganizationFactory())
        partnership.themes.add(*themes)
    headers = bearer(cast[role])

    # count, page, parties, themes; with a token also the token, its last use, the user's memberships
    with django_assert_num_queries(queries):
        response = client.get("/api/partnerships", headers=headers)

    assert response.json()["count"] == 8
