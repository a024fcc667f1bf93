import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from .test_map import local_assets_only
from .world import build_world


@pytest.fixture
def world(authority_a, authority_b):
    return build_world(authority_a, authority_b)


def csv_rows(response) -> list[dict]:
    assert response.streaming  # sent as it is written
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_projects_csv_has_labels_and_codes_in_their_own_columns(client, world):
    response = client.get("/en/atlas/data/projects.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {int(row["Id"]): row for row in csv_rows(response)}
    assert set(rows) == {world.x1.pk, world.x2.pk, world.x4.pk}  # never the private X3
    x4 = rows[world.x4.pk]
    assert x4["Kind"] == "Emergency humanitarian aid" and x4["Kind (code)"] == "emergency_humanitarian"
    assert x4["Status"] == "Implementation" and x4["Status (IATI code)"] == "2"
    assert x4["Lead authority"] == "Nord" and x4["Lead authority (code)"] == "FR-DEP-59"
    assert x4["Countries"] == "Senegal" and x4["Countries (ISO 3166-1 codes)"] == "SN"
    assert (x4["Budget"], x4["Currency (ISO 4217)"], x4["Budget in euros"]) == ("655957.00", "XOF", "1000.00")
    x1 = rows[world.x1.pk]
    assert x1["Themes"] == "Water and sanitation" and x1["Themes (codes)"] == "water-sanitation"
    assert x1["Sheet (path on this site)"] == f"/en/atlas/projects/{world.x1.pk}/eau-potable-a-rabat/"


def test_projects_csv_follows_the_filters_and_matches_the_country_sheet(client, world):
    sheet = client.get("/en/atlas/countries/SN/")
    listed = [int(i) for i in re.findall(r'<li data-id="(\d+)">', sheet.text.split('id="project-list"')[1])]

    rows = csv_rows(client.get("/en/atlas/data/projects.csv", {"country": "SN"}))

    assert [int(row["Id"]) for row in rows] == sorted(listed)
    assert sorted(listed) == sorted([world.x2.pk, world.x4.pk])


def test_partnerships_csv_lists_public_partnerships_with_codes(client, world):
    rows = csv_rows(client.get("/en/atlas/data/partnerships.csv", {"theme": "education"}))

    assert [int(row["Id"]) for row in rows] == [world.p2.pk]
    assert rows[0]["French authorities (codes)"] == "FR-COM-59350"
    assert rows[0]["Foreign authorities (codes)"] == "GEONAMES-2253354"
    assert rows[0]["Partner countries"] == "Senegal" and rows[0]["Partner countries (ISO 3166-1 codes)"] == "SN"
    everything = csv_rows(client.get("/en/atlas/data/partnerships.csv"))
    assert {row["Title"] for row in everything} == {world.p1.title, world.p2.title}  # never the private P3


def test_projects_xlsx_has_the_same_rows(client, world):
    response = client.get("/en/atlas/data/projects.xlsx", {"country": "SN"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Id", "Sheet (path on this site)", "Title")
    assert sorted(row[0] for row in rows[1:]) == sorted([world.x2.pk, world.x4.pk])


def test_projects_geojson_has_one_point_per_public_project(client, world):
    response = client.get("/en/atlas/data/projects.geojson")

    assert response["Content-Type"] == "application/geo+json"
    assert response.streaming  # sent as it is written
    content = b"".join(response.streaming_content).decode()
    collection = json.loads(content)
    assert collection["type"] == "FeatureCollection"
    points = {f["id"]: f for f in collection["features"]}
    assert set(points) == {world.x1.pk, world.x2.pk, world.x4.pk}
    assert points[world.x1.pk]["geometry"] == {"type": "Point", "coordinates": [-6.83, 34.01]}  # Rabat, lon first
    assert points[world.x4.pk]["properties"]["budget_eur"] == 1000.0
    assert "Secret" not in content


def test_unknown_export_format_is_404(client, db):
    assert client.get("/en/atlas/data/projects.pdf").status_code == 404


def test_dataset_page_describes_the_columns_licence_and_api(client, world):
    response = client.get("/en/atlas/data/", {"country": "SN", "zone": "sub_saharan_africa"})

    assert response.status_code == 200
    assert "Licence Ouverte" in response.text and "Etalab" in response.text
    assert "Countries (ISO 3166-1 codes)" in response.text and "<code>country_codes</code>" in response.text
    assert 'href="/en/atlas/data/projects.csv?country=SN&amp;zone=sub_saharan_africa"' in response.text
    assert 'href="/en/atlas/data/projects.geojson?country=SN&amp;zone=sub_saharan_africa"' in response.text
    assert 'href="/api/projects?country=SN"' in response.text  # the API knows no zone filter
    assert response.context["project_count"] == 2
    local_assets_only(response.text)


def test_exports_query_counts_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    def read(url):
        # A streamed file runs its queries as it is read: read it whole inside the count.
        return b"".join(client.get(url).streaming_content)

    with django_assert_max_num_queries(6):
        assert read("/en/atlas/data/projects.csv")
    with django_assert_max_num_queries(6):
        assert read("/en/atlas/data/projects.geojson")
    with django_assert_max_num_queries(5):
        assert read("/en/atlas/data/partnerships.csv")


def test_a_large_csv_is_sent_in_pieces_that_make_the_whole_file(client, world, authority_a):
    """CSV and GeoJSON are streamed, a QuerySet read by chunks with its prefetches: the pieces make the same rows."""
    from coopdec.atlas.search import index
    from coopdec.projects.factories import ProjectFactory

    for number in range(1_200):  # more than two chunks of 500 rows
        ProjectFactory(lead_authority=authority_a, title=f"Projet {number:04}")
    index.rebuild()

    response = client.get("/en/atlas/data/projects.csv")
    pieces = list(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(b"".join(pieces).decode("utf-8-sig"))))
    assert len(pieces) == 3  # 500 + 500 + the rest
    assert len(rows) == 1_203 and len({row["Id"] for row in rows}) == 1_203
    assert rows[0]["Id"] == str(world.x1.pk)  # ordered by id

    geojson = client.get("/en/atlas/data/projects.geojson")
    pieces = list(geojson.streaming_content)
    features = json.loads(b"".join(pieces))["features"]
    assert len(pieces) == 3
    assert len(features) == 1_203 and features[-1]["properties"]["title"] == "Projet 1199"
