import pytest

from coopdec.territories.factories import CountryFactory
from coopdec.territories.loaders.overseas import load_overseas
from coopdec.territories.models import Authority


@pytest.fixture(autouse=True)
def france(db):
    return CountryFactory(code="FR")


@pytest.mark.django_db
def test_new_caledonia_and_its_three_provinces_are_french_overseas_governments():
    load_overseas(show_progress=False)

    new_caledonia = Authority.objects.get(code="FR-OM-988")
    assert (new_caledonia.iso_code, new_caledonia.kind, new_caledonia.is_french) == ("FR-NC", "sui_generis", True)
    assert set(new_caledonia.children.values_list("code", flat=True)) == {
        "FR-OM-988-PS",
        "FR-OM-988-PN",
        "FR-OM-988-PIL",
    }
    assert set(Authority.objects.filter(kind="overseas_collectivity").values_list("iso_code", flat=True)) == {
        "FR-PF",
        "FR-WF",
        "FR-PM",
        "FR-BL",
        "FR-MF",
    }
    assert Authority.objects.search("Wallis Futuna").get().code == "FR-OM-986"


@pytest.mark.django_db
def test_loading_overseas_governments_again_changes_nothing():
    load_overseas(show_progress=False)
    again = load_overseas(show_progress=False)

    assert [result.created + result.updated for result in again.values()] == [0, 0]
    assert Authority.objects.filter(code__startswith="FR-OM-").count() == 9
