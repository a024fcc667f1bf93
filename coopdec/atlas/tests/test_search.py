"""The atlas search: full text in any language, facets that combine, public items only, an index that follows writes."""

from datetime import date
from decimal import Decimal

import pytest
from lxml import html

from coopdec.atlas.models import SearchDocument
from coopdec.atlas.search import index
from coopdec.lib.search import parse, prepare
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.projects.enums import Instrument
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Place
from coopdec.territories.enums import Zone
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.themes.models import Theme

URL = "/en/atlas/"


def theme(code, label_fr, label_en):
    return Theme.objects.get_or_create(code=code, defaults={"label_fr": label_fr, "label_en": label_en})[0]


@pytest.fixture
def world(db):
    """Lille (Nord, Hauts-de-France) with partners in Morocco, China and Algeria; one private partnership."""
    morocco = CountryFactory(code="MA", zone=Zone.NORTH_AFRICA)
    china = CountryFactory(code="CN", name_fr="Chine", name_en="China", zone=Zone.ASIA)
    algeria = CountryFactory(code="DZ", name_fr="Algérie", name_en="Algeria", zone=Zone.NORTH_AFRICA)
    region = AuthorityFactory(code="FR-REG-32", name="Hauts-de-France", kind="region", level="regional")
    nord = AuthorityFactory(code="FR-DEP-59", name="Nord", kind="departement", level="intermediate", parent=region)
    lille = AuthorityFactory(code="FR-COM-59350", name="Lille", parent=nord)
    rabat = AuthorityFactory(code="MA-RAB", name="Rabat", country=morocco, kind="city")
    wuhan = AuthorityFactory(code="CN-WUH", name="Wuhan", country=china, kind="city")
    alger = AuthorityFactory(code="DZ-ALG", name="Alger", country=algeria, kind="wilaya")
    water = theme("water-sanitation", "Eau et assainissement", "Water and sanitation")
    culture = theme("culture", "Culture", "Culture")

    convention = partnership_between(
        lille, rabat, title="Coopération décentralisée Lille – Rabat", signed_on=date(2019, 5, 1)
    )
    convention.themes.add(water)
    partnership_between(lille, alger, title="Accord secret Lille – Alger", visibility=Visibility.PRIVATE)

    def project(title, lead, place, theme, start, budget, **kwargs):
        created = ProjectFactory(
            title=title, lead_authority=lead, planned_start=start, budget=Decimal(budget), **kwargs
        )
        Place.objects.create(project=created, authority=place)
        created.themes.add(theme)
        return created

    projects = {
        "eau": project("Accès à l'eau potable à Rabat", lille, rabat, water, date(2021, 3, 1), 200_000),
        "festival": project("Festival des deux rives", lille, rabat, culture, date(2022, 6, 1), 30_000),
        "chinese": project("水资源管理合作", region, wuhan, water, date(2022, 1, 1), 500_000),
        "arabic": project("إدارة المياه في الجزائر", nord, alger, water, date(2020, 9, 1), 80_000, language="ar"),
        "private": project(
            "Eau confidentielle", lille, alger, water, date(2021, 1, 1), 10_000, visibility=Visibility.PRIVATE
        ),
    }
    FundingFactory(project=projects["eau"], instrument=Instrument.ONE_PERCENT_WATER, funder_authority=lille, year=2021)
    index.rebuild()
    return projects


def titles(response) -> list[str]:
    return [hit.title for hit in response.context["hits"]]


def counts(response, key) -> dict[str, int]:
    return dict(response.context["result"].counts[key])


def test_text_is_folded_and_split_the_same_way_for_documents_and_queries():
    assert prepare("Île-de-France", "Coopération") == "ile de france cooperation"
    assert prepare("水资源管理") == "水资 资源 源管 管理"
    assert [t.word for t in parse("l'ÉAU, 资源")] == ["l", "eau", "资源"]


def test_search_finds_a_title_with_or_without_its_accents(client, world):
    for words in ("accès à l'eau", "acces a l eau", "ACCES EAU"):
        assert titles(client.get(URL, {"q": words})) == ["Accès à l'eau potable à Rabat"]


def test_search_matches_word_prefixes_and_authority_and_country_names(client, world):
    assert "Festival des deux rives" in titles(client.get(URL, {"q": "festiv"}))
    assert "إدارة المياه في الجزائر" in titles(client.get(URL, {"q": "Algeria"}))
    assert sorted(titles(client.get(URL, {"q": "wuhan"}))) == ["水资源管理合作"]


