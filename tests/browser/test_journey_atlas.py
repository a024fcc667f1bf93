"""Issue 4's "done when", in a real browser: a visitor searches "eau", narrows to one country without the page
reloading, opens a project, switches to English, and downloads the same selection as CSV."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from lxml import etree

from coopdec.atlas.search import index
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Place
from coopdec.territories.enums import AuthorityKind, OdaCategory, Zone
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.themes.models import Theme
from coopdec.themes.vocabulary import sync_themes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATER_IN_MOROCCO = {"Eau potable à Rabat", "Assainissement de la médina de Fès"}
WATER_ELSEWHERE = {"Assainissement des eaux usées à Dakar", "Réseau d'eau potable de Gyumri"}
NOT_WATER = {"Festival des arts de Rabat", "École de Dakar"}
PRIVATE = "Forage confidentiel à Dakar"


@dataclass
class Atlas:
    french: object
    rabat: object
    water_partnership: object
    projects: dict


def build_atlas(french) -> Atlas:
    """Île-de-France with partners in Morocco, Senegal and Armenia; water projects and others; one private."""
    CountryFactory(code="FR", numeric="250")
    morocco = CountryFactory(code="MA", numeric="504", zone=Zone.NORTH_AFRICA, oda_category=OdaCategory.OTHER_ELIGIBLE)
    senegal = CountryFactory(
        code="SN", numeric="686", name_fr="Sénégal", name_en="Senegal", zone=Zone.SUB_SAHARAN_AFRICA,
        oda_category=OdaCategory.LEAST_DEVELOPED,
    )  # fmt: skip
    armenia = CountryFactory(code="AM", numeric="051", zone=Zone.EUROPE, oda_category=OdaCategory.OTHER_ELIGIBLE)
    french.latitude, french.longitude = 48.85, 2.35
    french.save()

    def city(code, name, country, lat, lon):
        return AuthorityFactory(
            code=code, name=name, country=country, kind=AuthorityKind.CITY, latitude=lat, longitude=lon
        )

    rabat = city("GEONAMES-2538475", "Rabat", morocco, 34.01, -6.83)
    fes = city("GEONAMES-2548885", "Fès", morocco, 34.03, -5.0)
    dakar = city("GEONAMES-2253354", "Dakar", senegal, 14.69, -17.44)
    gyumri = city("GEONAMES-616635", "Gyumri", armenia, 40.79, 43.85)
    sync_themes(Theme)  # a transactional test empties the tables the migrations filled: the themes come back
    water = Theme.objects.get(code="water-sanitation")
    education = Theme.objects.get(code="education")

    water_partnership = partnership_between(
        french, rabat, title="Convention Île-de-France – Rabat", signed_on=date(2020, 6, 1)
    )
    water_partnership.themes.add(water)

    def project(title, place, theme, start, budget, **kwargs):
        created = ProjectFactory(
            title=title, lead_authority=french, planned_start=start, budget=Decimal(budget), **kwargs
        )
        Place.objects.create(project=created, authority=place)
        created.themes.add(theme)
        return created

    culture = Theme.objects.get(code="culture-francophonie")
    projects = {
        title: project(title, place, theme, start, budget, **kwargs)
        for title, place, theme, start, budget, kwargs in [
            ("Eau potable à Rabat", rabat, water, date(2021, 3, 1), 100_000, {
                "partnership": water_partnership,
                "description": "Extension du réseau d'eau potable des quartiers périphériques.",
                "translations": {"en": {"title": "Drinking water in Rabat"}},
            }),
            ("Assainissement de la médina de Fès", fes, water, date(2022, 1, 1), 80_000, {}),
            ("Assainissement des eaux usées à Dakar", dakar, water, date(2022, 5, 1), 60_000, {}),
            ("Réseau d'eau potable de Gyumri", gyumri, water, date(2023, 2, 1), 40_000, {}),
            ("Festival des arts de Rabat", rabat, culture, date(2022, 6, 1), 30_000, {}),
            ("École de Dakar", dakar, education, date(2022, 9, 1), 50_000, {}),
            (PRIVATE, dakar, water, date(2021, 1, 1), 999_999, {"visibility": Visibility.PRIVATE}),
        ]
    }  # fmt: skip
    FundingFactory(project=projects["Eau potable à Rabat"], amount=Decimal("60000"))
    index.rebuild()
    cache.clear()
    return Atlas(french=french, rabat=rabat, water_partnership=water_partnership, projects=projects)


def shown_titles(page) -> set[str]:
    return {" ".join(text.split()) for text in page.locator("#search-hits li[data-kind=project] h3").all_inner_texts()}


def settled(page) -> None:
    """Wait until the search form has no request on its way (htmx marks it .htmx-request meanwhile) and the
    answer is swapped in: htmx pushes the URL before it swaps, so the URL alone says nothing of the results."""
    page.wait_for_function("() => !document.querySelector('#search-form.htmx-request, #search-form .htmx-settling')")


def shown_project_ids(page) -> set[int]:
    hrefs = (
        page.locator("#search-hits li[data-kind=project] h3")
        .get_by_role("link")
        .evaluate_all("links => links.map(link => link.getAttribute('href'))")
    )
    return {int(re.search(r"/projects/(\d+)/", href).group(1)) for href in hrefs}


def test_a_visitor_finds_water_projects_narrows_to_morocco_opens_one_in_english_and_downloads_the_same_rows(
    page, authority_a
):
    atlas = build_atlas(authority_a)

    # Search "eau": the water and sanitation projects, not the others, never the private one
    page.goto("/atlas/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.evaluate("() => { window.stillTheSamePage = true }")
    page.get_by_role("searchbox", name="Mots à rechercher").fill("eau")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]q=eau"))
    settled(page)
    page.get_by_role("group", name="Pays").wait_for()
    assert shown_titles(page) == WATER_IN_MOROCCO | WATER_ELSEWHERE
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["relevance"]  # words typed on the landing page are ranked
    assert PRIVATE not in page.content()

    # Filter by country: htmx swaps the results and pushes the URL, the page itself stays
    page.get_by_role("group", name="Pays").get_by_role("checkbox", name=re.compile("^Maroc")).check()
    page.wait_for_url(re.compile(r"[?&]country=MA"))
    settled(page)
    assert shown_titles(page) == WATER_IN_MOROCCO
    assert page.evaluate("() => window.stillTheSamePage") is True
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["eau"] and query["country"] == ["MA"]
    assert page.get_by_role("group", name="Pays").get_by_role("checkbox", name=re.compile("^Maroc")).is_checked()
    search_url = page.url
    # The atlas tabs above the form follow the tick (htmx swaps them out of band): the map shows this selection
    map_tab = page.get_by_role("navigation", name="Pages de l’atlas").get_by_role("link", name="Carte")
    assert parse_qs(urlsplit(map_tab.get_attribute("href")).query) == {"q": ["eau"], "country": ["MA"]}

    # Open a project's sheet, then read it in English with the switcher
    page.get_by_role("link", name="Eau potable à Rabat").click()
    page.get_by_role("heading", level=1, name="Eau potable à Rabat").wait_for()
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Modifier").click()
    page.get_by_role("heading", level=1, name="Drinking water in Rabat").wait_for()
    assert urlsplit(page.url).path.startswith("/en/atlas/projects/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).get_attribute("lang") == "en"
    assert page.get_by_text("Lead authority", exact=True).is_visible()  # the interface too, not just the content

    # Back to the same search, now in English: the same rows, and the link to download them
    page.goto(search_url)
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Modifier").click()
    page.get_by_role("group", name="Country").wait_for()
    assert parse_qs(urlsplit(page.url).query)["country"] == ["MA"]
    assert urlsplit(page.url).path == "/en/atlas/"
    assert shown_titles(page) == {"Drinking water in Rabat", "Assainissement de la médina de Fès"}
    on_the_page = shown_project_ids(page)

    page.get_by_role("link", name="Download these results (open data)").click()
    page.get_by_role("heading", level=1, name="Open data").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("listitem").filter(has_text="Projects (2 rows)").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as file:
        text = file.read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {int(row["Id"]) for row in rows} == on_the_page == {atlas.projects[t].pk for t in WATER_IN_MOROCCO}
    assert {row["Title"] for row in rows} == WATER_IN_MOROCCO
    assert {row["Countries (ISO 3166-1 codes)"] for row in rows} == {"MA"}
    assert PRIVATE not in text

    # The same selection as an IATI 2.03 file, from the same list
    with page.expect_download() as iati_info:
        projects_item = page.get_by_role("listitem").filter(has_text="Projects (2 rows)")
        projects_item.get_by_role("link", name="IATI 2.03 (XML)").click()
    activities = etree.parse(iati_info.value.path(), etree.XMLParser(resolve_entities=False, no_network=True))
    assert {a.findtext("title/narrative") for a in activities.getroot()} == WATER_IN_MOROCCO
    assert {c.get("code") for c in activities.iter("recipient-country")} == {"MA"}


def test_a_filter_ticked_while_a_search_is_on_its_way_is_kept(page, authority_a):
    """The answers are slowed down so that the visitor ticks Morocco before the "eau" search has come back:
    the tick must win (the slow search is dropped), not be swept away by the facets that search brings."""
    build_atlas(authority_a)
    answered = []

    def slow_htmx(route):
        if route.request.headers.get("hx-request"):
            page.wait_for_timeout(600)
        response = route.fetch()
        answered.append(route.request.url)
        route.fulfill(response=response)

    page.goto("/atlas/")
    page.route(re.compile(r"/atlas/\?"), slow_htmx)
    page.get_by_role("searchbox", name="Mots à rechercher").fill("eau")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    assert page.locator("#search-form.htmx-request").count() == 1  # the search is on its way
    page.get_by_role("group", name="Pays").get_by_role("checkbox", name=re.compile("^Maroc")).check()

    page.wait_for_url(re.compile(r"[?&]country=MA"))
    settled(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["eau"] and query["country"] == ["MA"]
    assert shown_titles(page) == WATER_IN_MOROCCO
    assert page.get_by_role("group", name="Pays").get_by_role("checkbox", name=re.compile("^Maroc")).is_checked()


def test_the_map_draws_every_country_in_one_piece_without_stripes_across_the_world(page, authority_a):
    """Russia, Fiji and the other countries crossing the 180th meridian must not be drawn as bands spanning the
    whole map (a ring jumping from 180° to -180°), and Antarctica, which a flat map cannot close, is left out."""
    build_atlas(authority_a)
    page.goto("/atlas/map/")
    page.locator(".leaflet-overlay-pane path").first.wait_for()
    page.wait_for_load_state("networkidle")
    drawn = page.evaluate(
        """() => {
            const paths = [...document.querySelectorAll('.leaflet-overlay-pane path')];
            const boxes = paths.map(p => p.getBBox());
            return {
                count: paths.length,
                widest: Math.max(...boxes.map(b => b.width)),
                // All countries together: the world's width at the zoom the map opened at (a little more, since
                // Chukotka and Fiji reach past 180°).
                world: Math.max(...boxes.map(b => b.x + b.width)) - Math.min(...boxes.map(b => b.x)),
            };
        }"""
    )
    assert drawn["count"] > 150  # the countries of world-atlas at 1:110m, less Antarctica
    # The widest country, Russia once in one piece, spans some 170° of longitude: under half the world's width
    # (a ring jumping from 180° to -180° would be as wide as the world)
    assert drawn["widest"] < 0.55 * drawn["world"], drawn


def test_the_map_opens_on_every_authority_of_the_selection_from_noumea_to_saint_martin(page, authority_a):
    """Opened on a fixed view, the map left out New Caledonia (166° E) and the Caribbean: it now fits the
    authorities of the selection, so that every marker (or cluster of markers) is on screen."""
    atlas = build_atlas(authority_a)
    water = Theme.objects.get(code="water-sanitation")
    for code, name, lat, lon in [
        ("FR-OM-988", "Nouvelle-Calédonie", -22.27, 166.45),
        ("FR-OM-978", "Saint-Martin", 18.07, -63.08),
    ]:
        overseas = AuthorityFactory(code=code, name=name, country=atlas.french.country, latitude=lat, longitude=lon)
        ProjectFactory(title=f"Eau potable, {name}", lead_authority=overseas).themes.add(water)
    index.rebuild()
    cache.clear()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/atlas/map/")
    markers = page.locator(
        "#atlas-map .marker-cluster, #atlas-map path[stroke='#0d6efd'], #atlas-map path[stroke='#198754']"
    )
    markers.first.wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)  # fitBounds' zoom animation
    off_screen = page.evaluate(
        """() => {
            const map = document.getElementById('atlas-map').getBoundingClientRect();
            const shown = [...document.querySelectorAll(
                "#atlas-map .marker-cluster, #atlas-map path[stroke='#0d6efd'], #atlas-map path[stroke='#198754']")];
            return shown.map(e => e.getBoundingClientRect())
                .filter(r => r.left < map.left || r.right > map.right || r.top < map.top || r.bottom > map.bottom)
                .map(r => [r.left, r.top]);
        }"""
    )
    assert markers.count() >= 3  # Paris and Morocco's cities, Nouméa, Saint-Martin: clustered or not
    assert off_screen == []
    page.locator("#atlas-map path[stroke='#0d6efd']").first.wait_for()  # a lone French marker, not clustered
    names = []
    for position in range(page.locator("#atlas-map path[stroke='#0d6efd']").count()):
        page.locator("#atlas-map path[stroke='#0d6efd']").nth(position).dispatch_event("mouseover")
        names.append(page.locator(".leaflet-tooltip").last.inner_text())
    assert {"Nouvelle-Calédonie", "Saint-Martin"} <= set(names), names


def test_a_partner_without_a_position_is_placed_in_its_country_with_a_dashed_line(page, authority_a):
    """Most foreign regions have no coordinates in the reference data: the authority sheet still draws a line to
    them, dashed, to the middle of their country, and the tooltip says the position is approximate."""
    atlas = build_atlas(authority_a)
    casablanca_settat = AuthorityFactory(
        code="MA-06", name="Casablanca-Settat", country=atlas.rabat.country, kind=AuthorityKind.REGION
    )
    assert casablanca_settat.latitude is None
    partnership_between(atlas.french, casablanca_settat, title="Accord Île-de-France – Casablanca-Settat")
    index.rebuild()
    cache.clear()

    page.goto(f"/atlas/authorities/{atlas.french.code}/")
    dashed = page.locator("#atlas-map .leaflet-overlay-pane path[stroke-dasharray]")
    dashed.first.wait_for()
    solid = page.locator("#atlas-map .leaflet-overlay-pane path.leaflet-interactive:not([stroke-dasharray])")
    assert dashed.count() == 2  # the line and the partner's circle
    assert solid.count() >= 2  # Rabat, Fès, Dakar and Gyumri have positions: solid lines
    dashed.nth(1).dispatch_event("mouseover")  # the partner's circle: Leaflet opens its tooltip
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == "Casablanca-Settat — placé au centre de son pays, faute de position propre"
