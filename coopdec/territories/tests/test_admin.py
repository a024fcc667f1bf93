import pytest
from django.urls import reverse

from conftest import client_for
from coopdec.territories.factories import AuthorityFactory, CountryFactory, ForeignCityFactory

CHANGELIST = reverse("admin:territories_authority_changelist")


@pytest.fixture
def authorities(db):
    return {
        "lille": AuthorityFactory(code="FR-COM-59350", name="Lille", insee_code="59350", alternate_names="Rijsel"),
        "idf": AuthorityFactory(code="FR-REG-11", name="Île-de-France", kind="region", level="regional"),
        "yerevan": ForeignCityFactory(code="AM-ER", name="Erevan", alternate_names="Yerevan\nԵրևան", iso_code="AM-ER"),
        "epci": AuthorityFactory(code="FR-EPCI-200093201", name="Métropole Européenne de Lille", siren="200093201"),
    }


def names_found(response):
    return {str(authority) for authority in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("ile de france", {"Île-de-France"}),
        ("Île-de-France", {"Île-de-France"}),
        ("yerevan", {"Erevan"}),
        ("Ереван", set()),
        ("lille", {"Lille", "Métropole Européenne de Lille"}),
        ("59350", {"Lille"}),
        ("200093201", {"Métropole Européenne de Lille"}),
        ("am-er", {"Erevan"}),
    ],
)
def test_coordinator_finds_authorities_by_folded_name_or_exact_code(client, coordinator, authorities, term, expected):
    response = client_for(client, coordinator).get(CHANGELIST, {"q": term})

    assert response.status_code == 200
    assert names_found(response) == expected


def test_authority_changelist_runs_a_fixed_number_of_queries(
    client, coordinator, authorities, django_assert_max_num_queries
):
    client_for(client, coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(CHANGELIST)
    assert "Erevan" in response.content.decode()


def test_autocomplete_of_authorities_folds_accents(client, coordinator, authorities):
    url = reverse("admin:autocomplete")
    params = {"term": "metropole europeenne", "app_label": "accounts", "model_name": "membership"}
    params["field_name"] = "authority"
    response = client_for(client, coordinator).get(url, params)

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Métropole Européenne de Lille"]


def test_country_search_folds_accents(client, coordinator):
    CountryFactory(code="AM")
    response = client_for(client, coordinator).get(reverse("admin:territories_country_changelist"), {"q": "Arménie"})

    assert [country.code for country in response.context["cl"].result_list] == ["AM"]
