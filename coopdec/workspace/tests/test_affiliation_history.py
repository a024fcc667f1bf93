"""History of memberships of international organisations, their yearly contributions and delegates abroad."""

from decimal import Decimal

import pytest

from conftest import client_for
from coopdec.organizations.enums import OrganizationKind
from coopdec.partnerships import affiliation_services
from coopdec.territories.factories import CountryFactory

# The same policy as partnerships and projects: the authority's administrators and coordinators.
MAY_SEE_A = {
    "visitor": False,
    "editor_a": False,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}
ROLES = list(MAY_SEE_A)


def _refused(response, role):
    return response.status_code == (302 if role == "visitor" else 403)


@pytest.fixture
def affiliation(authority_a, editor_a, uclg):
    affiliation = affiliation_services.create_affiliation(
        author=editor_a, authority=authority_a, organization=uclg, representative="Jean Martin"
    )
    return affiliation_services.update_affiliation(affiliation=affiliation, author=editor_a, representative="Léa Roux")


@pytest.fixture
def contribution(affiliation, editor_a):
    affiliation_services.record_contribution(affiliation=affiliation, author=editor_a, year=2025, amount=Decimal(1200))
    return affiliation_services.record_contribution(
        affiliation=affiliation, author=editor_a, year=2025, amount=Decimal(1500)
    )


@pytest.fixture
def delegate(authority_a, editor_a):
    delegate = affiliation_services.create_delegate(
        author=editor_a,
        authority=authority_a,
        person="Nora Petit",
        country=CountryFactory(code="VU", name_en="Vanuatu"),
        post="Delegate in Port-Vila",
    )
    return affiliation_services.update_delegate(delegate=delegate, author=editor_a, post="Delegate for the Pacific")


def _url(model, obj):
    return f"/en/workspace/history/{model}/{obj.pk}/"


def test_each_write_records_its_author(affiliation, contribution, delegate, editor_a):
    for obj in (affiliation, contribution, delegate):
        assert [record.history_user for record in obj.history.all()] == [editor_a, editor_a]


def test_a_deletion_is_recorded_with_its_author(affiliation, editor_a):
    pk, history = affiliation.pk, type(affiliation).history
    affiliation_services.delete_affiliation(affiliation=affiliation, author=editor_a)
    assert history.filter(id=pk, history_type="-").get().history_user == editor_a


@pytest.mark.parametrize("role", ROLES)
def test_a_memberships_history_is_seen_by_administrators_and_coordinators_only(client, cast, affiliation, role):
    response = client_for(client, cast[role]).get(_url("affiliation", affiliation))
    if MAY_SEE_A[role]:
        page = response.content.decode()
        assert response.status_code == 200
        assert "Jean Martin" in page and "Léa Roux" in page and str(cast["editor_a"]) in page  # who
    else:
        assert _refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_reverting_a_membership_for_each_role(client, cast, affiliation, role):
    first = affiliation.history.order_by("history_id").first()
    response = client_for(client, cast[role]).post(f"{_url('affiliation', affiliation)}revert/{first.history_id}/")
    affiliation.refresh_from_db()
    if MAY_SEE_A[role]:
        assert response.status_code == 302 and affiliation.representative == "Jean Martin"
        assert affiliation.history.order_by("-history_id").first().history_user == cast[role]
    else:
        assert _refused(response, role) and affiliation.representative == "Léa Roux"


@pytest.mark.parametrize("role", ROLES)
def test_reverting_a_yearly_contribution_for_each_role(client, cast, contribution, role):
    first = contribution.history.order_by("history_id").first()
    client = client_for(client, cast[role])
    history = client.get(_url("contribution", contribution))
    if MAY_SEE_A[role]:
        assert "1200.00" in history.content.decode() and "1500.00" in history.content.decode()
    response = client.post(f"{_url('contribution', contribution)}revert/{first.history_id}/")
    contribution.refresh_from_db()
    if MAY_SEE_A[role]:
        assert response.status_code == 302 and contribution.amount == Decimal(1200)
    else:
        assert _refused(response, role) and contribution.amount == Decimal(1500)


@pytest.mark.parametrize("role", ROLES)
def test_reverting_a_delegate_for_each_role(client, cast, delegate, role):
    first = delegate.history.order_by("history_id").first()
    client = client_for(client, cast[role])
    confirmation = client.get(f"{_url('delegate', delegate)}revert/{first.history_id}/")
    if MAY_SEE_A[role]:
        assert "Delegate in Port-Vila" in confirmation.content.decode()
    response = client.post(f"{_url('delegate', delegate)}revert/{first.history_id}/")
    delegate.refresh_from_db()
    if MAY_SEE_A[role]:
        assert response.status_code == 302 and delegate.post == "Delegate in Port-Vila"
    else:
        assert _refused(response, role) and delegate.post == "Delegate for the Pacific"


def test_a_revert_that_breaks_a_rule_is_refused_with_the_services_message(client, admin_a, affiliation, uclg):
    uclg.kind = OrganizationKind.COMPANY  # reclassified since: no longer an organisation one can join
    uclg.save()
    first = affiliation.history.order_by("history_id").first()
    response = client_for(client, admin_a).post(
        f"{_url('affiliation', affiliation)}revert/{first.history_id}/", follow=True
    )
    assert "is not an international organisation or a network of authorities." in response.content.decode()
    affiliation.refresh_from_db()
    assert affiliation.representative == "Léa Roux"
