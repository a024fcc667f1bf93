"""Whether an interest's sender is shown, and who withdraws a profile, for every role."""

import pytest
from django.urls import reverse

from conftest import client_for
from coopdec.matchmaking import perms, workflow_services

from .workflow_fixtures import *  # noqa: F403  (the fixtures)

ROLES = ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin", "fr_member", "ma_member"]
# Who sees the name of an anonymous sender before the owner accepts: the sender itself and coordinators.
SEES_ANONYMOUS = {"fr_member", "coordinator", "platform_admin"}


def send(fr_member, ma_offer, fr_company, **kwargs):
    return workflow_services.send_interest(
        author=fr_member, profile=ma_offer, organization=fr_company, message="Bonjour", **kwargs
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_named_sender_is_shown_to_everyone_who_sees_the_interest(role, roles, ma_offer, fr_company, fr_member):
    interest = send(fr_member, ma_offer, fr_company)
    assert perms.sender_visible_to_owner(interest)
    assert perms.can_see_sender(roles[role], interest)


@pytest.mark.parametrize("role", ROLES)
def test_an_anonymous_sender_is_shown_once_accepted(role, roles, ma_offer, fr_company, fr_member, ma_member):
    interest = send(fr_member, ma_offer, fr_company, is_anonymous=True)
    assert not perms.sender_visible_to_owner(interest)
    assert perms.can_see_sender(roles[role], interest) is (role in SEES_ANONYMOUS)
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=True)
    assert perms.sender_visible_to_owner(interest)
    assert perms.can_see_sender(roles[role], interest)


@pytest.mark.parametrize("role", ROLES)
def test_an_anonymous_declined_sender_stays_anonymous(role, roles, ma_offer, fr_company, fr_member, ma_member):
    interest = send(fr_member, ma_offer, fr_company, is_anonymous=True)
    workflow_services.decide_interest(author=ma_member, interest=interest, accept=False)
    assert not perms.sender_visible_to_owner(interest)
    assert perms.can_see_sender(roles[role], interest) is (role in SEES_ANONYMOUS)


@pytest.mark.parametrize("role", ROLES)
def test_a_published_profile_is_withdrawn_by_its_organisation_and_coordinators(role, roles, ma_offer):
    allowed = role in {"ma_member", "coordinator", "platform_admin"}
    assert perms.can_withdraw_profile(roles[role], ma_offer) is allowed
    workflow_services.expire_profile(author=roles["ma_member"], profile=ma_offer)
    assert perms.can_withdraw_profile(roles[role], ma_offer) is False  # withdrawn: it may be published again


def test_the_owners_list_of_interests_hides_an_anonymous_sender(client, ma_offer, fr_company, fr_member, ma_member):
    send(fr_member, ma_offer, fr_company, is_anonymous=True)
    page = client_for(client, ma_member).get(reverse("matchmaking:profile", args=[ma_offer.pk])).text
    assert "An anonymous organisation" in page and "Biscuiterie des Flandres" not in page
