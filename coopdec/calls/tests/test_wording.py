import pytest
from django.utils import translation

from coopdec.calls.wording import country_in_sentence, with_article


@pytest.mark.parametrize(
    ("name", "in_sentence"),
    [
        ("Arménie", "l’Arménie"), ("Maroc", "le Maroc"), ("Tunisie", "la Tunisie"), ("Sénégal", "le Sénégal"),
        ("Mexique", "le Mexique"), ("Comores", "les Comores"), ("États-Unis", "les États-Unis"),
        ("Haïti", "Haïti"), ("Madagascar", "Madagascar"), ("Honduras", "le Honduras"), ("Inde", "l’Inde"),
        ("Côte d’Ivoire", "la Côte d’Ivoire"),
    ],
)  # fmt: skip
def test_a_french_country_name_takes_its_article(name, in_sentence):
    assert with_article(name) == in_sentence


def test_other_languages_take_the_name_as_it_is():
    names = {"fr": "Arménie", "en": "Armenia", "ar": "أرمينيا"}
    with translation.override("en"):
        assert country_in_sentence(names, "AM") == "Armenia"
    with translation.override("ar"):
        assert country_in_sentence(names, "AM") == "أرمينيا"
    assert country_in_sentence(names, "AM") == "l’Arménie"
