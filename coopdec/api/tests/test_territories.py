from coopdec.territories.enums import AuthorityKind, Level, OdaCategory, Zone
from coopdec.territories.factories import AuthorityFactory, CountryFactory, ForeignCityFactory
from coopdec.territories.models import Country


def make_countries():
    CountryFactory(code="FR")
    CountryFactory(code="MA", zone=Zone.NORTH_AFRICA, oda_category=OdaCategory.OTHER_ELIGIBLE)
    CountryFactory(code="AM", zone=Zone.ASIA, oda_category=OdaCategory.OTHER_ELIGIBLE)
    CountryFactory(code="ML", name_fr="Mali", name_en="Mali", iso3="MLI", zone=Zone.SUB_SAHARAN_AFRICA,
                   oda_category=OdaCategory.LEAST_DEVELOPED)  # fmt: skip


def make_lille_and_its_namesakes():
    CountryFactory(code="BE", iso3="BEL", name_fr="Belgique", name_en="Belgium")
    return {
        "metropole": AuthorityFactory(
            code="FR-EPCI-200093201", name="Métropole Européenne de Lille", kind=AuthorityKind.EPCI,
            level=Level.GROUPING, siren="200093201", population=1_179_000,
        ),
        "lillebonne": AuthorityFactory(code="FR-COM-76384", name="Lillebonne", insee_code="76384", population=8_900),
        "marquette": AuthorityFactory(
            code="FR-COM-59386", name="Marquette-lez-Lille", insee_code="59386", population=10_400
        ),
        "belgian": ForeignCityFactory(code="GEONAMES-2792179", name="Lille", country__code="BE", population=16_000),
        "lille": AuthorityFactory(code="FR-COM-59350", name="Lille", insee_code="59350", population=236_234),
    }  # fmt: skip


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_countries_are_listed_by_french_name_with_a_count(client, db):
    make_countries()

    body = client.get("/api/countries").json()

    assert body["count"] == Country.objects.count() == 4
    assert [c["name_fr"] for c in body["items"]] == ["Arménie", "France", "Mali", "Maroc"]
    assert body["items"][3] == {
        "code": "MA", "iso3": "MAR", "numeric": "", "name_fr": "Maroc", "name_en": "Morocco", "names": {},
        "zone": "north_africa", "oda_category": "oda",
    }  # fmt: skip


def test_countries_are_paginated_by_page_number(client, db):
    make_countries()

    first = client.get("/api/countries?page_size=3").json()
    second = client.get("/api/countries?page_size=3&page=2").json()

    assert [c["code"] for c in first["items"]] == ["AM", "FR", "ML"]
    assert [c["code"] for c in second["items"]] == ["MA"]
    assert first["count"] == second["count"] == 4


def test_countries_filter_by_zone_and_oda_category(client, db):
    make_countries()

    assert codes(client.get("/api/countries?zone=north_africa")) == ["MA"]
    assert codes(client.get("/api/countries?oda_category=oda")) == ["AM", "MA"]
    assert codes(client.get("/api/countries?oda_category=ldc&zone=sub_saharan_africa")) == ["ML"]


def test_countries_search_any_language_name_or_iso_code(client, db):
    make_countries()

    assert codes(client.get("/api/countries?search=morocco")) == ["MA"]
    assert codes(client.get("/api/countries?search=armenie")) == ["AM"]
    assert codes(client.get("/api/countries?search=MAR")) == ["MA"]
    assert codes(client.get("/api/countries?search=ml")) == ["ML"]


def test_an_unknown_zone_is_a_422_naming_the_parameter(client, db):
    response = client.get("/api/countries?zone=atlantis")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "zone"]


def test_a_country_by_code(client, db):
    make_countries()

    assert client.get("/api/countries/ma").json()["name_en"] == "Morocco"


def test_an_unknown_country_is_a_404_with_a_message(client, db):
    response = client.get("/api/countries/XX")

    assert response.status_code == 404
    assert response.json() == {"detail": "No country with the code XX."}


def test_searching_lille_finds_the_city_of_lille_first_with_its_insee_code(client, db):
    make_lille_and_its_namesakes()

    response = client.get("/api/authorities?search=Lille")

    assert codes(response) == [
        "FR-COM-59350",  # exact name, larger population
        "GEONAMES-2792179",  # exact name (Lille, Belgium)
        "FR-EPCI-200093201",  # "Lille" inside the name, by population
        "FR-COM-59386",
        "FR-COM-76384",
    ]
    first = response.json()["items"][0]
    assert first["name"] == "Lille" and first["insee_code"] == "59350"


