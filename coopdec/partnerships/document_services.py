"""Writes on a partnership's documents: attach a checked file, delete one (its history keeps the record)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction

from coopdec.lib.history import by
from coopdec.lib.uploads import store_document

from . import perms
from .models import Partnership, PartnershipDocument

FOLDER = "partnerships"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def attach_document(*, partnership: Partnership, author, file: File, title: str = "") -> PartnershipDocument:
    """Check the file's type and size (``ValidationError`` if refused), store it privately, and record it."""
    _require(perms.can_edit_partnership(author, partnership))
    stored = store_document(file, folder=FOLDER)
    document = PartnershipDocument(
        partnership=partnership,
        file=stored.path,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        title=title.strip(),
        uploaded_by=author,
    )
    try:
        with transaction.atomic():
            document.full_clean()
            by(document, author).save()
    except Exception:
        default_storage.delete(stored.path)  # no orphan file when the record cannot be written
        raise
    return document


@transaction.atomic
def delete_document(*, document: PartnershipDocument, author) -> None:
    """Remove a document and its file; the history keeps who deleted what, and when."""
    _require(perms.can_edit_partnership(author, document.partnership))
    path = document.file.name
    by(document, author).delete()
    transaction.on_commit(lambda: default_storage.delete(path))
