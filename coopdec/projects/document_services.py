"""Writes on a project's documents: attach a checked file, delete one (its history keeps the record)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import File

from coopdec.lib import uploads

from . import perms
from .models import Project, ProjectDocument

if TYPE_CHECKING:
    from coopdec.accounts.models import User

FOLDER = "projects"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def attach_document(*, project: Project, author: User, file: File[Any], title: str = "") -> ProjectDocument:
    """Check the file's type and size (``ValidationError`` if refused), store it privately, and record it."""
    _require(perms.can_edit_project(author, project))
    return uploads.record_document(
        ProjectDocument, owner_field="project", owner=project, author=author, file=file, title=title, folder=FOLDER
    )


def delete_document(*, document: ProjectDocument, author: User) -> None:
    """Remove a document and its file; the history keeps who deleted what, and when."""
    _require(perms.can_edit_project(author, document.project))
    uploads.delete_document(document, author=author)
