from django.core.cache import cache

from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.territories.factories import AuthorityFactory


def test_home_shows_what_the_platform_holds(client, db):
    cache.clear()  # the counts are kept a minute: another test's may be there
    french = AuthorityFactory(name="Lille")
    partnership_between(french)
    partnership_between(french, visibility=Visibility.PRIVATE)

    response = client.get("/")

    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["partnerships"] == 1  # the private one is not counted for the public
    assert counts["authorities"] == 3
    assert counts["french_authorities"] == 1
    assert 'lang="fr"' in response.text  # French first


def test_home_links_to_the_back_office(client, db):
    response = client.get("/")
    assert 'href="/admin/"' in response.text


def test_home_in_english_under_the_en_prefix(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en"' in response.text


def test_pages_tell_htmx_not_to_inject_styles_the_csp_would_refuse(client, db):
    response = client.get("/")
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in response.text
    assert "coopdec/favicon.svg" in response.text


def test_home_searches_the_atlas_and_leads_to_its_pages(client, db):
    from lxml import html

    page = html.fromstring(client.get("/").content)

    form = page.get_element_by_id("home-search")
    assert form.get("action") == "/atlas/" and form.get("method") == "get"
    assert form.xpath(".//label[@for='home-q']")[0].text_content() == "Rechercher dans l’atlas"
    assert form.xpath(".//input[@id='home-q']")[0].get("name") == "q"
    links = {a.text_content(): a.get("href") for a in page.xpath("//nav[@aria-label='Pages de l’atlas']//a")}
    assert links == {
        "Tous les partenariats et projets": "/atlas/",
        "Carte": "/atlas/map/",
        "Statistiques": "/atlas/statistics/",
        "Données ouvertes": "/atlas/data/",
    }


def test_home_counts_are_kept_a_minute_without_counting_again(client, db, django_assert_num_queries):
    cache.clear()
    AuthorityFactory(name="Lille")
    first = client.get("/").context["counts"]["authorities"]
    AuthorityFactory(name="Roubaix")

    with django_assert_num_queries(0):
        again = client.get("/")

    assert again.context["counts"]["authorities"] == first
    cache.clear()  # a minute later
    assert client.get("/").context["counts"]["authorities"] == first + 1
