from decimal import Decimal

import factory

from coopdec.territories.factories import AuthorityFactory

from .enums import Instrument, ParticipantRole, ProjectKind, ProjectStatus
from .models import Funding, Participant, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projet {n}")
    lead_authority = factory.SubFactory(AuthorityFactory)
    kind = ProjectKind.DEVELOPMENT
    status = ProjectStatus.IMPLEMENTATION
    budget = Decimal("100000")

    @factory.post_generation
    def lead_participant(obj, create, extracted, **kwargs):
        if create:
            Participant.objects.create(project=obj, authority=obj.lead_authority, role=ParticipantRole.LEAD)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory(ProjectFactory)
    instrument = Instrument.OWN_BUDGET
    amount = Decimal("50000")
