"""Writes on a partnership's documents: attach a checked file, delete one (its history keeps the record)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import File

from coopdec.lib import uploads

from . import perms
from .models import Partnership, PartnershipDocument

if TYPE_CHECKING:
    from coopdec.accounts.models import User

FOLDER = "partnerships"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def attach_document(*, partnership: Partnership, author: User, file: File[Any], title: str = "") -> PartnershipDocument:
    """Check the file's type and size (``ValidationError`` if refused), store it privately, and record it."""
    _require(perms.can_edit_partnership(author, partnership))
    return uploads.record_document(
        PartnershipDocument,
        owner_field="partnership",
        owner=partnership,
        author=author,
        file=file,
        title=title,
        folder=FOLDER,
    )


def delete_document(*, document: PartnershipDocument, author: User) -> None:
    """Remove a document and its file; the history keeps who deleted what, and when."""
    _require(perms.can_edit_partnership(author, document.partnership))
    uploads.delete_document(document, author=author)
