import factory

from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.factories import OrganizationFactory

from .enums import ProfileKind, ProfileStatus
from .models import Profile


class CompanyFactory(OrganizationFactory):
    kind = OrganizationKind.COMPANY


class ProfileFactory(factory.django.DjangoModelFactory):
    """A published business offer, not embedded: use ``services.create_profile`` when the embedding matters."""

    class Meta:
        model = Profile

    organization = factory.SubFactory(CompanyFactory)
    kind = ProfileKind.BUSINESS_OFFER
    title = factory.Sequence(lambda n: f"Profile {n}")
    description = "We make olive oil."
    language = "en"
    status = ProfileStatus.PUBLISHED
