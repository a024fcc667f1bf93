"""Uploaded documents (PDF, ODT, DOCX): their type checked by content, their size, a clean name, private storage.

The records that hold them (a partnership's, a project's documents) share their fields, so attaching,
deleting and sending one back are written here once; each app checks its own permissions first.

A file's name says nothing about what it holds, so the type is read from its bytes: a PDF starts
with ``%PDF-``; ODT and DOCX are ZIP archives, recognised by the members their standards require.
Word documents with macros are refused, and so are archives that would unpack to something huge.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from coopdec.lib.history import M, by


@dataclass(frozen=True)
class DocumentType:
    key: str
    extension: str
    content_type: str


PDF = DocumentType("pdf", ".pdf", "application/pdf")
ODT = DocumentType("odt", ".odt", "application/vnd.oasis.opendocument.text")
DOCX = DocumentType("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
DOCUMENT_TYPES = (PDF, ODT, DOCX)

# An archive whose members would unpack to more than this many times the upload limit, or that holds
# this many members, is refused before anything reads it (a "zip bomb").
MAX_EXPANSION = 20
MAX_MEMBERS = 5_000
# The few members read to recognise a type are small; a larger one is not what it claims to be.
MAX_SMALL_MEMBER = 1024 * 1024
MAX_NAME_LENGTH = 150

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]+")


def max_upload_size() -> int:
    size: int = settings.MAX_UPLOAD_SIZE
    return size


def _refuse(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _not_a_document() -> ValidationError:
    return _refuse(_("This file is not a PDF, ODT or DOCX document (its content was checked, not its name)."), "type")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_SMALL_MEMBER:
        raise _not_a_document()
    with archive.open(info) as member:
        return member.read(MAX_SMALL_MEMBER + 1)[:MAX_SMALL_MEMBER]


def _zip_type(file: File[Any]) -> DocumentType:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_document() from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS or sum(info.file_size for info in infos) > MAX_EXPANSION * max_upload_size():
            raise _refuse(_("This archive would unpack to an unreasonable size: it is refused."), "expansion")
        members = {info.filename: info for info in infos}
        try:
            if (
                "mimetype" in members
                and _read_member(archive, members["mimetype"]).strip() == ODT.content_type.encode()
            ):
                return ODT
            if "[Content_Types].xml" in members and "word/document.xml" in members:
                types = _read_member(archive, members["[Content_Types].xml"]).lower()
                if b"macroenabled" in types or any(name.lower().endswith("vbaproject.bin") for name in members):
                    raise _refuse(
                        _("Word documents with macros are refused: save it as a plain .docx document."), "macros"
                    )
                return DOCX
        except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, NotImplementedError):
            raise _not_a_document() from None
    raise _not_a_document()


def document_type(file: File[Any]) -> DocumentType:
    """The type of an uploaded document, read from its content; ``ValidationError`` with a message if refused."""
    size = file.size
    if not size:
        raise _refuse(_("The file is empty."), "empty")
    if size > max_upload_size():
        raise ValidationError(
            _("The file is too large (%(size)s): the limit is %(limit)s."),
            code="size",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_upload_size())},
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(file)
        raise _not_a_document()
    finally:
        file.seek(0)


def clean_name(name: str, extension: str) -> str:
    """A file name safe to show and to send back: no folder, no control or reserved characters, the right extension.

    Accents are kept (``Convention Île-de-France.pdf``); the extension is the one of the detected type.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name
    stem = name[: -len(PurePosixPath(name).suffix)] if PurePosixPath(name).suffix else name
    stem = re.sub(r"\s+", " ", _UNSAFE_NAME.sub("_", stem)).strip(" ._")
    stem = stem[: MAX_NAME_LENGTH - len(extension)] or _("document")
    return f"{stem}{extension}"


@dataclass(frozen=True)
class StoredDocument:
    path: str
    original_name: str
    content_type: str
    size: int


def store_document(file: File[Any], *, folder: str) -> StoredDocument:
    """Check ``file`` and save it in the private storage under a random name in ``folder``."""
    kind = document_type(file)
    path = default_storage.save(f"{folder}/{uuid.uuid4().hex}{kind.extension}", file)
    return StoredDocument(
        path=path,
        original_name=clean_name(getattr(file, "name", "") or "", kind.extension),
        content_type=kind.content_type,
        size=file.size,
    )


def record_document(
    model: type[M], *, owner_field: str, owner: models.Model, author: Any, file: File[Any], title: str = "", folder: str
) -> M:
    """Store ``file`` in ``folder`` (``ValidationError`` if refused) and record it as a ``model`` attached to ``owner``.

    ``model`` has the fields of a document (file, original_name, content_type, size, title, uploaded_by)
    and a foreign key ``owner_field`` to its owner; the caller has checked that ``author`` may attach it.
    """
    stored = store_document(file, folder=folder)
    document = model(
        **{owner_field: owner},
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


def _fields(document: models.Model) -> Any:
    """A document model's own fields (file, original_name, content_type), which ``models.Model`` does not declare."""
    return document


@transaction.atomic
def delete_document(document: models.Model, *, author: Any) -> None:
    """Remove a document and, once that is committed, its file; the history keeps who deleted what, and when."""
    path = _fields(document).file.name
    by(document, author).delete()
    transaction.on_commit(lambda: default_storage.delete(path))


def document_response(document: models.Model) -> FileResponse:
    """The document's file as a download under its cleaned original name, never shown inline; 404 if it is gone."""
    fields = _fields(document)
    try:
        handle = default_storage.open(fields.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=fields.original_name, content_type=fields.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
