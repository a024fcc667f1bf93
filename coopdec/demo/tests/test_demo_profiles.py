from io import StringIO

import pytest
from django.core.management import call_command

from coopdec.matchmaking.matching import suggest_matches
from coopdec.matchmaking.models import Profile

pytestmark = pytest.mark.django_db


def test_load_demo_publishes_embedded_matchmaking_profiles_in_five_languages_once(demo_reference):
    call_command("load_demo", stdout=StringIO())
    profiles = Profile.objects.demo()
    assert profiles.count() == 12 and not Profile.objects.exclude(is_demo=True).exists()
    assert set(profiles.values_list("language", flat=True)) == {"fr", "ar", "en", "pt", "pl"}
    assert not profiles.filter(embedding=None).exists() and not profiles.exclude(status="published").exists()
    assert set(profiles.values_list("organization__country_id", flat=True)) >= {"FR", "MA", "TN", "DZ"}
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Profile.objects.demo().count() == 12 and "nothing created" in out.getvalue()


def test_the_demo_biscuit_makers_request_finds_the_arabic_olive_oil_offers(demo_reference):
    call_command("load_demo", stdout=StringIO())
    request = Profile.objects.get(title__startswith="Recherche d'un fournisseur d'huile d'olive")
    found = [match.profile.language for match in suggest_matches(request, limit=2)]
    assert found == ["ar", "ar"]
