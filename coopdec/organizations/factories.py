import factory

from coopdec.territories.factories import CountryFactory

from .enums import OrganizationKind
from .models import Organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganizationKind.ASSOCIATION
    country = factory.SubFactory(CountryFactory)
