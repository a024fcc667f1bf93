import datetime as dt
from decimal import Decimal

import pytest

from coopdec.declarations import services
from coopdec.projects.enums import ProjectKind
from coopdec.projects.models import Disbursement, Place, Project
from coopdec.territories.enums import OdaCategory
from coopdec.territories.factories import CountryFactory, ForeignCityFactory
from coopdec.territories.models import OdaStatus

from .national_data import national_data  # noqa: F401  (the national view's fixture)


@pytest.fixture
def oda_2025(db):
    """Armenia on the DAC list of 2025, Korea not (as in the reference data)."""
    armenia = CountryFactory(code="AM")
    korea = CountryFactory(code="KR", iso3="KOR", name_fr="Corée du Sud", name_en="South Korea")
    OdaStatus.objects.create(country=armenia, year=2025, category=OdaCategory.OTHER_ELIGIBLE)
    OdaStatus.objects.create(country=korea, year=2025, category=OdaCategory.NOT_ELIGIBLE)
    return {"AM": armenia, "KR": korea}


@pytest.fixture
def campaign(coordinator, editor_a, editor_b):
    return services.open_campaign(
        author=coordinator,
        year=2025,
        opens_on=dt.date(2026, 4, 15),
        closes_on=dt.date(2026, 5, 31),
        introduction_fr="Déclarez votre aide de 2025.",
        introduction_en="Declare your 2025 aid.",
    )


def project_in(authority, country, *, title, amount, paid_on, currency="EUR", kind=ProjectKind.DEVELOPMENT):
    """A project of ``authority`` in a city of ``country`` with one disbursement in 2025."""
    project = Project.objects.create(title=title, lead_authority=authority, kind=kind)
    Place.objects.create(project=project, authority=ForeignCityFactory(country=country))
    Disbursement.objects.create(
        project=project, year=paid_on.year, amount=Decimal(amount), currency=currency, paid_on=paid_on
    )
    return project
