"""The slice of the reference data the demonstration facts point at, built with factories under the real codes."""

import pytest

from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.factories import AuthorityFactory, CountryFactory

# code → (name, country, level, kind): the same codes `load_reference` gives these authorities.
DEMO_AUTHORITIES = {
    "FR-REG-11": ("Île-de-France", "FR", Level.REGIONAL, AuthorityKind.REGION),
    "FR-REG-32": ("Hauts-de-France", "FR", Level.REGIONAL, AuthorityKind.REGION),
    "FR-COM-59350": ("Lille", "FR", Level.LOCAL, AuthorityKind.COMMUNE),
    "FR-OM-977": ("Saint-Barthélemy", "FR", Level.REGIONAL, AuthorityKind.OVERSEAS_COLLECTIVITY),
    "FR-OM-978": ("Saint-Martin", "FR", Level.REGIONAL, AuthorityKind.OVERSEAS_COLLECTIVITY),
    "FR-OM-988": ("Nouvelle-Calédonie", "FR", Level.REGIONAL, AuthorityKind.SUI_GENERIS),
    "AM-ER": ("Erevan", "AM", Level.REGIONAL, AuthorityKind.CITY),
    "CN-ZJ": ("Zhejiang", "CN", Level.REGIONAL, AuthorityKind.PROVINCE),
    "DZ-16": ("Alger", "DZ", Level.REGIONAL, AuthorityKind.WILAYA),
    "TN-11": ("Tunis", "TN", Level.REGIONAL, AuthorityKind.GOVERNORATE),
    "KR-41": ("Gyeonggi-do", "KR", Level.REGIONAL, AuthorityKind.PROVINCE),
    "MA-06": ("Casablanca-Settat", "MA", Level.REGIONAL, AuthorityKind.REGION),
    "ES-CT": ("Catalunya", "ES", Level.REGIONAL, AuthorityKind.AUTONOMOUS_COMMUNITY),
    "CA-QC": ("Québec", "CA", Level.REGIONAL, AuthorityKind.PROVINCE),
    "BR-MG": ("Minas Gerais", "BR", Level.REGIONAL, AuthorityKind.STATE),
    "MA-07": ("Marrakech-Safi", "MA", Level.REGIONAL, AuthorityKind.REGION),
    "TN-61": ("Sfax", "TN", Level.REGIONAL, AuthorityKind.GOVERNORATE),
    "DZ-13": ("Tlemcen", "DZ", Level.REGIONAL, AuthorityKind.WILAYA),
    "LB-BA": ("Beyrouth", "LB", Level.REGIONAL, AuthorityKind.GOVERNORATE),
    "PL-24": ("Śląskie", "PL", Level.REGIONAL, AuthorityKind.PROVINCE),
    "DE-NW": ("Nordrhein-Westfalen", "DE", Level.REGIONAL, AuthorityKind.STATE),
    "GEONAMES-282615": ("Nablus", "PS", Level.LOCAL, AuthorityKind.CITY),
    "GEONAMES-2540483": ("Oujda", "MA", Level.LOCAL, AuthorityKind.CITY),
    "GEONAMES-2475687": ("Tlemcen", "DZ", Level.LOCAL, AuthorityKind.CITY),
}
DEMO_COUNTRIES = ["FR", "AU", "NZ", "JP", "VU", "FJ", "PG", "NC", "WS", "BE"]


@pytest.fixture
def demo_reference(db):
    """Every country and authority the demonstration facts need; returns the authorities by code."""
    for code in DEMO_COUNTRIES:
        CountryFactory(code=code)
    return {
        code: AuthorityFactory(code=code, name=name, country=CountryFactory(code=country), level=level, kind=kind)
        for code, (name, country, level, kind) in DEMO_AUTHORITIES.items()
    }
