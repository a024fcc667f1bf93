"""Project and participant writes through the API: every endpoint for every role of the cast, and the rules."""

from datetime import date

import pytest

from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.projects.enums import ParticipantRole, ProjectKind
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Participant, Project
from coopdec.territories.factories import ForeignCityFactory

from .calls import ROLES, Caller, expected, messages


@pytest.fixture
def as_role(client, cast, bearer):
    return lambda role: Caller(client, bearer(cast[role]))


@pytest.fixture
def project_of_a(authority_a):
    return ProjectFactory(title="Eau potable à Erevan", lead_authority=authority_a, kind=ProjectKind.DEVELOPMENT)


@pytest.mark.parametrize("role", ROLES)
def test_a_project_is_created_by_members_of_its_lead_authority_and_coordinators(as_role, cast, authority_a, role):
    operator = OrganizationFactory(name="Eau Vive")
    body = {
        "title": "Aide d'urgence au Liban",
        "lead_authority": "FR-REG-11",
        "kind": "emergency_humanitarian",
        "participants": [{"organization": operator.pk, "role": "operator"}],
        "themes": ["water-sanitation"],
        "planned_start": "2025-01-01",
        "budget": "50000",
    }

    response = as_role(role).post("/api/projects", body)

    assert response.status_code == expected(role, 201), response.content
    if response.status_code != 201:
        assert not Project.objects.exists()
        return
    project = Project.objects.get()
    assert (project.created_by, project.lead_authority) == (cast[role], authority_a)
    assert sorted(project.participants.values_list("role", flat=True)) == ["lead", "operator"]
    body = response.json()
    assert (body["id"], body["budget"], body["themes"]) == (project.pk, "50000.00", ["water-sanitation"])
    assert body["warnings"] == []  # emergency humanitarian aid needs no partnership


def test_a_development_project_without_a_partnership_is_created_with_a_warning(as_role, authority_a):
    response = as_role("editor_a").post(
        "/api/projects", {"title": "Formation", "lead_authority": "FR-REG-11", "kind": "development"}
    )

    assert response.status_code == 201
    assert response.json()["warnings"] == [
        "This development project is not attached to any partnership; only emergency humanitarian aid goes "
        "without one as a rule."
    ]
    assert Project.objects.filter(title="Formation").exists()


def test_a_project_under_a_partnership_of_its_lead_gets_no_warning(as_role, authority_a):
    partnership = partnership_between(authority_a, ForeignCityFactory())

    response = as_role("editor_a").post(
        "/api/projects",
        {"title": "Formation", "lead_authority": "FR-REG-11", "kind": "development", "partnership": partnership.pk},
    )

    assert response.status_code == 201
    assert (response.json()["partnership"], response.json()["warnings"]) == (partnership.pk, [])


def test_a_private_partnership_of_another_authority_cannot_carry_a_new_project(as_role, authority_a, authority_b):
    partnership = partnership_between(authority_b, ForeignCityFactory(), visibility=Visibility.PRIVATE)

    response = as_role("editor_a").post(
        "/api/projects",
        {"title": "Formation", "lead_authority": "FR-REG-11", "kind": "development", "partnership": partnership.pk},
    )

    assert response.status_code == 403
    assert not Project.objects.exists()


def test_a_project_ending_before_it_starts_is_refused(as_role, authority_a):
    response = as_role("editor_a").post(
        "/api/projects",
        {
            "title": "Formation",
            "lead_authority": "FR-REG-11",
            "kind": "emergency_humanitarian",
            "planned_start": "2025-06-01",
            "planned_end": "2025-01-31",
        },
    )

    assert messages(response) == ["The end date (2025-01-31) is before the start date (2025-06-01)."]
    assert not Project.objects.exists()


def test_a_negative_budget_is_refused(as_role, authority_a):
    response = as_role("editor_a").post(
        "/api/projects",
        {"title": "Formation", "lead_authority": "FR-REG-11", "kind": "emergency_humanitarian", "budget": "-1"},
    )

    assert messages(response) == ["The budget cannot be negative."]


@pytest.mark.parametrize("role", ROLES)
def test_a_project_is_edited_by_its_editors_and_coordinators(as_role, project_of_a, role):
    response = as_role(role).patch(
        f"/api/projects/{project_of_a.pk}", {"version": project_of_a.version, "title": "Eau et assainissement"}
    )

    assert response.status_code == expected(role, 200), response.content
    project_of_a.refresh_from_db()
    changed = response.status_code == 200
    assert project_of_a.title == ("Eau et assainissement" if changed else "Eau potable à Erevan")
    if changed:
        assert response.json()["title"] == "Eau et assainissement"
        assert len(response.json()["warnings"]) == 1  # still a development project without a partnership


