import pytest
from django.core import mail

from conftest import client_for
from coopdec.accounts.enums import MembershipStatus, Role
from coopdec.accounts.factories import MembershipFactory

CHANGELIST = "/en/admin/accounts/membership/"  # the back-office in English, the language of these assertions

# Who may approve a request to join authority A through the back-office's action.
APPROVES_IN_ADMIN = {
    "visitor": False,
    "editor_a": False,
    "admin_a": False,  # an entity administrator decides on /accounts/requests/, not in the back-office
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


def run_action(client, action, *memberships):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [m.pk for m in memberships]}, follow=True)


@pytest.mark.parametrize(("role", "allowed"), APPROVES_IN_ADMIN.items())
def test_approving_in_the_back_office_by_role(
    client, cast, role, allowed, request_to_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client_for(client, cast[role]), "approve_as_administrators", request_to_a)

    request_to_a.refresh_from_db()
    if allowed:
        assert "1 request decided." in response.content.decode()
        assert (request_to_a.status, request_to_a.role, request_to_a.decided_by) == (
            MembershipStatus.APPROVED,
            Role.ADMINISTRATOR,
            cast[role],
        )
        assert [m.to for m in mail.outbox] == [["newcomer@example.org"]]
    else:
        assert response.redirect_chain[0][0].startswith("/en/admin/login/")
        assert request_to_a.status == MembershipStatus.PENDING
        assert mail.outbox == []


def test_rejecting_in_the_back_office_tells_the_requester(
    client, coordinator, request_to_a, request_to_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client_for(client, coordinator), "reject", request_to_a, request_to_b)

    assert "2 requests decided." in response.content.decode()
    request_to_a.refresh_from_db()
    request_to_b.refresh_from_db()
    assert request_to_a.status == request_to_b.status == MembershipStatus.REJECTED
    assert len(mail.outbox) == 2


def test_a_coordinator_cannot_approve_their_own_request_in_the_back_office(
    client, coordinator, authority_a, request_to_a
):
    own = MembershipFactory(user=coordinator, authority=authority_a, status=MembershipStatus.PENDING)

    response = run_action(client_for(client, coordinator), "approve_as_editors", own, request_to_a)

    html = response.content.decode()
    assert "1 request decided." in html
    assert "you may not decide this request" in html
    own.refresh_from_db()
    request_to_a.refresh_from_db()
    assert (own.status, request_to_a.status) == (MembershipStatus.PENDING, MembershipStatus.APPROVED)


def test_a_decided_request_is_not_decided_again_in_the_back_office(client, coordinator, editor_a, authority_a):
    approved = editor_a.memberships.get()

    response = run_action(client_for(client, coordinator), "reject", approved)

    assert "This request has already been decided." in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == MembershipStatus.APPROVED


def test_the_status_of_an_existing_membership_is_read_only_in_the_back_office(client, coordinator, request_to_a):
    response = client_for(client, coordinator).get(f"{CHANGELIST}{request_to_a.pk}/change/")

    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields
    assert "status" in client.get(f"{CHANGELIST}add/").context["adminform"].form.fields
