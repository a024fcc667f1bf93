"""The one search of authorities: folding, ranking, limits — and every page that searches authorities uses it."""

import pytest
from django.urls import reverse

from conftest import client_for
from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.territories.models import Authority
from coopdec.territories.selectors import search_authorities

pytestmark = pytest.mark.django_db


@pytest.fixture
def saint_etienne(db):
    france = CountryFactory(code="FR")
    city = AuthorityFactory(code="FR-COM-42218", name="Saint-Étienne", insee_code="42218", population=173_000)
    AuthorityFactory(code="FR-COM-76575", name="Saint-Étienne-du-Rouvray", insee_code="76575", population=28_000)
    # Before the city in alphabetical order: only the ranking puts the city first.
    AuthorityFactory(code="FR-X-1", name="Agglomération de Saint-Étienne", population=50_000)
    AuthorityFactory(
        code="FR-EPCI-244200770",
        name="Saint-Étienne Métropole",
        siren="244200770",
        kind=AuthorityKind.EPCI,
        level=Level.GROUPING,
        country=france,
        population=404_000,
    )
    return city


def names(found) -> list[str]:
    return [authority.name for authority in found]


def test_accents_case_and_punctuation_are_folded(saint_etienne):
    for query in ("saint etienne", "SAINT-ETIENNE", "Saint-Étienne", "  saint   étienne "):
        assert "Saint-Étienne" in names(search_authorities(query)), query


def test_every_word_must_be_found(saint_etienne):
    assert names(search_authorities("etienne rouvray")) == ["Saint-Étienne-du-Rouvray"]
    assert names(search_authorities("etienne lyon")) == []


def test_the_exact_name_comes_first_then_the_most_populated(saint_etienne):
    # The metropolis is more populated, but the city is what "saint etienne" names.
    assert names(search_authorities("saint etienne")) == [
        "Saint-Étienne",
        "Saint-Étienne Métropole",
        "Agglomération de Saint-Étienne",
        "Saint-Étienne-du-Rouvray",
    ]


def test_an_exact_code_comes_first_and_insee_or_siren_find_only_their_authority(saint_etienne):
    assert names(search_authorities("fr-com-76575")) == ["Saint-Étienne-du-Rouvray"]
    assert names(search_authorities("42218")) == ["Saint-Étienne"]
    assert names(search_authorities("244200770")) == ["Saint-Étienne Métropole"]


def test_the_limit_keeps_the_most_relevant(saint_etienne):
    assert names(search_authorities("saint etienne", limit=2)) == ["Saint-Étienne", "Saint-Étienne Métropole"]


def test_country_kinds_and_the_given_queryset_narrow_the_search(saint_etienne):
    AuthorityFactory(code="BE-X", name="Saint-Étienne", country=CountryFactory(code="BE"), population=1_000)
    assert len(search_authorities("saint etienne")) == 5
    assert [a.code for a in search_authorities("saint etienne", country="be")] == ["BE-X"]
    assert names(search_authorities("saint etienne", kinds=[AuthorityKind.EPCI])) == ["Saint-Étienne Métropole"]
    only = Authority.objects.filter(code__in=["FR-COM-76575", "BE-X"])
    assert names(search_authorities("saint etienne", authorities=only)) == ["Saint-Étienne", "Saint-Étienne-du-Rouvray"]


def test_an_empty_query_finds_nothing(saint_etienne):
    assert list(search_authorities("")) == list(search_authorities(" - ")) == []


# Every page that searches authorities by name finds "Saint-Étienne" from "saint etienne", the city first.


def test_the_party_pickers_search(client, editor_a, saint_etienne):
    response = client_for(client, editor_a).get(reverse("territories:authority_search"), {"q": "saint etienne"})
    assert response.json()["results"][0]["name"] == "Saint-Étienne"


def test_the_partnership_forms_search_without_javascript(client, editor_a, saint_etienne):
    data = {"party_query": "saint etienne", "party_search": "1"}
    response = client_for(client, editor_a).post(reverse("partnerships:create"), data)
    assert [r["name"] for r in response.context["party_results"]][0] == "Saint-Étienne"


def test_the_project_forms_picker_without_javascript(client, coordinator, saint_etienne):
    data = {"lead_authority_q": "saint etienne", "_search": "1"}
    response = client_for(client, coordinator).post(reverse("projects:create"), data)
    assert response.status_code == 200
    assert f'value="authority:{saint_etienne.pk}"' in response.text


def test_the_join_forms_search(client, editor_a, saint_etienne):
    response = client_for(client, editor_a).get(reverse("accounts:entity_search"), {"q": "saint etienne"})
    assert response.json()["results"][0]["label"] == "Saint-Étienne"


def test_the_coordinators_authority_picker_on_the_dashboard(client, coordinator, saint_etienne):
    response = client_for(client, coordinator).get(reverse("workspace:dashboard"), {"q": "saint etienne"})
    assert names(response.context["matches"])[0] == "Saint-Étienne"


def test_the_api(client, saint_etienne):
    response = client.get("/api/authorities", {"search": "saint etienne"})
    assert [item["name"] for item in response.json()["items"]][0] == "Saint-Étienne"


def test_the_back_office_list_and_autocomplete(client, coordinator, saint_etienne):
    page = client_for(client, coordinator)
    listed = page.get(reverse("admin:territories_authority_changelist"), {"q": "saint etienne"})
    assert "Saint-Étienne" in names(listed.context["cl"].result_list)
    params = {"term": "saint etienne", "app_label": "accounts", "model_name": "membership", "field_name": "authority"}
    completed = page.get(reverse("admin:autocomplete"), params)
    assert [result["text"] for result in completed.json()["results"]][0] == "Saint-Étienne"
