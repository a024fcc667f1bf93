from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.themes.models import Theme


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_organizations_are_listed_by_name_and_filtered(client, db):
    lille = AuthorityFactory(code="FR-COM-59350", name="Lille")
    OrganizationFactory(name="Université de Lille", kind=OrganizationKind.UNIVERSITY, authority=lille, acronym="ULille")
    OrganizationFactory(name="Agence française de développement", acronym="AFD", kind=OrganizationKind.FUNDER)
    OrganizationFactory(name="Eau Vive Maroc", country=CountryFactory(code="MA"))

    assert names(client.get("/api/organizations")) == [
        "Agence française de développement", "Eau Vive Maroc", "Université de Lille",
    ]  # fmt: skip
    assert names(client.get("/api/organizations?search=afd")) == ["Agence française de développement"]
    assert names(client.get("/api/organizations?search=universite lille")) == ["Université de Lille"]
    assert names(client.get("/api/organizations?kind=funder")) == ["Agence française de développement"]
    assert names(client.get("/api/organizations?country=MA")) == ["Eau Vive Maroc"]


def test_an_organization_by_id_names_its_home_authority_by_code(client, db):
    lille = AuthorityFactory(code="FR-COM-59350", name="Lille")
    university = OrganizationFactory(name="Université de Lille", kind=OrganizationKind.UNIVERSITY, authority=lille)

    body = client.get(f"/api/organizations/{university.pk}").json()

    assert body["authority"] == "FR-COM-59350"
    assert body["country"] == "FR"
    assert body["kind"] == "university"


def test_an_unknown_organization_is_a_404_and_a_bad_kind_a_422(client, db):
    missing = client.get("/api/organizations/999999")
    bad_kind = client.get("/api/organizations?kind=guild")

    assert missing.status_code == 404
    assert missing.json() == {"detail": "No organisation with the id 999999."}
    assert bad_kind.status_code == 422


def test_listing_organizations_takes_two_queries(client, db, django_assert_num_queries):
    home = AuthorityFactory()
    OrganizationFactory.create_batch(12, authority=home)

    with django_assert_num_queries(2):
        response = client.get("/api/organizations?page_size=10")

    assert len(response.json()["items"]) == 10


def test_themes_are_the_whole_vocabulary_in_order(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/api/themes")

    themes = response.json()
    assert [t["code"] for t in themes] == list(Theme.objects.order_by("position").values_list("code", flat=True))
    assert len(themes) == 20
    water = themes[0]
    assert water == {
        "code": "water-sanitation", "label_fr": "Eau et assainissement", "label_en": "Water and sanitation",
        "dac_codes": ["14030", "14020", "14010"], "sdgs": [6],
    }  # fmt: skip
