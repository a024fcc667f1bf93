"""Re-index a partnership or project after any committed write to it or to its parts.

The atlas listens rather than the domain services calling it, because the atlas sits above every
domain app (a service in ``projects`` must not import the atlas). Writes are collected and applied
once the transaction commits, so a service that saves a project, its participants, themes and
funding lines re-indexes it once. Bulk writes (``bulk_create``) send no signal: bulk loaders call
``index.rebuild()`` or ``index.index_objects()`` themselves.
"""

import time

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from coopdec.partnerships.models import Partnership, Party
from coopdec.projects.models import Funding, Participant, Place, Project

from ..models import DocumentKind
from . import index

# When each object was last re-indexed in this process: later callbacks of the same commit skip it.
_done: dict[tuple[str, int], int] = {}


def schedule(kind: str, pk: int | None) -> None:
    """Re-index this object once the current transaction commits (at once outside a transaction)."""
    if pk is None:
        return
    scheduled_at = time.monotonic_ns()

    def apply():
        if _done.get((kind, pk), 0) > scheduled_at:
            return
        if len(_done) > 10_000:
            _done.clear()
        _done[(kind, pk)] = time.monotonic_ns()
        index.index_objects(kind, [pk])

    transaction.on_commit(apply)


def _partnership(sender, instance, **kwargs):
    schedule(DocumentKind.PARTNERSHIP, instance.pk)


def _partnership_part(sender, instance, **kwargs):
    schedule(DocumentKind.PARTNERSHIP, instance.partnership_id)


def _project(sender, instance, **kwargs):
    schedule(DocumentKind.PROJECT, instance.pk)


def _project_part(sender, instance, **kwargs):
    schedule(DocumentKind.PROJECT, instance.project_id)


def _themes(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    kind = DocumentKind.PARTNERSHIP if sender is Partnership.themes.through else DocumentKind.PROJECT
    if not reverse:
        schedule(kind, instance.pk)
    else:  # theme.projects.add(…): the objects are in pk_set
        for pk in pk_set or ():
            schedule(kind, pk)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_partnership, sender=Partnership, dispatch_uid="atlas-search-partnership")
        signal.connect(_partnership_part, sender=Party, dispatch_uid="atlas-search-party")
        signal.connect(_project, sender=Project, dispatch_uid="atlas-search-project")
        for part in (Participant, Funding):
            signal.connect(_project_part, sender=part, dispatch_uid=f"atlas-search-{part.__name__}")
    # Place has no other delete receiver: listening to its deletion would make cascades row by row.
    post_save.connect(_project_part, sender=Place, dispatch_uid="atlas-search-place")
    for through in (Partnership.themes.through, Project.themes.through):
        m2m_changed.connect(_themes, sender=through, dispatch_uid=f"atlas-search-{through.__name__}")