def test_search_finds_chinese_and_arabic_titles(client, world):
    assert titles(client.get(URL, {"q": "资源"})) == ["水资源管理合作"]
    assert titles(client.get(URL, {"q": "水资源"})) == ["水资源管理合作"]
    assert titles(client.get(URL, {"q": "المياه"})) == ["إدارة المياه في الجزائر"]


def test_private_items_never_appear(client, world):
    response = client.get(URL, {"q": "alger"})
    assert titles(response) == ["إدارة المياه في الجزائر"]
    assert "secret" not in response.text.lower()
    assert "confidentielle" not in client.get(URL).text
    assert response.context["result"].total == 1


def test_facet_counts_without_filters(client, world):
    response = client.get(URL)
    assert response.context["result"].total == 5  # 1 public partnership + 4 public projects
    assert counts(response, "type") == {"partnership": 1, "project": 4}
    assert counts(response, "country") == {"MA": 3, "CN": 1, "DZ": 1}
    assert counts(response, "zone") == {"north_africa": 4, "asia": 1}
    assert counts(response, "region") == {"FR-REG-32": 5}
    assert counts(response, "departement") == {"FR-DEP-59": 4}
    assert counts(response, "theme") == {"water-sanitation": 4, "culture": 1}
    assert counts(response, "instrument") == {"one_percent_water": 1}
    assert counts(response, "year") == {"2019": 1, "2020": 1, "2021": 1, "2022": 2}


def test_facets_combine_and_each_counts_under_the_other_filters(client, world):
    response = client.get(URL, {"zone": "north_africa", "theme": "water-sanitation", "type": "project"})
    assert titles(response) == ["Accès à l'eau potable à Rabat", "إدارة المياه في الجزائر"]
    # Under zone + theme, the type facet still shows both types.
    assert counts(response, "type") == {"partnership": 1, "project": 2}
    # Under theme + type, every zone is counted.
    assert counts(response, "zone") == {"north_africa": 2, "asia": 1}
    # Under all three, the unfiltered facets.
    assert counts(response, "country") == {"MA": 1, "DZ": 1}
    assert counts(response, "authority") == {"FR-COM-59350": 1, "FR-DEP-59": 1}


def test_values_of_one_facet_are_alternatives(client, world):
    response = client.get(URL, {"country": ["CN", "DZ"]})
    assert sorted(titles(response)) == ["إدارة المياه في الجزائر", "水资源管理合作"]


def test_words_and_facets_combine(client, world):
    response = client.get(URL, {"q": "rabat", "theme": "culture"})
    assert titles(response) == ["Festival des deux rives"]
    assert counts(response, "theme") == {"water-sanitation": 2, "culture": 1}


def test_results_sort_by_date_and_by_amount(client, world):
    by_date = titles(client.get(URL, {"sort": "date", "type": "project"}))
    assert by_date == [
        "Festival des deux rives",
        "水资源管理合作",
        "Accès à l'eau potable à Rabat",
        "إدارة المياه في الجزائر",
    ]
    by_amount = titles(client.get(URL, {"sort": "amount", "type": "project"}))
    assert by_amount == [
        "水资源管理合作",
        "Accès à l'eau potable à Rabat",
        "إدارة المياه في الجزائر",
        "Festival des deux rives",
    ]


def selected_sort(response) -> str:
    return html.fromstring(response.content).xpath("//select[@id='sort']/option[@selected]/@value")


def test_without_words_results_come_most_recent_first_yet_the_form_keeps_relevance_for_the_words_to_come(client, world):
    landing = client.get(URL, {"type": "project"})
    assert landing.context["result"].sort == "date"
    assert titles(landing) == titles(client.get(URL, {"sort": "date", "type": "project"}))
    assert selected_sort(landing) == ["relevance"]
    # The words typed next are sent with that select: they are ranked, not listed by date
    assert client.get(URL, {"q": "rabat eau", "sort": "relevance"}).context["result"].sort == "relevance"
    assert selected_sort(client.get(URL, {"sort": "amount"})) == ["amount"]


def test_relevance_puts_the_best_match_first(client, world):
    hits = titles(client.get(URL, {"q": "rabat eau", "sort": "relevance"}))
    assert hits[0] == "Accès à l'eau potable à Rabat"


def test_pagination_splits_results_twenty_by_twenty(client, world, monkeypatch):
    monkeypatch.setattr("coopdec.atlas.search.query.PAGE_SIZE", 2)
    first = client.get(URL, {"sort": "amount"})
    second = client.get(URL, {"sort": "amount", "page": 2})
    third = client.get(URL, {"sort": "amount", "page": 3})
    assert first.context["result"].pages == 3
    assert len(titles(first)) == len(titles(second)) == 2 and len(titles(third)) == 1
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="next"' in first.text and 'rel="prev"' in third.text


