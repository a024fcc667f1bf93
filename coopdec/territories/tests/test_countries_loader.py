import pytest

from coopdec.territories.enums import OdaCategory, Zone
from coopdec.territories.loaders.countries import country_records, load_countries, read_oda_statuses, zone_for
from coopdec.territories.models import Country, OdaStatus


def test_every_iso_country_has_french_english_and_arabic_names_and_a_zone():
    records = {record["code"]: record for record in country_records()}

    assert len(records) == 249
    assert (records["AM"]["name_fr"], records["AM"]["name_en"], records["AM"]["names"]["ar"]) == (
        "Arménie",
        "Armenia",
        "أرمينيا",
    )
    assert records["MA"]["name_fr"] == "Maroc"
    assert records["CN"]["name_fr"] == "Chine"
    assert all(record["zone"] for record in records.values())


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("MA", Zone.NORTH_AFRICA),
        ("SN", Zone.SUB_SAHARAN_AFRICA),
        ("LB", Zone.MIDDLE_EAST),
        ("VN", Zone.ASIA),
        ("CA", Zone.NORTH_AMERICA),
        ("HT", Zone.LATIN_AMERICA),
        ("DE", Zone.EUROPE),
        ("VU", Zone.OCEANIA),
        ("AQ", Zone.ANTARCTICA),
    ],
)
def test_m49_subregions_map_to_the_platform_zones(code, zone):
    subregions = {
        "MA": "Northern Africa",
        "SN": "Western Africa",
        "LB": "Western Asia",
        "VN": "South-eastern Asia",
        "CA": "Northern America",
        "HT": "Caribbean",
        "DE": "Western Europe",
        "VU": "Melanesia",
    }
    assert zone_for(code, subregions) == zone


def test_dac_list_knows_least_developed_and_other_eligible_countries():
    statuses = read_oda_statuses()

    assert set(statuses) >= {2024, 2025}
    latest = statuses[max(statuses)]
    assert {latest[code] for code in ["AF", "SN", "HT", "TV", "YE"]} == {OdaCategory.LEAST_DEVELOPED}
    assert {latest[code] for code in ["AM", "MA", "DZ", "TN", "LB", "BR", "CN", "VU", "FJ", "PG", "PS", "MX"]} == {
        OdaCategory.OTHER_ELIGIBLE
    }
    assert "FR" not in latest and "KR" not in latest


@pytest.mark.django_db
def test_loading_countries_twice_sets_the_latest_oda_category_and_creates_nothing_new():
    load_countries()
    load_countries()

    assert Country.objects.count() == 249
    assert OdaStatus.objects.count() == 249 * len(read_oda_statuses())
    assert Country.objects.get(code="SN").oda_category == OdaCategory.LEAST_DEVELOPED
    assert Country.objects.get(code="FR").oda_category == OdaCategory.NOT_ELIGIBLE
    assert Country.objects.filter(search_text__contains="armenie").get().code == "AM"
