"""Fixtures shared by the accounts tests: pending requests to join, and URLs in English."""

import pytest
from django.urls import reverse
from django.utils import translation

from coopdec.accounts.enums import MembershipStatus
from coopdec.accounts.factories import MembershipFactory, UserFactory


def url(name: str, *args) -> str:
    """The English URL (``/en/accounts/…``), so that assertions on interface text do not depend on a catalogue."""
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def requester(db):
    # Registered on the English pages: the e-mails to them are in English, whatever the decider's language.
    return UserFactory(email="newcomer@example.org", first_name="Noor", last_name="Haddad", language="en")


@pytest.fixture
def request_to_a(requester, authority_a):
    return MembershipFactory(
        user=requester, authority=authority_a, status=MembershipStatus.PENDING, job_title="Chargée de mission"
    )


@pytest.fixture
def request_to_b(authority_b):
    return MembershipFactory(
        user__email="applicant-b@example.org", authority=authority_b, status=MembershipStatus.PENDING
    )