def test_empty_state_says_nothing_matches(client, world):
    response = client.get(URL, {"q": "zzzzzz"})
    assert response.context["result"].total == 0
    assert 'id="search-empty"' in response.text


def test_htmx_request_gets_the_results_partial_and_a_plain_request_the_page(client, world):
    page = client.get(URL, {"q": "eau"})
    partial = client.get(URL, {"q": "eau"}, headers={"HX-Request": "true", "HX-Target": "search-body"})
    assert "<html" in page.text and 'hx-push-url="true"' in page.text
    assert "<html" not in partial.text
    assert 'aria-live="polite"' in partial.text and "<fieldset" in partial.text


def test_page_is_labelled_for_assistive_technology(client, world):
    text = client.get(URL).text
    assert '<label for="q"' in text and '<label for="sort"' in text
    assert "<legend" in text and 'role="search"' in text


def test_content_is_shown_in_the_visitors_language_with_its_lang(client, world):
    world["festival"].translations = {"en": {"title": "Festival of the two shores"}}
    world["festival"].save()
    index.index_objects("project", [world["festival"].pk])
    response = client.get(URL, {"q": "shores"})
    assert titles(response) == ["Festival of the two shores"]
    assert '<h3 class="h6 mb-1" lang="en" dir="auto">' in response.text
    arabic = client.get(URL, {"q": "المياه"})
    assert 'lang="ar"' in arabic.text


def test_search_page_runs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    # The first request loads the in-memory copy of the index: one query per multi-valued facet ("running" included).
    with django_assert_max_num_queries(23):
        client.get(URL, {"q": "eau", "theme": "water-sanitation", "country": "MA", "year": "2021"})
    for _ in range(5):
        ProjectFactory(title=f"Eau {_}", lead_authority=world["eau"].lead_authority)
    index.rebuild()
    with django_assert_max_num_queries(23):
        client.get(URL, {"q": "eau"})


def test_index_follows_creation_update_and_deletion(client, world, django_capture_on_commit_callbacks):
    lille = world["eau"].lead_authority
    with django_capture_on_commit_callbacks(execute=True):
        created = ProjectFactory(title="Reboisement à Madagascar", lead_authority=lille)
    assert titles(client.get(URL, {"q": "reboisement"})) == ["Reboisement à Madagascar"]

    with django_capture_on_commit_callbacks(execute=True):
        created.title = "Reforestation à Madagascar"
        created.save()
    assert titles(client.get(URL, {"q": "reboisement"})) == []
    assert titles(client.get(URL, {"q": "reforestation"})) == ["Reforestation à Madagascar"]

    with django_capture_on_commit_callbacks(execute=True):
        created.visibility = Visibility.PRIVATE
        created.save()
    assert titles(client.get(URL, {"q": "reforestation"})) == []

    with django_capture_on_commit_callbacks(execute=True):
        world["festival"].delete()
    assert titles(client.get(URL, {"q": "festival"})) == []
    assert not SearchDocument.objects.filter(kind="project", object_id=world["festival"].pk).exists()


def test_index_follows_themes_and_funding_lines(client, world, django_capture_on_commit_callbacks):
    festival = world["festival"]
    with django_capture_on_commit_callbacks(execute=True):
        festival.themes.add(theme("water-sanitation", "Eau", "Water"))
        FundingFactory(project=festival, instrument=Instrument.EU)
    response = client.get(URL, {"theme": "water-sanitation", "instrument": "eu"})
    assert titles(response) == ["Festival des deux rives"]


def test_rebuild_command_reports_what_it_indexed(world, capsys):
    from django.core.management import call_command

    call_command("rebuild_search_index", "--no-progress")
    assert "5 documents indexed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "eau"},
        {"q": "rabat", "theme": "culture"},
        {"q": "zzzzzz"},
        {"q": "水资源", "zone": "asia"},
        {"country": ["CN", "DZ"], "sort": "amount"},
        {"zone": "north_africa", "theme": "water-sanitation", "type": "project"},
        {"year": "2021", "status": "implementation"},
        {"instrument": "one_percent_water", "region": "FR-REG-32"},
        {"authority": "FR-COM-59350", "foreign_authority": "MA-RAB", "sort": "date", "page": "2"},
        {"country": "XX"},
        {"q": "lille", "kind": "convention", "departement": "FR-DEP-59"},
        {"q": "eau", "country": "MA", "theme": "water-sanitation", "type": "project"},
        {"q": "rabat", "zone": "north_africa", "type": ["project", "partnership"], "sort": "relevance"},
        {"q": "dakar", "country": "SN", "status": "implementation", "year": "2021"},
    ],
)
def test_in_memory_search_gives_what_the_sql_search_gives(world, params):
    from django.http import QueryDict

    from coopdec.atlas.search.query import SearchQuery, search, search_sql

    query_dict = QueryDict(mutable=True)
    for key, value in params.items():
        query_dict.setlist(key, value if isinstance(value, list) else [value])
    query = SearchQuery.from_params(query_dict)
    fast, reference = search(query), search_sql(query)
    assert (fast.total, fast.page, fast.pages, fast.hits) == (
        reference.total,
        reference.page,
        reference.pages,
        reference.hits,
    )
    assert {k: dict(v) for k, v in fast.counts.items()} == {k: dict(v) for k, v in reference.counts.items()}


