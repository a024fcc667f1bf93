"""Accessibility in a real browser: axe-core finds no serious or critical violation on the atlas pages (in French,
English and Arabic), the home page and an editor's dashboard; the search works with the keyboard alone.

Each test visits several pages and reports every page's violations at once, so one run shows all there is to fix.
"""

import re

import pytest

from .axe import BLOCKING, describe, run_axe
from .test_journey_atlas import build_atlas
from .test_journey_newcomer import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def atlas_pages(atlas) -> dict[str, str]:
    """The atlas pages issue 4 names, by a short name, with their path in the default language."""
    project = atlas.projects["Eau potable à Rabat"]
    return {
        "search": "/atlas/?q=eau",
        "map": "/atlas/map/",
        "statistics": "/atlas/statistics/",
        "authority sheet": f"/atlas/authorities/{atlas.french.code}/",
        "partnership sheet": f"/atlas/partnerships/{atlas.water_partnership.pk}/",
        "project sheet": f"/atlas/projects/{project.pk}/",
        "country sheet": "/atlas/countries/MA/",
        "open data": "/atlas/data/",
    }


def wait_until_drawn(page, name):
    """Let the scripts finish what a visitor would see before axe looks (the map draws after its JSON arrives)."""
    if name == "map" or name == "authority sheet":
        page.locator(".leaflet-container").first.wait_for()
        page.wait_for_load_state("networkidle")


def serious_violations(page, pages: dict[str, str]) -> dict[str, list[dict]]:
    """Visit each page; every page's violations when any of them has a serious or critical one."""
    found = {}
    for name, path in pages.items():
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        wait_until_drawn(page, name)
        found[f"{name} ({path})"] = run_axe(page)
    if any(v["impact"] in BLOCKING for violations in found.values() for v in violations):
        return found
    return {}


def report(found: dict[str, list[dict]]) -> str:
    return "\n\n".join(f"{page}:\n{describe(violations)}" for page, violations in found.items() if violations)


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["french", "english"])
def test_the_atlas_pages_have_no_serious_accessibility_violation(page, authority_a, prefix):
    atlas = build_atlas(authority_a)
    pages = {name: prefix + path for name, path in atlas_pages(atlas).items()}
    found = serious_violations(page, pages)
    assert not found, report(found)


def test_the_arabic_search_page_reads_right_to_left_without_serious_violation(page, authority_a):
    build_atlas(authority_a)
    page.goto("/ar/atlas/?q=eau")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("#search-hits li").count() > 0
    found = serious_violations(page, {"search": "/ar/atlas/?q=eau"})
    assert not found, report(found)


def test_the_home_page_and_an_editors_dashboard_have_no_serious_accessibility_violation(page, authority_a, editor_a):
    build_atlas(authority_a)
    found = serious_violations(page, {"home": "/", "home (English)": "/en/"})
    log_in(page, editor_a.email)
    page.get_by_role("link", name="My workspace").wait_for()
    found |= serious_violations(page, {"dashboard": "/en/workspace/", "dashboard (French)": "/workspace/"})
    assert not found, report(found)


def test_the_search_works_with_the_keyboard_alone(page, authority_a):
    build_atlas(authority_a)
    page.goto("/en/atlas/")

    # The skip link is the first stop and moves the focus to <main>
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("link => link === document.activeElement")
    assert skip.is_visible()  # visually hidden until focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    # From <main>, Tab goes through the atlas tabs (Search first) to the search box; typing and Enter search
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Search"
    searchbox = page.get_by_role("searchbox", name="Words to look for")
    tab_until(page, searchbox, limit=6)  # Map, Statistics, Open data, State of cooperation, then the box
    page.keyboard.type("eau")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=eau"))
    page.get_by_role("group", name="Country").wait_for()

    # Tab on to the country facet, Space ticks it and the results follow
    morocco = page.get_by_role("group", name="Country").get_by_role("checkbox", name=re.compile("^Morocco"))
    tab_until(page, morocco)
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"[?&]country=MA"))
    page.wait_for_function("() => document.querySelectorAll('#search-hits li[data-kind=project]').length === 2")
    assert morocco.is_checked()

    # Tab on to a result and Enter opens it
    result = page.get_by_role("link", name="Drinking water in Rabat")
    tab_until(page, result)
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Drinking water in Rabat").wait_for()


def tab_until(page, locator, limit=80):
    """Press Tab until the element has the focus (the way a keyboard user gets there); fail after `limit` stops."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} was not reached within {limit} presses of Tab")


@pytest.mark.parametrize("width", [1200, 1280])
def test_the_navigation_bar_of_a_coordinator_fits_the_screen_and_its_account_menu_works_by_keyboard(
    page, coordinator, width
):
    """Logged in with every item (workspace, back-office), the bar keeps to the screen: before, it overflowed and
    squeezed the language select to nothing. The account items sit in a menu under the person's name."""
    coordinator.first_name = "Marie-Christine"  # a long name, cut with "…"
    coordinator.last_name = "de La Tour d'Auvergne-Lauraguais"
    coordinator.save()
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, coordinator.email)
    for path in ("/workspace/", "/en/workspace/", "/ar/workspace/"):
        page.goto(path)
        assert page.evaluate("() => document.documentElement.scrollWidth") == width, path
        select = page.locator("#language-select").bounding_box()
        assert select["width"] >= 100 and select["x"] + select["width"] <= width, (path, select)

    page.goto("/workspace/")
    menu = page.get_by_role("button", name=str(coordinator))
    menu.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Mon compte").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Mon compte").wait_for()
