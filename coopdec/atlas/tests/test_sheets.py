import pytest

from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.models import Affiliation
from coopdec.territories.enums import AuthorityStatus
from coopdec.territories.factories import AuthorityFactory

from .test_map import local_assets_only
from .world import build_world


@pytest.fixture
def world(authority_a, authority_b):
    return build_world(authority_a, authority_b)


def test_authority_sheet_lists_public_partnerships_projects_and_memberships(client, world):
    Affiliation.objects.create(
        authority=world.idf, organization=OrganizationFactory(name="UCLG", kind=OrganizationKind.INTERNATIONAL)
    )

    response = client.get("/en/atlas/authorities/FR-REG-11/")

    assert response.status_code == 200
    assert [p.pk for p in response.context["partnerships"]] == [world.p1.pk]
    assert [p.pk for p in response.context["projects"]] == [world.x1.pk]
    assert "UCLG" in response.text
    assert "Secret" not in response.text
    # Its partners on a small map, drawn from the links endpoint.
    assert 'data-links-url="/en/atlas/map/links.json"' in response.text
    assert 'data-authority="FR-REG-11"' in response.text
    local_assets_only(response.text)


def test_authority_awaiting_validation_has_no_sheet(client, db):
    AuthorityFactory(code="FR-COM-PROPOSED", status=AuthorityStatus.PROPOSED)

    assert client.get("/en/atlas/authorities/FR-COM-PROPOSED/").status_code == 404


def test_project_sheet_has_a_clean_url_with_its_title(client, world):
    response = client.get(f"/en/atlas/projects/{world.x2.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/en/atlas/projects/{world.x2.pk}/ecole-de-dakar/"
    assert client.get(response["Location"]).status_code == 200


def test_project_sheet_shows_the_translation_with_its_language(client, world):
    english = client.get(f"/en/atlas/projects/{world.x1.pk}/eau-potable-a-rabat/", follow=True)
    assert '<h1 lang="en" dir="auto">Drinking water in Rabat</h1>' in english.text

    untranslated = client.get(f"/en/atlas/projects/{world.x2.pk}/ecole-de-dakar/")
    assert '<h1 lang="fr" dir="auto">École de Dakar</h1>' in untranslated.text

    french = client.get(f"/atlas/projects/{world.x1.pk}/eau-potable-a-rabat/")
    assert '<h1 lang="fr" dir="auto">Eau potable à Rabat</h1>' in french.text


def test_project_sheet_shows_budget_and_funding_in_euros(client, world):
    response = client.get(f"/en/atlas/projects/{world.x1.pk}/eau-potable-a-rabat/")

    assert response.context["funding"].cash_eur == 100000
    assert "AFD (FICOL)" in response.text
    assert "Île-de-France" in response.text


def test_sheets_carry_open_graph_tags_and_a_print_stylesheet(client, world):
    for url in (f"/en/atlas/projects/{world.x1.pk}/eau-potable-a-rabat/",
                f"/en/atlas/partnerships/{world.p2.pk}/jumelage-lille-dakar/",
                "/en/atlas/authorities/FR-REG-11/", "/en/atlas/countries/SN/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<meta property="og:title"' in response.text
        assert '<meta property="og:url" content="http://testserver' in response.text
        assert '<link rel="stylesheet" href="/static/atlas/print.css" media="print">' in response.text
        local_assets_only(response.text)
    project = client.get(f"/en/atlas/projects/{world.x1.pk}/eau-potable-a-rabat/")
    assert '<meta property="og:title" content="Drinking water in Rabat">' in project.text


def test_private_partnership_and_project_sheets_are_404_even_for_their_members(client, world, editor_a):
    client.force_login(editor_a)

    assert client.get(f"/en/atlas/partnerships/{world.p3.pk}/").status_code == 404
    assert client.get(f"/en/atlas/projects/{world.x3.pk}/").status_code == 404
    assert client.get(f"/en/atlas/projects/{world.x3.pk}/secret-project/").status_code == 404


def test_partnership_sheet_lists_its_parties_and_public_projects(client, world):
    response = client.get(f"/en/atlas/partnerships/{world.p1.pk}/convention-ile-de-france-rabat/")

    assert response.status_code == 200
    assert [p.pk for p in response.context["projects"]] == [world.x1.pk]
    assert 'href="/en/atlas/authorities/GEONAMES-2538475/"' in response.text


def test_country_sheet_lists_public_partnerships_and_projects_there(client, world):
    response = client.get("/en/atlas/countries/sn/", follow=True)

    assert response.redirect_chain[-1][0] == "/en/atlas/countries/SN/"
    assert [p.pk for p in response.context["partnerships"]] == [world.p2.pk]
    assert sorted(p.pk for p in response.context["projects"]) == sorted([world.x2.pk, world.x4.pk])
    assert "Secret" not in response.text


def test_country_sheet_labels_start_with_a_capital_in_french(client, world):
    """The ODA category's label is a field's verbose name ("catégorie APD"), shown as a heading."""
    response = client.get("/atlas/countries/SN/")

    assert '<dt class="col-sm-3">Catégorie APD</dt>' in response.text


def test_sheet_query_counts_are_bounded(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/en/atlas/authorities/FR-REG-11/")
    with django_assert_max_num_queries(12):
        client.get(f"/en/atlas/projects/{world.x1.pk}/eau-potable-a-rabat/")
    with django_assert_max_num_queries(10):
        client.get(f"/en/atlas/partnerships/{world.p1.pk}/convention-ile-de-france-rabat/")
    with django_assert_max_num_queries(10):
        client.get("/en/atlas/countries/SN/")
