"""The fixed cast every permission test plays with.

An anonymous visitor; an editor of authority A; an administrator of authority A; an editor of
authority B; a coordinator; a platform administrator.
"""

import pytest
from django.utils import translation

from coopdec.accounts.enums import Role
from coopdec.accounts.factories import MembershipFactory, UserFactory
from coopdec.territories.factories import AuthorityFactory

PASSWORD = "a-strong-passphrase-42"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the API (or a page) activates its client's
    language in the thread, which would otherwise follow into whichever test the worker runs next."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def authority_a(db):
    return AuthorityFactory(code="FR-REG-11", name="Île-de-France", kind="region", level="regional")


@pytest.fixture
def authority_b(db):
    return AuthorityFactory(code="FR-REG-32", name="Hauts-de-France", kind="region", level="regional")


@pytest.fixture
def visitor(client):
    """An anonymous visitor's client."""
    return client


@pytest.fixture
def editor_a(authority_a):
    return MembershipFactory(authority=authority_a, role=Role.EDITOR, user__email="editor-a@example.org").user


@pytest.fixture
def admin_a(authority_a):
    return MembershipFactory(authority=authority_a, role=Role.ADMINISTRATOR, user__email="admin-a@example.org").user


@pytest.fixture
def editor_b(authority_b):
    return MembershipFactory(authority=authority_b, role=Role.EDITOR, user__email="editor-b@example.org").user


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@example.org", is_coordinator=True, is_staff=True)


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def cast(editor_a, admin_a, editor_b, coordinator, platform_admin):
    """Every signed-in role by name (the anonymous visitor is ``None``)."""
    return {
        "visitor": None,
        "editor_a": editor_a,
        "admin_a": admin_a,
        "editor_b": editor_b,
        "coordinator": coordinator,
        "platform_admin": platform_admin,
    }


def client_for(client, user):
    """``client`` logged in as ``user`` (left anonymous for ``None``)."""
    if user is not None:
        client.force_login(user)
    return client
