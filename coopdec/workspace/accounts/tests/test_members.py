import pytest

from conftest import client_for
from coopdec.accounts.enums import MembershipStatus, Role
from coopdec.accounts.factories import MembershipFactory
from coopdec.accounts.models import Membership

from .conftest import url

# Who may manage the members of authority A.
MANAGES_A = {
    "visitor": False,
    "editor_a": False,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


def assert_refused(response, user):
    if user is None:
        assert response.status_code == 302
        assert response.url.startswith(url("accounts:login"))
    else:
        assert response.status_code == 403


def membership_of(user, authority):
    return Membership.objects.get(user=user, authority=authority)


@pytest.mark.parametrize(("role", "allowed"), MANAGES_A.items())
def test_the_members_page_of_authority_a_by_role(client, cast, role, allowed, authority_a):
    user = cast[role]

    response = client_for(client, user).get(url("accounts:authority_members", authority_a.pk))

    if allowed:
        assert response.status_code == 200
        assert {m.user.email for m in response.context["members"]} == {"editor-a@example.org", "admin-a@example.org"}
    else:
        assert_refused(response, user)


@pytest.mark.parametrize(("role", "allowed"), MANAGES_A.items())
def test_changing_a_member_role_in_authority_a_by_role(client, cast, role, allowed, authority_a):
    user, editor = cast[role], membership_of(cast["editor_a"], authority_a)

    response = client_for(client, user).post(url("accounts:change_member_role", editor.pk), {"role": "administrator"})

    editor.refresh_from_db()
    if allowed:
        assert response.url == url("accounts:authority_members", authority_a.pk)
        assert editor.role == Role.ADMINISTRATOR
    else:
        assert_refused(response, user)
        assert editor.role == Role.EDITOR


@pytest.mark.parametrize(("role", "allowed"), MANAGES_A.items())
def test_removing_a_member_of_authority_a_by_role(client, cast, role, allowed, authority_a):
    user, editor = cast[role], membership_of(cast["editor_a"], authority_a)

    response = client_for(client, user).post(url("accounts:remove_member", editor.pk))

    if allowed:
        assert response.url == url("accounts:authority_members", authority_a.pk)
        assert not Membership.objects.filter(pk=editor.pk).exists()
    else:
        assert_refused(response, user)
        assert Membership.objects.filter(pk=editor.pk, role=Role.EDITOR).exists()


def test_the_last_administrator_cannot_step_down_or_leave(client, admin_a, editor_a, authority_a):
    membership = membership_of(admin_a, authority_a)
    client_for(client, admin_a)

    demoted = client.post(url("accounts:change_member_role", membership.pk), {"role": "editor"}, follow=True)
    removed = client.post(url("accounts:remove_member", membership.pk), follow=True)

    for response in (demoted, removed):
        assert "Île-de-France needs at least one administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMINISTRATOR


def test_an_administrator_steps_down_once_another_is_appointed(client, admin_a, editor_a, authority_a):
    client_for(client, admin_a)
    client.post(url("accounts:change_member_role", membership_of(editor_a, authority_a).pk), {"role": "administrator"})

    client.post(url("accounts:change_member_role", membership_of(admin_a, authority_a).pk), {"role": "editor"})

    assert membership_of(admin_a, authority_a).role == Role.EDITOR
    assert membership_of(editor_a, authority_a).role == Role.ADMINISTRATOR


def test_a_coordinator_may_remove_the_last_administrator(client, coordinator, admin_a, authority_a):
    membership = membership_of(admin_a, authority_a)

    client_for(client, coordinator).post(url("accounts:remove_member", membership.pk))

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_administrator_of_a_cannot_manage_members_of_b(client, admin_a, editor_b, authority_b):
    membership = membership_of(editor_b, authority_b)
    client_for(client, admin_a)

    assert client.get(url("accounts:authority_members", authority_b.pk)).status_code == 403
    assert client.post(url("accounts:change_member_role", membership.pk), {"role": "administrator"}).status_code == 403
    assert client.post(url("accounts:remove_member", membership.pk)).status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_a_pending_request_is_not_changed_or_removed_through_the_members_page(client, admin_a, request_to_a):
    client_for(client, admin_a)

    assert client.post(url("accounts:change_member_role", request_to_a.pk), {"role": "editor"}).status_code == 404
    assert client.post(url("accounts:remove_member", request_to_a.pk)).status_code == 404
    request_to_a.refresh_from_db()
    assert request_to_a.status == MembershipStatus.PENDING


def test_an_unknown_role_changes_nothing(client, admin_a, editor_a, authority_a):
    membership = membership_of(editor_a, authority_a)

    response = client_for(client, admin_a).post(
        url("accounts:change_member_role", membership.pk), {"role": "owner"}, follow=True
    )

    assert "Choose a valid role." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_the_members_page_lists_only_approved_members(client, admin_a, editor_a, request_to_a, authority_a):
    MembershipFactory(authority=authority_a, status=MembershipStatus.REJECTED, user__email="declined@example.org")

    response = client_for(client, admin_a).get(url("accounts:authority_members", authority_a.pk))

    emails = {m.user.email for m in response.context["members"]}
    assert emails == {"admin-a@example.org", "editor-a@example.org"}
    assert response.content.decode().count("<h1") == 1


def test_the_members_page_of_an_unknown_authority_is_not_found(client, coordinator):
    assert client_for(client, coordinator).get(url("accounts:authority_members", 999999)).status_code == 404