def test_a_new_lead_authority_takes_the_lead_role_and_the_former_lead_stays_a_partner(
    as_role, project_of_a, authority_b
):
    response = as_role("coordinator").patch(
        f"/api/projects/{project_of_a.pk}", {"version": project_of_a.version, "lead_authority": "FR-REG-32"}
    )

    assert response.status_code == 200
    roles = {(p.authority.code, p.role) for p in project_of_a.participants.select_related("authority")}
    assert roles == {("FR-REG-32", "lead"), ("FR-REG-11", "partner")}
    assert response.json()["lead_authority"]["code"] == "FR-REG-32"


def test_a_patch_with_dates_out_of_order_is_refused(as_role, project_of_a):
    response = as_role("editor_a").patch(
        f"/api/projects/{project_of_a.pk}",
        {"version": project_of_a.version, "actual_start": "2025-03-01", "actual_end": "2025-02-01"},
    )

    assert messages(response) == ["The end date (2025-02-01) is before the start date (2025-03-01)."]
    project_of_a.refresh_from_db()
    assert project_of_a.actual_start is None


def test_a_private_project_of_another_authority_is_a_404(as_role, authority_a):
    project = ProjectFactory(lead_authority=authority_a, visibility=Visibility.PRIVATE)

    assert (
        as_role("editor_b").patch(f"/api/projects/{project.pk}", {"version": project.version, "title": "x"}).status_code
        == 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_participant_is_added_by_the_projects_editors_and_coordinators(as_role, project_of_a, authority_b, role):
    response = as_role(role).post(
        f"/api/projects/{project_of_a.pk}/participants", {"authority": "FR-REG-32", "role": "partner"}
    )

    assert response.status_code == expected(role, 201), response.content
    added = project_of_a.participants.filter(authority=authority_b, role=ParticipantRole.PARTNER)
    assert added.exists() == (response.status_code == 201)
    if response.status_code == 201:
        assert response.json() == {
            "id": added.get().pk,
            "role": "partner",
            "entity": {"type": "authority", "code": "FR-REG-32", "id": None, "name": "Hauts-de-France"},
        }


def test_nobody_but_the_lead_authority_takes_the_lead_role(as_role, project_of_a, authority_b):
    response = as_role("editor_a").post(
        f"/api/projects/{project_of_a.pk}/participants", {"authority": "FR-REG-32", "role": "lead"}
    )

    assert messages(response) == [
        "The lead role belongs to the lead authority (Île-de-France); change the lead authority instead."
    ]


@pytest.mark.parametrize("role", ROLES)
def test_a_participant_is_removed_by_the_projects_editors_and_coordinators(as_role, project_of_a, role):
    operator = Participant.objects.create(
        project=project_of_a, organization=OrganizationFactory(), role=ParticipantRole.OPERATOR
    )

    response = as_role(role).delete(f"/api/projects/{project_of_a.pk}/participants/{operator.pk}")

    assert response.status_code == expected(role, 204), response.content
    assert Participant.objects.filter(pk=operator.pk).exists() == (response.status_code != 204)


def test_the_lead_participation_cannot_be_removed(as_role, project_of_a):
    lead = project_of_a.participants.get(role=ParticipantRole.LEAD)

    response = as_role("editor_a").delete(f"/api/projects/{project_of_a.pk}/participants/{lead.pk}")

    assert messages(response) == [
        "Île-de-France leads this project, so it stays one of its participants; change the lead authority first."
    ]
    assert Participant.objects.filter(pk=lead.pk).exists()


def test_a_participant_of_another_project_is_a_404(as_role, project_of_a, authority_a):
    other = ProjectFactory(lead_authority=authority_a)
    lead_elsewhere = other.participants.get()

    response = as_role("editor_a").delete(f"/api/projects/{project_of_a.pk}/participants/{lead_elsewhere.pk}")

    assert response.status_code == 404
    assert Participant.objects.filter(pk=lead_elsewhere.pk).exists()


def test_a_project_written_through_the_api_keeps_its_author_in_the_history(as_role, editor_a, project_of_a):
    as_role("editor_a").patch(
        f"/api/projects/{project_of_a.pk}", {"version": project_of_a.version, "planned_start": str(date(2025, 1, 1))}
    )

    assert project_of_a.history.latest().history_user == editor_a
