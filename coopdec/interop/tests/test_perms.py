"""Who may use the spreadsheet import pages, for every role of the cast."""

import pytest
from django.urls import reverse

from conftest import client_for
from coopdec.accounts.factories import MembershipFactory
from coopdec.interop import perms
from coopdec.organizations.factories import OrganizationFactory

# Members of an authority (any authority) and coordinators record partnerships and projects, so they import them.
IMPORTS = {
    "visitor": False,
    "editor_a": True,
    "admin_a": True,
    "editor_b": True,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["partnerships", "projects"])
@pytest.mark.parametrize(("role", "allowed"), IMPORTS.items())
def test_who_may_import_a_spreadsheet(cast, role, allowed, kind):
    assert perms.can_import_spreadsheet(cast[role], kind) is allowed


@pytest.mark.django_db
def test_the_pages_follow_the_predicate(client, editor_a):
    company_member = MembershipFactory(organization=OrganizationFactory()).user
    upload = reverse("interop:tabular:upload", args=["partnerships"])
    for user, allowed in ((editor_a, True), (company_member, False)):
        page = client_for(client, user).get(reverse("interop:tabular:index"))
        assert (upload in page.text) is allowed
        assert client_for(client, user).get(upload).status_code == (200 if allowed else 403)
