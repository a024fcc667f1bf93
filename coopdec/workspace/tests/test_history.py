"""History pages: who changed what and when, and revert with confirmation — for administrators and coordinators."""

from decimal import Decimal

import pytest

from conftest import client_for
from coopdec.funding import services as funding_services
from coopdec.funding.factories import ServiceBudgetFactory
from coopdec.partnerships import services as partnership_services
from coopdec.partnerships.factories import partnership_between
from coopdec.projects import services as project_services
from coopdec.projects.factories import FundingFactory, ProjectFactory

# Only the authority's administrators and coordinators see and restore versions.
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
def project(authority_a, admin_a):
    project = ProjectFactory(lead_authority=authority_a, title="Water for Kayes")
    project_services.update_project(project=project, author=admin_a, title="Water and sanitation for Kayes")
    return project


@pytest.fixture
def partnership(authority_a, admin_a):
    partnership = partnership_between(authority_a, title="Convention with Yerevan")
    partnership_services.update_partnership(
        partnership=partnership, author=admin_a, title="Convention Île-de-France–Yerevan"
    )
    return partnership


@pytest.fixture
def funding(project, admin_a):
    line = FundingFactory(project=project, amount=Decimal("1000"))
    funding_services.update_funding(funding=line, author=admin_a, amount=Decimal("1500"))
    return line


def _url(model, obj):
    return f"/en/workspace/history/{model}/{obj.pk}/"


@pytest.mark.parametrize("role", ROLES)
def test_a_projects_history_is_seen_by_administrators_and_coordinators_only(client, cast, project, role):
    response = client_for(client, cast[role]).get(_url("project", project))
    if MAY_SEE_A[role]:
        page = response.content.decode()
        assert response.status_code == 200
        assert "Water for Kayes" in page and "Water and sanitation for Kayes" in page  # before and after
        assert "admin-a@example.org" in page or "Camille" in page  # who made the change
    else:
        assert _refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_reverting_a_project_for_each_role(client, cast, project, role):
    first = project.history.order_by("history_id").first()
    client = client_for(client, cast[role])
    url = f"{_url('project', project)}revert/{first.history_id}/"
    confirmation = client.get(url)
    if MAY_SEE_A[role]:
        assert "Restore Water and sanitation for Kayes" in confirmation.content.decode()
        project.refresh_from_db()
        assert project.title == "Water and sanitation for Kayes"  # GET only asks
    response = client.post(url)
    project.refresh_from_db()
    if MAY_SEE_A[role]:
        assert response.status_code == 302 and project.title == "Water for Kayes"
        assert project.history.order_by("-history_id").first().history_user == cast[role]
    else:
        assert _refused(response, role) and project.title == "Water and sanitation for Kayes"


@pytest.mark.parametrize("role", ROLES)
def test_reverting_a_partnership_for_each_role(client, cast, partnership, role):
    first = partnership.history.order_by("history_id").first()
    response = client_for(client, cast[role]).post(f"{_url('partnership', partnership)}revert/{first.history_id}/")
    partnership.refresh_from_db()
    if MAY_SEE_A[role]:
        assert response.status_code == 302 and partnership.title == "Convention with Yerevan"
    else:
        assert _refused(response, role) and partnership.title == "Convention Île-de-France–Yerevan"


@pytest.mark.parametrize("role", ROLES)
def test_reverting_a_funding_line_for_each_role(client, cast, funding, role):
    first = funding.history.order_by("history_id").first()
    client = client_for(client, cast[role])
    history = client.get(_url("funding", funding))
    if MAY_SEE_A[role]:
        page = history.content.decode()
        assert "Amount" in page and "1000.00" in page and "1500.00" in page
    response = client.post(f"{_url('funding', funding)}revert/{first.history_id}/")
    funding.refresh_from_db()
    if MAY_SEE_A[role]:
        assert response.status_code == 302 and funding.amount == Decimal("1000")
    else:
        assert _refused(response, role) and funding.amount == Decimal("1500")


def test_a_revert_that_breaks_a_rule_is_refused_with_the_services_message(client, admin_a, authority_a):
    budget = ServiceBudgetFactory(authority=authority_a, year=2025, own_resources=Decimal("100000"))  # ceiling 1,000
    funding_services.record_service_budget(
        authority=authority_a, year=2025, service="water", own_resources=Decimal("1000000"), author=admin_a
    )
    project = ProjectFactory(lead_authority=authority_a)
    funding_services.add_funding(
        project=project,
        author=admin_a,
        instrument="one_percent_water",
        amount=Decimal("5000"),
        funder_authority=authority_a,
        year=2025,
    )
    first = budget.history.order_by("history_id").first()
    client = client_for(client, admin_a)
    response = client.post(f"{_url('service-budget', budget)}revert/{first.history_id}/", follow=True)
    page = response.content.decode()
    assert "funding lines already use 5,000.00\xa0€" in page
    budget.refresh_from_db()
    assert budget.own_resources == Decimal("1000000")


def test_an_unknown_kind_of_object_is_not_found(client, coordinator, project):
    assert client_for(client, coordinator).get(f"/en/workspace/history/theme/{project.pk}/").status_code == 404


def test_the_history_page_lists_versions_newest_first_with_the_changed_fields(client, coordinator, project, admin_a):
    project_services.update_project(project=project, author=admin_a, budget=Decimal("7000"))
    response = client_for(client, coordinator).get(_url("project", project))
    versions = response.context["versions"]
    assert [[change.label for change in version.changes] for version in versions] == [["budget"], ["title"], []]
    assert versions[-1].is_creation
