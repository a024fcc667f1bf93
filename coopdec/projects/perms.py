"""Who may see and edit projects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from coopdec.accounts.perms import administered_entity_ids, authority_ids_of, is_coordinator
from coopdec.partnerships.enums import Visibility

from .enums import ParticipantRole
from .models import Disbursement, Funding, Participant, Project, ProjectQuerySet

if TYPE_CHECKING:
    from collections.abc import Iterable

    from coopdec.accounts.perms import Viewer
    from coopdec.territories.models import Authority


# A participant authority with one of these roles co-edits the project with its lead.
EDITING_ROLES = (ParticipantRole.LEAD, ParticipantRole.PARTNER)


def _editable_by_authorities(authority_ids: Iterable[int]) -> Q:
    return Q(lead_authority_id__in=authority_ids) | Q(
        pk__in=Project.objects.filter(
            participants__authority_id__in=authority_ids, participants__role__in=EDITING_ROLES
        ).values("pk")
    )


def visible_projects(user: Viewer, queryset: ProjectQuerySet | None = None) -> ProjectQuerySet:
    """Public projects for everyone; private ones also for the members who may edit them and coordinators."""
    queryset = Project.objects.all() if queryset is None else queryset
    if is_coordinator(user):
        return queryset
    authority_ids = authority_ids_of(user)
    if not authority_ids:
        return queryset.filter(visibility=Visibility.PUBLIC)
    return queryset.filter(Q(visibility=Visibility.PUBLIC) | _editable_by_authorities(authority_ids))


def can_view_project(user: Viewer, project: Project) -> bool:
    """A public project is seen by all; a private one by those who may edit it."""
    return project.visibility == Visibility.PUBLIC or can_edit_project(user, project)


def can_create_project(user: Viewer) -> bool:
    """Members of an authority and coordinators create projects."""
    return is_coordinator(user) or bool(authority_ids_of(user))


def can_edit_project(user: Viewer, project: Project) -> bool:
    """A project is edited by its lead authority's members, those of an editing participant, and coordinators."""
    if is_coordinator(user):
        return True
    authority_ids = authority_ids_of(user)
    return (
        bool(authority_ids)
        and Project.objects.filter(pk=project.pk).filter(_editable_by_authorities(authority_ids)).exists()
    )


def can_create_project_for(user: Viewer, lead_authority: Authority | None) -> bool:
    """A project is created by a member of its lead authority, or by a coordinator."""
    return is_coordinator(user) or (lead_authority is not None and lead_authority.pk in authority_ids_of(user))


def _project_of(obj: Project | Participant | Funding | Disbursement) -> Project:
    return obj if isinstance(obj, Project) else obj.project


def can_view_history(user: Viewer, obj: Project | Participant | Funding | Disbursement) -> bool:
    """A project's history (participants, funding lines, disbursements included) is seen by the administrators
    of its lead authority and editing participants, and by coordinators."""
    if is_coordinator(user):
        return True
    administered, _organizations = administered_entity_ids(user)
    if not administered:
        return False
    project = _project_of(obj)
    return (
        project.lead_authority_id in administered
        or project.participants.filter(role__in=EDITING_ROLES, authority_id__in=administered).exists()
    )


def can_revert(user: Viewer, obj: Project | Participant | Funding | Disbursement) -> bool:
    """A project (or one of its participants, funding lines, disbursements) is restored by who may see its history."""
    return can_view_history(user, obj)
