from decimal import Decimal

import pytest
from django.utils import translation

from coopdec.declarations import national
from coopdec.declarations.enums import Recipient
from coopdec.declarations.tests.national_data import declared, line, settle_totals
from coopdec.territories.enums import OdaCategory
from coopdec.territories.models import OdaStatus


def by_label(rows):
    return {row.label: (row.total, row.oda) for row in rows}


def test_the_totals_count_only_the_validated_version_of_each_declaration(national_data):
    figures = national.national_figures(2025)
    # 1,000 + 500 + 300 + 200 (Île-de-France) + 250 + 100 (Hauts-de-France, its second version)
    assert figures.total == Decimal("2350.00")
    assert (figures.declarations, figures.lines) == (2, 6)


def test_lines_that_are_not_oda_stay_out_of_the_oda_total(national_data):
    # Korea (not on the DAC list) and the multilateral contribution are out: 2,350 − 300 − 100.
    assert national.national_figures(2025).oda == Decimal("1950.00")


def test_the_totals_by_region_and_by_type_of_authority(national_data):
    figures = national.national_figures(2025)
    assert by_label(figures.by_region) == {
        "Île-de-France": (Decimal("2000.00"), Decimal("1700.00")),
        "Hauts-de-France": (Decimal("350.00"), Decimal("250.00")),
    }
    with translation.override("en"):
        assert by_label(national.national_figures(2025).by_kind) == {"Region": (Decimal("2350.00"), Decimal("1950.00"))}


def test_the_totals_by_recipient_name_france_and_developing_countries_unspecified(national_data):
    with translation.override("en"):
        rows = by_label(national.national_figures(2025).by_recipient)
    assert rows == {
        "Senegal": (Decimal("1000.00"), Decimal("1000.00")),
        "Armenia": (Decimal("500.00"), Decimal("500.00")),
        "South Korea": (Decimal("300.00"), Decimal("0")),
        "Developing countries, unspecified": (Decimal("250.00"), Decimal("250.00")),
        "Spent in France": (Decimal("200.00"), Decimal("200.00")),
        "An international organisation (multilateral)": (Decimal("100.00"), Decimal("0")),
    }
    assert [row.label for row in national.national_figures(2025).by_recipient][0] == "Sénégal"


def test_the_totals_by_purpose_type_of_aid_and_channel_carry_the_codes_labels(national_data):
    figures = national.national_figures(2025)
    purposes = {row.key: row for row in figures.by_purpose}
    assert purposes["43010"].total == Decimal("350.00")  # 250 unspecified + 100 multilateral
    assert purposes["14030"].label.startswith("14030 — ")
    aid_types = {row.key: row.total for row in figures.by_aid_type}
    # C01: Senegal 1,000 + Korea 300 + unspecified 250.
    assert aid_types == {"C01": Decimal("1550"), "D02": Decimal("500"), "H01": Decimal("200"), "B02": Decimal("100")}
    channels = {row.key: row.total for row in figures.by_channel}
    assert channels == {"11002": Decimal("2000.00"), "22000": Decimal("250.00"), "47000": Decimal("100.00")}


def test_the_share_of_oda_to_least_developed_countries(national_data):
    ldc = national.national_figures(2025).ldc
    assert (ldc.ldc_oda, ldc.oda, ldc.list_year) == (Decimal("1000.00"), Decimal("1950.00"), 2025)
    assert ldc.share == pytest.approx(1000 / 1950)


def test_the_least_developed_countries_are_those_of_the_years_list(national_data):
    # Senegal is no longer an LDC on the list of 2026, which does not change 2025's share.
    OdaStatus.objects.create(country=national_data["SN"], year=2026, category=OdaCategory.OTHER_ELIGIBLE)
    assert national.national_figures(2025).ldc.ldc_oda == Decimal("1000.00")
    assert national.oda_list_year(2027) == 2026 and national.oda_list_year(2019) == 2025
    assert "SN" not in national.least_developed(national.oda_list_year(2027))


def test_the_filters_by_region_and_type_of_authority(national_data, authority_b):
    assert national.national_figures(2025, region=authority_b).total == Decimal("350.00")
    assert national.national_figures(2025, kind="commune").total == Decimal("0")
    assert national.national_figures(2025, kind="region").total == Decimal("2350.00")


def test_the_series_over_the_years_and_the_years_with_validated_declarations(national_data, authority_a):
    rows = national.series()
    assert [(row.label, row.total, row.oda) for row in rows] == [
        ("2024", Decimal("800.00"), Decimal("800.00")),
        ("2025", Decimal("2350.00"), Decimal("1950.00")),
    ]
    assert [row.total for row in national.series(region=authority_a)] == [Decimal("800.00"), Decimal("2000.00")]
    assert national.validated_years() == [2025, 2024]
    # The series reads the versions' totals: they are those of their lines.
    assert [row.total for row in national.series()] == [
        sum(r.total for r in national.national_figures(year).by_region) for year in (2024, 2025)
    ]


def test_a_submitted_declaration_counts_once_it_is_validated(national_data):
    commune = national_data["commune"]
    declaration = commune.declarations.get()
    _declaration, version = declared(commune, 2025, number=2, declaration=declaration)
    line(declaration, version, "10.00", recipient=Recipient.UNSPECIFIED).save()
    settle_totals()
    assert national.national_figures(2025).total == Decimal("2360.00")
    assert national.series()[-1].total == Decimal("2360.00")


def test_the_figures_take_a_handful_of_queries(national_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        national.national_figures(2025)
    with django_assert_max_num_queries(1):
        national.series()
