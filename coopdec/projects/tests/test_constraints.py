"""The rules the database holds by itself, whatever code writes to it."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.factories import PartnershipFactory
from coopdec.partnerships.models import Party
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Participant
from coopdec.territories.factories import AuthorityFactory, CountryFactory


def refused(**create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create["model"].objects.create(**create["fields"])


def test_a_project_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(planned_start=date(2024, 5, 1), planned_end=date(2024, 4, 30))


def test_a_budget_cannot_be_negative(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(budget=Decimal("-1"))


def test_a_funding_line_cannot_be_negative(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingFactory(amount=Decimal("-0.01"))


def test_a_participant_is_an_authority_or_an_organisation_never_both(db):
    project = ProjectFactory()
    fields = {
        "project": project,
        "authority": AuthorityFactory(),
        "organization": OrganizationFactory(),
        "role": "partner",
    }
    refused(model=Participant, fields=fields)
    refused(model=Participant, fields={"project": project, "role": "partner"})


def test_a_party_is_exactly_one_of_authority_organisation_or_country(db):
    partnership = PartnershipFactory()
    refused(
        model=Party, fields={"partnership": partnership, "authority": AuthorityFactory(), "country": CountryFactory()}
    )
    refused(model=Party, fields={"partnership": partnership})
    Party.objects.create(partnership=partnership, country=CountryFactory(code="VU"))
    assert partnership.parties.count() == 1


def test_a_convention_is_sent_to_the_prefect_after_it_is_signed(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(signed_on=date(2018, 11, 19), sent_to_prefect_on=date(2018, 11, 1))
    PartnershipFactory(signed_on=date(2018, 11, 19), sent_to_prefect_on=date(2018, 12, 3))


def test_iati_identifiers_are_unique_but_optional(db):
    ProjectFactory(iati_identifier=None)
    ProjectFactory(iati_identifier=None)
    ProjectFactory(iati_identifier="FR-RNA-W751234567-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(iati_identifier="FR-RNA-W751234567-1")
