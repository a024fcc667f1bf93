"""The project services: who may write, the lead is always a participant, warnings that do not block."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.projects import services
from coopdec.projects.enums import ParticipantRole, ProjectKind
from coopdec.projects.models import Participant, Project
from coopdec.projects.services import ParticipantSpec
from coopdec.territories.factories import ForeignCityFactory

ROLES_FOR_A = {
    "visitor": False,
    "editor_a": True,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.fixture(autouse=True)
def in_english():
    """The messages asserted here are the English source text, whatever language another test left active."""
    with translation.override("en"):
        yield


def new_project(author, lead, **kwargs):
    kwargs.setdefault("title", "Accès à l'eau à Erevan")
    kwargs.setdefault("kind", ProjectKind.DEVELOPMENT)
    return services.create_project(author=author, lead_authority=lead, **kwargs)


def test_the_lead_authority_becomes_the_lead_participant(editor_a, authority_a):
    project = new_project(editor_a, authority_a, partnership=partnership_between(authority_a)).project
    assert list(project.participants.values_list("authority", "role")) == [(authority_a.pk, ParticipantRole.LEAD)]
    assert project.created_by == editor_a


def test_emergency_humanitarian_aid_needs_no_partnership(editor_a, authority_a):
    outcome = new_project(editor_a, authority_a, kind=ProjectKind.EMERGENCY_HUMANITARIAN)
    assert outcome.project.partnership is None
    assert outcome.warnings == []


def test_a_development_project_without_partnership_is_recorded_with_a_warning(editor_a, authority_a):
    outcome = new_project(editor_a, authority_a, kind=ProjectKind.DEVELOPMENT)
    assert Project.objects.filter(pk=outcome.project.pk).exists()
    assert outcome.warnings == [
        "This development project is not attached to any partnership; only emergency humanitarian aid goes "
        "without one as a rule."
    ]


def test_a_project_under_its_lead_authority_s_partnership_has_no_warning(editor_a, authority_a):
    outcome = new_project(editor_a, authority_a, partnership=partnership_between(authority_a))
    assert outcome.warnings == []


def test_a_lead_outside_the_partnership_is_warned(editor_a, authority_a, authority_b):
    outcome = new_project(editor_a, authority_a, partnership=partnership_between(authority_b, title="Convention B"))
    assert outcome.warnings == [
        "Île-de-France, which leads the project, is not a party to the partnership Convention B."
    ]


def test_a_private_partnership_of_another_authority_cannot_be_used(editor_a, authority_a, authority_b):
    hidden = partnership_between(authority_b, visibility=Visibility.PRIVATE)
    with pytest.raises(PermissionDenied):
        new_project(editor_a, authority_a, partnership=hidden)
    assert not Project.objects.exists()


def test_dates_and_budget_are_checked_with_a_clear_message(editor_a, authority_a):
    with pytest.raises(ValidationError, match=r"end date \(2025-01-01\) is before the start date \(2025-06-01\)"):
        new_project(editor_a, authority_a, planned_start=date(2025, 6, 1), planned_end=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="The budget cannot be negative"):
        new_project(editor_a, authority_a, budget=Decimal("-1"))
    assert not Project.objects.exists()


def test_participants_are_added_with_their_roles_but_never_a_second_lead(editor_a, authority_a):
    yerevan, operator = ForeignCityFactory(), OrganizationFactory(name="Eau Vive")
    project = new_project(
        editor_a,
        authority_a,
        participants=[
            ParticipantSpec(authority=yerevan, role=ParticipantRole.BENEFICIARY),
            ParticipantSpec(organization=operator, role=ParticipantRole.OPERATOR),
        ],
    ).project
    assert project.participants.count() == 3
    with pytest.raises(ValidationError, match="The lead role belongs to the lead authority"):
        services.add_participant(project=project, author=editor_a, authority=yerevan, role=ParticipantRole.LEAD)


def test_the_lead_participant_cannot_be_removed(editor_a, authority_a):
    project = new_project(editor_a, authority_a).project
    lead = project.participants.get()
    with pytest.raises(ValidationError, match="Île-de-France leads this project, so it stays one of its participants"):
        services.remove_participant(participant=lead, author=editor_a)
    assert project.participants.filter(role=ParticipantRole.LEAD, authority=authority_a).exists()


def test_another_participant_is_removed_and_the_removal_recorded(editor_a, authority_a):
    project = new_project(editor_a, authority_a).project
    partner = services.add_participant(
        project=project, author=editor_a, authority=ForeignCityFactory(), role=ParticipantRole.PARTNER
    )
    partner_id = partner.pk
    services.remove_participant(participant=partner, author=editor_a)
    assert project.participants.count() == 1
    assert Participant.history.filter(id=partner_id, history_type="-").get().history_user == editor_a


def test_a_new_lead_takes_the_lead_role_and_the_former_lead_stays_a_partner(editor_a, authority_a, authority_b):
    project = new_project(editor_a, authority_a).project
    services.update_project(project=project, author=editor_a, lead_authority=authority_b)
    assert set(project.participants.values_list("authority", "role")) == {
        (authority_b.pk, ParticipantRole.LEAD),
        (authority_a.pk, ParticipantRole.PARTNER),
    }


@pytest.mark.parametrize(("role", "allowed"), ROLES_FOR_A.items())
def test_who_may_create_a_project_led_by_authority_a(cast, role, allowed, authority_a):
    if allowed:
        project = new_project(cast[role], authority_a).project
        assert project.history.get().history_user == cast[role]
        assert project.participants.get().authority == authority_a
    else:
        with pytest.raises(PermissionDenied):
            new_project(cast[role], authority_a)
        assert not Project.objects.exists()
        assert not Participant.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), ROLES_FOR_A.items())
def test_who_may_edit_a_project_of_authority_a_and_its_participants(cast, role, allowed, authority_a, editor_a):
    project = new_project(editor_a, authority_a, title="Titre").project
    yerevan = ForeignCityFactory()
    if allowed:
        services.update_project(project=project, author=cast[role], title="Nouveau titre")
        services.add_participant(project=project, author=cast[role], authority=yerevan, role="partner")
        project.refresh_from_db()
        assert project.title == "Nouveau titre"
        assert project.participants.count() == 2
    else:
        with pytest.raises(PermissionDenied):
            services.update_project(project=project, author=cast[role], title="Nouveau titre")
        with pytest.raises(PermissionDenied):
            services.add_participant(project=project, author=cast[role], authority=yerevan, role="partner")
        project.refresh_from_db()
        assert project.title == "Titre"
        assert project.participants.count() == 1


REVERT_A = {
    "visitor": False,
    "editor_a": False,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.mark.parametrize(("role", "allowed"), REVERT_A.items())
def test_administrators_and_coordinators_revert_a_project(cast, role, allowed, authority_a, editor_a):
    project = new_project(editor_a, authority_a, budget=Decimal("50000")).project
    first = project.history.get().history_id
    services.update_project(project=project, author=editor_a, budget=Decimal("5000000"))
    if allowed:
        services.revert(obj=project, to_history_id=first, author=cast[role])
        project.refresh_from_db()
        assert project.budget == Decimal("50000")
        assert project.history.first().history_user == cast[role]
        assert project.history.first().history_change_reason == f"Reverted to version {first}"
    else:
        with pytest.raises(PermissionDenied):
            services.revert(obj=project, to_history_id=first, author=cast[role])
        project.refresh_from_db()
        assert project.budget == Decimal("5000000")


def test_reverting_the_lead_authority_gives_it_back_the_lead_role(admin_a, editor_a, authority_a, authority_b):
    project = new_project(editor_a, authority_a).project
    first = project.history.get().history_id
    services.update_project(project=project, author=editor_a, lead_authority=authority_b)
    services.revert(obj=project, to_history_id=first, author=admin_a)
    assert project.participants.get(role=ParticipantRole.LEAD).authority == authority_a


def test_the_lead_participant_cannot_be_reverted_away(admin_a, editor_a, authority_a):
    project = new_project(editor_a, authority_a).project
    lead = project.participants.get()
    # An earlier version of the lead participation, as if it had been recorded as a partner.
    Participant.objects.filter(pk=lead.pk).update(role=ParticipantRole.PARTNER)
    lead.refresh_from_db()
    lead.save()
    partner_version = lead.history.first().history_id
    Participant.objects.filter(pk=lead.pk).update(role=ParticipantRole.LEAD)
    lead.refresh_from_db()
    with pytest.raises(ValidationError, match="leads this project"):
        services.revert(obj=lead, to_history_id=partner_version, author=admin_a)
    lead.refresh_from_db()
    assert lead.role == ParticipantRole.LEAD
