import datetime as dt
from decimal import Decimal

import factory

from coopdec.territories.enums import OdaCategory

from .models import Call, CeilingRule


class CallFactory(factory.django.DjangoModelFactory):
    """The ministry's 2025 call of the journey (docs/calls.md): ceilings 70 / 50 / 30 %, a flat 60 % for several
    countries."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    name_fr = factory.Sequence(lambda n: f"Appel à projets 2025 n° {n}")
    name_en = factory.Sequence(lambda n: f"Call for projects 2025 no. {n}")
    year = 2025
    opens_on = dt.date(2025, 3, 1)
    closes_on = dt.date(2025, 6, 30)
    envelope = Decimal("2000000")
    multi_country_ceiling = Decimal("60")

    @factory.post_generation
    def ceilings(obj, create, extracted, **kwargs):
        if create:
            values = extracted if extracted is not None else {
                OdaCategory.LEAST_DEVELOPED: Decimal("70"),
                OdaCategory.OTHER_ELIGIBLE: Decimal("50"),
                OdaCategory.NOT_ELIGIBLE: Decimal("30"),
            }  # fmt: skip
            CeilingRule.objects.bulk_create(
                [CeilingRule(call=obj, oda_category=category, percent=value) for category, value in values.items()]
            )
