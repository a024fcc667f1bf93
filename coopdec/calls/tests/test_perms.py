"""Who may do what with calls and applications, for every role of the cast and the reviewers."""

import pytest

from coopdec.accounts.factories import UserFactory
from coopdec.calls import perms, services
from coopdec.calls.enums import ApplicationStatus
from coopdec.calls.factories import CallFactory

pytestmark = pytest.mark.django_db
ROLES = ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin", "reviewer", "other_reviewer"]


@pytest.fixture
def everyone(cast, reviewer, coordinator):
    other = UserFactory(email="other-reviewer@example.org")
    services.invite_reviewer(author=coordinator, call=CallFactory(), user=other)
    return {**cast, "reviewer": reviewer, "other_reviewer": other}


@pytest.fixture
def application(editor_a, authority_a, call_2025):
    return services.start_application(author=editor_a, call=call_2025, authority=authority_a, title="T").application


def allowed(everyone, predicate, *args):
    return sorted(role for role in ROLES if predicate(everyone[role], *args))


def test_only_coordinators_manage_calls(everyone):
    assert allowed(everyone, perms.can_manage_calls) == ["coordinator", "platform_admin"]


def test_a_draft_is_read_by_its_authority_and_coordinators_not_by_reviewers(everyone, application):
    assert allowed(everyone, perms.can_view_application, application) == [
        "admin_a", "coordinator", "editor_a", "platform_admin"]  # fmt: skip


def test_a_submitted_application_is_read_by_the_reviewers_of_its_call_only(everyone, application):
    application.status = ApplicationStatus.SUBMITTED
    assert allowed(everyone, perms.can_view_application, application) == [
        "admin_a", "coordinator", "editor_a", "platform_admin", "reviewer"]  # fmt: skip


@pytest.mark.parametrize("status", [ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED])
def test_the_authoritys_members_write_and_submit_their_application(everyone, application, status):
    application.status = status
    assert allowed(everyone, perms.can_edit_application, application) == ["admin_a", "editor_a"]
    assert allowed(everyone, perms.can_submit_application, application) == ["admin_a", "editor_a"]


def test_nobody_writes_a_submitted_application(everyone, application):
    application.status = ApplicationStatus.SUBMITTED
    assert allowed(everyone, perms.can_edit_application, application) == []
    assert allowed(everyone, perms.can_submit_application, application) == []


def test_only_coordinators_ask_for_changes_on_a_submitted_application(everyone, application):
    assert allowed(everyone, perms.can_request_changes, application) == []
    application.status = ApplicationStatus.SUBMITTED
    assert allowed(everyone, perms.can_request_changes, application) == ["coordinator", "platform_admin"]


def test_the_reviewers_of_its_call_and_coordinators_score_a_submitted_application(everyone, application):
    assert allowed(everyone, perms.can_score_application, application) == []
    application.status = ApplicationStatus.SUBMITTED
    assert allowed(everyone, perms.can_score_application, application) == ["coordinator", "platform_admin", "reviewer"]


def test_a_reviewer_who_belongs_to_the_applicant_does_not_score_it(coordinator, editor_a, call_2025, application):
    services.invite_reviewer(author=coordinator, call=call_2025, user=editor_a)
    application.status = ApplicationStatus.SUBMITTED
    assert not perms.can_score_application(editor_a, application)


def test_a_reviewer_writes_nothing(everyone, application, authority_a):
    assert not perms.can_apply_for(everyone["reviewer"], authority_a)
    assert not perms.can_manage_calls(everyone["reviewer"])


def test_only_coordinators_invite_reviewers(editor_a, call_2025):
    with pytest.raises(services.PermissionDenied):
        services.invite_reviewer(author=editor_a, call=call_2025, user=editor_a)
