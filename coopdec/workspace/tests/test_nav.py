"""The workspace's tabs reach every list (partnerships and projects were missing: a member had no way to them but
typing their address), and the lists count their rows in the page's language."""

import pytest
from lxml import html

from conftest import client_for
from coopdec.partnerships.factories import partnership_between
from coopdec.projects.factories import ProjectFactory
from coopdec.territories.factories import ForeignCityFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "dashboard": "/workspace/",
    "partnerships": "/workspace/partnerships/",
    "projects": "/workspace/projects/",
    "one_percent": "/workspace/one-percent/",
    "affiliations": "/workspace/affiliations/",
    "delegates": "/workspace/delegates/",
    "spreadsheets": "/interop/spreadsheets/",
}
IATI_IMPORT = "/interop/iati/import/"


def tabs(response) -> dict[str, str | None]:
    """Each tab's link and whether it is the current page."""
    nav = html.fromstring(response.content).xpath("//nav[@aria-label='Espace de travail']")[0]
    return {link.get("href"): link.get("aria-current") for link in nav.iter("a")}


@pytest.mark.parametrize("page", PAGES)
def test_every_workspace_page_has_every_tab_with_its_own_marked(client, editor_a, page):
    response = client_for(client, editor_a).get(PAGES[page])

    assert response.status_code == 200
    assert tabs(response) == {path: ("page" if name == page else None) for name, path in PAGES.items()}


@pytest.mark.parametrize("prefix, expected", [("", "2 résultats"), ("/en", "2 results"), ("/ar", "نتيجتان (2)")])
def test_the_lists_count_their_rows_in_the_page_language(client, editor_a, authority_a, prefix, expected):
    """The count shared its msgid with the atlas search's ("…, 1–20 shown") and came out in English."""
    partnership_between(authority_a, title="Un")
    partnership_between(authority_a, title="Deux")
    ProjectFactory(lead_authority=authority_a, title="Premier")
    ProjectFactory(lead_authority=authority_a, title="Second")
    client = client_for(client, editor_a)

    for path in ("/workspace/partnerships/", "/workspace/projects/"):
        assert expected in client.get(prefix + path).text


def test_the_partnership_list_separates_parties_with_a_comma(client, editor_a, authority_a):
    partnership_between(authority_a, ForeignCityFactory(name="Erevan"), title="Île-de-France – Erevan")

    page = html.fromstring(client_for(client, editor_a).get("/workspace/partnerships/").content)
    cells = [" ".join(row.xpath("td")[2].text_content().split()) for row in page.xpath("//tbody/tr")]
    assert cells == [f"{authority_a.name}, Erevan"]
