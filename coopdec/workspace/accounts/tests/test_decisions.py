import pytest
from django.core import mail

from conftest import client_for
from coopdec.accounts import perms
from coopdec.accounts.enums import MembershipStatus, Role
from coopdec.accounts.factories import MembershipFactory
from coopdec.organizations.factories import OrganizationFactory

from .conftest import url

# Who may decide a request to join authority A.
DECIDES_FOR_A = {
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


@pytest.mark.parametrize(("role", "allowed"), DECIDES_FOR_A.items())
def test_approving_a_request_to_join_authority_a_by_role(
    client, cast, role, allowed, request_to_a, django_capture_on_commit_callbacks
):
    user = cast[role]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(client, user).post(
            url("accounts:approve_membership", request_to_a.pk), {"role": Role.ADMINISTRATOR}
        )

    request_to_a.refresh_from_db()
    if allowed:
        assert response.url == url("accounts:membership_requests")
        assert (request_to_a.status, request_to_a.role, request_to_a.decided_by) == (
            MembershipStatus.APPROVED,
            Role.ADMINISTRATOR,
            user,
        )
        assert request_to_a.decided_at is not None
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["newcomer@example.org"]
        assert "You are now a member of Île-de-France" in mail.outbox[0].subject
        assert "Administrator" in mail.outbox[0].body
        assert "http://testserver/en/accounts/profile/" in mail.outbox[0].body
    else:
        assert_refused(response, user)
        assert (request_to_a.status, request_to_a.decided_by) == (MembershipStatus.PENDING, None)
        assert mail.outbox == []


@pytest.mark.parametrize(("role", "allowed"), DECIDES_FOR_A.items())
def test_rejecting_a_request_to_join_authority_a_by_role(
    client, cast, role, allowed, request_to_a, django_capture_on_commit_callbacks
):
    user = cast[role]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(client, user).post(url("accounts:reject_membership", request_to_a.pk))

    request_to_a.refresh_from_db()
    if allowed:
        assert response.url == url("accounts:membership_requests")
        assert (request_to_a.status, request_to_a.decided_by) == (MembershipStatus.REJECTED, user)
        assert len(mail.outbox) == 1
        assert "was declined" in mail.outbox[0].subject
    else:
        assert_refused(response, user)
        assert request_to_a.status == MembershipStatus.PENDING
        assert mail.outbox == []


def test_an_administrator_of_b_cannot_decide_a_request_to_join_a(client, authority_b, request_to_a):
    admin_b = MembershipFactory(authority=authority_b, role=Role.ADMINISTRATOR).user

    response = client_for(client, admin_b).post(url("accounts:approve_membership", request_to_a.pk), {"role": "editor"})

    assert response.status_code == 403
    request_to_a.refresh_from_db()
    assert request_to_a.status == MembershipStatus.PENDING


def test_an_administrator_of_an_organisation_decides_its_requests(client, requester):
    organization = OrganizationFactory()
    admin_org = MembershipFactory(organization=organization, role=Role.ADMINISTRATOR).user
    pending = MembershipFactory(user=requester, organization=organization, status=MembershipStatus.PENDING)

    client_for(client, admin_org).post(url("accounts:approve_membership", pending.pk), {"role": "editor"})

    pending.refresh_from_db()
    assert (pending.status, pending.role) == (MembershipStatus.APPROVED, Role.EDITOR)


@pytest.mark.parametrize("role", ["coordinator", "platform_admin"])
def test_nobody_approves_their_own_request(client, cast, role, authority_a):
    user = cast[role]
    own = MembershipFactory(user=user, authority=authority_a, status=MembershipStatus.PENDING)

    response = client_for(client, user).post(url("accounts:approve_membership", own.pk), {"role": "administrator"})

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == MembershipStatus.PENDING


def test_a_request_already_decided_is_not_decided_again(
    client, admin_a, coordinator, request_to_a, django_capture_on_commit_callbacks
):
    client_for(client, admin_a).post(url("accounts:reject_membership", request_to_a.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(client, coordinator).post(
            url("accounts:approve_membership", request_to_a.pk), {"role": "editor"}, follow=True
        )

    assert "This request has already been decided." in response.content.decode()
    request_to_a.refresh_from_db()
    assert (request_to_a.status, request_to_a.decided_by) == (MembershipStatus.REJECTED, admin_a)
    assert mail.outbox == []


def test_an_unknown_role_approves_nothing(client, admin_a, request_to_a):
    response = client_for(client, admin_a).post(
        url("accounts:approve_membership", request_to_a.pk), {"role": "owner"}, follow=True
    )

    assert "Choose a valid role." in response.content.decode()
    request_to_a.refresh_from_db()
    assert request_to_a.status == MembershipStatus.PENDING


def test_deciding_takes_a_post(client, admin_a, request_to_a):
    response = client_for(client, admin_a).get(url("accounts:approve_membership", request_to_a.pk))

    assert response.status_code == 405
    request_to_a.refresh_from_db()
    assert request_to_a.status == MembershipStatus.PENDING


# The requests each role sees on /accounts/requests/ (one pending to A, one pending to B).
SEES = {
    "editor_a": set(),
    "admin_a": {"a"},
    "editor_b": set(),
    "coordinator": {"a", "b"},
    "platform_admin": {"a", "b"},
}


@pytest.mark.parametrize(("role", "sees"), SEES.items())
def test_the_requests_page_lists_what_each_role_may_decide(client, cast, role, sees, request_to_a, request_to_b):
    response = client_for(client, cast[role]).get(url("accounts:membership_requests"))

    listed = {m.pk for m in response.context["page"].object_list}
    assert listed == {{"a": request_to_a.pk, "b": request_to_b.pk}[key] for key in sees}
    html = response.content.decode()
    assert (url("accounts:approve_membership", request_to_a.pk) in html) is ("a" in sees)
    assert (url("accounts:approve_membership", request_to_b.pk) in html) is ("b" in sees)


def test_a_visitor_is_sent_to_log_in_for_the_requests_page(client, db):
    assert client.get(url("accounts:membership_requests")).url.startswith(url("accounts:login"))


@pytest.mark.parametrize("role", list(SEES))
def test_the_requests_list_agrees_with_the_decision_policy(cast, role, request_to_a, request_to_b, authority_a):
    own = MembershipFactory(user=cast["coordinator"], organization=OrganizationFactory(), status="pending")
    user = cast[role]

    listed = set(perms.memberships_to_decide(user))

    for membership in (request_to_a, request_to_b, own):
        assert (membership in listed) is perms.can_decide_membership(user, membership)


@pytest.mark.parametrize("role", ["admin_a", "coordinator"])
def test_the_requests_page_costs_the_same_queries_for_two_or_twenty_requests(
    client, cast, role, authority_a, django_assert_num_queries
):
    signed_in = client_for(client, cast[role])
    for _n in range(2):
        MembershipFactory(authority=authority_a, status=MembershipStatus.PENDING)
    # Session, user, the user's roles (admin only), the count for the pager, the page of requests.
    expected = 5 if role == "admin_a" else 4
    with django_assert_num_queries(expected):
        assert len(signed_in.get(url("accounts:membership_requests")).context["page"].object_list) == 2

    for _n in range(18):
        MembershipFactory(authority=authority_a, status=MembershipStatus.PENDING)
    with django_assert_num_queries(expected):
        assert len(signed_in.get(url("accounts:membership_requests")).context["page"].object_list) == 20


def test_each_role_selector_on_the_requests_page_has_a_label(client, admin_a, request_to_a):
    html = client_for(client, admin_a).get(url("accounts:membership_requests")).content.decode()

    assert f'<label class="visually-hidden" for="role-{request_to_a.pk}">' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("language", "subject", "profile_path"),
    [
        ("ar", "أصبحت عضوًا في Île-de-France", "/ar/accounts/profile/"),
        ("", "Vous êtes désormais membre de Île-de-France", "/accounts/profile/"),
    ],
)
def test_the_decision_reaches_the_requester_in_their_language_not_the_deciders(
    client, admin_a, requester, request_to_a, django_capture_on_commit_callbacks, language, subject, profile_path
):
    requester.language = language  # "" — an account made without one — gets French, the platform's language
    requester.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(client, admin_a).post(url("accounts:approve_membership", request_to_a.pk), {"role": Role.EDITOR})

    [email] = mail.outbox
    assert subject in email.subject
    assert f"http://testserver{profile_path}\n" in email.body + "\n"
    assert "You are now" not in email.subject and "/en/" not in email.body
