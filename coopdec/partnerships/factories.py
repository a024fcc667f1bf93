import factory

from coopdec.territories.factories import AuthorityFactory, ForeignCityFactory

from .enums import PartnershipKind, PartnershipStatus, PartyRole
from .models import Partnership, Party


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    title = factory.Sequence(lambda n: f"Convention de coopération {n}")
    kind = PartnershipKind.CONVENTION
    status = PartnershipStatus.IN_FORCE


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    partnership = factory.SubFactory(PartnershipFactory)
    authority = factory.SubFactory(AuthorityFactory)
    role = PartyRole.SIGNATORY


def partnership_between(french, foreign=None, **kwargs) -> Partnership:
    """A partnership signed by ``french`` and ``foreign`` (a new foreign city if not given)."""
    partnership: Partnership = PartnershipFactory(**kwargs)  # type: ignore[assignment]  # a factory call makes a model
    PartyFactory(partnership=partnership, authority=french)
    PartyFactory(partnership=partnership, authority=foreign or ForeignCityFactory())
    return partnership
