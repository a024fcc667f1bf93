"""The public state of decentralised cooperation: its page, its links, its CSV of lines and its PDF."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.cache import cache

from coopdec.atlas.search import index
from coopdec.atlas.search.query import SearchQuery
from coopdec.atlas.search.query import search as run_search
from coopdec.declarations.tests import report_world
from coopdec.declarations.tests.report_world import YEAR

URL = f"/atlas/state/{YEAR}/"


@pytest.fixture
def world(db):
    built = report_world.build()
    index.rebuild()  # the search the figures link to (on_commit never fires inside a test)
    cache.clear()
    return built


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def figure(response, name: str) -> str:
    found = re.search(rf'id="figure-{name}">(.*?)</dd>', response.content.decode(), re.S)
    assert found, name
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


def href(response, link_id: str) -> str:
    found = re.search(rf'href="([^"]+)"\s+id="{link_id}"', response.content.decode())
    assert found, link_id
    return found.group(1).replace("&amp;", "&")


def search_of(url: str):
    from django.http import QueryDict

    return run_search(SearchQuery.from_params(QueryDict(url.split("?", 1)[1].split("#")[0])))


def test_the_page_shows_the_figures_in_french_with_amounts_formatted(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    assert "État de la coopération décentralisée 2025" in text_of(response)
    assert figure(response, "french-authorities") == "3"
    assert figure(response, "foreign-partners") == "2"
    assert figure(response, "countries") == "2"
    assert figure(response, "projects") == "2"
    assert figure(response, "total") == "1\u00a0650,50\u00a0€"
    assert figure(response, "oda") == "1\u00a0550,50\u00a0€"
    page = text_of(response)
    assert "ne comptent que ce qui est public" in page
    assert "400,00\u00a0€" in page  # the lines left out, without their details
    assert "Projet privé" not in page and "Busan" not in page and "Corée" not in page


def test_the_page_in_english(client, world):
    response = client.get(f"/en{URL}")
    page = text_of(response)
    assert "State of decentralised cooperation 2025" in page
    assert figure(response, "total") == "1,650.50\u00a0€"
    assert "These figures count only what is public" in page
    assert "1 line of projects that are not public (400.00\u00a0€) is left out of these figures." in page
    assert "Armenia" in page


def test_the_page_in_arabic_is_right_to_left(client, world):
    response = client.get(f"/ar{URL}")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_the_records_link_to_a_search_that_counts_the_same(client, world):
    response = client.get(URL)
    projects = search_of(href(response, "link-projects"))
    assert projects.total == 2
    authorities = search_of(href(response, "link-french-authorities"))
    assert len(authorities.counts["authority"]) == 2  # the French authorities engaged through public projects
    partners = search_of(href(response, "link-foreign-partners"))
    assert len(partners.counts["foreign_authority"]) == 1
    countries = search_of(href(response, "link-countries"))
    assert sorted(code for code, _count in countries.counts["country"]) == ["AM", "MA"]


def test_the_running_filter_of_the_search_selects_projects_running_that_year(client, world):
    response = client.get("/en/atlas/", {"type": "project", "running": "2025"})
    titles = {hit.title for hit in response.context["hits"]}
    assert titles == {"Eau à Erevan", "Écoles au Maroc"}
    assert {hit.title for hit in client.get("/en/atlas/", {"running": "2023"}).context["hits"]} == {"Ancien projet"}
    assert "Project running in" in text_of(response)


def test_the_money_figures_link_to_the_csv_of_the_lines_they_count(client, world):
    response = client.get(URL)
    assert href(response, "link-total") == f"/atlas/state/{YEAR}/lines.csv"
    download = client.get(href(response, "link-total"))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Collectivité"
    assert len(rows) == 1 + 4
    assert [(row[0], row[8], row[9]) for row in rows[1:]] == [
        ("Côte-d’Or", "300.00", "oui"),
        ("Côte-d’Or", "100.00", "non"),
        ("Lyon", "1000.00", "oui"),
        ("Lyon", "250.50", "oui"),
    ]
    assert rows[3][3] == "Arménie" and rows[3][4] == "AM" and rows[3][5].startswith("14030")
    assert sum(float(row[8]) for row in rows[1:]) == 1650.50


def test_the_pdf_is_a_pdf(client, world):
    response = client.get(f"/en/atlas/state/{YEAR}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    french = client.get(f"/atlas/state/{YEAR}/report.pdf")
    assert french.content.startswith(b"%PDF") and "-fr.pdf" in french["Content-Disposition"]


def test_the_pdf_of_a_year_is_kept_a_while_rather_than_laid_out_again(client, world, django_assert_num_queries):
    first = client.get(f"/en/atlas/state/{YEAR}/report.pdf")
    with django_assert_num_queries(0):
        again = client.get(f"/en/atlas/state/{YEAR}/report.pdf")
    assert again.content == first.content


def test_the_print_template_reads_like_a_published_report(client, world, rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    from coopdec.atlas.views.state import _context

    with translation.override("fr"):
        html = render_to_string("atlas/state_print.html", {**_context(YEAR), "page_url": "https://example.org/"})
    page = re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "État de la coopération décentralisée 2025" in page
    assert "1\u00a0650,50\u00a0€" in page and "Par type d’aide" in page
    assert "ne comptent que ce qui est public" in page and "Source" in page


def test_a_year_without_validated_declarations_says_so_and_keeps_the_records(client, world):
    response = client.get("/atlas/state/2026/")
    assert response.status_code == 200
    assert "Aucune déclaration n’a encore été validée pour 2026." in text_of(response)
    assert figure(response, "projects") == "2"


def test_a_year_with_nothing_public_is_an_empty_state(client, db):
    response = client.get("/atlas/state/2010/")
    assert response.status_code == 200
    assert 'id="state-empty"' in response.content.decode()


def test_the_state_redirects_to_the_latest_year_with_a_validated_declaration(client, world):
    response = client.get("/atlas/state/")
    assert response.status_code == 302 and response["Location"] == URL


def test_the_state_without_anything_yet_is_an_empty_state(client, db):
    response = client.get("/atlas/state/")
    assert response.status_code == 200
    assert 'id="state-empty"' in response.content.decode()


@pytest.mark.parametrize("year", [1200, 9999, dt.date.today().year + 1])
def test_absurd_years_are_not_found(client, db, year):
    assert client.get(f"/atlas/state/{year}/").status_code == 404
    assert client.get(f"/atlas/state/{year}/lines.csv").status_code == 404
    assert client.get(f"/atlas/state/{year}/report.pdf").status_code == 404


def test_the_atlas_nav_leads_to_the_state(client, world):
    response = client.get("/atlas/statistics/")
    assert 'href="/atlas/state/"' in response.content.decode()


def test_the_page_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    # The years (2), the records (5), the money (7), whatever the number of projects and lines.
    with django_assert_max_num_queries(14):
        client.get(URL)


def test_a_cell_that_would_start_a_formula_is_written_after_an_apostrophe(client, world):
    from coopdec.territories.factories import AuthorityFactory

    sly = AuthorityFactory(code="FR-COM-00001", name='=HYPERLINK("http://example.org")')
    declaration = report_world.declaration_of(sly)
    report_world.line(declaration, "1.00", country=world["armenia"], purpose_code="14030", aid_type="C01")
    report_world.submit(declaration, validate=True)
    download = client.get(f"/atlas/state/{YEAR}/lines.csv")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ['\'=HYPERLINK("http://example.org")']
