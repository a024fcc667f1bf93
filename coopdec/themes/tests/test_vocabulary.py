import re

from coopdec.themes.models import Theme
from coopdec.themes.vocabulary import THEMES


def test_every_theme_of_the_vocabulary_is_in_the_database(db):
    assert set(Theme.objects.values_list("code", flat=True)) == {t["code"] for t in THEMES}
    assert 18 <= Theme.objects.count() <= 25


def test_water_and_sanitation_maps_to_dac_water_supply_and_sdg_6(db):
    theme = Theme.objects.get(code="water-sanitation")
    assert theme.label_fr == "Eau et assainissement"
    assert "14030" in theme.dac_codes
    assert theme.sdgs == [6]


def test_every_theme_has_five_digit_dac_codes_and_real_sdgs(db):
    for theme in Theme.objects.all():
        assert theme.dac_codes, theme.code
        assert all(re.fullmatch(r"\d{5}", code) for code in theme.dac_codes), theme.code
        assert all(1 <= goal <= 17 for goal in theme.sdgs), theme.code
