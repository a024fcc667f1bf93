import pytest

from coopdec.territories.enums import AuthorityKind
from coopdec.territories.loaders.cities import admin1_parents, city_records
from coopdec.territories.loaders.names import clean_subdivision_name, match_keys, useful_alternates
from coopdec.territories.loaders.store import join_names
from coopdec.territories.loaders.subdivisions import city_matches, kind_for, wilaya_labels


@pytest.mark.parametrize(
    ("raw", "name", "alternates"),
    [
        ("Catalunya [Cataluña]", "Catalunya", ["Cataluña", "Catalunya [Cataluña]"]),
        ("Madrid, Comunidad de", "Comunidad de Madrid", ["Madrid", "Madrid, Comunidad de"]),
        ("Wales [Cymru GB-CYM]", "Wales", ["Cymru", "Wales [Cymru GB-CYM]"]),
        ("Capital Territory (Honiara)", "Capital Territory", ["Honiara", "Capital Territory (Honiara)"]),
        ("San Andrés, Providencia y Santa Catalina", "San Andrés, Providencia y Santa Catalina", []),
        ("Tunis", "Tunis", []),
    ],
)  # fmt: skip
def test_iso_subdivision_names_are_cleaned_of_bracketed_alternates(raw, name, alternates):
    assert clean_subdivision_name(raw) == (name, alternates)


@pytest.mark.parametrize(
    ("country", "iso_type", "kind", "label"),
    [
        ("DZ", "Province", AuthorityKind.WILAYA, "Wilaya"),
        ("CN", "Province", AuthorityKind.PROVINCE, "Province"),
        ("US", "State", AuthorityKind.STATE, "State"),
        ("MA", "Region", AuthorityKind.REGION, "Region"),
        ("TN", "Governorate", AuthorityKind.GOVERNORATE, "Governorate"),
        ("AM", "City", AuthorityKind.CITY, "City"),
        ("ES", "Autonomous community", AuthorityKind.AUTONOMOUS_COMMUNITY, "Autonomous community"),
        ("KE", "County", AuthorityKind.COUNTY, "County"),
        ("JP", "Prefecture", AuthorityKind.OTHER, "Prefecture"),
    ],
)
def test_iso_subdivision_types_map_to_authority_kinds(country, iso_type, kind, label):
    assert kind_for(country, iso_type) == (kind, label)


def test_algerian_wilayas_are_named_the_french_way():
    assert wilaya_labels("Alger")[0] == "Wilaya d'Alger"
    assert wilaya_labels("Tlemcen")[0] == "Wilaya de Tlemcen"


def test_only_useful_geonames_alternates_are_kept():
    names = ["EVN", "Erevan", "Yerevan", "ye li wen", "Ереван", "Երևան", "エレバン", "Ayrivan  Erivan  Erevan"]

    assert useful_alternates(names, "AM") == ["Erevan", "Yerevan", "Երևան"]


def test_joined_names_drop_duplicates_and_respect_the_length_cap():
    assert join_names(["Alger", "Algiers", "Alger", "الجزائر"], exclude=["Alger"]) == "Algiers\nالجزائر"
    assert len(join_names([f"Name {n}" for n in range(500)], limit=100)) <= 100


def test_city_subdivision_names_are_matched_without_their_administrative_suffix():
    assert "seoul" in match_keys("Seoul-teukbyeolsi")
    assert "minsk" in match_keys("Horad Minsk")


def city(geonames_id, name, country, admin1, population, alternates=()):
    return {
        "geonameid": geonames_id,
        "name": name,
        "countrycode": country,
        "admin1code": admin1,
        "population": population,
        "latitude": 1.0,
        "longitude": 2.0,
        "alternatenames": list(alternates),
    }


class Subdivision:
    def __init__(self, code, name, type_):
        self.code, self.name, self.type, self.country_code = code, name, type_, code[:2]


def test_a_city_that_is_a_first_level_subdivision_is_merged_into_it():
    yerevan = city(616052, "Yerevan", "AM", "11", 1093485, ["Erevan", "Ереван"])
    gyumri = city(616635, "Gyumri", "AM", "06", 121976)
    subdivisions = [Subdivision("AM-ER", "Erevan", "City"), Subdivision("AM-SH", "Shirak", "Region")]

    assert city_matches(subdivisions, [yerevan, gyumri]) == {"AM-ER": yerevan}


def test_geonames_admin1_codes_map_to_iso_only_on_evidence():
    cities = [
        city(1, "Algiers", "DZ", "01", 2_000_000, ["Alger"]),
        city(2, "Oran", "DZ", "09", 800_000),
        city(3, "Bab Ezzouar", "DZ", "01", 100_000),
        city(4, "Adrar", "DZ", "34", 60_000),
        city(8, "Laghouat", "DZ", "25", 150_000),
        city(5, "New York City", "US", "NY", 8_000_000),
        city(6, "Wyoming", "US", "MI", 75_000),
        city(7, "Detroit", "US", "MI", 600_000),
    ]
    subdivisions = [
        ("DZ-01", "DZ", "Adrar"),
        ("DZ-25", "DZ", "Constantine"),
        ("DZ-16", "DZ", "Alger"),
        ("DZ-31", "DZ", "Oran"),
        ("US-NY", "US", "New York"),
        ("US-MI", "US", "Michigan"),
        ("US-WY", "US", "Wyoming"),
    ]

    parents = admin1_parents(cities, subdivisions, merged={1: "DZ-16"})

    assert parents[("DZ", "01")] == "DZ-16"
    assert parents[("DZ", "09")] == "DZ-31"
    assert parents[("DZ", "34")] == "DZ-01"
    assert ("DZ", "25") not in parents  # no evidence, and GeoNames' numbers are not ISO's in Algeria
    assert parents[("US", "MI")] == "US-MI"  # US admin1 codes are the ISO suffixes


def test_cities_of_the_french_pacific_are_french_communes_under_their_government():
    noumea = city(2139521, "Nouméa", "NC", "02", 93060)
    lyon = city(2996944, "Lyon", "FR", "84", 500_000)
    tunis = city(2464470, "Tunis", "TN", "38", 700_000)

    records = city_records(
        [noumea, lyon, tunis], parents={("TN", "38"): "TN-11"}, skip_ids=set(), countries={"FR", "NC", "TN"}
    )

    assert [(r["code"], r["country_id"], r["kind"], r["parent_code"]) for r in records] == [
        ("GEONAMES-2139521", "FR", AuthorityKind.COMMUNE, "FR-OM-988"),
        ("GEONAMES-2464470", "TN", AuthorityKind.CITY, "TN-11"),
    ]
    assert records[0]["is_french"]
