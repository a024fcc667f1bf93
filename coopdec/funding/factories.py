from decimal import Decimal

import factory

from coopdec.territories.factories import AuthorityFactory

from .enums import Service
from .models import ServiceBudget


class ServiceBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceBudget

    authority = factory.SubFactory(AuthorityFactory)
    year = 2025
    service = Service.WATER
    own_resources = Decimal("1234567.00")  # ceiling 12,345.67 €