def test_search_ignores_case_and_accents_and_needs_every_word(client, db):
    make_lille_and_its_namesakes()

    assert codes(client.get("/api/authorities?search=lille"))[0] == "FR-COM-59350"
    assert codes(client.get("/api/authorities?search=METROPOLE europeenne")) == ["FR-EPCI-200093201"]
    assert codes(client.get("/api/authorities?search=lille marquette")) == ["FR-COM-59386"]


def test_an_exact_name_typed_without_accents_still_comes_first(client, db):
    AuthorityFactory(code="FR-COM-91228", name="Évry-Courcouronnes", insee_code="91228", population=66_000)
    AuthorityFactory(code="FR-COM-89999", name="Évry", population=450)

    assert codes(client.get("/api/authorities?search=evry")) == ["FR-COM-89999", "FR-COM-91228"]
    assert codes(client.get("/api/authorities?search=EVRY")) == ["FR-COM-89999", "FR-COM-91228"]


def test_search_finds_exact_codes_insee_codes_and_siren(client, db):
    make_lille_and_its_namesakes()

    assert codes(client.get("/api/authorities?search=59350")) == ["FR-COM-59350"]
    assert codes(client.get("/api/authorities?search=fr-com-59386")) == ["FR-COM-59386"]
    assert codes(client.get("/api/authorities?search=200093201")) == ["FR-EPCI-200093201"]
    assert codes(client.get("/api/authorities?search=GEONAMES-2792179")) == ["GEONAMES-2792179"]


def test_authorities_filter_by_country_kind_and_frenchness(client, db):
    make_lille_and_its_namesakes()

    assert codes(client.get("/api/authorities?country=be")) == ["GEONAMES-2792179"]
    assert codes(client.get("/api/authorities?kind=epci")) == ["FR-EPCI-200093201"]
    assert codes(client.get("/api/authorities?french=false")) == ["GEONAMES-2792179"]
    assert len(codes(client.get("/api/authorities?french=true&search=lille"))) == 4


def test_authorities_without_search_are_in_name_order_then_code(client, db):
    make_lille_and_its_namesakes()

    assert codes(client.get("/api/authorities")) == [
        "FR-COM-59350", "GEONAMES-2792179", "FR-COM-76384", "FR-COM-59386", "FR-EPCI-200093201",
    ]  # fmt: skip


def test_bad_authority_filters_are_422_with_clear_messages(client, db):
    unknown_kind = client.get("/api/authorities?kind=castle")
    malformed_country = client.get("/api/authorities?country=FRA")
    unknown_country = client.get("/api/authorities?country=QQ")
    not_a_boolean = client.get("/api/authorities?french=maybe")

    assert unknown_kind.status_code == malformed_country.status_code == not_a_boolean.status_code == 422
    assert unknown_country.status_code == 422
    assert unknown_country.json()["detail"] == [
        {"type": "value_error", "loc": ["query", "country"], "msg": "Unknown country code: QQ."}
    ]


def test_an_authority_by_code_has_every_documented_field(client, db):
    region = AuthorityFactory(code="FR-REG-32", name="Hauts-de-France", kind=AuthorityKind.REGION, level=Level.REGIONAL)
    AuthorityFactory(
        code="FR-COM-59350", name="Lille", official_name="Ville de Lille", insee_code="59350", siren="215903501",
        population=236_234, latitude=50.63, longitude=3.06, parent=region, geonames_id=2998324,
    )  # fmt: skip

    response = client.get("/api/authorities/FR-COM-59350")

    assert response.json() == {
        "code": "FR-COM-59350", "name": "Lille", "official_name": "Ville de Lille", "country": "FR",
        "level": "local", "kind": "commune", "insee_code": "59350", "siren": "215903501", "iso_code": "",
        "geonames_id": 2998324, "population": 236234, "latitude": 50.63, "longitude": 3.06, "is_french": True,
        "parent": "FR-REG-32",
    }  # fmt: skip


def test_an_unknown_authority_is_a_404_with_a_message(client, db):
    response = client.get("/api/authorities/FR-COM-00000")

    assert response.status_code == 404
    assert response.json() == {"detail": "No authority with the code FR-COM-00000."}


def test_listing_authorities_takes_two_queries_whatever_the_page(client, db, django_assert_num_queries):
    region = AuthorityFactory(code="FR-REG-32", name="Hauts-de-France")
    for n in range(30):
        AuthorityFactory(name=f"Commune {n}", parent=region, population=n)

    with django_assert_num_queries(2):  # count, page (parents joined)
        response = client.get("/api/authorities?search=commune")

    assert response.json()["count"] == 30
