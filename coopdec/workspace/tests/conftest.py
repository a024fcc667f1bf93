import pytest

from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory


@pytest.fixture
def uclg(db):
    return OrganizationFactory(name="United Cities and Local Governments", kind=OrganizationKind.INTERNATIONAL)
