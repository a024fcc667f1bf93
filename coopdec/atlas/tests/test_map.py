import re

import pytest
from django.test import override_settings

from .world import build_world


@pytest.fixture
def world(authority_a, authority_b):
    return build_world(authority_a, authority_b)


def local_assets_only(html: str) -> None:
    """Every script and stylesheet is served from this site; no inline script or style (the CSP forbids them)."""
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(re.search(r'src="/static/[^"]+"', tag) for tag in scripts), scripts
    for href in re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', html.replace("\n", " ")):
        assert href.startswith("/static/"), href
    assert not re.search(r"<style[\s>]", html)
    assert not re.search(r'\sstyle="', html)
    # No asset from another site (a CDN); links to other sites in the text are fine.
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', html)


def test_map_page_loads_leaflet_and_boundaries_from_this_site(client, world):
    response = client.get("/en/atlas/map/", {"country": "SN"})

    assert response.status_code == 200
    local_assets_only(response.text)
    for asset in ("vendor/leaflet/leaflet.js", "vendor/leaflet.markercluster/leaflet.markercluster.js",
                  "vendor/topojson-client/topojson-client.min.js", "atlas/map.js"):  # fmt: skip
        assert f'src="/static/{asset}"' in response.text
    assert 'data-boundaries-url="/static/vendor/world-atlas/countries-110m.json"' in response.text
    # The JSON the map draws from carries the same filters as the page.
    assert 'data-countries-url="/en/atlas/map/countries.json?country=SN"' in response.text
    assert 'data-tiles=""' in response.text  # no tile server: the boundaries alone are drawn


@override_settings(TILE_SERVER="https://tiles.example.org/{z}/{x}/{y}.png")
def test_map_page_uses_the_configured_tile_server(client, db):
    response = client.get("/en/atlas/map/")

    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in response.text


def test_vendored_boundaries_are_served_with_iso_numeric_ids(client, db):
    response = client.get("/static/vendor/world-atlas/countries-110m.json")

    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert b'"id":"686"' in body and b'"id":"504"' in body  # Senegal, Morocco


def test_map_countries_count_public_partnerships_and_projects_by_numeric_code(client, world):
    countries = client.get("/en/atlas/map/countries.json").json()["countries"]

    by_numeric = {row["numeric"]: row for row in countries}
    assert set(by_numeric) == {"686", "504"}  # France is the home side, not a partner country
    assert by_numeric["686"] | {"name": None} == {
        "code": "SN", "numeric": "686", "name": None, "partnerships": 1, "projects": 2, "amount": 51000.0,
    }  # fmt: skip
    assert (by_numeric["504"]["partnerships"], by_numeric["504"]["projects"], by_numeric["504"]["amount"]) == (
        1,
        1,
        100000.0,
    )


def test_map_countries_follow_the_filters(client, world):
    countries = client.get("/en/atlas/map/countries.json", {"theme": "education"}).json()["countries"]

    assert [(row["code"], row["partnerships"], row["projects"]) for row in countries] == [("SN", 1, 1)]


def test_map_authorities_are_located_markers_without_private_involvement(client, world):
    answer = client.get("/en/atlas/map/authorities.json").json()

    markers = {m[0]: m for m in answer["authorities"]}
    assert answer["fields"] == ["code", "name", "lat", "lon", "french", "partnerships", "projects"]
    # Île-de-France: one public partnership (P3 is private), one public project (X3 is private).
    assert markers["FR-REG-11"] == ["FR-REG-11", "Île-de-France", 48.85, 2.35, True, 1, 1]
    assert markers["GEONAMES-2253354"][5:] == [1, 2]  # Dakar: P2, X2 and X4 (not P3 nor X3)
    assert "FR-REG-32" not in markers  # no coordinates
    assert answer["total"] == len(answer["authorities"]) and answer["truncated"] is False


def test_map_authorities_are_bounded(client, world):
    answer = client.get("/en/atlas/map/authorities.json", {"limit": "2"}).json()

    assert len(answer["authorities"]) == 2
    assert answer["truncated"] is True and answer["total"] > 2


def test_map_links_of_an_authority_leave_private_partnerships_out(client, world):
    answer = client.get("/en/atlas/map/links.json", {"authority": "FR-REG-11"}).json()

    assert answer["authority"]["code"] == "FR-REG-11"
    assert [(p["code"], [s["id"] for s in p["partnerships"]]) for p in answer["partners"]] == [
        ("GEONAMES-2538475", [world.p1.pk])
    ]
    assert "Secret" not in str(answer)
    # The partner's country, by the boundaries' numeric id, places a partner that has no position of its own
    assert [(p["country"], p["country_numeric"], p["lat"]) for p in answer["partners"]] == [("MA", "504", 34.01)]


def test_map_links_follow_the_filters_and_unknown_authority_is_404(client, world):
    filtered = client.get("/en/atlas/map/links.json", {"authority": "FR-REG-11", "theme": "education"}).json()
    assert filtered["partners"] == []
    assert client.get("/en/atlas/map/links.json", {"authority": "NOPE"}).status_code == 404


def test_private_items_never_reach_the_map_json(client, world):
    for url in ("/en/atlas/map/countries.json", "/en/atlas/map/authorities.json",
                "/en/atlas/map/links.json?authority=FR-REG-11"):  # fmt: skip
        text = client.get(url).content.decode()
        assert "Secret" not in text and "999999" not in text


def test_map_json_query_counts_are_bounded(client, world, django_assert_max_num_queries):
    # Loading the in-memory copy of the index (once per index version and process) is not counted.
    client.get("/en/atlas/map/authorities.json")
    with django_assert_max_num_queries(4):
        client.get("/en/atlas/map/countries.json", {"zone": "sub_saharan_africa"})
    with django_assert_max_num_queries(3):
        client.get("/en/atlas/map/authorities.json", {"q": "dakar"})
    with django_assert_max_num_queries(3):
        client.get("/en/atlas/map/links.json", {"authority": "FR-REG-11"})


def test_map_follows_a_committed_write(client, world, django_capture_on_commit_callbacks):
    before = {m[0]: m[5:] for m in client.get("/en/atlas/map/authorities.json").json()["authorities"]}
    assert before["GEONAMES-2253354"] == [1, 2]

    with django_capture_on_commit_callbacks(execute=True):  # the search index follows the commit
        world.p3.visibility = "public"
        world.p3.save()
        world.x3.visibility = "public"
        world.x3.save()

    after = {m[0]: m[5:] for m in client.get("/en/atlas/map/authorities.json").json()["authorities"]}
    assert after["GEONAMES-2253354"] == [2, 3]
    countries = client.get("/en/atlas/map/countries.json").json()["countries"]
    assert {row["code"]: (row["partnerships"], row["projects"], row["amount"]) for row in countries} == {
        "SN": (2, 3, 1050999.0),
        "MA": (1, 1, 100000.0),
    }
