"""A small fabric of companies in France, Morocco and Poland, and a helper that writes embedded profiles."""

import pytest

from coopdec.accounts.enums import Role
from coopdec.accounts.factories import MembershipFactory
from coopdec.matchmaking import services
from coopdec.matchmaking.enums import ProfileStatus
from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory
from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.factories import AuthorityFactory, CountryFactory


@pytest.fixture
def morocco(db):
    return CountryFactory(code="MA")


@pytest.fixture
def poland(db):
    return CountryFactory(code="PL", iso3="POL", name_fr="Pologne", name_en="Poland")


@pytest.fixture
def tanger(morocco):
    return AuthorityFactory(
        code="MA-01", name="Tanger-Tétouan-Al Hoceïma", country=morocco, level=Level.REGIONAL, kind=AuthorityKind.REGION
    )


@pytest.fixture
def french_company(authority_b):
    return OrganizationFactory(name="Huilerie du Nord", kind=OrganizationKind.COMPANY, authority=authority_b)


@pytest.fixture
def moroccan_company(tanger, morocco):
    return OrganizationFactory(
        name="Coopérative Zitoun", kind=OrganizationKind.COMPANY, country=morocco, authority=tanger
    )


@pytest.fixture
def polish_company(poland):
    return OrganizationFactory(name="Oliwa Sp. z o.o.", kind=OrganizationKind.COMPANY, country=poland)


@pytest.fixture
def member_of(db):
    """``member_of(organization)``: a user who is an approved editor of that organisation."""

    def make(organization):
        return MembershipFactory(organization=organization, role=Role.EDITOR).user

    return make


@pytest.fixture
def write_profile(db):
    """``write_profile(organization, kind, description, **fields)``: a published, embedded profile."""

    def write(organization, kind, description, **fields):
        fields.setdefault("title", description.split(".")[0][:80])
        fields.setdefault("status", ProfileStatus.PUBLISHED)
        return services.create_profile(
            author=None, organization=organization, kind=kind, description=description, **fields
        )

    return write
