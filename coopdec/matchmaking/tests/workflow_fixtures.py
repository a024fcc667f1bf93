"""Two companies, one in Hauts-de-France and one in Marrakech-Safi, a member of each, and profiles between them.

Imported by the workflow tests (the engine's conftest.py has its own fabric; these names do not clash).
"""

import pytest

from coopdec.accounts.factories import MembershipFactory
from coopdec.matchmaking import services
from coopdec.matchmaking.enums import ProfileKind, ProfileStatus
from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory
from coopdec.organizations.models import Contact
from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.factories import AuthorityFactory, CountryFactory


@pytest.fixture
def marrakech(db):
    morocco = CountryFactory(code="MA")
    return AuthorityFactory(
        code="MA-07", name="Marrakech-Safi", country=morocco, level=Level.REGIONAL, kind=AuthorityKind.REGION
    )


@pytest.fixture
def fr_company(authority_b):
    company = OrganizationFactory(
        name="Biscuiterie des Flandres", kind=OrganizationKind.COMPANY, authority=authority_b, country__code="FR"
    )
    Contact.objects.create(organization=company, name="Jeanne Leroy", email="jeanne.leroy@flandres.example")
    return company


@pytest.fixture
def ma_company(marrakech):
    company = OrganizationFactory(
        name="Huilerie Atlas", kind=OrganizationKind.COMPANY, authority=marrakech, country=marrakech.country
    )
    Contact.objects.create(organization=company, name="Youssef Amrani", email="youssef.amrani@atlas.example")
    return company


@pytest.fixture
def fr_member(fr_company):
    return MembershipFactory(organization=fr_company, user__email="buyer@flandres.example").user


@pytest.fixture
def ma_member(ma_company):
    return MembershipFactory(organization=ma_company, user__email="sales@atlas.example").user


@pytest.fixture
def roles(cast, fr_member, ma_member):
    """The cast plus a member of each company."""
    return {**cast, "fr_member": fr_member, "ma_member": ma_member}


@pytest.fixture
def ma_offer(ma_company):
    """A published, embedded offer of the Moroccan company, written in Arabic."""
    return services.create_profile(
        author=None,
        organization=ma_company,
        kind=ProfileKind.BUSINESS_OFFER,
        title="زيت زيتون بكر ممتاز للتصدير",
        description="نحن شركة مغربية ننتج زيت الزيتون البكر الممتاز. نبحث عن موزعين في أوروبا.",
        language="ar",
        sectors=["10.41"],
        status=ProfileStatus.PUBLISHED,
    )


@pytest.fixture
def fr_request(fr_company):
    """A draft business request of the French company, in French."""
    return services.create_profile(
        author=None,
        organization=fr_company,
        kind=ProfileKind.BUSINESS_REQUEST,
        title="Recherche d'huile d'olive vierge extra",
        description="Nous cherchons un producteur d'huile d'olive vierge extra pour nos biscuits.",
        language="fr",
        sectors=["10.41"],
    )
