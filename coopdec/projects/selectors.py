"""Reads of projects that several pages share."""

from django.db.models import Q, QuerySet

from coopdec.accounts.perms import authority_ids_of, is_coordinator

from .models import Participant, Project
from .perms import visible_projects


def workspace_projects(user) -> QuerySet[Project]:
    """The projects of the user's workspace: led by or involving their authorities (all for a coordinator)."""
    if is_coordinator(user):
        return Project.objects.all()
    ids = authority_ids_of(user)
    involving = Participant.objects.filter(authority_id__in=ids).values("project_id")
    return visible_projects(user, Project.objects.filter(Q(lead_authority_id__in=ids) | Q(pk__in=involving)))
