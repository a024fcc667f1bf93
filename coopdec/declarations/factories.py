import datetime as dt

import factory

from . import follow
from .models import Campaign, Invitation


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("year",)

    year = 2025
    opens_on = dt.date(2026, 4, 15)
    closes_on = dt.date(2026, 5, 31)
    introduction_fr = "Campagne de test."
    introduction_en = "Test campaign."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    campaign = factory.SubFactory(CampaignFactory)

    @factory.post_generation
    def follow_up(obj: Invitation, create: bool, extracted, **kwargs) -> None:
        """Its région and département, as ``services`` set them when they ask an authority."""
        if create:
            follow.refresh(obj.campaign, [obj.authority_id])
            obj.refresh_from_db()
