import pytest

from coopdec.partnerships import perms
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.partnerships.models import Partnership


@pytest.fixture
def private_partnership_of_a(authority_a):
    return partnership_between(authority_a, visibility=Visibility.PRIVATE, title="Convention privée")


@pytest.fixture
def public_partnership_of_a(authority_a):
    return partnership_between(authority_a, title="Convention publique")


# Who may edit a partnership of authority A, by role.
EDIT_A = {
    "visitor": False,
    "editor_a": True,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.mark.parametrize(("role", "allowed"), EDIT_A.items())
def test_who_may_edit_a_partnership_of_authority_a(cast, role, allowed, public_partnership_of_a):
    assert perms.can_edit_partnership(cast[role], public_partnership_of_a) is allowed


@pytest.mark.parametrize(("role", "allowed"), EDIT_A.items())
def test_a_private_partnership_is_seen_only_by_who_may_edit_it(cast, role, allowed, private_partnership_of_a):
    assert perms.can_view_partnership(cast[role], private_partnership_of_a) is allowed
    visible = perms.visible_partnerships(cast[role])
    assert visible.filter(pk=private_partnership_of_a.pk).exists() is allowed


@pytest.mark.parametrize("role", EDIT_A)
def test_everyone_sees_a_public_partnership(cast, role, public_partnership_of_a):
    assert perms.can_view_partnership(cast[role], public_partnership_of_a)
    assert list(perms.visible_partnerships(cast[role])) == [public_partnership_of_a]


@pytest.mark.parametrize(
    ("role", "allowed"),
    {"visitor": False, "editor_a": True, "editor_b": True, "coordinator": True}.items(),
)
def test_members_of_an_authority_and_coordinators_may_create_partnerships(cast, role, allowed):
    assert perms.can_create_partnership(cast[role]) is allowed


def test_a_pending_member_has_no_rights(authority_a, private_partnership_of_a):
    from coopdec.accounts.enums import MembershipStatus
    from coopdec.accounts.factories import MembershipFactory

    pending = MembershipFactory(authority=authority_a, status=MembershipStatus.PENDING).user
    assert not perms.can_edit_partnership(pending, private_partnership_of_a)
    assert not perms.can_create_partnership(pending)
    assert not perms.visible_partnerships(pending).exists()


def test_a_deactivated_coordinator_has_no_rights(coordinator, private_partnership_of_a):
    coordinator.is_active = False
    assert not perms.can_edit_partnership(coordinator, private_partnership_of_a)
    assert Partnership.objects.count() == 1