def test_relevance_over_too_many_results_lists_them_by_date(client, world, monkeypatch):
    monkeypatch.setattr("coopdec.atlas.search.query.RANKED_AT_MOST", 1)
    response = client.get(URL, {"q": "rabat", "sort": "relevance"})
    assert response.context["result"].sort == "date"
    assert titles(response) == [
        "Festival des deux rives",
        "Accès à l'eau potable à Rabat",
        "Coopération décentralisée Lille – Rabat",
    ]
    assert "More than 1 results: they are listed most recent first, not by relevance." in response.text
    monkeypatch.setattr("coopdec.atlas.search.query.RANKED_AT_MOST", 5000)
    ranked = client.get(URL, {"q": "rabat", "sort": "relevance"})
    assert ranked.context["result"].sort == "relevance"
    assert "not by relevance" not in ranked.text
    by_date = client.get(URL, {"q": "rabat", "sort": "date"})
    assert "not by relevance" not in by_date.text


def test_generate_synthetic_leaves_every_public_item_in_the_index(db):
    from io import StringIO

    from django.core.management import call_command

    from coopdec.partnerships.models import Partnership
    from coopdec.projects.models import Project
    from coopdec.territories.enums import AuthorityKind, Level

    france, morocco = CountryFactory(code="FR"), CountryFactory(code="MA")
    for i in range(4):
        AuthorityFactory(code=f"FR-REG-{i}", country=france, level=Level.REGIONAL, kind=AuthorityKind.REGION)
        AuthorityFactory(code=f"FR-COM-{i:05d}", country=france, population=2_000 + i)
        AuthorityFactory(code=f"MA-{i:02d}", country=morocco, level=Level.REGIONAL, kind=AuthorityKind.PROVINCE)
    call_command("generate_synthetic", "--projects", "12", stdout=StringIO(), verbosity=0)

    public = Project.objects.public().count() + Partnership.objects.public().count()
    assert public > 0
    assert SearchDocument.objects.count() == public
    assert index.rebuild() == public


@pytest.mark.parametrize("text", ["eau", "rabat", "dakar école", "水资源", "nothingmatchesthis"])
def test_matches_listed_in_one_row_are_the_matching_ids(world, text):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(*index.FULL_TEXT.matching_ids(text, connection))
        expected = sorted(row[0] for row in cursor.fetchall())
        cursor.execute(*index.FULL_TEXT.matching_ids_listed(text, connection))
        listed = cursor.fetchone()[0]
    assert sorted(int(i) for i in listed.split(",")) == expected if expected else listed is None


def test_with_two_filters_postgresql_checks_the_text_on_their_documents_only(world, monkeypatch):
    from django.db import connection

    from coopdec.atlas.search import snapshot
    from coopdec.atlas.search.query import SearchQuery, search, search_sql

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: FTS5 would expand prefixes again for each candidate, so SQLite lists every match")
    query = SearchQuery(text="eau", filters={"country": ["MA"], "type": ["project"]})
    listed = []
    original = index.FULL_TEXT.matching_ids_listed
    monkeypatch.setattr(index.FULL_TEXT, "matching_ids_listed", lambda *a, **k: listed.append(a) or original(*a, **k))
    snapshot.current()._texts.clear()
    fast = search(query)
    assert listed == []  # every match was not listed: only the candidates were checked
    reference = search_sql(query)
    assert (fast.total, fast.hits) == (reference.total, reference.hits) and fast.total > 0
    assert {k: dict(v) for k, v in fast.counts.items()} == {k: dict(v) for k, v in reference.counts.items()}
    snapshot.current().text_positions("eau")  # now every match is cached: the candidates are taken from it
    cached = search(query)
    assert (cached.total, cached.hits, cached.counts) == (fast.total, fast.hits, fast.counts)
    assert len(listed) == 1
