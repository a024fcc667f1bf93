"""A small atlas world whose statistics are known by hand (used by the map, statistics, sheets and open-data tests).

Two French regions (Île-de-France FR-REG-11; Hauts-de-France FR-REG-32 with its département Nord FR-DEP-59 and
the commune of Lille under it), Rabat (Morocco, other ODA-eligible) and Dakar (Senegal, least developed).

- P1 Île-de-France ↔ Rabat, public, signed 2020, water · X1 its project: 100,000 € (2021), place Rabat,
  funding 60,000 € own budget + 40,000 € AFD.
- P2 Lille ↔ Dakar, public, signed 2022, education · X2 its project: 50,000 € (2022), place Dakar, 50,000 € own budget.
- X4 Nord's emergency project in Dakar: 655,957 XOF (= 1,000.00 € at the legal parity), 2022, no funding line.
- P3 Île-de-France ↔ Dakar and X3 (999,999 €, Dakar): private — they never show.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.cache import cache

from coopdec.atlas.search import index
from coopdec.partnerships.enums import PartnershipKind, Visibility
from coopdec.partnerships.factories import PartnershipFactory, PartyFactory
from coopdec.projects.enums import Instrument, ProjectKind
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Place
from coopdec.territories.enums import AuthorityKind, Level, OdaCategory, Zone
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.themes.models import Theme


@dataclass
class World:
    idf: object
    hdf: object
    nord: object
    lille: object
    rabat: object
    dakar: object
    p1: object
    p2: object
    p3: object
    x1: object
    x2: object
    x3: object
    x4: object


def build_world(authority_a, authority_b) -> World:
    CountryFactory(code="FR", numeric="250")
    morocco = CountryFactory(code="MA", numeric="504", zone=Zone.NORTH_AFRICA, oda_category=OdaCategory.OTHER_ELIGIBLE)
    senegal = CountryFactory(
        code="SN", numeric="686", name_fr="Sénégal", name_en="Senegal", zone=Zone.SUB_SAHARAN_AFRICA,
        oda_category=OdaCategory.LEAST_DEVELOPED,
    )  # fmt: skip
    idf, hdf = authority_a, authority_b
    idf.latitude, idf.longitude, idf.insee_code = 48.85, 2.35, "11"
    idf.save()
    hdf.insee_code = "32"
    hdf.save()
    nord = AuthorityFactory(
        code="FR-DEP-59", name="Nord", kind=AuthorityKind.DEPARTEMENT, level=Level.INTERMEDIATE, insee_code="59",
        parent=hdf, latitude=50.5, longitude=3.2,
    )  # fmt: skip
    lille = AuthorityFactory(
        code="FR-COM-59350", name="Lille", insee_code="59350", parent=nord, latitude=50.63, longitude=3.06
    )
    rabat = AuthorityFactory(
        code="GEONAMES-2538475", name="Rabat", country=morocco, kind=AuthorityKind.CITY, latitude=34.01, longitude=-6.83
    )
    dakar = AuthorityFactory(
        code="GEONAMES-2253354",
        name="Dakar",
        country=senegal,
        kind=AuthorityKind.CITY,
        latitude=14.69,
        longitude=-17.44,
    )
    water = Theme.objects.get(code="water-sanitation")
    education = Theme.objects.get(code="education")

    def partnership(french, foreign, *, signed_on, theme, **kwargs):
        p = PartnershipFactory(signed_on=signed_on, kind=PartnershipKind.CONVENTION, **kwargs)
        PartyFactory(partnership=p, authority=french)
        PartyFactory(partnership=p, authority=foreign)
        p.themes.add(theme)
        return p

    def project(lead, place, *, budget, start, theme=None, **kwargs):
        x = ProjectFactory(lead_authority=lead, budget=Decimal(budget), planned_start=start, **kwargs)
        Place.objects.create(project=x, authority=place)
        if theme:
            x.themes.add(theme)
        return x

    p1 = partnership(idf, rabat, signed_on=date(2020, 6, 1), theme=water, title="Convention Île-de-France – Rabat")
    p2 = partnership(lille, dakar, signed_on=date(2022, 2, 1), theme=education, title="Jumelage Lille – Dakar")
    p3 = partnership(idf, dakar, signed_on=date(2021, 1, 1), theme=water, visibility=Visibility.PRIVATE,
                     title="Secret convention")  # fmt: skip
    x1 = project(idf, rabat, budget="100000", start=date(2021, 3, 1), theme=water, partnership=p1,
                 title="Eau potable à Rabat", translations={"en": {"title": "Drinking water in Rabat"}})  # fmt: skip
    FundingFactory(project=x1, instrument=Instrument.OWN_BUDGET, amount=Decimal("60000"))
    FundingFactory(project=x1, instrument=Instrument.AFD, amount=Decimal("40000"))
    x2 = project(lille, dakar, budget="50000", start=date(2022, 5, 1), theme=education, partnership=p2,
                 title="École de Dakar")  # fmt: skip
    FundingFactory(project=x2, instrument=Instrument.OWN_BUDGET, amount=Decimal("50000"))
    x3 = project(idf, dakar, budget="999999", start=date(2021, 1, 1), theme=water, partnership=p3,
                 visibility=Visibility.PRIVATE, title="Secret project")  # fmt: skip
    FundingFactory(project=x3, instrument=Instrument.EU, amount=Decimal("999999"))
    x4 = project(nord, dakar, budget="655957", start=date(2022, 9, 1), currency="XOF",
                 kind=ProjectKind.EMERGENCY_HUMANITARIAN, title="Aide d'urgence à Dakar")  # fmt: skip
    index.rebuild()  # the search index, which the atlas pages read (on_commit never fires inside a test)
    cache.clear()
    return World(idf, hdf, nord, lille, rabat, dakar, p1, p2, p3, x1, x2, x3, x4)
