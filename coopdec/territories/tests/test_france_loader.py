import csv

import pytest

from coopdec.territories.loaders.france import french_records
from coopdec.territories.tests.test_wkb import point_hex

FILES = {
    "regions": [
        {"id": "9", "code": "32", "nom": "Hauts-de-France", "type_nom": "4", "chef_lieu_id": "1"},
        {"id": "17", "code": "94", "nom": "Corse", "type_nom": "0", "chef_lieu_id": "\\N"},
    ],
    "collectivites_regionales": [
        {"id": "9", "code": "32R", "nom": "Conseil régional des Hauts-de-France", "region_id": "9"},
        {"id": "5", "code": "20R", "nom": "Conseil régional de Corse", "region_id": "17"},
    ],
    "ctu": [{"code": "20R", "code_region": "94", "nom": "Assemblée de Corse", "type_nom": "1"}],
    "departements": [
        {"id": "59", "code": "59", "nom": "Nord", "type_nom": "2", "chef_lieu_id": "1", "region_id": "9"},
    ],
    "collectivites_departementales": [
        {"id": "58", "code": "59D", "type": "D", "nom": "Conseil départemental du Nord", "region_id": "9"},
    ],
    "epci": [{"id": "7", "code": "200093201", "nom": "Métropole Européenne de Lille", "type": "ME"}],
    "communes": [
        {
            "id": "1",
            "code": "59350",
            "type": "COM",
            "nom": "Lille",
            "population_municipale": "232787",
            "departement_id": "59",
            "epci_id": "7",
            "geometry": "\\N",
            "mairie_adresse": "Place Augustin-Laurent\n59000 Lille",
            "mairie_localisation": point_hex(3.0709, 50.6309),
        },
        {
            "id": "2",
            "code": "59298",
            "type": "COMA",
            "nom": "Hellemmes-Lille",
            "population_municipale": "\\N",
            "departement_id": "59",
            "epci_id": "7",
            "geometry": "\\N",
            "mairie_adresse": "",
            "mairie_localisation": "\\N",
        },
    ],
}


@pytest.fixture
def data_dir(tmp_path):
    for name, rows in FILES.items():
        with open(tmp_path / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return tmp_path


def test_communes_proper_are_kept_with_their_town_hall_position_and_département(data_dir):
    communes = french_records(data_dir)["communes"]

    assert [commune["code"] for commune in communes] == ["FR-COM-59350"]
    lille = communes[0]
    assert (lille["insee_code"], lille["parent_code"], lille["population"]) == ("59350", "FR-DEP-59", 232787)
    assert lille["latitude"] == pytest.approx(50.6309)
    assert lille["longitude"] == pytest.approx(3.0709)
    assert lille["is_french"] and lille["country_id"] == "FR"


def test_regions_are_named_after_their_council_or_single_authority(data_dir):
    regions = {region["code"]: region for region in french_records(data_dir)["régions"]}

    assert regions["FR-REG-32"]["official_name"] == "Conseil régional des Hauts-de-France"
    assert regions["FR-REG-94"]["official_name"] == "Assemblée de Corse"
    assert regions["FR-REG-32"]["population"] == 232787


def test_epci_are_coded_by_siren_and_placed_at_their_largest_commune(data_dir):
    (epci,) = french_records(data_dir)["EPCI"]

    assert (epci["code"], epci["siren"], epci["local_kind_label"]) == (
        "FR-EPCI-200093201",
        "200093201",
        "Métropole",
    )
    assert epci["latitude"] == pytest.approx(50.6309)


def test_départements_belong_to_their_region(data_dir):
    (nord,) = french_records(data_dir)["départements"]

    assert (nord["code"], nord["parent_code"], nord["official_name"]) == (
        "FR-DEP-59",
        "FR-REG-32",
        "Conseil départemental du Nord",
    )
