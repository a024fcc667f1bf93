"""The table of a partnership's transitions: the services refuse what it refuses, the page offers what it allows."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import client_for
from coopdec.partnerships import perms, services, workflow
from coopdec.partnerships.enums import PartnershipKind, PartnershipStatus
from coopdec.partnerships.factories import partnership_between
from coopdec.territories.factories import ForeignCityFactory

pytestmark = pytest.mark.django_db

DATES = {
    PartnershipStatus.DRAFT: {},
    PartnershipStatus.SIGNED: {"signed_on": date(2024, 3, 1)},
    PartnershipStatus.IN_FORCE: {"signed_on": date(2024, 3, 1), "sent_to_prefect_on": date(2024, 3, 5)},
    PartnershipStatus.SUSPENDED: {"signed_on": date(2024, 3, 1), "sent_to_prefect_on": date(2024, 3, 5)},
    PartnershipStatus.ENDED: {"signed_on": date(2024, 3, 1), "ends_on": date(2025, 3, 1)},
}

RUN = {
    "sign": lambda p, user: services.sign_partnership(partnership=p, author=user, signed_on=date(2026, 1, 5)),
    "send_to_prefect": lambda p, user: services.record_sent_to_prefect(partnership=p, author=user, on=date(2026, 1, 6)),
    "suspend": lambda p, user: services.suspend_partnership(partnership=p, author=user),
    "resume": lambda p, user: services.resume_partnership(partnership=p, author=user),
    "end": lambda p, user: services.end_partnership(partnership=p, author=user, on=date(2026, 1, 7)),
    "renew": lambda p, user: services.renew_partnership(previous=p, author=user, signed_on=date(2026, 2, 1)),
}


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def convention_in(status, authority):
    return partnership_between(
        authority, ForeignCityFactory(name="Erevan"), status=status, kind=PartnershipKind.CONVENTION, **DATES[status]
    )


def test_every_status_is_reached_from_the_draft_and_every_action_has_a_service():
    reached = {PartnershipStatus.DRAFT}
    for _round in PartnershipStatus.values:
        reached |= {target for status in reached for target in workflow.next_statuses(status)}
    assert reached == set(PartnershipStatus.values)
    assert set(workflow.TRANSITIONS) == set(RUN)


def test_where_each_status_may_go():
    assert workflow.next_statuses(PartnershipStatus.DRAFT) == {PartnershipStatus.SIGNED, PartnershipStatus.IN_FORCE}
    assert workflow.next_statuses(PartnershipStatus.SUSPENDED) == {
        PartnershipStatus.SIGNED,
        PartnershipStatus.IN_FORCE,
        PartnershipStatus.ENDED,
    }
    # An ended partnership is only renewed (by a new one): it stays ended.
    assert workflow.next_statuses(PartnershipStatus.ENDED) == {PartnershipStatus.ENDED}


@pytest.mark.parametrize("status", PartnershipStatus.values)
@pytest.mark.parametrize("action", list(RUN))
def test_the_services_do_exactly_what_the_table_allows(authority_a, editor_a, status, action):
    partnership = convention_in(status, authority_a)
    allowed = status in workflow.TRANSITIONS[action].sources
    if allowed:
        result = RUN[action](partnership, editor_a)
        partnership.refresh_from_db()
        moved_to = partnership.status if action != "renew" else result.renewal_of.status
        assert moved_to in workflow.TRANSITIONS[action].targets
    else:
        with pytest.raises(ValidationError) as refused:
            RUN[action](partnership, editor_a)
        assert refused.value.code == "wrong_status"
        label = partnership.get_status_display()
        participle = workflow.TRANSITIONS[action].done_as
        assert refused.value.messages == [f"A partnership that is “{label}” cannot be {participle}."]
        partnership.refresh_from_db()
        assert partnership.status == status


def test_only_a_french_convention_is_sent_to_the_prefect_whatever_its_status(authority_a, editor_a):
    friendship = partnership_between(authority_a, kind=PartnershipKind.FRIENDSHIP, signed_on=date(2024, 1, 1))
    assert workflow.allowed_actions(friendship) == ["suspend", "end", "renew"]
    with pytest.raises(ValidationError) as refused:
        RUN["send_to_prefect"](friendship, editor_a)
    assert refused.value.code == "not_a_french_convention"


BUTTONS = {
    "sign": "Record the signature",
    "send_to_prefect": "Record the date sent to the préfet",
    "suspend": "Suspend",
    "resume": "Resume",
    "end": "End",
    "renew": "Renew",
}


@pytest.mark.parametrize("status", PartnershipStatus.values)
def test_the_page_offers_the_actions_the_table_allows(client, authority_a, editor_a, status):
    partnership = convention_in(status, authority_a)
    response = client_for(client, editor_a).get(f"/en/workspace/partnerships/{partnership.pk}/")
    expected = workflow.allowed_actions(partnership)
    for action in RUN:
        link = f"/en/workspace/partnerships/{partnership.pk}/{action}/"
        assert (link in response.text) is (action in expected), action
    assert expected == [a for a in RUN if status in workflow.TRANSITIONS[a].sources]


def test_the_signed_convention_is_flagged_as_waiting_for_the_prefect(client, authority_a, editor_a):
    signed = convention_in(PartnershipStatus.SIGNED, authority_a)
    in_force = convention_in(PartnershipStatus.IN_FORCE, authority_a)
    page = client_for(client, editor_a)
    assert 'class="alert alert-warning"' in page.get(f"/en/workspace/partnerships/{signed.pk}/").text
    assert 'class="alert alert-light"' in page.get(f"/en/workspace/partnerships/{in_force.pk}/").text


RENEW = {
    "visitor": False,
    "editor_a": True,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.mark.parametrize(("role", "allowed"), RENEW.items())
def test_who_may_renew_a_partnership_of_authority_a(cast, authority_a, role, allowed):
    in_force = convention_in(PartnershipStatus.IN_FORCE, authority_a)
    draft = convention_in(PartnershipStatus.DRAFT, authority_a)
    assert perms.can_renew(cast[role], in_force) is allowed
    assert perms.can_renew(cast[role], draft) is False  # not signed yet: nothing to renew


def test_a_partnership_is_renewed_once(authority_a, editor_a):
    in_force = convention_in(PartnershipStatus.IN_FORCE, authority_a)
    services.renew_partnership(previous=in_force, author=editor_a, signed_on=date(2026, 2, 1))
    in_force.refresh_from_db()
    assert perms.can_renew(editor_a, in_force) is False
    with pytest.raises(ValidationError) as refused:
        services.renew_partnership(previous=in_force, author=editor_a, signed_on=date(2026, 3, 1))
    assert refused.value.code == "already_renewed"
