"""IATI 2.03 files where a visitor looks for them: the open-data page (any atlas selection), an authority's sheet,
and the API. Every file validates against the official schema and holds the public projects asked for, only."""

from io import BytesIO

import pytest
from lxml import etree, html

from coopdec.api.models import ApiToken
from coopdec.interop.iati.material import has_material, validation_errors

from .world import build_world

pytestmark = pytest.mark.skipif(
    not has_material(), reason="IATI schemas absent (../shared/iati): cannot validate the files"
)


@pytest.fixture
def world(authority_a, authority_b):
    return build_world(authority_a, authority_b)


def activities(response) -> dict[str, etree._Element]:
    """The file's activities by their coopdec lead and title, once it has validated against the IATI schema."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    assert validation_errors(BytesIO(content), "activities") == []
    return {activity.findtext("title/narrative"): activity for activity in etree.fromstring(content)}


def test_the_open_data_iati_file_holds_the_selection_public_projects(client, world):
    everything = activities(client.get("/atlas/data/projects-iati.xml"))
    in_senegal = activities(client.get("/atlas/data/projects-iati.xml?country=SN"))
    water = activities(client.get("/atlas/data/projects-iati.xml?q=eau"))

    assert set(everything) == {world.x1.title, world.x2.title, world.x4.title}  # never the private X3
    assert set(in_senegal) == {world.x2.title, world.x4.title}
    assert set(water) == {"Eau potable à Rabat"}
    # Reported by its lead authority, with the recipient country of its place
    x4 = in_senegal[world.x4.title]
    assert x4.find("reporting-org").get("ref").endswith("FR-DEP-59")
    assert x4.find("recipient-country").get("code") == "SN"


def test_the_open_data_page_offers_the_iati_file_of_the_selection(client, world):
    page = html.fromstring(client.get("/en/atlas/data/?country=SN").content)

    links = {link.text_content(): link.get("href") for link in page.get_element_by_id("downloads").iter("a")}
    assert links["IATI 2.03 (XML)"] == "/en/atlas/data/projects-iati.xml?country=SN"


def test_a_french_authority_sheet_offers_its_iati_files_and_a_foreign_one_does_not(client, world):
    french = html.fromstring(client.get(f"/en/atlas/authorities/{world.idf.code}/").content)
    links = {link.text_content(): link.get("href") for link in french.get_element_by_id("authority-iati").iter("a")}

    assert set(activities(client.get(links["the projects it leads (activity file)"]))) == {world.x1.title}
    organisation = client.get(links["its organisation file (budgets by year)"])
    assert organisation.status_code == 200
    content = b"".join(organisation.streaming_content)
    assert validation_errors(BytesIO(content), "organisations") == []

    foreign = client.get(f"/en/atlas/authorities/{world.rabat.code}/")
    assert foreign.status_code == 200
    assert 'id="authority-iati"' not in foreign.text


@pytest.mark.parametrize("role", ["visitor", "editor_a", "coordinator"])
def test_the_api_iati_file_follows_the_filters_and_holds_public_projects_only_whoever_asks(client, cast, world, role):
    headers = {}
    if cast[role] is not None:
        _token, key = ApiToken.objects.issue(user=cast[role], name="test")
        headers = {"Authorization": f"Bearer {key}"}

    assert set(activities(client.get("/api/projects/iati", headers=headers))) == {
        world.x1.title,
        world.x2.title,
        world.x4.title,
    }
    assert set(activities(client.get("/api/projects/iati?country=MA", headers=headers))) == {world.x1.title}
    assert set(activities(client.get("/api/projects/iati?theme=education", headers=headers))) == {world.x2.title}


def test_the_api_iati_file_refuses_an_unknown_code_with_a_clear_message(client, world):
    response = client.get("/api/projects/iati?country=ZZ", headers={"Accept-Language": "en"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Unknown country code: ZZ."
