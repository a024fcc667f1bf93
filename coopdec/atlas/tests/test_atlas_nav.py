"""The atlas's four pages as tabs of one selection, and the selection said in words on the map, statistics and
open-data pages ("Pays : Maroc", not "country = MA"), with the way back to the search that made it."""

import re

import pytest
from lxml import html

from .world import build_world

PAGES = {"search": "/atlas/", "map": "/atlas/map/", "statistics": "/atlas/statistics/", "opendata": "/atlas/data/"}
SELECTION = "q=eau&country=MA&theme=water-sanitation"


@pytest.fixture
def world(authority_a, authority_b):
    return build_world(authority_a, authority_b)


def tabs(response) -> dict[str, tuple[str, str | None]]:
    """Each tab's text: (its link, its aria-current)."""
    nav = html.fromstring(response.content).get_element_by_id("atlas-nav")
    return {link.text_content().strip(): (link.get("href"), link.get("aria-current")) for link in nav.iter("a")}


def criteria(response) -> list[str]:
    """The selection line's items, spaces of the markup folded (the narrow no-break space of French kept)."""
    line = html.fromstring(response.content).get_element_by_id("active-filters")
    return [re.sub(r"[ \t\n]+", " ", item.text_content()).strip() for item in line.iter("li")]


@pytest.mark.parametrize("page", ["map", "statistics", "opendata"])
def test_the_selection_is_said_with_labels_and_leads_back_to_its_search(client, world, page):
    response = client.get(f"{PAGES[page]}?{SELECTION}")

    assert criteria(response) == ["Mots\u202f: eau", "Pays\u202f: Maroc", "Thématique\u202f: Eau et assainissement"]
    line = html.fromstring(response.content).get_element_by_id("active-filters")
    links = {link.text_content(): link.get("href") for link in line.iter("a")}
    assert links == {"Modifier la sélection": f"/atlas/?{SELECTION}", "Tout afficher": PAGES[page]}
    assert "country = MA" not in response.text


def test_the_selection_is_said_in_english_on_an_english_page(client, world):
    response = client.get("/en/atlas/statistics/?country=MA&country=SN&type=project")

    assert criteria(response) == ["Partnership or project: Project", "Country: Morocco, Senegal"]


def test_an_unknown_code_is_shown_as_it_is_rather_than_dropped(client, world):
    response = client.get("/atlas/map/?country=ZZ")

    assert criteria(response) == ["Pays\u202f: ZZ"]


@pytest.mark.parametrize("page", ["map", "statistics", "opendata"])
def test_no_selection_line_when_nothing_is_selected(client, world, page):
    response = client.get(PAGES[page])

    assert response.status_code == 200
    assert 'id="active-filters"' not in response.text


@pytest.mark.parametrize("page", PAGES)
def test_every_atlas_page_has_the_four_tabs_carrying_the_selection(client, world, page):
    response = client.get(f"{PAGES[page]}?{SELECTION}&sort=date&page=1")

    assert tabs(response) == {
        "Rechercher": (f"/atlas/?{SELECTION}", "page" if page == "search" else None),
        "Carte": (f"/atlas/map/?{SELECTION}", "page" if page == "map" else None),
        "Statistiques": (f"/atlas/statistics/?{SELECTION}", "page" if page == "statistics" else None),
        "Données ouvertes": (f"/atlas/data/?{SELECTION}", "page" if page == "opendata" else None),
        # The yearly state counts every public record: a fifth tab, which takes no selection.
        "État de la coopération": ("/atlas/state/", None),
    }


def test_the_tabs_lead_to_bare_pages_when_nothing_is_selected(client, world):
    assert {href for href, _current in tabs(client.get("/en/atlas/map/")).values()} == {
        "/en/atlas/",
        "/en/atlas/map/",
        "/en/atlas/statistics/",
        "/en/atlas/data/",
        "/en/atlas/state/",
    }


def test_an_htmx_search_answer_brings_its_tabs_out_of_band(client, world):
    """htmx swaps the results only; the tabs above the form follow the ticked filters through an out-of-band swap."""
    response = client.get("/atlas/?country=MA", headers={"HX-Request": "true", "HX-Target": "search-body"})

    nav = html.fromstring(response.content).get_element_by_id("atlas-nav")
    assert nav.get("hx-swap-oob") == "true"
    assert tabs(response)["Carte"] == ("/atlas/map/?country=MA", None)
    assert "<h1" not in response.text  # the partial, not the page

    full_page = html.fromstring(client.get("/atlas/?country=MA").content).get_element_by_id("atlas-nav")
    assert full_page.get("hx-swap-oob") is None
