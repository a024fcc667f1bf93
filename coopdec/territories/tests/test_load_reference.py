"""The real ``load_reference`` run once per test session, on the full data of the installed packages."""

import pytest
from django.core.management import call_command
from django.db import connection

from coopdec.territories.models import Authority, Country, OdaStatus, ReferenceLoad
from coopdec.themes.models import Theme

pytestmark = [pytest.mark.reference, pytest.mark.django_db]


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        yield
        # Leave the test database as the other modules expect it: without reference data.
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Authority._meta.db_table} SET parent_id = NULL")
            for model in (Authority, OdaStatus, Country, ReferenceLoad):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")


def test_french_tiers_are_complete():
    french = Authority.objects.french()
    assert french.filter(code__startswith="FR-REG-").count() == 18
    assert french.filter(code__startswith="FR-DEP-", parent__code__startswith="FR-REG-").count() == 101
    assert 1190 <= french.filter(code__startswith="FR-EPCI-").exclude(siren="").count() <= 1320
    assert 33900 <= french.filter(code__startswith="FR-COM-", kind="commune").count() <= 36000


def test_lille_is_a_commune_of_the_nord_with_its_town_hall_position():
    lille = Authority.objects.get(code="FR-COM-59350")

    assert (lille.name, lille.insee_code, lille.parent.code, lille.parent.parent.code) == (
        "Lille",
        "59350",
        "FR-DEP-59",
        "FR-REG-32",
    )
    assert lille.latitude == pytest.approx(50.63, abs=0.02)
    assert lille.longitude == pytest.approx(3.06, abs=0.02)
    assert lille.population > 200_000


def test_regions_carry_their_council_or_single_authority_name():
    assert Authority.objects.get(code="FR-REG-11").official_name == "Conseil régional d'Île-de-France"
    assert Authority.objects.get(code="FR-REG-94").official_name == "Assemblée de Corse"
    assert Authority.objects.get(code="FR-REG-06").official_name == "Conseil départemental de Mayotte"


def test_every_iso_country_is_there_with_its_oda_category():
    assert Country.objects.count() == 249
    assert Country.objects.get(code="AM").name_fr == "Arménie"
    assert Country.objects.least_developed().filter(code="SN").exists()
    assert not Country.objects.oda_eligible().filter(code="FR").exists()


def test_thousands_of_foreign_subdivisions_and_cities_are_loaded():
    foreign = Authority.objects.foreign()
    assert foreign.filter(level="regional").exclude(iso_code="").count() > 3000
    assert foreign.filter(code__startswith="GEONAMES-").count() > 30000


def test_yerevan_is_kept_once_as_the_armenian_subdivision_with_its_geonames_data():
    yerevan = Authority.objects.get(code="AM-ER")

    assert yerevan.latitude == pytest.approx(40.18, abs=0.05)
    assert yerevan.longitude == pytest.approx(44.51, abs=0.05)
    assert yerevan.geonames_id == 616052
    assert not Authority.objects.filter(code="GEONAMES-616052").exists()


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Erevan", "AM-ER"),
        ("Yerevan", "AM-ER"),
        ("Zhejiang", "CN-ZJ"),
        ("Alger", "DZ-16"),
        ("Wilaya d'Alger", "DZ-16"),
        ("Casablanca-Settat", "MA-06"),
        ("Gyeonggi", "KR-41"),
        ("Catalunya", "ES-CT"),
        ("Catalogne", "ES-CT"),
        ("Québec", "CA-QC"),
        ("Quebec", "CA-QC"),
        ("Tunis", "TN-11"),
        ("lille", "FR-COM-59350"),
        ("Nouvelle-Calédonie", "FR-OM-988"),
    ],
)
def test_searching_a_name_in_any_usual_spelling_finds_the_authority(query, code):
    assert code in set(Authority.objects.search(query).values_list("code", flat=True))


def test_overseas_governments_and_their_towns_are_french():
    codes = ["FR-OM-988", "FR-OM-988-PS", "FR-OM-988-PN", "FR-OM-988-PIL"]
    codes += ["FR-OM-987", "FR-OM-986", "FR-OM-975", "FR-OM-977", "FR-OM-978"]
    assert Authority.objects.french().filter(code__in=codes).count() == 9
    noumea = Authority.objects.get(name="Nouméa")
    assert (noumea.country_id, noumea.is_french, noumea.kind, noumea.parent.code) == (
        "FR",
        True,
        "commune",
        "FR-OM-988",
    )


def test_loading_again_creates_nothing_new():
    before = (Authority.objects.count(), Country.objects.count(), OdaStatus.objects.count())
    last_id = Authority.objects.order_by("-id").values_list("id", flat=True).first()

    call_command("load_reference", "--force", verbosity=0)

    assert (Authority.objects.count(), Country.objects.count(), OdaStatus.objects.count()) == before
    assert Authority.objects.order_by("-id").values_list("id", flat=True).first() == last_id


def test_a_second_load_with_unchanged_sources_skips_every_step():
    loaded = dict(ReferenceLoad.objects.values_list("step", "loaded_at"))
    assert len(loaded) == 6

    call_command("load_reference", verbosity=0)

    assert dict(ReferenceLoad.objects.values_list("step", "loaded_at")) == loaded


def test_a_changed_source_reloads_the_step():
    ReferenceLoad.objects.filter(step="themes").update(fingerprint="an older source")
    Theme.objects.filter(code="water-sanitation").update(label_fr="Renamed by hand")

    call_command("load_reference", verbosity=0)

    assert Theme.objects.get(code="water-sanitation").label_fr == "Eau et assainissement"
