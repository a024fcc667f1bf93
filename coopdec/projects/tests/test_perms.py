import pytest

from coopdec.partnerships.enums import Visibility
from coopdec.projects import perms
from coopdec.projects.enums import ParticipantRole
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Participant

EDIT_A = {
    "visitor": False,
    "editor_a": True,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.fixture
def private_project_of_a(authority_a):
    return ProjectFactory(lead_authority=authority_a, visibility=Visibility.PRIVATE)


@pytest.mark.parametrize(("role", "allowed"), EDIT_A.items())
def test_who_may_edit_a_project_led_by_authority_a(cast, role, allowed, private_project_of_a):
    assert perms.can_edit_project(cast[role], private_project_of_a) is allowed


@pytest.mark.parametrize(("role", "allowed"), EDIT_A.items())
def test_a_private_project_is_seen_only_by_who_may_edit_it(cast, role, allowed, private_project_of_a):
    assert perms.can_view_project(cast[role], private_project_of_a) is allowed
    assert perms.visible_projects(cast[role]).filter(pk=private_project_of_a.pk).exists() is allowed


@pytest.mark.parametrize(("role", "allowed"), [(ParticipantRole.PARTNER, True), (ParticipantRole.FUNDER, False)])
def test_a_participant_authority_edits_only_with_an_editing_role(
    editor_b, authority_b, private_project_of_a, role, allowed
):
    Participant.objects.create(project=private_project_of_a, authority=authority_b, role=role)
    assert perms.can_edit_project(editor_b, private_project_of_a) is allowed
    assert perms.visible_projects(editor_b).filter(pk=private_project_of_a.pk).exists() is allowed


def test_a_public_project_is_seen_by_a_visitor(authority_a):
    project = ProjectFactory(lead_authority=authority_a)
    assert perms.can_view_project(None, project)
    assert list(perms.visible_projects(None)) == [project]
